// Keeps a copy of the article form's unsaved changes on the server every few
// seconds, so a closed tab or a lost connection loses nothing. Reopening the
// form offers the copy back; saving the article discards it.
(function () {
  "use strict";

  const INTERVAL_MS = 15000;
  const form = document.getElementById("article_form");
  if (!form || !form.querySelector("[name=_save]")) {
    return; // read-only view: nothing to keep
  }
  const endpoint = new URL("../autosave/", window.location.href);
  const status = document.createElement("p");
  status.className = "autosave-status";
  status.setAttribute("role", "status");
  const row = form.querySelector(".submit-row");
  (row ? row.parentNode : form).insertBefore(status, row);

  let submitting = false;
  form.addEventListener("submit", function () {
    submitting = true;
  });

  function fields() {
    const data = new FormData(form);
    for (const [name, value] of Array.from(data.entries())) {
      if (value instanceof File) {
        data.delete(name); // files are not kept; the note below says so
      }
    }
    return new URLSearchParams(data);
  }

  let lastSent = fields().toString();

  async function keep() {
    if (submitting) {
      return;
    }
    const data = fields();
    const body = data.toString();
    if (body === lastSent) {
      return;
    }
    const token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    try {
      const response = await fetch(endpoint, {
        method: "POST",
        body: data,
        headers: { "X-CSRFToken": token },
        credentials: "same-origin",
        redirect: "manual",
      });
      if (response.ok) {
        lastSent = body;
        status.textContent = (await response.json()).message + " (Images and files are kept only when you save.)";
      } else {
        status.textContent =
          "Could not keep a copy of your changes: you may have been logged out. Keep this tab open, log in again in another tab, then save here.";
      }
    } catch (error) {
      status.textContent = "Could not reach the site to keep a copy of your changes; they are still in this form.";
    }
  }

  window.setInterval(keep, INTERVAL_MS);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      keep();
    }
  });
})();

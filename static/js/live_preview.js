// The live preview panel beside a change form (publishing/admin/live_preview.py).
//
// About a second after the editor stops typing, the unsaved form is posted to the
// preview view, which renders it on the public template and keeps the page; the panel's
// frame then loads it. Files are left out (a new image shows after saving; the panel
// says so). The frame is scaled to show the page at a desktop or a phone width.
(function () {
  "use strict";

  const DELAY_MS = 1000;
  const STORE_KEY = "live-preview";
  const panel = document.getElementById("live-preview");
  const form = panel && document.querySelector("#content-main form[method=post]");
  if (!panel || !form) {
    return;
  }
  const url = panel.dataset.url;
  const opener = document.getElementById("live-preview-open");
  const closer = document.getElementById("live-preview-close");
  const status = document.getElementById("live-preview-status");
  const filesNote = document.getElementById("live-preview-files");
  const viewport = panel.querySelector(".live-preview__viewport");
  let frame = panel.querySelector("iframe");
  let width = 1280;
  let timer = null;
  let sending = false;
  let again = false;
  let lastSent = null;

  function remembered() {
    try {
      return JSON.parse(window.localStorage.getItem(STORE_KEY)) || {};
    } catch (error) {
      return {};
    }
  }

  function remember(changes) {
    try {
      window.localStorage.setItem(STORE_KEY, JSON.stringify({ ...remembered(), ...changes }));
    } catch (error) {
      // Private windows may refuse storage: the panel just forgets its state.
    }
  }

  function fields() {
    const data = new FormData(form);
    let pendingFiles = false;
    for (const [name, value] of Array.from(data.entries())) {
      if (value instanceof File) {
        pendingFiles = pendingFiles || value.size > 0;
        data.delete(name);
      }
    }
    for (const name of ["_save", "_continue", "_addanother"]) {
      data.delete(name);
    }
    if (pendingFiles) {
      data.append("_live_preview_pending_files", "1");
    }
    filesNote.hidden = !pendingFiles;
    return data;
  }

  function fit() {
    // Show the page at `width` CSS pixels, shrunk to the panel if it is narrower.
    const available = viewport.clientWidth;
    const scale = Math.min(1, available / width);
    for (const each of viewport.querySelectorAll("iframe")) {
      each.style.width = `${width}px`;
      each.style.height = `${viewport.clientHeight / scale}px`;
      each.style.transform = `scale(${scale})`;
    }
  }

  let requested = 0;
  let shown = 0;

  function load() {
    // A second frame loads the new page behind the first, which keeps its place until
    // then; the reader's scroll position carries over. A slower, older page never
    // replaces a newer one.
    const mine = ++requested;
    const next = frame.cloneNode(false);
    next.classList.add("live-preview__frame--loading");
    next.addEventListener("load", () => {
      if (mine < shown) {
        next.remove();
        return;
      }
      shown = mine;
      try {
        next.contentWindow.scrollTo(0, frame.contentWindow ? frame.contentWindow.scrollY : 0);
      } catch (error) {
        // Not the same origin after all (the session ended): start at the top.
      }
      for (const other of viewport.querySelectorAll("iframe")) {
        if (other !== next && !other.classList.contains("live-preview__frame--loading")) {
          other.remove();
        }
      }
      frame = next;
      frame.classList.remove("live-preview__frame--loading");
      panel.dataset.state = "ready";
    }, { once: true });
    next.src = `${url}?t=${Date.now()}`;
    viewport.append(next);
    fit();
  }

  async function refresh() {
    if (panel.hidden) {
      return;
    }
    if (sending) {
      again = true;
      return;
    }
    const data = fields();
    const body = new URLSearchParams(data).toString();
    if (body === lastSent) {
      return;
    }
    sending = true;
    panel.dataset.state = "updating";
    status.textContent = "Updating…";
    try {
      const response = await fetch(url, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        redirect: "manual",
      });
      const answer = response.ok ? await response.json() : null;
      if (answer && answer.ok) {
        lastSent = body;
        status.textContent = "";
        load();
      } else if (answer && !requested) {
        // A new form: nothing to show until its required fields are filled in.
        lastSent = body;
        panel.dataset.state = "waiting";
        status.textContent = `The preview appears once these are filled in or fixed: ${answer.errors.join(" ")}`;
      } else if (answer) {
        lastSent = body;
        panel.dataset.state = "errors";
        status.textContent = `The preview is not updated until these are fixed: ${answer.errors.join(" ")}`;
      } else {
        panel.dataset.state = "errors";
        status.textContent = "The preview could not be updated: you may have been logged out. Your changes are still in this form.";
      }
    } catch (error) {
      panel.dataset.state = "errors";
      status.textContent = "The preview could not reach the site. Your changes are still in this form.";
    }
    sending = false;
    if (again) {
      again = false;
      refresh();
    }
  }

  function soon() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, DELAY_MS);
  }

  function show(open, { focus = false } = {}) {
    panel.hidden = !open;
    opener.hidden = open;
    opener.setAttribute("aria-expanded", String(open));
    document.body.classList.toggle("live-preview-open", open);
    remember({ open });
    if (open) {
      fit();
      refresh();
      if (focus) {
        closer.focus();
      }
    } else if (focus) {
      opener.focus();
    }
  }

  function choose(button) {
    width = Number(button.dataset.width);
    for (const each of panel.querySelectorAll(".live-preview__size")) {
      each.setAttribute("aria-pressed", String(each === button));
    }
    panel.dataset.width = String(width);
    remember({ width });
    fit();
  }

  opener.addEventListener("click", () => show(true, { focus: true }));
  closer.addEventListener("click", () => show(false, { focus: true }));
  for (const button of panel.querySelectorAll(".live-preview__size")) {
    button.addEventListener("click", () => choose(button));
  }
  // Typing, ticking, choosing (the rich-text editor announces its changes as input).
  form.addEventListener("input", soon);
  form.addEventListener("change", soon);
  document.addEventListener("formset:removed", soon);
  document.addEventListener("live-preview:changed", soon); // the byline ordering
  if (window.django && window.django.jQuery) {
    // The autocomplete's choices change through jQuery, which sends no native event.
    window.django.jQuery(form).on("change", "select", soon);
  }
  window.addEventListener("resize", fit);

  const saved = remembered();
  const sizeButton = panel.querySelector(`.live-preview__size[data-width="${saved.width}"]`);
  if (sizeButton) {
    choose(sizeButton);
  }
  const wide = window.matchMedia("(min-width: 1200px)").matches;
  // Closed until the editor opens it (then remembered): by default the publishing panel
  // keeps its place beside the fields.
  show(Boolean(saved.open) && wide);
})();

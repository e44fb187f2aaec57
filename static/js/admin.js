/* Thinktank admin: accessible names for widgets the admin builds in JavaScript.
 *
 * Select2 (the admin's autocomplete) and the prose editor replace their form field with
 * new elements that screen readers cannot name. Each is given the name of the field's own
 * <label>, now and whenever a widget appears later (an added inline, a re-render).
 */
(() => {
  "use strict";

  function labelId(field) {
    const label = field.labels && field.labels[0];
    if (!label) return null;
    if (!label.id) label.id = `${field.id}-label`;
    return label.id;
  }

  function nameAutocomplete(select) {
    const container = select.nextElementSibling;
    const id = labelId(select);
    if (!id || !container || !container.classList.contains("select2")) return;
    const single = container.querySelector(".select2-selection--single");
    if (single) {
      // Read as the label, then the chosen value.
      const value = single.querySelector(".select2-selection__rendered");
      single.setAttribute("aria-labelledby", value ? `${id} ${value.id}` : id);
      if (value) value.setAttribute("aria-labelledby", id);
    }
    for (const input of container.querySelectorAll(".select2-search__field")) {
      input.setAttribute("aria-labelledby", id);
    }
    // "Remove all" is mouse-only (Backspace does it from the keyboard) and sits inside the
    // list of chosen items, where only list items may be.
    for (const clear of container.querySelectorAll(".select2-selection__clear")) {
      clear.setAttribute("aria-hidden", "true");
    }
  }

  function nameEditor(editable) {
    const textarea = editable.closest(".prose-editor")?.querySelector("textarea");
    const id = textarea && labelId(textarea);
    if (!id) return;
    editable.setAttribute("aria-labelledby", id);
    editable.setAttribute("aria-multiline", "true");
    const help = textarea.getAttribute("aria-describedby");
    if (help) editable.setAttribute("aria-describedby", help);
  }

  function nameAll() {
    document.querySelectorAll("select.admin-autocomplete").forEach(nameAutocomplete);
    document.querySelectorAll(".prose-editor [contenteditable]").forEach(nameEditor);
  }

  document.addEventListener("DOMContentLoaded", () => {
    nameAll();
    // Observer callbacks run as microtasks: names are in place before anything else runs.
    new MutationObserver(nameAll).observe(document.body, { childList: true, subtree: true });
  });
})();

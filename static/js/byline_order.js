// Authors in byline order: drag a row by its handle, or press "Move up" / "Move down".
//
// Rows are moved on the page and their order fields renumbered 0, 1, 2… from the top, so
// the saved byline is what the editor sees. Without this script editors type the order
// numbers, and the server renumbers them the same way (articles/admin/inlines.py).
document.addEventListener("DOMContentLoaded", () => {
  "use strict";

  const group = document.getElementById("bylines-group");
  if (!group) {
    return;
  }
  const announcer = document.createElement("p");
  announcer.className = "byline-order__announcer";
  announcer.setAttribute("role", "status");
  group.append(announcer);
  group.classList.add("byline-order");
  let dragged = null;

  function rows() {
    return Array.from(group.querySelectorAll(".inline-related")).filter(
      (row) => !row.classList.contains("empty-form") && !row.id.endsWith("-empty"),
    );
  }

  function person(row) {
    const select = row.querySelector("select[name$='-person']");
    return select && select.value ? select : null;
  }

  function deleted(row) {
    const box = row.querySelector("input[name$='-DELETE']");
    return Boolean(box && box.checked);
  }

  function name(row) {
    const select = person(row);
    return select ? select.options[select.selectedIndex].text : "This author";
  }

  function renumber() {
    let place = 0;
    for (const row of rows()) {
      const order = row.querySelector("input[name$='-order']");
      if (!order) {
        continue;
      }
      // A row with no author chosen keeps its default, or the empty row would count as
      // filled in and need an author before the form could be saved.
      order.value = person(row) && !deleted(row) ? String(place++) : order.defaultValue;
    }
    const all = rows();
    all.forEach((row, index) => {
      const up = row.querySelector(".byline-order__up");
      const down = row.querySelector(".byline-order__down");
      if (up) up.disabled = index === 0;
      if (down) down.disabled = index === all.length - 1;
    });
  }

  function reindex() {
    const saved = (row) => Boolean(row.querySelector("input[name$='-id']")?.value);
    const all = rows();
    const pattern = /bylines-(\d+|__prefix__)-/g;
    [...all.filter(saved), ...all.filter((row) => !saved(row))].forEach((row, index) => {
      row.id = `bylines-${index}`;
      for (const element of row.querySelectorAll("[id], [name], [for]")) {
        for (const attribute of ["id", "name", "for"]) {
          const value = element.getAttribute(attribute);
          if (value) {
            element.setAttribute(attribute, value.replace(pattern, `bylines-${index}-`));
          }
        }
      }
    });
  }

  function moved(row, button) {
    renumber();
    const all = rows();
    announcer.textContent = `${name(row)} is now author ${all.indexOf(row) + 1} of ${all.length}.`;
    if (button) {
      (button.disabled ? row.querySelector(".byline-order__move:not(:disabled)") : button)?.focus();
    }
    document.dispatchEvent(new CustomEvent("live-preview:changed"));
  }

  function move(row, step, button) {
    const all = rows();
    const target = all[all.indexOf(row) + step];
    if (!target) {
      return;
    }
    target.parentNode.insertBefore(row, step < 0 ? target : target.nextSibling);
    moved(row, button);
  }

  function button(text, className, step, row) {
    const control = document.createElement("button");
    control.type = "button";
    control.className = `byline-order__move ${className}`;
    control.textContent = text;
    control.addEventListener("click", () => move(row, step, control));
    return control;
  }

  function equip(row) {
    if (row.querySelector(".byline-order__tools")) {
      return;
    }
    const tools = document.createElement("div");
    tools.className = "byline-order__tools";
    const handle = document.createElement("span");
    handle.className = "byline-order__handle";
    handle.draggable = true;
    handle.title = "Drag to reorder";
    handle.textContent = "⠿ Drag";
    handle.setAttribute("aria-hidden", "true"); // the buttons are the keyboard way
    handle.addEventListener("dragstart", (event) => {
      dragged = row;
      row.classList.add("byline-order--dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", name(row));
      event.dataTransfer.setDragImage(row, 20, 20);
    });
    handle.addEventListener("dragend", () => {
      row.classList.remove("byline-order--dragging");
      dragged = null;
    });
    tools.append(handle, button("Move up", "byline-order__up", -1, row), button("Move down", "byline-order__down", 1, row));
    (row.querySelector("h3") || row).after(tools);
    row.classList.add("byline-order__row");
  }

  group.addEventListener("dragover", (event) => {
    if (!dragged) {
      return;
    }
    event.preventDefault();
    const over = event.target.closest && event.target.closest(".byline-order__row");
    if (!over || over === dragged) {
      return;
    }
    const box = over.getBoundingClientRect();
    const before = event.clientY < box.top + box.height / 2;
    over.parentNode.insertBefore(dragged, before ? over : over.nextSibling);
  });
  group.addEventListener("drop", (event) => {
    if (dragged) {
      event.preventDefault();
      moved(dragged, null);
    }
  });
  group.addEventListener("change", renumber);

  rows().forEach(equip);
  renumber();
  document.addEventListener("formset:added", (event) => {
    if (event.target && event.target.closest && event.target.closest("#bylines-group")) {
      equip(event.target);
      renumber();
    }
  });
  document.addEventListener("formset:removed", (event) => {
    if (event.detail && event.detail.formsetName === "bylines") {
      // After the admin renumbers the rows' field names in page order (it does so right
      // after this event), put the saved rows first again: the formset reads its first
      // rows as the saved ones. The order fields, not the names, carry the byline order.
      window.setTimeout(() => {
        reindex();
        renumber();
      }, 0);
    }
  });
  if (window.django && window.django.jQuery) {
    // The author autocomplete changes through jQuery, which sends no native event.
    window.django.jQuery(group).on("change", "select", renumber);
  }
});

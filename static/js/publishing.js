/* Publishing panel and preview links: the Copy button of each preview link.
 *
 * Without JavaScript the address is shown whole and selectable, and the button stays hidden.
 */
(() => {
  "use strict";

  async function copy(button) {
    const source = document.getElementById(button.dataset.copyTarget);
    const status = button.parentElement.querySelector(".preview-link-copied");
    if (!source) return;
    try {
      await navigator.clipboard.writeText(source.textContent.trim());
      if (status) status.textContent = "Copied.";
    } catch {
      // No clipboard (a plain-HTTP address, a refused permission): select it to copy by hand.
      getSelection().selectAllChildren(source);
      if (status) status.textContent = "Selected: press Ctrl+C (⌘C on a Mac) to copy.";
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    for (const button of document.querySelectorAll("button[data-copy-target]")) {
      button.hidden = false;
      button.addEventListener("click", () => copy(button));
    }
  });
})();

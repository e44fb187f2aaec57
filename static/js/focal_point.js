// Choose an image's focal point by clicking on the image.
//
// Beside each pair of focal point fields (`<image>_focal_x` and `_focal_y`, in percent),
// the image is shown; a click on it fills in both fields and marks the spot. The fields
// stay as they are for keyboard users and without this script. A newly chosen file is
// shown from the computer before it is uploaded.
document.addEventListener("DOMContentLoaded", () => {
  "use strict";

  function clamp(value) {
    return Math.min(100, Math.max(0, Math.round(value)));
  }

  function imageInput(form, prefix) {
    return form.querySelector(`input[type=file][name="${prefix}_image"], input[type=file][name="${prefix}"]`);
  }

  function equip(xField) {
    const prefix = xField.name.replace(/_focal_x$/, "");
    const form = xField.form;
    const yField = form && form.querySelector(`input[name="${prefix}_focal_y"]`);
    const fileInput = form && imageInput(form, prefix);
    if (!yField || !fileInput) {
      return;
    }
    const current = fileInput.closest(".file-upload")?.querySelector("a[href]");

    const picker = document.createElement("div");
    picker.className = "focal-picker";
    const help = document.createElement("p");
    help.className = "focal-picker__help";
    help.textContent = "Click the image on its subject to set the focal point (or type the percentages).";
    const frame = document.createElement("div");
    frame.className = "focal-picker__frame";
    const image = document.createElement("img");
    image.className = "focal-picker__image";
    image.alt = "The image: click on its subject to set the focal point";
    const marker = document.createElement("span");
    marker.className = "focal-picker__marker";
    marker.setAttribute("aria-hidden", "true");
    const status = document.createElement("p");
    status.className = "focal-picker__status";
    status.setAttribute("role", "status");
    frame.append(image, marker);
    picker.append(help, frame, status);
    (xField.closest(".form-row") || xField.parentNode).after(picker);

    function place() {
      marker.style.left = `${clamp(Number(xField.value) || 0)}%`;
      marker.style.top = `${clamp(Number(yField.value) || 0)}%`;
    }

    function show(src) {
      picker.hidden = !src;
      if (src) {
        image.src = src;
      }
      place();
    }

    frame.addEventListener("click", (event) => {
      const box = image.getBoundingClientRect();
      if (!box.width || !box.height) {
        return;
      }
      xField.value = String(clamp(((event.clientX - box.left) / box.width) * 100));
      yField.value = String(clamp(((event.clientY - box.top) / box.height) * 100));
      for (const field of [xField, yField]) {
        field.dispatchEvent(new Event("input", { bubbles: true }));
        field.dispatchEvent(new Event("change", { bubbles: true }));
      }
      place();
      status.textContent = `Focal point set: ${xField.value}% across, ${yField.value}% down.`;
    });
    xField.addEventListener("input", place);
    yField.addEventListener("input", place);
    fileInput.addEventListener("change", () => {
      const file = fileInput.files && fileInput.files[0];
      if (!file || !file.type.startsWith("image/")) {
        show(current ? current.href : null);
        return;
      }
      // A data: address, which the admin's Content Security Policy allows for images.
      const reader = new FileReader();
      reader.addEventListener("load", () => show(reader.result));
      reader.readAsDataURL(file);
    });
    show(current ? current.href : null);
  }

  document.querySelectorAll("input[name$='_focal_x']").forEach(equip);
});

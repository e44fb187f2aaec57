// Event recordings: swap the "Play the recording" link for the host's player, only when
// the reader clicks, so nothing loads from (or sets cookies for) the host before then.
// The link's href is the player's own address on the host's privacy-enhanced domain.
(function () {
  "use strict";
  document.querySelectorAll(".video-embed").forEach(function (box) {
    var link = box.querySelector(".video-embed__play");
    if (!link) return;
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var src = new URL(link.href);
      src.searchParams.set("autoplay", "1");
      var frame = document.createElement("iframe");
      frame.src = src.toString();
      frame.title = box.getAttribute("data-video-title") || "Video";
      frame.className = "video-embed__frame";
      frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
      frame.allowFullscreen = true;
      frame.referrerPolicy = "strict-origin-when-cross-origin";
      box.replaceChildren(frame);
      frame.focus();
    });
  });
})();

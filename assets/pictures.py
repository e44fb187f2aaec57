"""Pictures at the sizes the layout shows, from stored renditions: the `{% picture %}` tag's
context, and the same markup put in place of the images in a rich-text body."""

import re
from html import unescape

from django.template.loader import render_to_string

from .renditions import current_entries

IMG_TAG_RE = re.compile(r"<img [^>]*>")
SRC_RE = re.compile(r' src="([^"]*)"')
ALT_RE = re.compile(r' alt="([^"]*)"')


def picture_context(image, renditions, spec, sizes, alt="", loading="lazy", css_class=""):
    """What includes/picture.html needs: WebP and fallback srcsets, width and height.

    Falls back to the original file (the clean re-encode stored at upload) when no
    renditions exist: while a worker is still making them, or for an image Pillow could
    not read.
    """
    entries = current_entries(image, renditions, spec)
    context = {"alt": alt, "loading": loading, "css_class": css_class, "sizes": sizes}
    if not entries:
        return context | {"fallback_src": image.url if image else "", "entries": []}
    fallback = "png" if "png" in entries[0] else "jpeg"
    largest = entries[-1]
    default = next((e for e in entries if e["w"] >= 800), largest)
    return context | {
        "entries": entries,
        "webp_srcset": _srcset(image, entries, "webp"),
        "fallback_srcset": _srcset(image, entries, fallback),
        "fallback_src": image.storage.url(default[fallback]),
        "width": largest["w"],
        "height": largest["h"],
    }


def _srcset(image, entries, fmt):
    return ", ".join(f"{image.storage.url(entry[fmt])} {entry['w']}w" for entry in entries)


def with_renditions(html, images, spec, sizes):
    """Sanitised rich text `html` with each <img> of a known upload shown as a <picture>.

    `images` maps an image's URL, as the text links it, to its (field file, renditions
    record). The text keeps linking the original, so it stays valid whatever renditions are
    remade; readers get the renditions, lazily loaded (body images sit below the fold).
    """

    def replace(match):
        tag = match.group(0)
        src = SRC_RE.search(tag)
        found = images.get(unescape(src.group(1))) if src else None
        if found is None:
            return tag
        alt = ALT_RE.search(tag)
        context = picture_context(
            *found, spec, sizes, alt=unescape(alt.group(1)) if alt else "", loading="lazy"
        )
        return render_to_string("includes/picture.html", context).strip()

    return IMG_TAG_RE.sub(replace, html or "")

"""`{% picture %}`: an image at the sizes the layout shows, from stored renditions."""

from django import template

from assets.renditions import current_entries

register = template.Library()


@register.inclusion_tag("includes/picture.html")
def picture(image, renditions, spec, sizes, alt="", loading="lazy", css_class=""):
    """Render <picture> with WebP and fallback srcsets, width and height.

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

"""`{% picture %}`: an image at the sizes the layout shows, from stored renditions."""

from django import template

from assets.pictures import picture_context

register = template.Library()


@register.inclusion_tag("includes/picture.html")
def picture(image, renditions, spec, sizes, alt="", loading="lazy", css_class=""):
    """Render <picture> with WebP and fallback srcsets, width and height (assets.pictures)."""
    return picture_context(image, renditions, spec, sizes, alt, loading, css_class)

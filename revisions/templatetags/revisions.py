"""Printing compared text: every piece escaped, changes wrapped in <ins> and <del>."""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()

TAGS = {"insert": "ins", "delete": "del"}


@register.simple_tag
def segment(piece):
    """One (change, text) piece of `revisions.diff` as HTML; the text is always escaped."""
    change, text = piece
    if change in TAGS:
        return format_html("<{0}>{1}</{0}>", TAGS[change], text)
    return format_html("{}", text)


@register.simple_tag
def segments(pieces):
    """A list of (change, text) pieces as HTML, one after the other."""
    return format_html_join("", "{}", ((segment(piece),) for piece in pieces))

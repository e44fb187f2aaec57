"""
Rich text: one allowlist, one sanitiser, one model field.

Every rich-text value is cleaned by `sanitize_html` in the model field's
`pre_save`, so HTML that arrives through the admin, a form, an importer, a
management command or a plain ORM `save()` is cleaned the same way. The editor
in the admin is configured from the same allowlist, so what editors can make is
exactly what survives.
"""

import re
from dataclasses import dataclass
from html import unescape

import nh3
from django.db.models.signals import pre_save
from django.utils.html import strip_tags
from django.utils.text import slugify
from django_prose_editor.fields import ProseEditorField

# The editor's extensions: headings h2/h3 (h1 is the page title), paragraphs,
# lists, links, blockquotes, bold and italic.
EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
}

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "ul",
    "ol",
    "li",
    "blockquote",
    "strong",
    "em",
    "a",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

# Headings whose ids the site assigns; any id typed by an editor is dropped by
# the sanitiser first, so ids never clash with the page's own.
HEADING_RE = re.compile(r"<(h[23])>(.*?)</\1>", re.DOTALL)

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=ALLOWED_URL_SCHEMES,
    link_rel="noopener noreferrer",
    strip_comments=True,
)


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str


def _heading_text(inner_html):
    return " ".join(unescape(strip_tags(inner_html)).split())


def sanitize_html(html):
    """Return `html` reduced to the allowlist, with ids on h2 and h3 headings."""
    if not html:
        return ""
    cleaned = _cleaner.clean(html).strip()
    if re.fullmatch(r"(<p>\s*(<br>)?\s*</p>\s*)*", cleaned):
        return ""
    used = set()

    def add_id(match):
        tag, inner = match.groups()
        base = slugify(_heading_text(inner)) or "section"
        anchor, n = base, 2
        while anchor in used:
            anchor, n = f"{base}-{n}", n + 1
        used.add(anchor)
        return f'<{tag} id="{anchor}">{inner}</{tag}>'

    return HEADING_RE.sub(add_id, cleaned)


HEADING_WITH_ID_RE = re.compile(r'<(h[23]) id="([^"]+)">(.*?)</\1>', re.DOTALL)


def headings(html):
    """The h2/h3 headings of already-sanitised HTML, for a table of contents."""
    return [
        Heading(level=int(tag[1]), id=anchor, text=_heading_text(inner))
        for tag, anchor, inner in HEADING_WITH_ID_RE.findall(html or "")
    ]


def plain_text(html):
    return " ".join(unescape(strip_tags(html or "")).split())


class RichTextField(ProseEditorField):
    """A text field holding sanitised HTML, edited with the prose editor."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("extensions", EDITOR_EXTENSIONS)
        # Form input is cleaned again in pre_save; cleaning it in the form too
        # means the editor shows editors the cleaned result on a form error.
        kwargs.setdefault("sanitize", sanitize_html)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def contribute_to_class(self, cls, name, *args, **kwargs):
        super().contribute_to_class(cls, name, *args, **kwargs)
        if not cls._meta.abstract:
            # Fixtures (loaddata) save "raw", which skips pre_save; the signal still runs.
            pre_save.connect(self._sanitize_raw_save, sender=cls, weak=False)

    def _sanitize_raw_save(self, sender, instance, raw=False, **kwargs):
        if raw:
            setattr(instance, self.attname, sanitize_html(getattr(instance, self.attname)))

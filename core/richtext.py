"""
Rich text: one allowlist, one sanitiser, one model field.

Every rich-text value is cleaned by `sanitize_html` on its way to the database,
in the model field itself, so HTML that arrives through the admin, a form, an
importer, a fixture, or any ORM write (`save()`, `update()`, `bulk_update()`…)
is cleaned the same way; the field refuses values it cannot clean. The editor
in the admin is configured from the same allowlist, so what editors can make is
exactly what survives.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from html import escape, unescape

import nh3
from django.conf import settings
from django.core.files.storage import storages
from django.db.models import Case, Value
from django.db.models.functions import Cast
from django.utils.html import strip_tags
from django_prose_editor.fields import ProseEditorField

from core.richtext_limits import check_rich_text

# The editor's extensions: headings h2/h3 (h1 is the page title), paragraphs,
# lists, links, blockquotes, bold and italic; superscript and images (with alt
# text and an optional caption) so imported note references and pictures survive
# editing.
EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Superscript": True,
    "Figure": True,
    "Image": True,
    "Caption": True,
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
    "sup",
    "figure",
    "figcaption",
    "img",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

# Images show only the site's own uploads: no hotlinking, no tracking pixels, no
# data: URLs. An <img> whose address is refused is removed whole.
IMAGE_PATH_RE = re.compile(r"[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*")
DIMENSION_RE = re.compile(r"[1-9][0-9]{0,4}")
IMG_WITHOUT_SRC_RE = re.compile(r'<img(?![^>]* src=")[^>]*>')

# Notes at the end: the ordered list right after a "Notes" heading. Like heading
# ids, their ids are the site's: each note is note-N, and the first link to it in
# the text is note-ref-N, so references and back-links work however the text was
# edited.
NOTES_LIST_RE = re.compile(r'<h2 id="[^"]*">Notes</h2>\s*<ol>')
LIST_TAG_RE = re.compile(r"<(/?)(ol|ul|li)>")
NOTE_LINK_RE = re.compile(r'<a href="#note-([0-9]+)"')

# Headings whose ids the site assigns; any id typed by an editor is dropped by
# the sanitiser first, so ids never clash with the page's own.
HEADING_RE = re.compile(r"<(h[23])>(.*?)</\1>", re.DOTALL)
# Possessive, or a run of blank paragraphs followed by text backtracks exponentially.
BLANK_RE = re.compile(r"(?:<p>\s*+(?:<br>)?\s*+</p>\s*+)*+")


@lru_cache(maxsize=4)
def _media_url_prefix(storage):
    """Where `storage` serves files, e.g. "/media/" or a CDN's "https://cdn.example/media/"."""
    return storage.url("x")[:-1]


def _image_src_allowed(url):
    if ".." in url:
        return False
    prefixes = {settings.MEDIA_URL, _media_url_prefix(storages["default"])}
    return any(
        url.startswith(prefix) and IMAGE_PATH_RE.fullmatch(url[len(prefix) :])
        for prefix in prefixes
        if prefix
    )


def _filter_attribute(tag, attribute, value):
    if tag != "img":
        return value
    if attribute == "src":
        return value if _image_src_allowed(value) else None
    if attribute in ("width", "height"):
        return value if DIMENSION_RE.fullmatch(value) else None
    return value


_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    attribute_filter=_filter_attribute,
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
    if "<" in inner_html or "&" in inner_html:
        inner_html = unescape(strip_tags(inner_html))
    return " ".join(inner_html.split())


# Django's slugify, for all of a text's headings in a few passes: one call per
# heading made a body of 80,000 short headings take most of a second.
SLUG_DROP_RE = re.compile(r"[^\w\s\x00-]")
SLUG_GAP_RE = re.compile(r"[-\s]+")


def _slugs(texts):
    """[slugify(text) for text in texts], with NUL between texts while they are joined."""
    if not texts:
        return []
    joined = "\x00".join(text.replace("\x00", "") for text in texts)
    joined = unicodedata.normalize("NFKD", joined).encode("ascii", "ignore").decode("ascii")
    joined = SLUG_GAP_RE.sub("-", SLUG_DROP_RE.sub("", joined.lower()))
    return [slug.strip("-_") for slug in joined.split("\x00")]


def _add_heading_ids(html):
    """Give each h2 and h3 an id from its text, numbered when texts repeat."""
    parts = HEADING_RE.split(html)  # before, tag, inner, between, tag, inner, …, after
    tags, inners = parts[1::3], parts[2::3]
    # The next free number for each text, so 1,000 headings alike take 1,000 steps.
    used, next_number = set(), {}
    slugs = _slugs([_heading_text(inner) for inner in inners])
    for index, (tag, inner, base) in enumerate(zip(tags, inners, slugs, strict=True)):
        anchor = base = base or "section"
        if anchor in used:
            n = next_number.get(base, 2)
            while (anchor := f"{base}-{n}") in used:
                n += 1
            next_number[base] = n + 1
        used.add(anchor)
        parts[3 * index + 1] = f'<{tag} id="{anchor}">{inner}</{tag}>'
        parts[3 * index + 2] = ""
    return "".join(parts)


def sanitize_html(html):
    """Return `html` reduced to the allowlist, with ids on h2 and h3 headings.

    Raises RichTextRefused (a ValidationError) for text too large or too deeply
    nested to clean quickly.
    """
    if not html:
        return ""
    check_rich_text(html)
    cleaned = IMG_WITHOUT_SRC_RE.sub("", _cleaner.clean(html)).strip()
    if BLANK_RE.fullmatch(cleaned):
        return ""
    return _number_notes(_add_heading_ids(cleaned))


def _number_notes(html):
    """Give the notes after a "Notes" heading ids, and the first link to each its own."""
    match = NOTES_LIST_RE.search(html)
    if not match:
        return html
    parts, position, depth, count = [html[: match.end()]], match.end(), 1, 0
    for tag in LIST_TAG_RE.finditer(html, position):
        closing, name = tag.groups()
        if name != "li":
            depth += -1 if closing else 1
            if depth == 0:
                break
        elif not closing and depth == 1:
            count += 1
            parts += [html[position : tag.start()], f'<li id="note-{count}">']
            position = tag.end()
    parts.append(html[position:])
    html = "".join(parts)
    linked = set()

    def add_reference_id(link):
        number = link.group(1)
        if number in linked or int(number) > count:
            return link.group(0)
        linked.add(number)
        return f'{link.group(0)} id="note-ref-{number}"'

    return NOTE_LINK_RE.sub(add_reference_id, html)


HEADING_WITH_ID_RE = re.compile(r'<(h[23]) id="([^"]+)">(.*?)</\1>', re.DOTALL)


def headings(html):
    """The h2/h3 headings of already-sanitised HTML, for a table of contents."""
    return [
        Heading(level=int(tag[1]), id=anchor, text=_heading_text(inner))
        for tag, anchor, inner in HEADING_WITH_ID_RE.findall(html or "")
    ]


IMG_TAG_RE = re.compile(r"<img [^>]*>")
ALT_RE = re.compile(r' alt="[^"]*"')


def set_image_alt(html, src, alt):
    """Sanitised `html` with alt text `alt` on each image showing `src`."""
    wanted = f' src="{escape(src)}"'

    def replace(match):
        tag = match.group(0)
        if wanted not in tag:
            return tag
        return f'{ALT_RE.sub("", tag)[:-1]} alt="{escape(alt)}">'

    return IMG_TAG_RE.sub(replace, html or "")


def plain_text(html):
    return " ".join(unescape(strip_tags(html or "")).split())


class RichTextExpressionError(TypeError):
    """A database expression was assigned to a rich-text field, which only stores cleaned text."""


class _Cleaned(str):
    """Text just sanitised, so the next step (`pre_save`, the database) need not do it again.

    Any change to it makes a plain `str` again, which is cleaned as usual.
    """


def _sanitized(html):
    return _Cleaned(sanitize_html(html))


class RichTextField(ProseEditorField):
    """A text field holding sanitised HTML, edited with the prose editor.

    Text is cleaned in `get_db_prep_save`, which Django calls for every value it
    writes: inserts, `update()`, `bulk_update()` and fixtures (raw saves skip
    `pre_save`). `pre_save` (save, create, bulk_create) cleans first, so the
    instance holds the cleaned text, and marks it so it is not cleaned twice.
    Expressions are refused (F(), Concat, Subquery…): the database would store
    their result uncleaned. The one exception is a `Value` whose output field is
    rich text, which passes through `get_db_prep_save` too: `bulk_update()` sends
    each object's text that way.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("extensions", EDITOR_EXTENSIONS)
        # Model validation (a ModelForm's full_clean) cleans the text too, marked so
        # that saving the instance afterwards does not clean it a second time.
        kwargs.setdefault("sanitize", _sanitized)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        field = super().formfield(**kwargs)
        # Text too large or too deeply nested is a form error before anything sanitises it.
        field.validators.append(check_rich_text)
        return field

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if hasattr(value, "resolve_expression"):
            self._check_expression(value)
            return value
        if isinstance(value, _Cleaned):
            return value  # full_clean() has just cleaned it
        value = sanitize_html(value)
        setattr(model_instance, self.attname, value)
        return _Cleaned(value)

    def get_db_prep_save(self, value, connection):
        if hasattr(value, "as_sql"):
            self._check_expression(value)
        elif isinstance(value, _Cleaned):
            value = str(value)
        elif value is not None:
            value = sanitize_html(self.to_python(value))
        return super().get_db_prep_save(value, connection)

    def _check_expression(self, expression):
        if not _cleaned_on_the_way_in(expression):
            raise RichTextExpressionError(
                f"{self.model._meta.label}.{self.name} is rich text, which is cleaned before "
                f"it is stored, so it cannot be set to the expression {expression!r}: the "
                "database would store its result uncleaned. Assign a string of HTML instead "
                "(read the value, change it in Python, and save it)."
            )


def _cleaned_on_the_way_in(expression):
    """Whether every value `expression` can store is a string a rich-text field cleans.

    True for `bulk_update()`'s Case(When(pk=…, then=Value(text, output_field=field)))
    (wrapped in Cast on PostgreSQL); False for anything reading the database.
    """
    if isinstance(expression, Value):
        return expression.value is None or (
            isinstance(expression.value, str) and isinstance(expression.output_field, RichTextField)
        )
    if isinstance(expression, Case):
        return all(_cleaned_on_the_way_in(when.result) for when in expression.cases) and (
            _cleaned_on_the_way_in(expression.default)
        )
    if isinstance(expression, Cast):
        return _cleaned_on_the_way_in(expression.get_source_expressions()[0])
    return False

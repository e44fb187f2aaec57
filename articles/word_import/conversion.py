"""Converting a Word document to the article's title, summary and body HTML."""

import logging
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import mammoth
from django.core.exceptions import ValidationError
from django.utils.text import Truncator
from mammoth import documents
from mammoth.transforms import get_descendants_of_type

from core.richtext import ALLOWED_URL_SCHEMES, plain_text

from ..models import Article
from .checks import DAMAGED
from .images import ExtractedImage, ImageCollector
from .messages import count, summarise
from .notes import notes_section

logger = logging.getLogger(__name__)

# Word's names for its built-in styles, as stored in the file (any case).
HEADING_STYLE_RE = re.compile(r"heading ?([1-9])", re.IGNORECASE)
TITLE_STYLES = {"title"}
# What a first paragraph may hold that a plain-text summary would lose.
KEEPS_IN_TEXT = (documents.Hyperlink, documents.NoteReference, documents.Image)
SECTION, SUBSECTION = "Thinktank section", "Thinktank subsection"

# The custom style map comes before mammoth's defaults. Headings are renamed to
# SECTION or SUBSECTION by `_Shaper` first, so every level lands on h2 or h3.
STYLE_MAP = f"""
p[style-name='{SECTION}'] => h2:fresh
p[style-name='{SUBSECTION}'] => h3:fresh
p[style-name='Subtitle'] => p:fresh
p[style-name='Quote'] => blockquote > p:fresh
p[style-name='Intense Quote'] => blockquote > p:fresh
"""


@dataclass
class Conversion:
    title: str
    summary: str
    body: str
    images: list[ExtractedImage] = field(default_factory=list)
    skipped_images: list[str] = field(default_factory=list)
    notes: int = 0
    warnings: list[str] = field(default_factory=list)
    # Where the summary came from: a SUMMARY_* value (messages.py says it to the editor).
    summary_from: str = ""


# Where the summary came from.
SUMMARY_MOVED = "moved"  # the first paragraph, taken out of the text
SUMMARY_COPIED = "copied"  # a plain copy of it: it holds a link, note or picture
SUMMARY_TOO_LONG = "too long"  # its start: the paragraph stays in the text
SUMMARY_FROM_TEXT = "from text"  # no ordinary paragraph: the start of the text


def convert(file, *, filename="document.docx"):
    """The title, summary, body HTML and images of the Word document `file`.

    The body's images are placeholders (`ExtractedImage.token`) until stored.
    """
    prefix = f"w{uuid.uuid4().hex[:12]}-"
    shaper = _Shaper(Article._meta.get_field("summary").max_length)
    images = ImageCollector(prefix)
    file.seek(0)
    try:
        result = mammoth.convert_to_html(
            file,
            style_map=STYLE_MAP,
            transform_document=shaper,
            convert_image=images,
            id_prefix=prefix,
            include_embedded_style_map=False,
            external_file_access=False,
        )
    except ValidationError:
        raise
    except Exception:
        logger.info("mammoth could not convert %s", filename, exc_info=True)
        raise ValidationError(DAMAGED, code="damaged") from None
    finally:
        file.seek(0)
    body, notes = notes_section(result.value, prefix)
    # Pictures stand alone between paragraphs, as the editor places them.
    body = re.sub(r"<p>(<img [^>]*/>)</p>", r"\1", body)
    warnings = summarise(result.messages) + left_out_parts(file)
    if tables := body.count("<table>"):
        warnings.insert(
            0,
            f"The document has {count(tables, 'table')}; the site's article text has none, "
            "so their cells came in as plain paragraphs. Check them, or add the table "
            "as an image.",
        )
    title = shaper.title or _title_from_filename(filename)
    summary = shaper.first_paragraph or plain_text(body)
    summary_from = shaper.summary_from if shaper.first_paragraph else SUMMARY_FROM_TEXT
    return Conversion(
        title=Truncator(title).chars(Article._meta.get_field("title").max_length),
        summary=Truncator(summary).chars(Article._meta.get_field("summary").max_length),
        body=body,
        images=images.images,
        skipped_images=images.skipped,
        notes=notes,
        warnings=warnings,
        summary_from=summary_from,
    )


TEXT_RUN_RE = re.compile(rb"<w:t[ >]")


def left_out_parts(file):
    """What Word keeps outside the text, which the import leaves out: comments, and page
    headers and footers that have text."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            comments = "word/comments.xml" in names and _has_text(archive, "word/comments.xml")
            margins = any(
                re.fullmatch(r"word/(header|footer)\d*\.xml", name) and _has_text(archive, name)
                for name in names
            )
    finally:
        file.seek(0)
    lines = []
    if comments:
        lines.append(
            "The document’s comments were left out: they are notes between its authors, "
            "not text for readers."
        )
    if margins:
        lines.append(
            "The page headers and footers (running titles, page numbers) were left out: "
            "the site’s pages have their own."
        )
    return lines


def _has_text(archive, name):
    info = archive.getinfo(name)
    # checks.py has bounded every part's size already.
    return bool(TEXT_RUN_RE.search(archive.read(info))) if info.file_size else False


class _Shaper:
    """Reads the title off the document and maps heading levels to h2 and h3.

    The first paragraph in Word's Title style, or else a Heading 1 that comes
    before any text, is the title and leaves the body. Of the heading levels left,
    the highest becomes h2 (sections) and all lower ones h3, so "Title, Heading 1,
    Heading 2" and "Heading 1, Heading 2, Heading 3" documents both come out right.
    """

    def __init__(self, summary_length):
        self.title = ""
        self.first_paragraph = ""
        self.summary_from = ""
        self.summary_length = summary_length

    def __call__(self, document):
        children = list(document.children)
        title_index = self._title_index(children)
        if title_index is not None:
            self.title = _text(children.pop(title_index))
        levels = sorted({_heading_level(p) for p in _paragraphs(children)} - {None})
        top = levels[0] if levels else None
        self._take_summary(children)
        return document.copy(children=[_shape(child, top) for child in children])

    def _take_summary(self, children):
        """The first ordinary paragraph is the summary, and leaves the text unless it
        holds what a plain-text summary cannot (a link, note or picture), or is too long
        to be one whole."""
        for index, child in enumerate(children):
            if (
                isinstance(child, documents.Paragraph)
                and _heading_level(child) is None
                and child.numbering is None
                and _text(child)
            ):
                self.first_paragraph = _text(child)
                if get_descendants_of_type(child, KEEPS_IN_TEXT):
                    self.summary_from = SUMMARY_COPIED
                elif len(self.first_paragraph) > self.summary_length:
                    self.summary_from = SUMMARY_TOO_LONG
                else:
                    self.summary_from = SUMMARY_MOVED
                    del children[index]
                return

    @staticmethod
    def _title_index(children):
        first_heading_1 = None
        text_seen = False
        for index, child in enumerate(children):
            if not isinstance(child, documents.Paragraph) or not _text(child):
                text_seen = text_seen or bool(_text(child))
                continue
            if (child.style_name or "").lower() in TITLE_STYLES:
                return index
            if first_heading_1 is None and not text_seen and _heading_level(child) == 1:
                first_heading_1 = index
            text_seen = True
        return first_heading_1


def _shape(element, top_level):
    """`element` with headings renamed for the style map and note markers unraised.

    Bookmarks and links within the document are dropped (the site makes its own
    contents list), and so are links that are not web or mail addresses; their
    text stays.
    """
    if isinstance(element, documents.Paragraph):
        level = _heading_level(element)
        if level is not None:
            style = SECTION if level == top_level else SUBSECTION
            element = element.copy(style_id=None, style_name=style)
    if isinstance(element, documents.Run) and any(
        isinstance(child, documents.NoteReference) for child in element.children
    ):
        # The reference is already a superscript; a raised run would nest another.
        element = element.copy(vertical_alignment=documents.VerticalAlignment.baseline)
    if isinstance(element, (documents.HasChildren, documents.TableCellUnmerged)):
        children = []
        for child in element.children:
            if isinstance(child, documents.Bookmark):
                continue
            if isinstance(child, documents.Hyperlink) and not _is_web_link(child.href):
                children.extend(_shape(grandchild, top_level) for grandchild in child.children)
                continue
            children.append(_shape(child, top_level))
        element = element.copy(children=children)
    return element


def _is_web_link(href):
    """Links readers can follow: web and mail addresses (the sanitiser enforces it too)."""
    scheme = urlsplit((href or "").strip()).scheme.lower()
    return scheme in ALLOWED_URL_SCHEMES


def _paragraphs(children):
    for child in children:
        if isinstance(child, documents.Paragraph):
            yield child
        elif isinstance(child, documents.HasChildren):
            yield from _paragraphs(child.children)


def _heading_level(paragraph):
    name = (paragraph.style_name or "").strip().lower()
    if name in TITLE_STYLES:
        return 1
    match = HEADING_STYLE_RE.fullmatch(name) or HEADING_STYLE_RE.fullmatch(paragraph.style_id or "")
    return int(match.group(1)) if match else None


def _text(element):
    if isinstance(element, documents.Text):
        return element.value
    parts = []
    for descendant in get_descendants_of_type(element, (documents.Text, documents.Tab)):
        parts.append(descendant.value if isinstance(descendant, documents.Text) else " ")
    return " ".join("".join(parts).split())


def _title_from_filename(filename):
    stem = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    words = " ".join(re.sub(r"[_\-.]+", " ", stem).split())
    return words[:1].upper() + words[1:] if words else "Imported article"

"""Word import: a .docx file becomes a draft article.

Authors write in Word; editors upload the file and get a draft to check and
publish. `import_docx` is the whole of it, for the admin and the `import_docx`
management command alike:

1. `check_docx` proves the upload is a Word document of a sensible size before
   anything is decompressed (a renamed PDF, an old .doc, a macro-enabled .docm
   or a zip bomb each gets a message saying what to do instead).
2. mammoth converts it to HTML through a style map. The first Title (or a
   Heading 1 before any text) becomes the article's title; the remaining heading
   levels become h2 and h3, the site's sections and subsections. Footnotes and
   endnotes become a "Notes" section at the end, with links both ways. Images
   are checked like any upload and kept as `ArticleImage`s.
3. One transaction creates the draft, its images and the audit event; if any
   step fails, the stored image files are removed too.

Nothing in the document is trusted: the body is sanitised by the article's
`RichTextField` like any other input, so a `javascript:` link or `<script>` text
comes out inert.
"""

import logging
import re
import uuid
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from xml.etree import ElementTree

import mammoth
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.text import Truncator, slugify
from mammoth import documents
from mammoth import html as mammoth_html
from mammoth.transforms import get_descendants_of_type

from assets import renditions
from assets.images import clean_image
from audit.models import AuditEvent, record
from core.richtext import ALLOWED_URL_SCHEMES, plain_text
from revisions.models import Revision

from .models import Article, ArticleAuthor, ArticleImage

logger = logging.getLogger(__name__)

MAX_IMAGES = 60
MAX_ZIP_ENTRIES = 2000
MAX_CONTENT_TYPES_BYTES = 1024 * 1024
# The text of a 500-page report is a few megabytes of XML; mammoth holds each
# part as a DOM tree, many times its size, so larger parts are refused.
MAX_XML_PART_BYTES = 30 * 1024 * 1024
CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
WORD_DOCUMENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MACRO_DOCUMENTS = (
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
WORD_TEMPLATE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, and any password-protected .docx

SAVE_AS_DOCX = "In Word, choose File › Save As › Word Document (.docx) and upload that."
NOT_WORD = f"This is not a Word document (.docx), or it is damaged. {SAVE_AS_DOCX}"
DAMAGED = (
    "This Word document could not be read: it may be damaged. Open it in Word, "
    f"check it looks right, then {SAVE_AS_DOCX[0].lower()}{SAVE_AS_DOCX[1:]}"
)

UNSUPPORTED_IMAGE = (
    "it is not a JPEG, PNG, WebP or GIF picture (charts and drawings made in Word or "
    "Excel often are not). In Word, right-click it, choose Save as Picture, save it as "
    "PNG and add it to the text."
)

# Word's names for its built-in styles, as stored in the file (any case).
HEADING_STYLE_RE = re.compile(r"heading ?([1-9])", re.IGNORECASE)
TITLE_STYLES = {"title"}
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
class ExtractedImage:
    number: int  # its place among the document's images, as the editor sees them
    file: ContentFile  # checked and re-encoded (assets.images.clean_image)
    alt: str
    token: str  # stands in for the image's address until it is stored


@dataclass
class Conversion:
    title: str
    summary: str
    body: str
    images: list[ExtractedImage] = field(default_factory=list)
    skipped_images: list[str] = field(default_factory=list)
    notes: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    article: Article
    images: list[ArticleImage]
    images_without_alt: list[int]
    skipped_images: list[str]
    notes: int
    warnings: list[str]


def import_docx(file, *, user=None, kind=Article.Kind.ANALYSIS, filename=None):
    """Create a draft article from the Word document `file`; return what was done.

    Raises ValidationError (with a message for the editor) for anything that
    is not a readable Word document. Nothing is saved in that case.
    """
    filename = filename or getattr(file, "name", "") or "document.docx"
    check_docx(file)
    conversion = convert(file, filename=filename)
    stored = []
    try:
        with transaction.atomic():
            article = Article.objects.create(
                title=conversion.title,
                slug=unique_slug(conversion.title),
                kind=kind,
                summary=conversion.summary,
                status=Article.Status.DRAFT,
            )
            body = conversion.body
            for extracted in conversion.images:
                image = ArticleImage(article=article, alt=extracted.alt)
                image.image = extracted.file
                stored.append(image)
                image.save()
                body = body.replace(
                    f'src="{extracted.token}"',
                    f'src="{image.image.url}" width="{image.width}" height="{image.height}"',
                )
            article.body = body
            article.save()
            person = getattr(user, "person", None)
            if person is not None and not user.has_perm("articles.publish_article"):
                # A contributor's import is theirs, or it would vanish from their list.
                ArticleAuthor.objects.create(article=article, person=person, order=0)
            Revision.objects.snapshot(article, user, f"Imported from “{filename}”")
            record(
                user,
                AuditEvent.Action.IMPORT,
                article,
                f"From “{filename}”: {count(len(stored), 'image')}, "
                f"{count(conversion.notes, 'note')}.",
            )
    except BaseException:
        for image in stored:
            _delete_files(image)
        raise
    return ImportResult(
        article=article,
        images=stored,
        images_without_alt=[e.number for e in conversion.images if not e.alt],
        skipped_images=conversion.skipped_images,
        notes=conversion.notes,
        warnings=conversion.warnings,
    )


# Checking the file ---------------------------------------------------------------


def check_docx(file):
    """Refuse anything but a Word document (.docx) within the size limits."""
    limit = settings.MAX_WORD_UPLOAD_BYTES
    if not file.size:
        raise ValidationError("This file is empty. Upload the Word document.", code="empty")
    if file.size > limit:
        raise ValidationError(
            "This file is %(size)s; the limit is %(limit)s. Large Word files are usually "
            "large pictures: in Word, choose File › Compress Pictures, save, and upload "
            "it again.",
            code="too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )
    file.seek(0)
    start = file.read(8)
    file.seek(0)
    if start == OLE_MAGIC:
        raise ValidationError(
            "This is an old-format Word file (.doc) or a password-protected document. "
            "Remove any password in Word (File › Info › Protect Document), then "
            f"{SAVE_AS_DOCX[3:]}",
            code="old_format",
        )
    if start.startswith(b"%PDF"):
        raise ValidationError(
            "This is a PDF. Upload the Word document (.docx) it was made from; "
            "a PDF cannot be turned back into editable text reliably.",
            code="pdf",
        )
    try:
        with zipfile.ZipFile(file) as archive:
            main_type = _main_content_type(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ElementTree.ParseError):
        raise ValidationError(NOT_WORD, code="not_docx") from None
    finally:
        file.seek(0)
    if main_type in MACRO_DOCUMENTS:
        raise ValidationError(
            "This document contains macros (.docm), which the site does not accept. "
            f"{SAVE_AS_DOCX} Saving as a Word Document leaves the macros out.",
            code="macros",
        )
    if main_type == WORD_TEMPLATE:
        raise ValidationError(
            f"This is a Word template (.dotx), not a document. Open it, then {SAVE_AS_DOCX[3:]}",
            code="template",
        )
    if main_type != WORD_DOCUMENT:
        raise ValidationError(NOT_WORD, code="not_docx")


def _main_content_type(archive):
    """The content type of the package's main part, after checking what it unpacks to.

    Sizes are the ones the zip declares; Python's zipfile never inflates an entry
    past its declared size (it stops, and the checksum fails), so the total holds.
    """
    entries = archive.infolist()
    unpacked = sum(entry.file_size for entry in entries)
    largest_xml = max((e.file_size for e in entries if e.filename.endswith(".xml")), default=0)
    if (
        len(entries) > MAX_ZIP_ENTRIES
        or unpacked > settings.MAX_WORD_UNPACKED_BYTES
        or largest_xml > MAX_XML_PART_BYTES
    ):
        raise ValidationError(
            "This file unpacks to %(size)s, more than a Word document needs (the limit is "
            "%(limit)s). In Word, choose File › Compress Pictures, save, and upload it again.",
            code="unpacks_too_large",
            params={
                "size": filesizeformat(unpacked),
                "limit": filesizeformat(settings.MAX_WORD_UNPACKED_BYTES),
            },
        )
    try:
        info = archive.getinfo("[Content_Types].xml")
    except KeyError:
        return None
    if info.file_size > MAX_CONTENT_TYPES_BYTES:
        return None
    root = ElementTree.fromstring(archive.read(info))
    for override in root.iter(f"{CONTENT_TYPES_NS}Override"):
        content_type = override.get("ContentType", "")
        if content_type in (WORD_DOCUMENT, WORD_TEMPLATE, *MACRO_DOCUMENTS):
            return content_type
    return None


# Converting ----------------------------------------------------------------------


def convert(file, *, filename="document.docx"):
    """The title, summary, body HTML and images of the Word document `file`.

    The body's images are placeholders (`ExtractedImage.token`) until stored.
    """
    prefix = f"w{uuid.uuid4().hex[:12]}-"
    shaper = _Shaper()
    images = _ImageCollector(prefix)
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
    body, notes = _notes_section(result.value, prefix)
    # Pictures stand alone between paragraphs, as the editor places them.
    body = re.sub(r"<p>(<img [^>]*/>)</p>", r"\1", body)
    warnings = _summarise(result.messages)
    if tables := body.count("<table>"):
        warnings.insert(
            0,
            f"The document has {count(tables, 'table')}; the site's article text has none, "
            "so their cells came in as plain paragraphs. Check them, or add the table "
            "as an image.",
        )
    title = shaper.title or _title_from_filename(filename)
    summary = shaper.first_paragraph or plain_text(body)
    return Conversion(
        title=Truncator(title).chars(Article._meta.get_field("title").max_length),
        summary=Truncator(summary).chars(Article._meta.get_field("summary").max_length),
        body=body,
        images=images.images,
        skipped_images=images.skipped,
        notes=notes,
        warnings=warnings,
    )


class _Shaper:
    """Reads the title off the document and maps heading levels to h2 and h3.

    The first paragraph in Word's Title style, or else a Heading 1 that comes
    before any text, is the title and leaves the body. Of the heading levels left,
    the highest becomes h2 (sections) and all lower ones h3, so "Title, Heading 1,
    Heading 2" and "Heading 1, Heading 2, Heading 3" documents both come out right.
    """

    def __init__(self):
        self.title = ""
        self.first_paragraph = ""

    def __call__(self, document):
        children = list(document.children)
        title_index = self._title_index(children)
        if title_index is not None:
            self.title = _text(children.pop(title_index))
        levels = sorted({_heading_level(p) for p in _paragraphs(children)} - {None})
        top = levels[0] if levels else None
        for child in children:
            if (
                not self.first_paragraph
                and isinstance(child, documents.Paragraph)
                and _heading_level(child) is None
                and child.numbering is None
            ):
                self.first_paragraph = _text(child)
        return document.copy(children=[_shape(child, top) for child in children])

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


class _ImageCollector:
    """mammoth's image hook: checks each picture like an upload and keeps it for later."""

    def __init__(self, prefix):
        self.prefix = prefix
        self.images = []
        self.skipped = []
        self.count = 0

    def __call__(self, image):
        self.count += 1
        number = self.count
        try:
            clean = self._read(image)
        except ValidationError as error:
            self.skipped.append(f"Image {number} was left out: {error.messages[0]}")
            return []
        alt = " ".join((image.alt_text or "").split())
        token = f"{self.prefix}image-{number}"
        self.images.append(ExtractedImage(number, clean, alt, token))
        return [mammoth_html.element("img", {"src": token, "alt": alt})]

    def _read(self, image):
        if len(self.images) >= MAX_IMAGES:
            raise ValidationError(f"a document can bring at most {MAX_IMAGES} images.")
        with image.open() as stream:
            data = stream.read(settings.MAX_IMAGE_UPLOAD_BYTES + 1)
        try:
            return clean_image(ContentFile(data, name="image"))
        except ValidationError as error:
            if error.code == "unsupported_image":
                raise ValidationError(UNSUPPORTED_IMAGE) from None
            raise


# Notes ---------------------------------------------------------------------------


def _notes_section(html, prefix):
    """Move mammoth's notes list under a "Notes" heading, numbered for the sanitiser.

    mammoth numbers references in the order they appear and lists the notes in
    that order at the very end. The sanitiser gives list item N the id note-N and
    the first link to it note-ref-N, so links here point at those.
    """
    start = html.rfind(f'<ol><li id="{prefix}')
    if start == -1:
        return html, 0
    body, notes = html[:start], html[start:]
    p = re.escape(prefix)
    ids = re.findall(rf'<li id="{p}((?:foot|end)note-[^"]+)">', notes)
    numbers = {note_id: n for n, note_id in enumerate(ids, start=1)}

    def reference(match):
        number = numbers.get(match.group(1))
        return f'<a href="#note-{number}">{number}</a>' if number else ""

    def back_link(match):
        number = numbers.get(f"{match.group(1)}-{match.group(2)}")
        return f'<a href="#note-ref-{number}" title="Back to the text">' if number else "<a>"

    body = re.sub(rf'<a href="#{p}([^"]+)" id="{p}[^"]+">\[\d+\]</a>', reference, body)
    notes = re.sub(rf'<li id="{p}[^"]+">', "<li>", notes)
    notes = re.sub(rf'<a href="#{p}((?:foot|end)note)-ref-([^"]+)">', back_link, notes)
    return f"{body}<h2>Notes</h2>{notes}", len(ids)


# Messages ------------------------------------------------------------------------

STYLE_WARNING_RE = re.compile(r"Unrecognised (?:paragraph|run) style: (.*?) \(Style ID: .*\)$")


def _summarise(messages):
    """mammoth's warnings in a few lines an editor can act on."""
    styles, others = [], Counter()
    for message in messages:
        if message.message.startswith("Image of type"):
            continue  # reported, with what to do, among the images left out
        if match := STYLE_WARNING_RE.match(message.message):
            if match.group(1) not in styles:
                styles.append(match.group(1))
        else:
            others[message.message] += 1
    lines = []
    if styles:
        shown = ", ".join(styles[:5]) + (f" and {len(styles) - 5} more" if len(styles) > 5 else "")
        lines.append(
            f"Text in these Word styles came in as plain paragraphs: {shown}. "
            "Check their formatting."
        )
    if others:
        first = "; ".join(list(others)[:2])
        more = f" (and {len(others) - 2} other notes)" if len(others) > 2 else ""
        lines.append(f"Some of the document could not be converted exactly: {first}{more}.")
    return lines


# Helpers -------------------------------------------------------------------------


def unique_slug(title):
    """A slug from `title` no article has yet: "title", then "title-2", "title-3"…"""
    max_length = Article._meta.get_field("slug").max_length
    base = slugify(title)[: max_length - 6].strip("-") or "imported-article"
    taken = set(Article.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _title_from_filename(filename):
    stem = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    words = " ".join(re.sub(r"[_\-.]+", " ", stem).split())
    return words[:1].upper() + words[1:] if words else "Imported article"


def count(n, noun):
    return f"{n} {noun}{'s' if n != 1 else ''}"


def _delete_files(image):
    """Remove an image's stored original and renditions (after a failed import)."""
    if not image.image or image.image._committed is False:
        return
    storage = image.image.storage
    renditions.delete(image.image_renditions, storage)
    storage.delete(image.image.name)

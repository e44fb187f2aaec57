"""Checks for uploaded PDF documents, made on their content rather than their name.

`PdfField` is the model field for report PDFs. Its files are stored only once
`check_pdf` has passed them, however they arrive (the admin's form, an import, a
command, code): a file that fails is refused with the check's ValidationError and
never reaches storage. The check also counts the pages, and remembers the count on
the uploaded file, so an upload is parsed once however many steps ask about it.
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from pypdf import apply_configuration
from pypdf.errors import LimitReachedError, PyPdfError

from assets.pdf_scan import (
    ATTACHMENTS,
    EXTERNAL_FILES,
    SCRIPTS,
    BoundedReader,
    TooComplex,
    find_active_content,
)

logger = logging.getLogger(__name__)

# A PDF starts with its header at the very first byte. Readers tolerate junk before it,
# but that junk is how a file is made to be something else as well: the adversarial
# review uploaded a PDF behind `/*` (JavaScript) and behind `<!--` (HTML).
PDF_MAGIC = b"%PDF-"
END_MARKER = b"%%EOF"
CHUNK = 64 * 1024  # how much of the file's end is read at a time, looking for END_MARKER
# What may follow the final %%EOF. The file format ends there, but real files arrive
# with line endings, spaces or NUL padding added by mail and file-transfer tools, and
# readers ignore those. Anything else is not part of any PDF: it is where the review's
# JavaScript polyglot closed its comment and ran `*/alert(document.domain)//`.
TRAILING_PADDING = b"\x00\t\n\x0c\r "

MESSAGES = {
    "not_pdf": "This file is not a PDF. Export the report from Word or InDesign as PDF and "
    "upload that.",
    "data_after_pdf": "This file has data added after the end of the PDF. Export the report "
    "from Word or InDesign as PDF again and upload the new file.",
    "truncated_pdf": "This PDF is incomplete: its end is missing (it may have been cut off "
    "while copying). Export it again and upload the new file.",
    "encrypted_pdf": "This PDF is password-protected or has security restrictions. Save a "
    "copy with no security (in Acrobat: File › Properties › Security) and upload that.",
    "damaged_pdf": "This PDF is damaged and could not be read. Export it again and upload "
    "the new file.",
    "pdf_too_complex": "This PDF is too complex to check. Export it again (for example with "
    "“Reduce file size” in Acrobat) and upload the new file.",
    "too_many_pages": "This PDF has %(pages)s pages; the limit is %(limit)s. Split it into "
    "volumes and upload the first, or ask the site's administrator to raise the limit.",
    "empty_pdf": "This PDF has no pages. Export the report again with its pages and upload "
    "the new file.",
    SCRIPTS: "This PDF contains scripts. Export it again without them.",
    ATTACHMENTS: "This PDF has other files attached inside it. Export it again without "
    "attachments and upload the new file.",
    EXTERNAL_FILES: "This PDF links to files outside itself (on the reader's computer or a "
    "network drive), which PDF readers would try to open. Remove those links (links to web "
    "pages are fine), export it again and upload the new file.",
}
# The order the refusals are listed in when a file has more than one problem.
FOUND_ORDER = (SCRIPTS, ATTACHMENTS, EXTERNAL_FILES)
# Where check_pdf keeps an upload's page count once it has passed.
CHECKED_PAGES = "checked_pdf_pages"


def refusal(code, **params):
    return ValidationError(MESSAGES[code], code=code, params=params or None)


def read_pdf(file):
    """Check that `file` is a PDF readers can open safely; return its page count.

    Raises ValidationError, with a message for editors, for anything else.
    """
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        _check_bytes(file)
        file.seek(0)
        return _check_content(file)
    finally:
        file.seek(position)


def _check_bytes(file):
    file.seek(0)
    if file.read(len(PDF_MAGIC)) != PDF_MAGIC:
        raise refusal("not_pdf")
    end = _end_of_content(file)
    start = max(0, end - CHUNK)
    file.seek(start)
    tail = file.read(end - start)
    if tail.endswith(END_MARKER):
        return
    # The file does not end as a PDF does. If it holds an end marker, something follows
    # the end of the PDF; with none anywhere, the end itself is missing.
    while END_MARKER not in tail:
        if start == 0:
            raise refusal("truncated_pdf")
        end, start = start, max(0, start - CHUNK)
        file.seek(start)
        tail = file.read(end - start) + tail[: len(END_MARKER) - 1]
    raise refusal("data_after_pdf")


def _end_of_content(file):
    """Where `file` ends once trailing padding, however long, is left off."""
    end = file.size
    while end > 0:
        start = max(0, end - CHUNK)
        file.seek(start)
        content = file.read(end - start).rstrip(TRAILING_PADDING)
        if content:
            return start + len(content)
        end = start
    return 0


def _check_content(file):
    # pypdf walks up to 100,000 page-tree entries; a tree with room for the pages
    # allowed, and as many inner nodes, is all a file within the page limit needs.
    tree_limit = 2 * settings.MAX_DOCUMENT_PAGES + 100
    try:
        with apply_configuration(page_tree_maximum_entries=tree_limit):
            return _read(file)
    except ValidationError:
        raise
    except (LimitReachedError, TooComplex, RecursionError, MemoryError) as error:
        logger.info("PDF upload too complex to check: %r", error)
        raise refusal("pdf_too_complex") from None
    except Exception as error:
        # pypdf meets hostile files with errors of every type (PdfReadError, KeyError,
        # struct.error, zlib.error…): each is a damaged file, never a server error.
        logger.info("Unreadable PDF upload: %r", error, exc_info=not isinstance(error, PyPdfError))
        raise refusal("damaged_pdf") from None


def _read(file):
    reader = BoundedReader(file)
    # Even a file that opens without a password is refused: its restrictions on printing
    # and copying get in the way of readers and their tools (screen readers among them),
    # and checking it would mean decrypting it, which for AES needs another library.
    if reader.is_encrypted:
        raise refusal("encrypted_pdf")
    # The page tree's own count first, so an honest 200,000-page file is refused before
    # pypdf reads every page; the pages actually found are checked after.
    _check_page_count(_declared_pages(reader))
    pages = len(reader.pages)
    _check_page_count(pages)
    if pages < 1:
        raise refusal("empty_pdf")
    found = find_active_content(reader)
    if found:
        raise ValidationError([refusal(kind) for kind in FOUND_ORDER if kind in found])
    return pages


def _declared_pages(reader):
    try:
        return reader.root_object["/Pages"]["/Count"]
    except (KeyError, TypeError, AttributeError):
        return None  # nothing declared: the pages are counted instead


def _check_page_count(pages):
    limit = settings.MAX_DOCUMENT_PAGES
    if isinstance(pages, int) and pages > limit:
        raise refusal("too_many_pages", pages=f"{pages:,}", limit=f"{limit:,}")


def check_pdf(file):
    """Refuse `file` unless it is a PDF the site may store; return its page count.

    `file` is an upload, or the model field's file holding one. Once a file passes, its
    page count is kept on the uploaded file itself: the form's validation, the model's
    description of the file and the field's save then parse it once between them.
    """
    upload = file.file if isinstance(file, FieldFile) else file
    pages = getattr(upload, CHECKED_PAGES, None)
    if pages is None:
        _check_size(upload)
        pages = read_pdf(upload)
        setattr(upload, CHECKED_PAGES, pages)
    return pages


def _check_size(file):
    if file.size > settings.MAX_DOCUMENT_UPLOAD_BYTES:
        raise ValidationError(
            "This PDF is %(size)s; the limit is %(limit)s. Export it with smaller "
            "images (“Reduce file size” in Acrobat or Word) and upload it again.",
            code="file_too_large",
            params={
                "size": filesizeformat(file.size),
                "limit": filesizeformat(settings.MAX_DOCUMENT_UPLOAD_BYTES),
            },
        )


def validate_pdf(file):
    """The model field's validator: refuse files that are too large, are not readable
    PDFs or carry active content (see check_pdf)."""
    if getattr(file, "_committed", False):
        return  # already stored: it was checked when it was saved
    check_pdf(file)


# Fields --------------------------------------------------------------------------


class PdfFieldFile(FieldFile):
    """A report PDF: stored only once `check_pdf` has passed it."""

    pages = None  # the page count, once checked in this process

    def save(self, name, content, save=True):
        # However the file arrived (form, admin, import, command, code), only a checked
        # PDF reaches storage: anything else raises the check's ValidationError here.
        self.pages = check_pdf(content)
        super().save(name, content, save)

    def _set_instance_attribute(self, name, content):
        super()._set_instance_attribute(name, content)
        # The instance now holds a fresh file for the stored name: it keeps the count.
        getattr(self.instance, self.field.attname).pages = self.pages

    def page_count(self):
        """The page count; a file not checked yet is checked now (ValidationError if refused)."""
        if self.pages is None and not self._committed:
            self.pages = check_pdf(self)
        elif self.pages is None:  # a stored file, named by code rather than saved here
            with self.open("rb"):
                self.pages = check_pdf(self)
        return self.pages


class PdfField(models.FileField):
    """A FileField for report PDFs whose files are checked whenever they are saved."""

    attr_class = PdfFieldFile

    def deconstruct(self):
        # Migrations see a plain FileField: the column is the same, only how files
        # are checked on saving differs.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.FileField", args, kwargs

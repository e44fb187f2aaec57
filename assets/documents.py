"""Checks for uploaded PDF documents, made on their content rather than their name."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from pypdf import apply_configuration
from pypdf.errors import LimitReachedError, PyPdfError

from assets.pdf_scan import (
    ATTACHMENTS,
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
TRAILER_WINDOW = 4096  # the end of the file, where %%EOF must be
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
    "truncated_pdf": "This PDF is incomplete (it may have been cut off while copying). "
    "Export it again and upload the new file.",
    "encrypted_pdf": "This PDF is password-protected or has security restrictions. Save a "
    "copy with no security (in Acrobat: File › Properties › Security) and upload that.",
    "damaged_pdf": "This PDF is damaged and could not be read. Export it again and upload "
    "the new file.",
    "pdf_too_complex": "This PDF is too complex to check. Export it again (for example with "
    "“Reduce file size” in Acrobat) and upload the new file.",
    "too_many_pages": "This PDF has %(pages)s pages; the limit is %(limit)s. Split it into "
    "volumes and upload the first, or ask the site's administrator to raise the limit.",
    "empty_pdf": "This PDF has no pages.",
    SCRIPTS: "This PDF contains scripts. Export it again without them.",
    ATTACHMENTS: "This PDF has other files attached inside it. Export it again without "
    "attachments and upload the new file.",
}


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
    file.seek(max(0, file.size - TRAILER_WINDOW))
    tail = file.read()
    if not tail.rstrip(TRAILING_PADDING).endswith(b"%%EOF"):
        if b"%%EOF" in tail:
            raise refusal("data_after_pdf")
        raise refusal("truncated_pdf")


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
        raise ValidationError([refusal(kind) for kind in (SCRIPTS, ATTACHMENTS) if kind in found])
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


def validate_pdf(file):
    """Refuse files that are too large, are not readable PDFs or carry active content."""
    if getattr(file, "_committed", False):
        return  # already stored: it was checked when it was uploaded
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
    read_pdf(file)

"""Checks for uploaded PDF documents, made on their content rather than their name."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from pypdf import PdfReader
from pypdf.errors import PdfReadError

logger = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"
# The header may follow a little junk; readers accept it within the first KB.
HEADER_WINDOW = 1024
TRAILER_WINDOW = 2048


def read_pdf(file):
    """Open `file` as a PDF and return its page count, or raise ValidationError."""
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        head = file.read(HEADER_WINDOW)
        if PDF_MAGIC not in head:
            raise ValidationError(
                "This file is not a PDF. Export the report from Word or InDesign "
                "as PDF and upload that.",
                code="not_pdf",
            )
        file.seek(max(0, file.size - TRAILER_WINDOW))
        if b"%%EOF" not in file.read():
            raise ValidationError(
                "This PDF is incomplete (it may have been cut off while copying). "
                "Export it again and upload the new file.",
                code="truncated_pdf",
            )
        file.seek(0)
        try:
            reader = PdfReader(file, strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise ValidationError(
                    "This PDF is password-protected, so readers could not open it. "
                    "Save a copy without a password and upload that.",
                    code="encrypted_pdf",
                )
            pages = len(reader.pages)
        except ValidationError:
            raise
        except (PdfReadError, ValueError, KeyError, TypeError, RecursionError, OSError) as error:
            logger.info("Unreadable PDF upload: %s", error)
            raise ValidationError(
                "This PDF is damaged and could not be read. Export it again and upload "
                "the new file.",
                code="damaged_pdf",
            ) from None
    finally:
        file.seek(position)
    if pages < 1:
        raise ValidationError("This PDF has no pages.", code="empty_pdf")
    return pages


def validate_pdf(file):
    """Refuse files that are too large or are not readable PDFs."""
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

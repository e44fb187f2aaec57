"""Proving an upload is a Word document (.docx) of a sensible size, before unpacking it."""

import zipfile
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

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

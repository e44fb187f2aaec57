"""Reading an uploaded PDF within bounds, and finding what it would run, unpack or open.

The check walks the objects pypdf parsed, never the file's bytes. A byte search misses a
name spelt with #-escapes (`/Java#53cript` is `/JavaScript`) and anything packed into a
compressed object stream; the parsed objects are what a PDF reader acts on.
"""

import os

from pypdf import PdfReader
from pypdf.errors import LimitReachedError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

SCRIPTS = "scripts"
ATTACHMENTS = "attachments"
EXTERNAL_FILES = "external_files"
KINDS = frozenset({SCRIPTS, ATTACHMENTS, EXTERNAL_FILES})

# Actions that do more than move around the document or open a web page: run a script
# or a program, send form data away, pull data in, or start Flash content.
ACTIVE_ACTIONS = frozenset(
    {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/RichMediaExecute"}
)
# Entries that hold scripts in whatever dictionary they sit: an action's code, the
# document's JavaScript name tree, an XFA form (its XML carries scripts) and the start-up
# script of 3D artwork.
SCRIPT_KEYS = frozenset({"/JS", "/JavaScript", "/XFA", "/OnInstantiate"})
# A Flash (RichMedia) annotation runs its content whatever its actions say.
SCRIPT_ANNOTATIONS = frozenset({"/RichMedia"})
SCRIPT_URL_SCHEMES = ("javascript:", "vbscript:")
# Actions that open another file: a page of another PDF (/GoToR), of a PDF named by a
# file specification (/GoToE, whose /F may name one outside this file), or a media clip
# (/Rendition, which plays a file the way /Launch opens one). A reader opening a file on
# a network share (`\\host\share\x.pdf`) signs in to that host with the reader's Windows
# credentials, handing them to whoever made the PDF ("BadPDF").
EXTERNAL_ACTIONS = frozenset({"/GoToR", "/GoToE", "/Rendition"})
# Web links (/URI) reaching files the same way: file: links, and UNC paths (backslashes
# read as slashes, as Windows reads them).
FILE_URL_PREFIXES = ("file:", "smb:", "//")
# The attachments list, a file specification's embedded copy, a paper-clip annotation
# and the embedded file stream itself.
ATTACHMENT_KEYS = frozenset({"/EmbeddedFiles", "/EF"})
ATTACHMENT_ANNOTATIONS = frozenset({"/FileAttachment"})
ATTACHMENT_TYPES = frozenset({"/EmbeddedFile"})

# Bounds no real report comes near (a long, tagged report with its fonts and images has
# tens of thousands of objects), so a hostile file is refused instead of checked slowly.
MAX_OBJECTS = 100_000  # indirect objects visited
MAX_VALUES = 2_000_000  # dictionary entries and array items, direct or not
MAX_DEPTH = 100  # dictionaries and arrays nested directly inside one object


# pypdf reads the whole file again and searches it for every object the cross-reference
# table misplaces (or that no table lists). A damaged file needs a few such searches; a
# hostile one asks for thousands, each as long as the file. This caps the bytes searched.
MAX_SEARCH_BYTES = 100_000_000


class BoundedReader(PdfReader):
    """pypdf's forgiving reader, refusing files that would have it search without end."""

    def __init__(self, stream):
        stream.seek(0, os.SEEK_END)
        self._search_cost = max(stream.tell(), 1)
        self._search_budget = MAX_SEARCH_BYTES
        stream.seek(0)
        super().__init__(stream, strict=False)

    def get_object(self, indirect_reference):
        reference = indirect_reference
        if isinstance(reference, int):
            reference = IndirectObject(reference, 0, self)
        if self._must_search_for(reference):
            self._search_budget -= self._search_cost
            if self._search_budget < 0:
                raise LimitReachedError("Too many objects missing from the cross-reference table.")
        return super().get_object(indirect_reference)

    def _must_search_for(self, reference):
        """Whether pypdf will search the whole file for `reference`.

        Follows the branches of PdfReader.get_object in the pypdf pinned in
        requirements.txt; tests/security/test_pdf_uploads.py counts the searches.
        """
        generation, number = reference.generation, reference.idnum
        if (generation, number) in self.resolved_objects:
            return False
        if generation == 0 and number in self.xref_objStm:
            return False
        offset = self.xref.get(generation, {}).get(number)
        if offset is None:
            return True
        if self.xref_free_entry.get(generation, {}).get(number):
            return False
        position = self.stream.tell()
        try:
            self.stream.seek(offset)
            return self.read_object_header(self.stream) != (number, generation)
        except Exception:
            return True
        finally:
            self.stream.seek(position)


class TooComplex(Exception):
    """The file has more objects or deeper nesting than the check is willing to walk."""


def find_active_content(reader):
    """Return which of SCRIPTS, ATTACHMENTS and EXTERNAL_FILES the PDF in `reader` carries.

    Starts at the trailer and follows every reference, so the catalog, pages, annotations,
    form fields, outlines, name trees and /Next action chains are all covered, wherever
    their objects are stored. Objects nothing refers to are skipped: readers never act
    on them, and an incremental save that removed a script leaves its old object behind.
    The walk keeps its own stack, so deep or looping structures cannot recurse; each
    object is visited once, and the bounds above cap the work.
    """
    found = set()
    seen = set()
    objects = values = 0
    stack = [(reader.trailer, 0)]
    while stack and found != KINDS:
        value, depth = stack.pop()
        values += 1
        if values > MAX_VALUES:
            raise TooComplex(f"more than {MAX_VALUES} values")
        if isinstance(value, IndirectObject):
            key = (value.idnum, value.generation)
            if key in seen:
                continue
            seen.add(key)
            objects += 1
            if objects > MAX_OBJECTS:
                raise TooComplex(f"more than {MAX_OBJECTS} objects")
            stack.append((value.get_object(), 0))
            continue
        if not isinstance(value, (DictionaryObject, ArrayObject)):
            continue
        if depth > MAX_DEPTH:
            raise TooComplex(f"nested more than {MAX_DEPTH} deep")
        if isinstance(value, DictionaryObject):
            found |= _judge(value)
            items = dict.values(value)  # unresolved: references go through `seen`
        else:
            items = list.__iter__(value)
        stack.extend((item, depth + 1) for item in items)
    return found


def _judge(dictionary):
    found = set()
    keys = dictionary.keys()
    action = _name(dictionary, "/S")
    subtype = _name(dictionary, "/Subtype")
    if (
        not SCRIPT_KEYS.isdisjoint(keys)
        or action in ACTIVE_ACTIONS
        or subtype in SCRIPT_ANNOTATIONS
        or (action == "/URI" and _is_script_url(_resolved(dictionary, "/URI")))
    ):
        found.add(SCRIPTS)
    if (
        not ATTACHMENT_KEYS.isdisjoint(keys)
        or subtype in ATTACHMENT_ANNOTATIONS
        or _name(dictionary, "/Type") in ATTACHMENT_TYPES
    ):
        found.add(ATTACHMENTS)
    if (
        action in EXTERNAL_ACTIONS
        or (action == "/URI" and _is_file_url(_resolved(dictionary, "/URI")))
        # The catalog's base for relative links: a file: base turns every link into one.
        or _is_file_url(_resolved(dictionary, "/Base"))
    ):
        found.add(EXTERNAL_FILES)
    return found


def _resolved(dictionary, key):
    """`dictionary[key]` with one reference followed, as readers follow it; None if absent."""
    value = dict.get(dictionary, key)
    return value.get_object() if isinstance(value, IndirectObject) else value


def _name(dictionary, key):
    """`dictionary[key]` if it is a name (/JavaScript, /Link…), else None."""
    value = _resolved(dictionary, key)
    return value if isinstance(value, NameObject) else None


def _is_script_url(url):
    return _normalised_url(url).startswith(SCRIPT_URL_SCHEMES)


def _is_file_url(url):
    return _normalised_url(url).replace("\\", "/").startswith(FILE_URL_PREFIXES)


def _normalised_url(url):
    """`url` as readers and browsers act on it, lower-cased; "" if it is not text."""
    if isinstance(url, bytes):
        url = url.decode("latin-1")
    if not isinstance(url, str):
        return ""
    # Browsers ignore spaces and control characters in a scheme ("java\tscript:").
    return "".join(ch for ch in url if ch > " ").lower()

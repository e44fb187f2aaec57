"""The site's own doors to stored files, each sending the headers assets/media.py fixes.

None of these views touches the database, so none runs in the request transaction
(on SQLite a transaction takes the write lock).
"""

import posixpath
from pathlib import Path
from stat import S_ISREG

from django.conf import settings
from django.core import signing
from django.core.exceptions import SuspiciousFileOperation
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponseNotModified, HttpResponseRedirect
from django.shortcuts import render
from django.utils._os import safe_join
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.views.static import was_modified_since

from core.cache import mark_public

from .media import (
    DOCUMENT_TYPES,
    content_headers,
    documents_storage,
    sandboxed,
    verify_signature,
)


@transaction.non_atomic_requests
def serve_media(request, path):
    """A file under MEDIA_ROOT, for runs where Django serves uploads (DJANGO_SERVE_MEDIA)."""
    try:
        full_path = Path(safe_join(settings.MEDIA_ROOT, posixpath.normpath(path).lstrip("/")))
    except SuspiciousFileOperation:
        raise Http404("No such file.") from None
    try:
        stat = full_path.stat()
    except (OSError, ValueError):  # missing, or a name the file system refuses (too long…)
        raise Http404("No such file.") from None
    if not S_ISREG(stat.st_mode):
        raise Http404("No such file.")
    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), stat.st_mtime):
        return sandboxed(HttpResponseNotModified())
    headers = content_headers(full_path.name)
    try:
        file = full_path.open("rb")
    except OSError:  # gone since, or unreadable
        raise Http404("No such file.") from None
    response = FileResponse(
        file, content_type=headers["Content-Type"], as_attachment="Content-Disposition" in headers
    )
    response.headers["Last-Modified"] = http_date(stat.st_mtime)
    return sandboxed(response)


@transaction.non_atomic_requests
def private_file(request, name):
    """A file from the documents storage, for whoever holds a current signed link to it.

    A genuine link that has expired gets a page saying how to get a fresh one (editors
    leave the admin open for longer than a link lasts); any other link is a 404.
    """
    try:
        verify_signature(name, request.GET.get("signature", ""))
    except signing.SignatureExpired:
        return _private(render(request, "assets/link_expired.html", status=410))
    except signing.BadSignature:
        raise Http404("This link is not valid.") from None
    try:
        file = documents_storage().open(name, "rb")
    except (OSError, ValueError, SuspiciousFileOperation):
        raise Http404("No such file.") from None
    response = FileResponse(
        file,
        as_attachment=True,
        filename=posixpath.basename(name),
        content_type=content_headers(name, DOCUMENT_TYPES)["Content-Type"],
    )
    return _private(sandboxed(response))


def document_response(field_file, filename):
    """A report PDF as a download named `filename`.

    On object storage the reader is sent to a presigned link that lasts
    PRIVATE_MEDIA_LINK_SECONDS: the bucket sends the bytes, so a slow download of a
    large report never holds one of the site's few workers. That redirect is never
    cached, as the link expires. On the local disk the file is streamed from here,
    cacheable for as short a time as public pages are: a CDN stops serving a report
    that was unpublished as soon as it stops serving the article's page.
    """
    if download_url := getattr(field_file.storage, "download_url", None):
        return _private(sandboxed(HttpResponseRedirect(download_url(field_file.name, filename))))
    try:
        file = field_file.open("rb")
    except FileNotFoundError:
        raise Http404("The PDF is missing from storage.") from None
    response = FileResponse(
        file, as_attachment=True, filename=filename, content_type=DOCUMENT_TYPES["pdf"]
    )
    mark_public(response)
    return sandboxed(response)


def _private(response):
    """Never kept by a shared cache, indexed, or sent on as a referrer: the link is the key."""
    patch_cache_control(response, private=True, no_store=True)
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response

"""The data migration that moves report PDFs out of the public media storage.

Run directly, with real files: sites migrated before this release have their PDFs
under MEDIA_ROOT/reports/, some under the extension the uploader's browser sent.
"""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client

from articles.models import Article
from revisions.models import Revision, TrashedItem
from tests.helpers.factories import ArticleFactory, image_file, pdf_file

pytestmark = pytest.mark.django_db

migration = importlib.import_module("articles.migrations.0017_reports_in_private_storage")

NAMED_PDF = "reports/2026/05/0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a.pdf"
NAMED_JS = "reports/2026/05/0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b.js"
TRASHED_HTML = "reports/2025/11/0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c.html"
IMAGE = "articles/2026/05/0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d.jpg"


def files(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def put(root, name, data):
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def report_naming(slug, name):
    """A report whose row names `name`, as rows written before this release do."""
    article = ArticleFactory(kind=Article.Kind.REPORT, slug=slug)
    Article.objects.filter(pk=article.pk).update(pdf=name)
    article.refresh_from_db()
    return article


@pytest.fixture
def old_site(settings, editor):
    """Report files in the media storage: one named .pdf, one .js, one only the trash names."""
    pdf = pdf_file().read()
    for name in (NAMED_PDF, NAMED_JS, TRASHED_HTML):
        put(settings.MEDIA_ROOT, name, pdf)
    put(settings.MEDIA_ROOT, IMAGE, image_file().read())
    report_naming("plain", NAMED_PDF)
    renamed = report_naming("renamed", NAMED_JS)
    Revision.objects.snapshot(renamed, editor, "Uploaded the PDF")
    TrashedItem.objects.trash(report_naming("trashed", TRASHED_HTML), editor)
    return pdf


def run(operation, capture, *, commit=True):
    with capture(execute=commit) as callbacks:
        operation(apps, SimpleNamespace(connection=connection))
    return callbacks


def test_every_report_file_moves_to_the_private_storage_named_pdf(
    settings, old_site, django_capture_on_commit_callbacks
):
    run(migration.to_private_storage, django_capture_on_commit_callbacks)

    renamed_js = NAMED_JS.replace(".js", ".pdf")
    renamed_html = TRASHED_HTML.replace(".html", ".pdf")
    assert files(settings.PRIVATE_MEDIA_ROOT) == {
        NAMED_PDF: old_site,
        renamed_js: old_site,
        renamed_html: old_site,
    }
    assert set(files(settings.MEDIA_ROOT)) == {IMAGE}  # images stay public
    assert Article.objects.get(slug="plain").pdf.name == NAMED_PDF
    assert Article.objects.get(slug="renamed").pdf.name == renamed_js
    (revision,) = Revision.objects.for_object(Article.objects.get(slug="renamed"))
    assert revision.data["fields"]["pdf"] == renamed_js
    assert TrashedItem.objects.get().data["fields"]["pdf"] == renamed_html

    download = Client().get("/articles/renamed/pdf/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == old_site


def test_the_originals_are_deleted_only_once_the_migration_commits(
    settings, old_site, django_capture_on_commit_callbacks
):
    callbacks = run(migration.to_private_storage, django_capture_on_commit_callbacks, commit=False)
    # Rolled back now, every row would still find its file where it was.
    assert NAMED_JS in files(settings.MEDIA_ROOT)
    assert len(files(settings.PRIVATE_MEDIA_ROOT)) == 3
    for callback in callbacks:
        callback()
    assert set(files(settings.MEDIA_ROOT)) == {IMAGE}


def test_running_it_again_after_a_failed_run_moves_each_file_once(
    settings, old_site, django_capture_on_commit_callbacks
):
    run(migration.to_private_storage, django_capture_on_commit_callbacks, commit=False)
    Article.objects.filter(slug="renamed").update(pdf=NAMED_JS)  # the failed run rolled back
    run(migration.to_private_storage, django_capture_on_commit_callbacks)
    assert len(files(settings.PRIVATE_MEDIA_ROOT)) == 3
    assert Article.objects.get(slug="renamed").pdf.name == NAMED_JS.replace(".js", ".pdf")


def test_migrating_backwards_puts_the_files_back_in_the_media_storage(
    settings, old_site, django_capture_on_commit_callbacks
):
    run(migration.to_private_storage, django_capture_on_commit_callbacks)
    run(migration.to_media_storage, django_capture_on_commit_callbacks)
    assert files(settings.PRIVATE_MEDIA_ROOT) == {}
    assert set(files(settings.MEDIA_ROOT)) == {
        IMAGE,
        NAMED_PDF,
        NAMED_JS.replace(".js", ".pdf"),
        TRASHED_HTML.replace(".html", ".pdf"),
    }

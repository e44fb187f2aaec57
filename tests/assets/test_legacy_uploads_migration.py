"""The data migration that checks images and report PDFs stored by earlier releases.

Run directly on real rows and real files, with the historical models the migration
gets: earlier releases kept the extension the uploader's browser sent, so sites
upgraded from them have images under names such as `….html` that a web server or a
bucket would serve as a page.
"""

import importlib
import io
import logging
from types import SimpleNamespace

import pytest
from botocore.stub import ANY, Stubber
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from PIL import Image

from articles.models import Article, ArticleImage, Update
from assets.s3 import MediaS3Storage
from people.models import Person
from revisions.models import Revision, TrashedItem
from tests.helpers.factories import (
    ArticleFactory,
    PersonFactory,
    UpdateFactory,
    image_file,
    pdf_file,
)

pytestmark = pytest.mark.django_db

MIGRATION = "0018_recheck_uploads_of_earlier_releases"
migration = importlib.import_module(f"articles.migrations.{MIGRATION}")
check_images, check_reports = (operation.code for operation in migration.Migration.operations)

HERO_HTML = "articles/2025/11/0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a.html"
TRASHED_HTML = "articles/2025/11/0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b.html"
BODY_HTML = "articles/body/2025/11/0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c.html"
UPDATE_JS = "updates/2025/11/0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d.js"
PHOTO_JPG = "people/2025/0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e.jpg"
MISSING_HTML = "articles/2025/11/0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f.html"
SCRIPT = b"alert(document.domain)//"


@pytest.fixture(scope="module")
def historical_apps():
    """The models as the migration sees them (image fields are plain ImageFields)."""
    return MigrationLoader(None).project_state(("articles", MIGRATION)).apps


def png_bytes(size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def put(root, name, data):
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def files(root):
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def run(operation, historical_apps, capture, *, commit=True):
    with capture(execute=commit) as callbacks:
        operation(historical_apps, SimpleNamespace(connection=connection))
    return callbacks


def stored_as(model, pk, **fields):
    """Make the row `pk` name what an earlier release stored, bypassing today's checks."""
    model.objects.filter(pk=pk).update(**fields)
    return model.objects.get(pk=pk)


def renditions_of(name):
    return {"source": name, "focal": [0.5, 0.5], "specs": [], "sizes": {}}


def test_an_old_html_upload_that_is_a_png_is_renamed_png_everywhere(
    settings, editor, historical_apps, django_capture_on_commit_callbacks
):
    media = settings.MEDIA_ROOT
    put(media, HERO_HTML, png_bytes())
    put(media, TRASHED_HTML, png_bytes())
    article = ArticleFactory(slug="gulf-ports")
    article = stored_as(
        Article,
        article.pk,
        hero_image=HERO_HTML,
        hero_alt="Container cranes at dusk",
        hero_image_renditions=renditions_of(HERO_HTML),
    )
    Revision.objects.snapshot(article, editor, "Added the picture")
    trashed = ArticleFactory(slug="old-draft")
    trashed = stored_as(
        Article,
        trashed.pk,
        hero_image=TRASHED_HTML,
        hero_image_renditions=renditions_of(TRASHED_HTML),
    )
    TrashedItem.objects.trash(trashed, editor)

    run(check_images, historical_apps, django_capture_on_commit_callbacks)

    article.refresh_from_db()
    new_name = article.hero_image.name
    assert new_name.startswith("articles/2025/11/") and new_name.endswith(".png")
    assert article.hero_alt == "Container cranes at dusk"
    assert article.hero_image_renditions["source"] == new_name
    with Image.open(media / new_name) as image:
        assert (image.format, image.size) == ("PNG", (40, 30))
    (revision,) = Revision.objects.for_object(article)
    assert revision.data["fields"]["hero_image"] == new_name
    trash_fields = TrashedItem.objects.get().data["fields"]
    assert trash_fields["hero_image"].endswith(".png")
    assert trash_fields["hero_image_renditions"]["source"] == trash_fields["hero_image"]
    assert (media / trash_fields["hero_image"]).is_file()
    assert not any(name.endswith(".html") for name in files(media))


def test_an_image_in_an_articles_text_is_renamed_and_the_text_links_the_new_file(
    settings, editor, historical_apps, django_capture_on_commit_callbacks
):
    put(settings.MEDIA_ROOT, BODY_HTML, png_bytes())
    link = f'<p><img src="/media/{BODY_HTML}" alt="Port traffic, 2020–2025"></p>'
    article = ArticleFactory(slug="gulf-ports")
    article = stored_as(Article, article.pk, body=link)
    image = ArticleImage.objects.bulk_create(
        [ArticleImage(article=article, image=BODY_HTML, alt="Port traffic, 2020–2025")]
    )[0]
    Revision.objects.snapshot(article, editor, "Imported from Word")

    run(check_images, historical_apps, django_capture_on_commit_callbacks)

    image.refresh_from_db()
    article.refresh_from_db()
    assert image.image.name.endswith(".png")
    assert f'src="/media/{image.image.name}"' in article.body
    assert BODY_HTML not in article.body
    (revision,) = Revision.objects.for_object(article)
    assert revision.data["images"][0]["image"] == image.image.name
    assert image.image.name in revision.data["fields"]["body"]
    assert BODY_HTML not in str(revision.data)


def test_an_old_js_upload_that_is_no_image_is_removed_and_the_field_cleared(
    settings, historical_apps, django_capture_on_commit_callbacks, caplog
):
    put(settings.MEDIA_ROOT, UPDATE_JS, SCRIPT)
    update = UpdateFactory()
    update = stored_as(
        Update,
        update.pk,
        image=UPDATE_JS,
        image_alt="Our fellow at the hearing",
        image_width=640,
        image_height=480,
    )

    with caplog.at_level(logging.WARNING, logger="assets.legacy_uploads"):
        callbacks = run(
            check_images,
            historical_apps,
            django_capture_on_commit_callbacks,
            commit=False,
        )
    # Until the migration commits, a rolled-back upgrade still finds the file.
    assert UPDATE_JS in files(settings.MEDIA_ROOT)
    for callback in callbacks:
        callback()

    update.refresh_from_db()
    assert update.image.name == ""
    assert (update.image_width, update.image_height) == (None, None)
    assert update.image_alt == "Our fellow at the hearing"
    assert files(settings.MEDIA_ROOT) == set()
    assert f"articles.Update {update.pk}" in caplog.text and UPDATE_JS in caplog.text


def test_an_image_in_the_text_that_is_no_image_loses_its_row_and_leaves_the_trash(
    settings, editor, historical_apps, django_capture_on_commit_callbacks
):
    put(settings.MEDIA_ROOT, BODY_HTML, b"<script>" + SCRIPT + b"</script>")
    article = ArticleFactory(slug="gulf-ports")
    ArticleImage.objects.bulk_create([ArticleImage(article=article, image=BODY_HTML, alt="")])
    TrashedItem.objects.trash(article, editor)

    run(check_images, historical_apps, django_capture_on_commit_callbacks)

    assert TrashedItem.objects.get().data["images"] == []
    assert files(settings.MEDIA_ROOT) == set()


def test_a_valid_jpg_is_left_as_it_is(
    settings, historical_apps, django_capture_on_commit_callbacks
):
    photo = image_file().read()
    put(settings.MEDIA_ROOT, PHOTO_JPG, photo)
    person = stored_as(Person, PersonFactory().pk, photo=PHOTO_JPG)

    run(check_images, historical_apps, django_capture_on_commit_callbacks)

    person.refresh_from_db()
    assert person.photo.name == PHOTO_JPG
    assert (settings.MEDIA_ROOT / PHOTO_JPG).read_bytes() == photo
    assert files(settings.MEDIA_ROOT) == {PHOTO_JPG}


def test_a_missing_file_is_skipped(
    settings, editor, historical_apps, django_capture_on_commit_callbacks
):
    # A copy of production's database without its media.
    article = stored_as(
        Article, ArticleFactory().pk, hero_image=MISSING_HTML, hero_width=640, hero_height=480
    )
    Revision.objects.snapshot(article, editor, "Saved")

    run(check_images, historical_apps, django_capture_on_commit_callbacks)

    assert Article.objects.filter(pk=article.pk).values_list("hero_image", flat=True).get() == (
        MISSING_HTML
    )
    assert Revision.objects.get().data["fields"]["hero_image"] == MISSING_HTML


def test_a_file_nothing_names_is_removed_unless_named_as_an_image(
    settings, historical_apps, django_capture_on_commit_callbacks
):
    put(settings.MEDIA_ROOT, HERO_HTML, png_bytes())
    put(settings.MEDIA_ROOT, PHOTO_JPG, image_file().read())

    run(check_images, historical_apps, django_capture_on_commit_callbacks)

    assert files(settings.MEDIA_ROOT) == {PHOTO_JPG}


def test_a_kept_object_on_s3_gets_the_type_of_its_name_not_the_one_it_was_stored_with():
    storage = MediaS3Storage(
        bucket_name="thinktank-media",
        access_key="AKIAEXAMPLE",
        secret_key="example-secret",
        region_name="eu-west-1",
        location="media",
        object_parameters={"CacheControl": "public, max-age=31536000, immutable"},
    )
    key = f"media/{PHOTO_JPG}"
    with Stubber(storage.connection.meta.client) as s3:
        # An earlier release stored the type the uploader's browser claimed.
        s3.add_response(
            "head_object",
            {"ContentType": "text/html"},
            {"Bucket": "thinktank-media", "Key": key},
        )
        s3.add_response(
            "copy_object",
            {},
            {
                "Bucket": "thinktank-media",
                "Key": key,
                "CopySource": ANY,
                "MetadataDirective": "REPLACE",
                "ContentType": "image/jpeg",
                "CacheControl": "public, max-age=31536000, immutable",
            },
        )
        assert storage.set_stored_headers(PHOTO_JPG) is True
        s3.assert_no_pending_responses()

    with Stubber(storage.connection.meta.client) as s3:
        s3.add_response(
            "head_object",
            {"ContentType": "image/jpeg", "CacheControl": "public, max-age=31536000, immutable"},
            {"Bucket": "thinktank-media", "Key": key},
        )
        assert storage.set_stored_headers(PHOTO_JPG) is False  # nothing copied


def test_a_stored_report_pdf_that_fails_todays_checks_is_kept_and_logged(
    settings, historical_apps, caplog
):
    report = ArticleFactory(kind=Article.Kind.REPORT, slug="sahel-report", pdf=pdf_file())
    valid = ArticleFactory(kind=Article.Kind.REPORT, slug="valid-report", pdf=pdf_file())
    stored = settings.PRIVATE_MEDIA_ROOT / report.pdf.name
    # An earlier release accepted junk after %%EOF (the review's JavaScript polyglot).
    polyglot = stored.read_bytes() + b"*/" + SCRIPT
    stored.write_bytes(polyglot)

    with caplog.at_level(logging.WARNING, logger="assets.legacy_uploads"):
        check_reports(historical_apps, SimpleNamespace(connection=connection))

    assert f"Article {report.pk} (sahel-report)" in caplog.text
    assert "data added after the end of the PDF" in caplog.text
    assert "valid-report" not in caplog.text
    report.refresh_from_db()
    assert stored.read_bytes() == polyglot and report.pdf.name
    assert valid.pdf.name


def test_an_image_over_todays_limits_stays_when_named_as_an_image(
    settings, historical_apps, django_capture_on_commit_callbacks, caplog
):
    settings.MAX_IMAGE_PIXELS = 1_000  # lowered since these were uploaded
    put(settings.MEDIA_ROOT, PHOTO_JPG, image_file().read())
    put(settings.MEDIA_ROOT, HERO_HTML, png_bytes())
    person = stored_as(Person, PersonFactory().pk, photo=PHOTO_JPG)
    article = stored_as(Article, ArticleFactory().pk, hero_image=HERO_HTML)

    with caplog.at_level(logging.WARNING, logger="assets.legacy_uploads"):
        run(check_images, historical_apps, django_capture_on_commit_callbacks)

    # Served as the image it is named as, it does no harm; one named .html cannot be
    # re-encoded within the limits, so it goes.
    assert Person.objects.filter(pk=person.pk).values_list("photo", flat=True).get() == PHOTO_JPG
    assert Article.objects.filter(pk=article.pk).values_list("hero_image", flat=True).get() == ""
    assert files(settings.MEDIA_ROOT) == {PHOTO_JPG}
    assert f"Kept {PHOTO_JPG}" in caplog.text

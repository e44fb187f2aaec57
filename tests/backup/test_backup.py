"""backup_site and restore_site: the whole site out to one archive, and back into an empty database.

The round trip renders every kind of public page before the backup and after the
restore, and the bytes must be the same. Archives are untrusted input: damaged,
altered or malicious ones are refused with a clear message, and nothing is left
half-restored.
"""

import hashlib
import io
import json
import re
import shutil
import tarfile
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleAuthor, ArticleTopic, Update, UpdateTopic
from backup import moves
from people.models import Person, PersonExpertise, PersonLink
from taxonomy.models import Region, Topic
from tests.helpers.factories import (
    PASSWORD,
    ArticleFactory,
    PersonFactory,
    RegionFactory,
    TopicFactory,
    UpdateFactory,
    UserFactory,
    image_file,
    pdf_file,
)

LATEST_ARTICLES_MIGRATION = max(
    path.stem for path in (Path(__file__).parents[2] / "articles" / "migrations").glob("0*.py")
)

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture(autouse=True)
def _fresh_content_type_cache():
    """Emptying the site makes content types anew, under new ids; the rollback after each
    test brings the old ones back, but Django's cache of them would keep the new."""
    yield
    ContentType.objects.clear_cache()


# A site with something of everything ----------------------------------------------


@pytest.fixture
def site(editor, staff_user):
    """Articles with bylines, topics, regions and hero images; people with photos; updates."""
    maritime = TopicFactory(name="Maritime security", slug="maritime-security")
    energy = TopicFactory(name="Energy", slug="energy", description="Oil, gas and power.")
    gulf, sahel = RegionFactory(name="Gulf", slug="gulf"), RegionFactory(name="Sahel", slug="sahel")
    sarah = PersonFactory(
        name="Sarah Whitcombe",
        slug="sarah-whitcombe",
        photo=image_file("sarah.jpg", size=(300, 300)),
        photo_focal_y=30,
        media_email="press@example.org",
    )
    sarah.expertise.add(maritime, energy)
    PersonLink.objects.create(person=sarah, label="Google Scholar", url="https://example.org/s")
    farid = PersonFactory(name="Farid Qasim", slug="farid-qasim", photo=image_file("farid.png"))
    staffer = staff_user.person
    shipping = ArticleFactory(
        title="Red Sea shipping under fire",
        slug="red-sea-shipping",
        summary="Insurance is the battleground.",
        authors=[sarah, farid],
        topics=[maritime, energy],
        regions=[gulf],
        hero_image=image_file("tanker.jpg", size=(1600, 900)),
        hero_alt="A tanker at anchor",
        hero_focal_x=20,
        featured=True,
        # Microseconds matter: the sitemap prints them.
        published_at=timezone.now() - timedelta(days=3, microseconds=123457),
    )
    ArticleFactory(
        title="Gas after the pipeline",
        slug="gas-after-the-pipeline",
        kind=Article.Kind.REPORT,
        authors=[farid],
        topics=[energy],
        regions=[gulf, sahel],
        hero_image=image_file("pipeline.png", size=(800, 450), fmt="PNG"),
        hero_alt="A pipeline",
        pdf=pdf_file(pages=2),
    )
    ArticleFactory(title="Sahel outlook", slug="sahel-outlook", authors=[sarah], regions=[sahel])
    ArticleFactory(
        title="Unfinished draft",
        slug="unfinished-draft",
        kind=Article.Kind.REPORT,
        pdf=pdf_file(pages=5),
        draft=True,
        authors=[sarah],
    )
    ArticleFactory(title="Embargoed report", slug="embargoed-report", future=True)
    UpdateFactory(
        author=sarah, body="Spoke to the BBC about shipping insurance.", topics=[maritime]
    )
    posted = UpdateFactory(
        author=staffer,
        body="Our new report on gas is out.",
        link="https://example.org/gas",
        image=image_file("launch.jpg", size=(500, 300)),
        image_alt="The launch event",
        topics=[energy],
    )
    UpdateFactory(author=staffer, body="Tomorrow's news", future=True)
    reader_with_a_permission = UserFactory(username="auditor")
    reader_with_a_permission.user_permissions.add(Permission.objects.get(codename="view_article"))
    LogEntry.objects.create(
        user=editor,
        content_type=ContentType.objects.get_for_model(Article),
        object_id=str(shipping.pk),
        object_repr=shipping.title,
        action_flag=CHANGE,
        change_message="Changed title.",
    )
    return {
        "article": shipping,
        "topic": maritime,
        "region": gulf,
        "person": sarah,
        "update": posted,
    }


def public_urls(site):
    article, topic, region = site["article"], site["topic"], site["region"]
    person, update = site["person"], site["update"]
    return [
        "/",
        "/articles/",
        "/articles/?topic=energy&region=gulf",
        article.get_absolute_url(),
        "/articles/gas-after-the-pipeline/",
        "/articles/gas-after-the-pipeline/pdf/",
        "/articles/sahel-outlook/",
        f"{article.get_absolute_url()}cite.bib",
        "/topics/",
        topic.get_absolute_url(),
        "/regions/",
        region.get_absolute_url(),
        "/people/",
        person.get_absolute_url(),
        "/updates/",
        update.get_absolute_url(),
        "/search/?q=shipping",
        "/search/?q=gas&type=update",
        "/feeds/articles.rss",
        "/feeds/updates.atom",
        f"/feeds/topics/{topic.slug}.rss",
        f"/feeds/people/{person.slug}.atom",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/sitemap-people.xml",
        "/sitemap-updates.xml",
        "/robots.txt",
    ]


HIDDEN = [
    "/articles/unfinished-draft/",
    "/articles/unfinished-draft/pdf/",
    "/articles/embargoed-report/",
]


def render(urls):
    """Each page as an anonymous reader gets it, freshly rendered."""
    cache.clear()
    client, pages = Client(), {}
    for url in urls:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        pages[url] = (response.status_code, body)
    return pages


def rows():
    """The database's content, as comparable values (primary keys and timestamps included)."""
    models = [
        Article,
        ArticleAuthor,
        ArticleTopic,
        Region,
        Topic,
        Update,
        UpdateTopic,
        Person,
        PersonExpertise,
        PersonLink,
        User,
    ]
    content = {model._meta.label: list(model.objects.order_by("pk").values()) for model in models}
    content["groups"] = [
        (group.pk, group.name, sorted(group.permissions.values_list("codename", flat=True)))
        for group in Group.objects.order_by("pk")
    ]
    # Django's own join tables: their row ids mean nothing, the pairs are the content.
    content["article regions"] = sorted(
        Article.regions.through.objects.values_list("article", "region")
    )
    content["memberships"] = sorted(User.groups.through.objects.values_list("user", "group"))
    content["user permissions"] = sorted(
        User.user_permissions.through.objects.values_list("user", "permission__codename")
    )
    content["admin history"] = list(
        LogEntry.objects.order_by("pk").values_list(
            "pk", "action_time", "user", "content_type__model", "object_id", "change_message"
        )
    )
    return content


def media_files(settings):
    """Every uploaded file, public and private, by folder and name: {"media/…": bytes}."""
    roots = {"media": settings.MEDIA_ROOT, "private": settings.PRIVATE_MEDIA_ROOT}
    return {
        f"{folder}/{path.relative_to(root).as_posix()}": path.read_bytes()
        for folder, root in roots.items()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def empty_the_site(settings):
    """A new site: no content, no users, no media (what `migrate` on a new database makes)."""
    # PostgreSQL truncates no table while this test's transaction has foreign key checks pending.
    connection.check_constraints()
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    shutil.rmtree(settings.PRIVATE_MEDIA_ROOT, ignore_errors=True)
    cache.clear()


def backup(path):
    call_command("backup_site", str(path), stdout=io.StringIO())
    return path


def restore(path, *args):
    out = io.StringIO()
    call_command("restore_site", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


# The round trip ---------------------------------------------------------------------


def test_a_restored_site_renders_every_page_byte_for_byte_the_same(site, settings, tmp_path):
    settings.PAGE_CACHE_SECONDS = 0
    urls = public_urls(site) + HIDDEN
    pages, content, files = render(urls), rows(), media_files(settings)
    assert all(status == 200 for url, (status, _) in pages.items() if url not in HIDDEN)
    assert all(pages[url][0] == 404 for url in HIDDEN)
    assert any(name.startswith("media/renditions/") for name in files)
    # Both reports' PDFs, the draft's included, are in the private storage.
    assert len([name for name in files if name.startswith("private/reports/")]) == 2

    archive = backup(tmp_path / "site.tar.gz")
    empty_the_site(settings)
    assert Client().get(site["article"].get_absolute_url()).status_code == 404
    assert media_files(settings) == {}

    assert "Restored" in restore(archive)

    restored = render(urls)
    for url in urls:
        assert restored[url] == pages[url], url
    assert rows() == content
    assert media_files(settings) == files


def test_after_a_restore_people_log_in_and_new_posts_get_new_ids(site, settings, tmp_path):
    archive = backup(tmp_path / "site.tar.gz")
    empty_the_site(settings)
    restore(archive)

    editor = Client()
    response = editor.post(reverse("login"), {"username": "editor", "password": PASSWORD})
    assert response.status_code == 302
    assert editor.get("/admin/articles/article/").status_code == 200
    staff = Client()
    staff.post(reverse("login"), {"username": "staffer", "password": PASSWORD})
    response = staff.post(reverse("articles:update-create"), {"body": "Posted after the restore"})
    assert response.status_code == 302
    newest = Update.objects.get(body="Posted after the restore")
    assert newest.pk > site["update"].pk
    assert User.objects.get(username="auditor").has_perm("articles.view_article")


def test_restoring_retires_every_cached_page(site, settings, tmp_path):
    archive = backup(tmp_path / "site.tar.gz")
    empty_the_site(settings)
    reader = Client()
    reader.get("/")
    assert reader.get("/")["X-Cache"] == "hit"

    restore(archive)

    response = reader.get("/")
    assert response["X-Cache"] == "miss"
    assert site["article"].title in response.content.decode()


def test_a_database_with_content_is_refused_unless_flushed(site, settings, tmp_path):
    archive = backup(tmp_path / "site.tar.gz")
    ArticleFactory(title="Written after the backup", slug="after-the-backup")

    with pytest.raises(CommandError, match=r"already has content \(.*6 articles.*--flush"):
        restore(archive)
    assert Article.objects.filter(slug="after-the-backup").exists()

    restore(archive, "--flush")
    assert not Article.objects.filter(slug="after-the-backup").exists()
    assert Client().get(site["article"].get_absolute_url()).status_code == 200


def test_a_flushing_restore_logs_everyone_out(site, tmp_path):
    archive = backup(tmp_path / "site.tar.gz")
    editor = Client()
    editor.force_login(User.objects.get(username="editor"))
    assert editor.get("/admin/").status_code == 200

    restore(archive, "--flush")

    assert editor.get("/admin/").status_code == 302


def test_a_backup_never_replaces_a_file_and_names_its_format(site, tmp_path):
    existing = tmp_path / "site.tar.gz"
    existing.write_bytes(b"last night's backup")
    with pytest.raises(CommandError, match="already exists"):
        backup(existing)
    assert existing.read_bytes() == b"last night's backup"
    with pytest.raises(CommandError, match=r"\.tar\.gz"):
        backup(tmp_path / "site.zip")
    assert sorted(path.name for path in tmp_path.glob("*.*")) == ["site.tar.gz"]


def test_the_manifest_records_versions_migrations_counts_and_checksums(site, tmp_path):
    with tarfile.open(backup(tmp_path / "site.tar.gz")) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = tar.getnames()
    assert manifest["django_version"].startswith("6.")
    assert LATEST_ARTICLES_MIGRATION in manifest["migrations"]["articles"]
    assert manifest["counts"]["articles.article"] == 5
    assert manifest["counts"]["auth.user"] == 3
    assert "sessions.session" not in manifest["counts"]
    assert "auth.permission" not in manifest["counts"]
    entry = next(e for e in manifest["data"] if e["model"] == "articles.article")
    assert entry["file"] == "data/articles.article.jsonl" and len(entry["sha256"]) == 64
    assert names == [e["file"] for e in manifest["data"] + manifest["media"]] + ["manifest.json"]
    assert f"media/{site['article'].hero_image.name}" in names
    draft = Article.objects.get(slug="unfinished-draft")
    assert f"private/{draft.pdf.name}" in names
    assert f"media/{draft.pdf.name}" not in names


# Damaged, altered and malicious archives --------------------------------------------


@pytest.fixture
def archive(site, settings, tmp_path):
    """A good archive of the site, and the site emptied, ready for a restore."""
    (tmp_path / "backups").mkdir()
    path = backup(tmp_path / "backups" / "site.tar.gz")
    empty_the_site(settings)
    return path


def members(path):
    with tarfile.open(path) as tar:
        return [(info, tar.extractfile(info).read() if info.isreg() else b"") for info in tar]


def write(path, entries):
    with tarfile.open(path, "w:gz") as tar:
        for info, data in entries:
            info.size = len(data) if info.isreg() else 0
            tar.addfile(info, io.BytesIO(data) if info.isreg() else None)
    return path


def altered(archive, change):
    """A copy of `archive` whose members `change(name, data)` may rewrite; manifest untouched."""
    return write(
        archive.with_name("altered.tar.gz"),
        [(info, change(info.name, data)) for info, data in members(archive)],
    )


def forged(archive, name, data):
    """A copy of `archive` with member `name` replaced, and the manifest forged to match it."""
    *entries, (manifest_info, manifest_bytes) = members(archive)
    manifest = json.loads(manifest_bytes)
    for entry in manifest["data"] + manifest["media"]:
        if entry["file"] == name:
            entry |= {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    return write(
        archive.with_name("forged.tar.gz"),
        [
            *((info, data if info.name == name else original) for info, original in entries),
            (manifest_info, json.dumps(manifest).encode()),
        ],
    )


def with_extra(archive, info, data=b"", listed=True):
    """A copy of `archive` with one more member, listed in its manifest unless told not to."""
    *entries, (manifest_info, manifest_bytes) = members(archive)
    manifest = json.loads(manifest_bytes)
    if listed:
        manifest["media"].append(
            {"file": info.name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        )
    return write(
        archive.with_name("extra.tar.gz"),
        [*entries, (info, data), (manifest_info, json.dumps(manifest).encode())],
    )


def assert_nothing_restored(settings):
    assert not Article.objects.exists()
    assert not User.objects.exists()
    assert media_files(settings) == {}


def test_an_altered_row_fails_its_checksum(archive, settings):
    tampered = altered(
        archive,
        lambda name, data: (
            data.replace(b"Red Sea", b"Red Sky") if "article.jsonl" in name else data
        ),
    )
    with pytest.raises(CommandError, match=r"Checksum mismatch for data/articles\.article\.jsonl"):
        restore(tampered)
    assert_nothing_restored(settings)


def test_an_altered_media_file_fails_its_checksum(archive, settings):
    tampered = altered(
        archive,
        lambda name, data: data[:-1] + b"!" if name.startswith("media/articles/") else data,
    )
    with pytest.raises(CommandError, match=r"Checksum mismatch for media/articles/"):
        restore(tampered)
    assert_nothing_restored(settings)


@pytest.mark.parametrize(
    "name",
    ["media/../../escaped.txt", "../escaped.txt", "/tmp/escaped.txt", "media/./escaped.txt"],
)
def test_a_path_outside_the_archive_is_refused(archive, settings, name):
    with pytest.raises(CommandError, match=re.escape(f"holds '{name}', a path outside")):
        restore(with_extra(archive, tarfile.TarInfo(name), b"overwritten"))
    assert_nothing_restored(settings)
    for landing in (settings.MEDIA_ROOT / name.removeprefix("media/"), Path(name)):
        assert not landing.resolve().exists()


@pytest.mark.parametrize("kind", [tarfile.SYMTYPE, tarfile.LNKTYPE])
def test_links_in_an_archive_are_refused(archive, settings, kind):
    link = tarfile.TarInfo("media/articles/passwords.txt")
    link.type, link.linkname = kind, "/etc/passwd"
    with pytest.raises(CommandError, match="which is a link"):
        restore(with_extra(archive, link))
    assert_nothing_restored(settings)


def test_a_file_the_manifest_does_not_list_is_refused(archive, settings):
    extra = with_extra(archive, tarfile.TarInfo("media/unlisted.jpg"), b"x", listed=False)
    with pytest.raises(CommandError, match="does not match its manifest; not listed: media/unl"):
        restore(extra)
    assert_nothing_restored(settings)


def test_a_row_smuggled_into_another_models_file_is_refused(archive, settings):
    """A superuser among the regions, its checksum forged to match."""
    superuser = {
        "model": "auth.user",
        "pk": 99,
        "fields": {"username": "intruder", "password": "!", "is_superuser": True},
    }
    regions = next(data for info, data in members(archive) if info.name.endswith("region.jsonl"))
    smuggled = regions + json.dumps(superuser).encode() + b"\n"

    with pytest.raises(CommandError, match=r"holds a row of auth\.user: refusing it"):
        restore(forged(archive, "data/taxonomy.region.jsonl", smuggled))
    assert_nothing_restored(settings)


@pytest.mark.parametrize(
    "damage",
    [lambda data: b"not an archive at all", lambda data: data[: len(data) // 2]],
    ids=["not-gzip", "truncated"],
)
def test_a_damaged_or_cut_short_archive_is_refused(archive, settings, damage):
    archive.write_bytes(damage(archive.read_bytes()))
    with pytest.raises(CommandError, match="incomplete or damaged"):
        restore(archive)
    assert_nothing_restored(settings)


def test_an_archive_from_another_migration_state_is_refused(archive, settings):
    MigrationRecorder(connection).record_applied("articles", "0099_from_the_future")
    with pytest.raises(
        CommandError,
        match=rf"different migration state.*articles: archive at {LATEST_ARTICLES_MIGRATION}, "
        r"database at 0099_from_the_future",
    ):
        restore(archive)
    assert_nothing_restored(settings)


def test_a_restore_failing_half_way_leaves_no_rows_and_no_files(archive, settings):
    real_save = FileSystemStorage.save
    saved = []

    def save_then_fail(self, name, content, **kwargs):
        saved.append(real_save(self, name, content, **kwargs))
        if len(saved) == 3:
            raise OSError("No space left on device")
        return saved[-1]

    with (
        mock.patch.object(FileSystemStorage, "save", save_then_fail),
        pytest.raises(OSError, match="No space left"),
    ):
        restore(archive)

    assert len(saved) == 3  # every row and three files were written before the fault
    assert_nothing_restored(settings)


# Archives of earlier releases ------------------------------------------------------


def as_before_topics_moved(archive):
    """`archive` as the release before topics and regions moved to taxonomy wrote it."""
    *entries, (manifest_info, manifest_bytes) = members(archive)
    manifest = json.loads(manifest_bytes)
    for app, names in moves.MOVES[0][0].items():
        left = [name for name in manifest["migrations"].pop(app) if name not in names]
        if left:
            manifest["migrations"][app] = left

    def old(text):  # labels in file names and rows, natural keys in rows
        text = re.sub(r"\btaxonomy\.(topic|region)\b", r"articles.\1", text)
        return re.sub(r'"taxonomy",(\s*)"(topic|region)"', r'"articles",\1"\2"', text)

    written = []
    for info, data in entries:
        if info.name.startswith("data/"):
            info.name, data = old(info.name), old(data.decode()).encode()
        written.append((info, data))
    sizes = {info.name: data for info, data in written}
    for entry in manifest["data"]:
        entry["file"], entry["model"] = old(entry["file"]), old(entry["model"])
        data = sizes[entry["file"]]
        entry |= {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    manifest_data = json.dumps(manifest).encode()
    return write(archive.with_name("old.tar.gz"), [*written, (manifest_info, manifest_data)])


def test_an_archive_made_before_topics_moved_to_taxonomy_restores(site, settings, tmp_path):
    settings.PAGE_CACHE_SECONDS = 0
    User.objects.get(username="auditor").user_permissions.add(
        Permission.objects.get(codename="view_region")
    )
    LogEntry.objects.create(
        user=User.objects.get(username="editor"),
        content_type=ContentType.objects.get_for_model(Topic),
        object_id=str(site["topic"].pk),
        object_repr=site["topic"].name,
        action_flag=CHANGE,
        change_message="Changed description.",
    )
    urls = public_urls(site)
    pages, content = render(urls), rows()
    old = as_before_topics_moved(backup(tmp_path / "site.tar.gz"))
    old_rows = {info.name: data for info, data in members(old)}["data/articles.topic.jsonl"]
    assert b'"model": "articles.topic"' in old_rows
    assert b'"taxonomy"' not in b"".join(data for info, data in members(old))
    empty_the_site(settings)

    assert "Restored" in restore(old)

    assert rows() == content
    assert render(urls) == pages
    auditor = User.objects.get(username="auditor")
    assert auditor.has_perm("taxonomy.view_region")
    assert LogEntry.objects.get(object_repr=site["topic"].name).get_edited_object() == site["topic"]

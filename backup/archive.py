"""Backup and restore of the whole site: every database row that is content, and every upload.

`back_up(path)` writes one `.tar.gz` archive:

    data/<app>.<model>.jsonl   one file per model, a row per line (Django's serialization)
    media/<name>               every file in the media storage, under its storage name
    private/<name>             every file in the private storage of report PDFs
    manifest.json              written last: versions, migration state, and for every
                               file its size, SHA-256 and (for data) its row count

Rows keep their primary keys, so every address (/updates/42/) and every link
between rows survive. Content types and permissions are not archived: `migrate`
makes them on every database, under ids of its own, so archived rows name them by
natural key. Sessions are not archived either: people log in again.

`restore(path)` loads an archive into an empty, migrated database. The archive is
untrusted input: every member must be a plain file under a safe relative name,
listed in the manifest with a matching checksum, before anything is written.
The rows load in one transaction; files are written through their storages (the
local disk or S3) inside it, and deleted again if the restore fails.
"""

import datetime
import gzip
import hashlib
import json
import posixpath
import tarfile
import tempfile
import zlib
from collections import defaultdict
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.files import File
from django.core.files.storage import storages
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.jsonl import Serializer as JSONLSerializer
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, router, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Prefetch
from django.utils import timezone

from thinktank.cache import one_content_change

FORMAT = "thinktank-site-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA_DIR = "data/"
MEDIA_DIR = "media/"
# The archive's folder for each storage's files ("media" in the manifest lists them all).
STORAGE_DIRS = {MEDIA_DIR: "default", "private/": "documents"}
ARCHIVE_SUFFIXES = (".tar.gz", ".tgz")

# Made by `migrate` on every database (under ids of their own): archived rows
# refer to them by natural key instead.
MADE_BY_MIGRATE = {"contenttypes.contenttype", "auth.permission"}
NOT_ARCHIVED = MADE_BY_MIGRATE | {"sessions.session"}
# A new database already has these rows (a migration creates the Editors and Staff
# groups); a restore replaces them with the archive's, so they do not count as content.
SEEDED_BY_MIGRATIONS = {"auth.group"}

ROWS_PER_QUERY = 1000
CHUNK = 1024 * 1024
MEDIA_IN_MEMORY = 8 * 1024 * 1024  # larger media files spool to a temporary file
MAX_MANIFEST_BYTES = 64 * 1024 * 1024


class BackupError(Exception):
    """Something the person running the command must know; the message says what to do."""


# Which rows -------------------------------------------------------------------------


def archived_models(using=DEFAULT_DB_ALIAS):
    """Every model whose rows are the site's content, in an order that loads cleanly."""
    chosen = [
        model
        for model in apps.get_models()
        if model._meta.label_lower not in NOT_ARCHIVED
        and model._meta.managed
        and not model._meta.proxy
        and router.allow_migrate_model(using, model)
    ]
    return _referenced_first(chosen)


def _referenced_first(models):
    """`models`, each after the models its foreign keys and many-to-many fields point to."""
    chosen, ordered, seen = set(models), [], set()

    def visit(model):
        if model in seen:
            return
        seen.add(model)
        for field in [*model._meta.fields, *model._meta.many_to_many]:
            if field.related_model in chosen and field.related_model is not model:
                visit(field.related_model)
        ordered.append(model)

    for model in models:
        visit(model)
    return ordered


def _m2m_tables(model):
    """The join tables Django made for `model`'s plain many-to-many fields."""
    return [
        field.remote_field.through
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    ]


def applied_migrations(connection):
    applied = defaultdict(list)
    for app_label, name in MigrationRecorder(connection).applied_migrations():
        applied[app_label].append(name)
    return {app_label: sorted(names) for app_label, names in sorted(applied.items())}


# Writing an archive -----------------------------------------------------------------


class _ExactEncoder(DjangoJSONEncoder):
    """Times to the microsecond: Django's encoder cuts them to milliseconds."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class _Serializer(JSONLSerializer):
    """JSON Lines with primary keys, and natural keys only for what `migrate` makes."""

    def _model_supports_natural_key(self, model):
        return model._meta.label_lower in MADE_BY_MIGRATE


def _rows(model, using):
    """Every row of `model` by primary key, a page of rows per query (memory stays flat)."""
    queryset = model._base_manager.using(using).order_by("pk")
    by_natural_key = [
        field.name
        for field in model._meta.fields
        if field.related_model and field.related_model._meta.label_lower in MADE_BY_MIGRATE
    ]
    if by_natural_key:
        queryset = queryset.select_related(*by_natural_key)
    m2m = [field for field in model._meta.local_many_to_many if field.serialize]
    m2m = [field for field in m2m if field.remote_field.through._meta.auto_created]
    if m2m:
        queryset = queryset.prefetch_related(*(_m2m_prefetch(field) for field in m2m))
    last = None
    while True:
        page = list((queryset if last is None else queryset.filter(pk__gt=last))[:ROWS_PER_QUERY])
        yield from page
        if len(page) < ROWS_PER_QUERY:
            return
        last = page[-1].pk


def _m2m_prefetch(field):
    target = field.related_model
    if target._meta.label_lower == "auth.permission":  # named by natural key
        return Prefetch(field.name, target._base_manager.select_related("content_type"))
    return Prefetch(field.name, target._base_manager.only("pk"))


class _Snapshot:
    """One consistent view of the database for the whole dump, without blocking writers.

    PostgreSQL: a repeatable-read, read-only transaction. SQLite (WAL): a deferred
    transaction, which reads one snapshot but takes no write lock, unlike the
    IMMEDIATE transactions the site's settings ask for.
    """

    def __init__(self, connection):
        self.connection = connection
        self.atomic = transaction.atomic(using=connection.alias)
        self.mode = None

    def __enter__(self):
        connection = self.connection
        outermost = not connection.in_atomic_block
        if outermost and connection.vendor == "sqlite":
            connection.ensure_connection()
            self.mode, connection.transaction_mode = connection.transaction_mode, "DEFERRED"
        self.atomic.__enter__()
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        return self

    def __exit__(self, *exc_info):
        try:
            return self.atomic.__exit__(*exc_info)
        finally:
            if self.mode is not None:
                self.connection.transaction_mode = self.mode


def back_up(path, *, using=DEFAULT_DB_ALIAS, log=print):
    """Write the site to a new archive at `path`; return its manifest."""
    path = Path(path)
    if not path.name.endswith(ARCHIVE_SUFFIXES):
        raise BackupError(f"Name the archive …{ARCHIVE_SUFFIXES[0]} (it is a gzipped tar file).")
    if path.exists():
        raise BackupError(f"{path} already exists; choose a new name, backups are never replaced.")
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist.")
    connection = connections[using]
    created_at = timezone.now()
    partial = path.with_name(f".{path.name}.partial")
    try:
        with (
            tempfile.TemporaryDirectory() as scratch,
            tarfile.open(partial, "w:gz", compresslevel=6) as tar,
        ):
            with _Snapshot(connection):
                migrations = applied_migrations(connection)
                data = [
                    _add_model(tar, model, using, Path(scratch), created_at)
                    for model in archived_models(using)
                ]
            media = [
                entry
                for folder, alias in STORAGE_DIRS.items()
                for entry in _add_media(tar, storages[alias], folder, created_at, log)
            ]
            manifest = {
                "format": FORMAT,
                "version": FORMAT_VERSION,
                "created_at": created_at.isoformat(),
                "site_name": settings.SITE_NAME,
                "django_version": django.get_version(),
                "database": connection.vendor,
                "migrations": migrations,
                "counts": {entry["model"]: entry["objects"] for entry in data},
                "data": data,
                "media": media,
            }
            encoded = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            _add_stream(tar, MANIFEST, _Reader(_BytesReader(encoded)), len(encoded), created_at)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return manifest


def _add_model(tar, model, using, scratch, created_at):
    label = model._meta.label_lower
    rows = _Counter(_rows(model, using))
    dump = scratch / f"{label}.jsonl"
    with dump.open("w", encoding="utf-8") as stream:
        _Serializer().serialize(
            rows, stream=stream, use_natural_foreign_keys=True, cls=_ExactEncoder
        )
    name = f"{DATA_DIR}{label}.jsonl"
    with dump.open("rb") as raw:
        entry = _add_stream(tar, name, _Reader(raw), dump.stat().st_size, created_at)
    dump.unlink()
    return {"model": label, "objects": rows.count, **entry}


def _add_media(tar, storage, folder, created_at, log):
    for name in _storage_files(storage):
        try:
            size = storage.size(name)
            raw = storage.open(name, "rb")
        except FileNotFoundError:
            log(f"Skipped {name}: deleted while the backup ran.")
            continue
        with raw:
            yield _add_stream(tar, folder + name, _Reader(raw), size, created_at)


def _storage_files(storage, folder=""):
    """Every file name in `storage`, folders walked depth first, in a stable order."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # no upload yet: the media folder was never made
        return
    for name in sorted(files):
        yield posixpath.join(folder, name) if folder else name
    for name in sorted(folders):
        yield from _storage_files(storage, posixpath.join(folder, name) if folder else name)


def _add_stream(tar, name, reader, size, created_at):
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = size, 0o644, int(created_at.timestamp())
    tar.addfile(info, reader)
    return {"file": name, "bytes": size, "sha256": reader.sha256.hexdigest()}


class _Counter:
    def __init__(self, iterable):
        self.iterable, self.count = iterable, 0

    def __iter__(self):
        for item in self.iterable:
            self.count += 1
            yield item


class _BytesReader:
    def __init__(self, data):
        self.data, self.offset = data, 0

    def read(self, size=-1):
        end = len(self.data) if size is None or size < 0 else self.offset + size
        chunk = self.data[self.offset : end]
        self.offset += len(chunk)
        return chunk


class _Reader:
    """Reads through `raw`, keeping a SHA-256 and a count of what went past."""

    def __init__(self, raw):
        self.raw, self.sha256, self.bytes = raw, hashlib.sha256(), 0

    def read(self, size=-1):
        chunk = self.raw.read(size)
        self._saw(chunk)
        return chunk

    def __iter__(self):
        for line in self.raw:
            self._saw(line)
            yield line

    def _saw(self, chunk):
        self.sha256.update(chunk)
        self.bytes += len(chunk)


# Reading an archive -----------------------------------------------------------------


def _is_safe_name(name):
    """A plain relative path: no absolute path, no `..`, nothing a file system reads twice."""
    if not name or name.startswith("/") or "\\" in name or "\x00" in name:
        return False
    return all(part not in {"", ".", ".."} for part in name.split("/"))


def _members(tar, path):
    """The archive's members, refusing anything but plain files under safe names."""
    seen = set()
    for member in tar:
        if not _is_safe_name(member.name):
            raise BackupError(
                f"{path} holds {member.name!r}, a path outside the archive's folders: refusing "
                "the archive (it was not made by backup_site, or was altered)."
            )
        if not member.isreg():
            kind = "a link" if member.issym() or member.islnk() else "not a plain file"
            raise BackupError(
                f"{path} holds {member.name!r}, which is {kind}: refusing the archive "
                "(backup_site archives hold plain files only)."
            )
        if member.name in seen:
            raise BackupError(f"{path} holds {member.name!r} twice: refusing the archive.")
        if member.name != MANIFEST and not member.name.startswith((DATA_DIR, *STORAGE_DIRS)):
            raise BackupError(f"{path} holds {member.name!r}, which no backup has: refusing it.")
        seen.add(member.name)
        yield member, tar.extractfile(member)


class _ArchiveReading:
    """Opens the archive as a stream; a damaged file becomes a BackupError that says so."""

    UNREADABLE = (tarfile.TarError, EOFError, zlib.error, OSError)
    # Raised while reading members; other OSErrors (a full disk) are not the archive's fault.
    DAMAGED = (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile)

    def __init__(self, path):
        self.path = Path(path)

    def __enter__(self):
        if not self.path.is_file():
            raise BackupError(f"There is no archive at {self.path}.")
        try:
            self.tar = tarfile.open(self.path, "r|gz")
        except self.UNREADABLE as error:
            raise self._unreadable(error) from error
        return self.tar

    def __exit__(self, kind, error, traceback):
        self.tar.close()
        if kind is not None and issubclass(kind, self.DAMAGED):
            raise self._unreadable(error) from error
        return False

    def _unreadable(self, error):
        return BackupError(
            f"{self.path} is not a readable backup archive: it is incomplete or damaged "
            f"({error or type(error).__name__})."
        )


def read_manifest(path):
    """Check the whole archive against its manifest; return the manifest.

    Reads every byte once: each member must be listed, and match its size and
    checksum, before a restore writes anything.
    """
    found, order, manifest_bytes = {}, [], None
    with _ArchiveReading(path) as tar:
        for member, stream in _members(tar, path):
            if member.name == MANIFEST:
                if member.size > MAX_MANIFEST_BYTES:
                    raise BackupError(f"{path} has an implausibly large manifest: refusing it.")
                manifest_bytes = stream.read()
                continue
            reader = _Reader(stream)
            while reader.read(CHUNK):
                pass
            found[member.name] = (reader.bytes, reader.sha256.hexdigest())
            order.append(member.name)
    if manifest_bytes is None:
        raise BackupError(
            f"{path} has no {MANIFEST}: it is incomplete or damaged, or was not made by "
            "backup_site."
        )
    manifest = _parse_manifest(manifest_bytes, path)
    listed = [entry["file"] for entry in (*manifest["data"], *manifest["media"])]
    if order != listed:
        missing, extra = sorted(set(listed) - set(order)), sorted(set(order) - set(listed))
        raise BackupError(
            f"{path} does not match its manifest"
            + (f"; missing: {', '.join(missing[:5])}" if missing else "")
            + (f"; not listed: {', '.join(extra[:5])}" if extra else "")
            + ("; files out of order" if not missing and not extra else "")
            + ". The archive is incomplete or was altered."
        )
    for entry in (*manifest["data"], *manifest["media"]):
        if found[entry["file"]] != (entry["bytes"], entry["sha256"]):
            raise BackupError(
                f"Checksum mismatch for {entry['file']} in {path}: the archive is damaged or "
                "was altered. Nothing was restored."
            )
    return manifest


def _parse_manifest(raw, path):
    try:
        manifest = json.loads(raw)
    except ValueError as error:
        raise BackupError(f"{path} has an unreadable {MANIFEST} ({error}).") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not an archive made by backup_site.")
    if manifest.get("version") != FORMAT_VERSION:
        raise BackupError(
            f"{path} is a version {manifest.get('version')!r} archive; this site reads "
            f"version {FORMAT_VERSION} only."
        )
    try:
        _check_entries(manifest)
    except (KeyError, TypeError, ValueError) as error:
        raise BackupError(f"{path} has a malformed {MANIFEST} ({error!r}).") from error
    return manifest


def _check_entries(manifest):
    for key in ("created_at", "django_version"):
        if not isinstance(manifest[key], str):
            raise TypeError(key)
    migrations, data, media = manifest["migrations"], manifest["data"], manifest["media"]
    if (
        not isinstance(migrations, dict)
        or not isinstance(data, list)
        or not isinstance(media, list)
    ):
        raise TypeError("migrations, data and media")
    for names in migrations.values():
        if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
            raise TypeError("migration names")
    for entry in (*data, *media):
        file, size, digest = entry["file"], entry["bytes"], entry["sha256"]
        if not (isinstance(file, str) and _is_safe_name(file)):
            raise ValueError(f"unsafe file name {file!r}")
        if not isinstance(size, int) or size < 0:
            raise ValueError(f"size of {file}")
        if not (isinstance(digest, str) and len(digest) == 64):
            raise ValueError(f"checksum of {file}")
    for entry in data:
        if entry["file"] != f"{DATA_DIR}{entry['model']}.jsonl" or not isinstance(
            entry["objects"], int
        ):
            raise ValueError(f"data entry {entry['file']}")
    for entry in media:
        if not entry["file"].startswith(tuple(STORAGE_DIRS)) or entry["file"] in STORAGE_DIRS:
            raise ValueError(f"media entry {entry['file']}")


# Restoring --------------------------------------------------------------------------


def existing_content(using=DEFAULT_DB_ALIAS):
    """What the database holds that a restore would replace: {plural name: count}."""
    found = {}
    for model in archived_models(using):
        if model._meta.label_lower in SEEDED_BY_MIGRATIONS:
            continue
        if count := model._base_manager.using(using).count():
            found[str(model._meta.verbose_name_plural)] = count
    return found


def check_migrations(manifest, connection):
    """The database must be migrated exactly as the site the archive came from was."""
    here, there = applied_migrations(connection), manifest["migrations"]
    if here == there:
        return
    differences = []
    for app_label in sorted(set(here) | set(there)):
        ours, theirs = set(here.get(app_label, [])), set(there.get(app_label, []))
        if ours != theirs:
            differences.append(
                f"{app_label}: archive at {max(theirs, default='nothing')}, "
                f"database at {max(ours, default='nothing')}"
            )
    raise BackupError(
        "The archive was made at a different migration state than this database's ("
        + "; ".join(differences[:6])
        + (f"; and {len(differences) - 6} more apps" if len(differences) > 6 else "")
        + "). Restore with the code release that made the archive, into a database "
        "migrated by it, then upgrade as usual."
    )


def restore(path, *, flush=False, using=DEFAULT_DB_ALIAS, log=print):
    """Load the archive at `path` into the database and file storages; return its manifest."""
    connection = connections[using]
    manifest = read_manifest(path)
    check_migrations(manifest, connection)
    models = archived_models(using)
    ours = {model._meta.label_lower for model in models}
    theirs = {entry["model"] for entry in manifest["data"]}
    if ours != theirs:
        raise BackupError(
            "The archive's tables are not this site's (differing: "
            f"{', '.join(sorted(theirs ^ ours))})."
        )
    if manifest["django_version"] != django.get_version():
        log(
            f"Note: the archive was made with Django {manifest['django_version']}, "
            f"this site runs {django.get_version()}."
        )
    if (found := existing_content(using)) and not flush:
        listed = ", ".join(f"{count} {name}" for name, count in found.items())
        raise BackupError(
            f"The database already has content ({listed}). restore_site fills an empty "
            "database (one just made with `manage.py migrate`); to replace this content "
            "with the archive's, run it again with --flush."
        )

    written = []
    try:
        with transaction.atomic(using=using), one_content_change():
            _empty(connection, models, sessions=flush)
            _load(path, manifest, connection, models, written)
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise
    return manifest


def _empty(connection, models, *, sessions):
    """Delete every archived row (and sessions, when replacing a site's content)."""
    tables = [model._meta.db_table for model in models]
    tables += [through._meta.db_table for model in models for through in _m2m_tables(model)]
    if sessions and apps.is_installed("django.contrib.sessions"):
        tables.append(apps.get_model("sessions", "Session")._meta.db_table)
    # PostgreSQL empties no table with foreign key checks still pending in the transaction.
    connection.check_constraints()
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables))


def _load(path, manifest, connection, models, written):
    entries = {entry["file"]: entry for entry in (*manifest["data"], *manifest["media"])}
    deferred, rows_done = [], False
    with _ArchiveReading(path) as tar, connection.constraint_checks_disabled():
        for member, stream in _members(tar, path):
            entry = entries.get(member.name)
            if entry is None:  # the manifest, or a member read_manifest did not see
                if member.name == MANIFEST:
                    continue
                raise BackupError(f"{path} changed while it was being restored.")
            reader = _Reader(stream)
            if member.name.startswith(DATA_DIR):
                deferred += _load_rows(entry, reader, connection.alias)
                _check_read(entry, reader, path)
            else:
                if not rows_done:
                    _finish_rows(connection, models, deferred)
                    rows_done = True
                _restore_file(entry, reader, path, written)
    if not rows_done:
        _finish_rows(connection, models, deferred)


def _load_rows(entry, reader, using):
    lines = (line.decode("utf-8") for line in reader)
    deferred, count = [], 0
    try:
        for row in serializers.deserialize(
            "jsonl", lines, using=using, handle_forward_references=True
        ):
            if row.object._meta.label_lower != entry["model"]:
                raise BackupError(
                    f"{entry['file']} holds a row of {row.object._meta.label_lower}: refusing it."
                )
            row.save(using=using, force_insert=True)
            if row.deferred_fields:
                deferred.append(row)
            count += 1
    except (serializers.base.DeserializationError, DatabaseError, UnicodeDecodeError) as error:
        raise BackupError(f"Could not load {entry['file']}: {error}") from error
    if count != entry["objects"]:
        raise BackupError(
            f"{entry['file']} holds {count} rows, its manifest says {entry['objects']}."
        )
    return deferred


def _finish_rows(connection, models, deferred):
    try:
        for row in deferred:
            row.save_deferred_fields(using=connection.alias)
    except (serializers.base.DeserializationError, DatabaseError) as error:
        raise BackupError(f"Could not load the archive's rows: {error}") from error
    all_models = [*models, *(through for model in models for through in _m2m_tables(model))]
    try:
        connection.check_constraints(table_names=[model._meta.db_table for model in all_models])
    except DatabaseError as error:
        raise BackupError(f"The archive's rows do not fit together: {error}") from error
    # New rows must not reuse the restored ids (PostgreSQL's sequences start afresh).
    statements = connection.ops.sequence_reset_sql(no_style(), all_models)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _restore_file(entry, reader, path, written):
    """Write one file into its storage under its own name, once its bytes match the manifest."""
    folder = next(folder for folder in STORAGE_DIRS if entry["file"].startswith(folder))
    storage, name = storages[STORAGE_DIRS[folder]], entry["file"].removeprefix(folder)
    with tempfile.SpooledTemporaryFile(max_size=MEDIA_IN_MEMORY) as copy:
        while chunk := reader.read(CHUNK):
            copy.write(chunk)
        _check_read(entry, reader, path)
        copy.seek(0)
        if storage.exists(name):
            storage.delete(name)
        written.append((storage, name))  # before saving: a failed save may leave part of it
        saved = storage.save(name, File(copy, name=name))
    if saved != name:
        written.append((storage, saved))
        raise BackupError(f"The storage saved {name} as {saved}; the site would not find it.")


def _check_read(entry, reader, path):
    while reader.read(CHUNK):  # whatever a loader left unread still counts
        pass
    if (reader.bytes, reader.sha256.hexdigest()) != (entry["bytes"], entry["sha256"]):
        raise BackupError(
            f"Checksum mismatch for {entry['file']} in {path}: the archive changed while it "
            "was being restored. Nothing was restored."
        )

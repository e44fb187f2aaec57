"""Writing a backup archive of the whole site (`manage.py backup_site`)."""

import datetime
import json
import posixpath
import tarfile
import tempfile
from pathlib import Path

import django
from django.conf import settings
from django.core.files.storage import storages
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.jsonl import Serializer as JSONLSerializer
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Prefetch
from django.utils import timezone

from .archive import (
    ARCHIVE_SUFFIXES,
    DATA_DIR,
    FORMAT,
    FORMAT_VERSION,
    MADE_BY_MIGRATE,
    MANIFEST,
    STORAGE_DIRS,
    BackupError,
    ChecksumReader,
    applied_migrations,
    archived_models,
)

ROWS_PER_QUERY = 1000


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
            _add_stream(
                tar, MANIFEST, ChecksumReader(_BytesReader(encoded)), len(encoded), created_at
            )
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
        entry = _add_stream(tar, name, ChecksumReader(raw), dump.stat().st_size, created_at)
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
            yield _add_stream(tar, folder + name, ChecksumReader(raw), size, created_at)


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

"""The backup archive: its format, which rows it holds, and checking one before a restore.

Writing an archive is in `backup.dump`, loading one in `backup.restore`; both share
what is here.
"""

import gzip
import hashlib
import json
import tarfile
import zlib
from collections import defaultdict
from pathlib import Path

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, router
from django.db.migrations.recorder import MigrationRecorder

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
# The task queue is work in flight, not content: restored, it would send old emails again.
TASK_QUEUE = {
    "django_tasks_database.dbtaskresult",
    "tasks.lease",
    "tasks.scheduledjob",
    "tasks.schedulerlock",
}
NOT_ARCHIVED = MADE_BY_MIGRATE | {"sessions.session"} | TASK_QUEUE

CHUNK = 1024 * 1024
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


def m2m_tables(model):
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


# Checksums as the bytes go past -----------------------------------------------------


class ChecksumReader:
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


def members(tar, path):
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


class ArchiveReading:
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
    with ArchiveReading(path) as tar:
        for member, stream in members(tar, path):
            if member.name == MANIFEST:
                if member.size > MAX_MANIFEST_BYTES:
                    raise BackupError(f"{path} has an implausibly large manifest: refusing it.")
                manifest_bytes = stream.read()
                continue
            reader = ChecksumReader(stream)
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

"""Loading a backup archive into an empty database and the file storages (`restore_site`)."""

import tempfile

import django
from django.apps import apps
from django.core import serializers
from django.core.files import File
from django.core.files.storage import storages
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction

from core.cache import one_change

from . import moves
from .archive import (
    CHUNK,
    DATA_DIR,
    MANIFEST,
    STORAGE_DIRS,
    ArchiveReading,
    BackupError,
    ChecksumReader,
    applied_migrations,
    archived_models,
    m2m_tables,
    members,
    read_manifest,
)

MEDIA_IN_MEMORY = 8 * 1024 * 1024  # larger media files spool to a temporary file
# A new database already has these rows (a migration creates the Editors and Staff
# groups); a restore replaces them with the archive's, so they do not count as content.
SEEDED_BY_MIGRATIONS = {"auth.group"}


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
    # An archive from before a model moved app restores under the model's new label.
    manifest, renames = moves.bring_forward(read_manifest(path), applied_migrations(connection))
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
        with transaction.atomic(using=using), one_change():
            _empty(connection, models, sessions=flush)
            _load(path, manifest, connection, models, written, renames)
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise
    return manifest


def _empty(connection, models, *, sessions):
    """Delete every archived row (and sessions, when replacing a site's content)."""
    tables = [model._meta.db_table for model in models]
    tables += [through._meta.db_table for model in models for through in m2m_tables(model)]
    if sessions and apps.is_installed("django.contrib.sessions"):
        tables.append(apps.get_model("sessions", "Session")._meta.db_table)
    # PostgreSQL empties no table with foreign key checks still pending in the transaction.
    connection.check_constraints()
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables))


def _load(path, manifest, connection, models, written, renames):
    entries = {entry["file"]: entry for entry in (*manifest["data"], *manifest["media"])}
    deferred, rows_done = [], False
    with ArchiveReading(path) as tar, connection.constraint_checks_disabled():
        for member, stream in members(tar, path):
            entry = entries.get(member.name)
            if entry is None:  # the manifest, or a member read_manifest did not see
                if member.name == MANIFEST:
                    continue
                raise BackupError(f"{path} changed while it was being restored.")
            reader = ChecksumReader(stream)
            if member.name.startswith(DATA_DIR):
                deferred += _load_rows(entry, reader, connection.alias, renames)
                _check_read(entry, reader, path)
            else:
                if not rows_done:
                    _finish_rows(connection, models, deferred)
                    rows_done = True
                _restore_file(entry, reader, path, written)
    if not rows_done:
        _finish_rows(connection, models, deferred)


def _load_rows(entry, reader, using, renames):
    lines = (line.decode("utf-8") for line in reader)
    if renames:
        lines = (moves.renamed_row(line, renames) for line in lines)
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
    all_models = [*models, *(through for model in models for through in m2m_tables(model))]
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

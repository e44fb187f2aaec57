"""Backup and restore of the whole site: every database row that is content, and every upload.

`backup.dump.back_up(path)` writes one `.tar.gz` archive:

    data/<app>.<model>.jsonl   one file per model, a row per line (Django's serialization)
    media/<name>               every file in the media storage, under its storage name
    private/<name>             every file in the private storage of report PDFs
    manifest.json              written last: versions, migration state, and for every
                               file its size, SHA-256 and (for data) its row count

Rows keep their primary keys, so every address (/updates/42/) and every link
between rows survive. Content types and permissions are not archived: `migrate`
makes them on every database, under ids of its own, so archived rows name them by
natural key. Sessions are not archived either: people log in again.

`backup.restore.restore(path)` loads an archive into an empty, migrated database. The
archive is untrusted input: every member must be a plain file under a safe relative
name, listed in the manifest with a matching checksum, before anything is written.
The rows load in one transaction; files are written through their storages (the
local disk or S3) inside it, and deleted again if the restore fails.
"""

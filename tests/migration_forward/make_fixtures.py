"""Build the databases the migration-forward tests start from: `make migration-fixtures`.

Run from a checkout whose code is the release to migrate *from*. It makes a fresh SQLite
database and a fresh PostgreSQL one the way a site is set up (`manage.py migrate`, then
`manage.py load_demo --accounts`), and writes into fixtures/:

- demo.sqlite3.gz: the SQLite file, vacuumed, in rollback-journal mode (one self-contained file);
- demo.postgres.sql.gz: `pg_dump --no-owner --no-privileges`, plain SQL, for `psql` to replay;
- demo-media.tar.gz: the demo's uploads (placeholder photos, hero images, the report PDF) with
  their renditions, which a database does not hold;
- README.md: which commit and versions made them.

PostgreSQL is reached at --postgres-url (trust auth); a scratch database, thinktank_fixture, is
made there and dropped afterwards. Nothing else on the server is touched.
"""

import argparse
import hashlib
import os
import re
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from tests.migration_forward.scratch_site import (
    DEFAULT_POSTGRES_URL,
    FIXTURES,
    MEDIA_FIXTURE,
    POSTGRES_FIXTURE,
    ROOT,
    SQLITE_FIXTURE,
    manage,
    pack,
    psql,
    run,
    scratch_database,
    site_env,
)

FIXTURE_DATABASE = "thinktank_fixture"
RESTRICT_LINE = re.compile(r"^\\(un)?restrict .*\n", re.MULTILINE)


def set_up_site(env):
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo", "--accounts")


def make_sqlite(folder, media_root):
    env = site_env(folder) | {"DJANGO_MEDIA_ROOT": str(media_root)}
    set_up_site(env)
    database = Path(env["SQLITE_PATH"])
    # One self-contained file (no -wal beside it), with no free pages.
    connection = sqlite3.connect(database, isolation_level=None)
    try:
        for statement in (
            "PRAGMA wal_checkpoint(TRUNCATE)",
            "PRAGMA journal_mode=DELETE",
            "VACUUM",
        ):
            connection.execute(statement)
    finally:
        connection.close()
    pack(database, SQLITE_FIXTURE)


def make_postgres(folder, server_url, media_root):
    with scratch_database(server_url, FIXTURE_DATABASE) as url:
        set_up_site(site_env(folder, database_url=url) | {"DJANGO_MEDIA_ROOT": str(media_root)})
        dump = run(["pg_dump", "--no-owner", "--no-privileges", "--dbname", url], env=None)
        version = psql(url, "-Atc", "SHOW server_version").strip()
    # psql releases before August 2025 refuse pg_dump's \restrict guard (and its key is new
    # on every run); the dump is of a scratch database made just now, so nothing needs it.
    dump = RESTRICT_LINE.sub("", dump)
    plain = Path(folder) / "dump.sql"
    plain.write_text(dump)
    pack(plain, POSTGRES_FIXTURE)
    return version


def make_media(media_root):
    """Both sites' uploads as one tar, with fixed owners and dates.

    Each load saved the same placeholder files under new names; a file whose bytes were
    seen before is stored as a hard link to the first, so the tar holds each image once.
    """
    first_with = {}
    for path in sorted(Path(media_root).rglob("*")):
        if path.is_file():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if digest in first_with:
                path.unlink()
                os.link(first_with[digest], path)
            else:
                first_with[digest] = path

    def normalised(info):
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        info.mtime = 0
        return info

    plain = Path(media_root).parent / "media.tar"
    with tarfile.open(plain, "w") as tar:
        for path in sorted(Path(media_root).rglob("*")):
            tar.add(
                path,
                arcname=path.relative_to(media_root).as_posix(),
                recursive=False,
                filter=normalised,
            )
    pack(plain, MEDIA_FIXTURE)


def git(*args):
    return subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()


def write_readme(postgres_version):
    commit = git("rev-parse", "HEAD")
    changed = git("status", "--porcelain", "--", ".", ":(exclude)tests")
    state = "with uncommitted changes outside tests/" if changed else "clean outside tests/"
    django = run([sys.executable, "-c", "import django; print(django.get_version())"], env=None)
    sizes = "\n".join(
        f"- `{path.name}`: {path.stat().st_size:,} bytes (gzipped)"
        for path in (SQLITE_FIXTURE, POSTGRES_FIXTURE, MEDIA_FIXTURE)
    )
    (FIXTURES / "README.md").write_text(
        f"""# The demo site as an earlier release left it

Made on {datetime.now(UTC):%Y-%m-%d} by `make migration-fixtures`
(tests/migration_forward/make_fixtures.py): `manage.py migrate`, then
`manage.py load_demo --accounts`, on fresh databases.

- Code: commit `{commit}`, working tree {state}
- Django {django.strip()}, SQLite {sqlite3.sqlite_version}, PostgreSQL {postgres_version}
{sizes}

test_migrate_forward.py migrates copies of these with today's code and checks that the demo
pages, search, feeds, sitemaps and the admin log-in still answer. Regenerate them only to move
the starting point to a newer release, from a checkout of that release, and say so in the
commit message.
"""
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--postgres-url",
        default=DEFAULT_POSTGRES_URL,
        help=f"a PostgreSQL server with trust auth (default {DEFAULT_POSTGRES_URL})",
    )
    options = parser.parse_args()
    FIXTURES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="thinktank-fixtures-") as tmp:
        media_root = Path(tmp) / "media"
        make_sqlite(Path(tmp) / "sqlite", media_root)
        version = make_postgres(Path(tmp) / "postgres", options.postgres_url, media_root)
        make_media(media_root)
    write_readme(version)
    for path in sorted(FIXTURES.iterdir()):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()

"""A scratch copy of the site, run as an operator would: `manage.py` in its own process.

Shared by make_fixtures.py (which builds the committed databases) and the tests (which
migrate copies of them forward). Each run gets its own environment: the production
settings with DEBUG off (tests/migration_forward/settings.py), a SQLite file or a scratch
PostgreSQL database, and its own media and cache folders, so nothing touches the developer's
site or the test database.
"""

import gzip
import os
import shutil
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SQLITE_FIXTURE = FIXTURES / "demo.sqlite3.gz"
POSTGRES_FIXTURE = FIXTURES / "demo.postgres.sql.gz"
MEDIA_FIXTURE = FIXTURES / "demo-media.tar.gz"
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"
TIMEOUT = 300


class SiteError(RuntimeError):
    """A command failed; the message carries its output."""


def site_env(folder, database_url=None):
    """The environment for one scratch site whose files live in `folder`."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DATABASE_URL", "REDIS_URL", "SQLITE_PATH"}
        and not name.startswith(("DJANGO_", "MEDIA_S3_"))
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "tests.migration_forward.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "migration-forward-tests-only-not-a-secret-" + "x" * 16,
        "DJANGO_ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
        "DJANGO_HTTPS": "0",
        "DJANGO_SERVE_MEDIA": "1",
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "DJANGO_PRIVATE_MEDIA_ROOT": str(folder / "private"),
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "CACHE_DIR": str(folder / "cache"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        env["SQLITE_PATH"] = str(folder / "db.sqlite3")
    return env


def run(args, env, stdin=None):
    """Run a command from the checkout's root; its stdout, or SiteError with all its output."""
    done = subprocess.run(
        [str(arg) for arg in args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    if done.returncode:
        raise SiteError(
            f"`{' '.join(map(str, args))}` exited with {done.returncode}:\n"
            f"{done.stdout.decode(errors='replace')}\n{done.stderr.decode(errors='replace')}"
        )
    return done.stdout.decode(errors="replace")


def manage(env, *args):
    return run([sys.executable, ROOT / "manage.py", *args], env)


def unpack(source, target):
    """Write the gzipped `source` out to `target`."""
    with gzip.open(source, "rb") as packed, open(target, "wb") as out:
        shutil.copyfileobj(packed, out)


def pack(source, target):
    """Gzip `source` into `target`, with no name or date in the header (same input, same bytes)."""
    with open(source, "rb") as raw, open(target, "wb") as out:
        with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0, compresslevel=9) as gz:
            shutil.copyfileobj(raw, gz)


# PostgreSQL ------------------------------------------------------------------------------


def with_database(url, name):
    """`url` (postgres://user@host:port/anything) pointed at database `name`."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", "", ""))


def psql(url, *args, stdin=None):
    if shutil.which("psql") is None:
        raise SiteError("psql is not installed: install the PostgreSQL client (postgresql-client).")
    return run(
        ["psql", "--no-psqlrc", "-v", "ON_ERROR_STOP=1", "-q", *args, url], os.environ, stdin
    )


@contextmanager
def scratch_database(server_url, name=None):
    """A new, empty database on the server of `server_url`, dropped afterwards; yields its URL."""
    name = name or f"thinktank_migfwd_{uuid.uuid4().hex[:12]}"
    admin_url = with_database(server_url, "postgres")
    psql(admin_url, "-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    psql(admin_url, "-c", f'CREATE DATABASE "{name}"')
    try:
        yield with_database(server_url, name)
    finally:
        psql(admin_url, "-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

"""The load check behind `make loadcheck`: readers and editors at once, nothing lost.

Starts the production profile (gunicorn, DEBUG off, hashed static files) on a
loopback port against a scratch database (a SQLite file in a temporary folder,
or the PostgreSQL database DATABASE_URL names: use a scratch one, the check
writes to it), loads the demo content and accounts, then for --duration seconds
runs, side by side:

- readers fetching public pages (home, lists, articles, topics, people, updates,
  search, feeds, sitemaps) as anonymous visitors;
- staff writers, each logged in at /accounts/login/, posting updates with unique
  text at /updates/new/ and editing them;
- an editor saving an article's change form in the admin.

Afterwards every acknowledged write is looked up in the database. Prints a table
(requests, req/s, p50/p95/p99 latency per kind, 5xx and other errors, writes
posted and found) and exits non-zero on any 5xx, any other error or any lost write.
Only loopback addresses are ever contacted; every request has a timeout, and the
whole run stops by itself.

    python bench/loadcheck.py [--duration 60] [--readers 4] [--writers 2] [--port 8766]
"""

import argparse
import http.client
import ipaddress
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import PY, ROOT, machine, manage, stop_server  # bench/run.py: shared helpers

sys.path.insert(0, str(ROOT))

from tests.helpers.forms import forms_in  # the same form reader the tests post with

PASSWORD = "thinktank-demo"  # the demo accounts' password (load_demo --accounts)
REQUEST_TIMEOUT = 30
SETUP_TIMEOUT = 600
SEARCH_WORDS = ["Libya", "security", "defence", "Sahel", "Pakistan", "maritime", "loadcheck"]
READ_KINDS = ["home", "lists", "article", "topic, region, person", "update", "search", "feeds"]
READ_KINDS += ["sitemap"]
EDITED_SUMMARY = "Saved again and again by the load check."
WRITE_KINDS = ["log in", "update form", "post update", "edit update", "admin form", "admin save"]


# Safety: loopback only ------------------------------------------------------------


def loopback(host):
    """`host` if it is a loopback address (or "localhost"); otherwise stop, sending nothing."""
    try:
        is_loopback = host == "localhost" or ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        is_loopback = False
    if not is_loopback:
        raise SystemExit(
            f"Refusing {host!r}: the load check only targets loopback addresses "
            "(127.0.0.0/8, ::1 or localhost)."
        )
    return host


# One visitor: a cookie jar over plain HTTP -------------------------------------------


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = defaultdict(list)
        self.server_errors = defaultdict(int)
        self.other_errors = defaultdict(int)
        self.samples = []  # a few error descriptions, to say what went wrong

    def record(self, kind, seconds, ok, status=None, detail=""):
        """One request's outcome (`seconds` None: no request, just an error to count)."""
        with self.lock:
            if seconds is not None:
                self.latencies[kind].append(seconds)
            if status is not None and status >= 500:
                self.server_errors[kind] += 1
            elif not ok:
                self.other_errors[kind] += 1
            if not ok and len(self.samples) < 10:
                self.samples.append(f"{kind}: {status or ''} {detail}".strip())


class Visitor:
    """A browser, as far as the site can tell: cookies, CSRF tokens, forms."""

    def __init__(self, host, port, stats):
        self.host, self.port, self.stats = host, port, stats
        self.cookies = {}

    def request(self, kind, method, path, form=None, expect=(200,)):
        """(status, headers, body) or None when no response came; recorded under `kind`."""
        headers = {"Host": f"{self.host}:{self.port}", "User-Agent": "thinktank-loadcheck"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{self.host}:{self.port}{path}"
        started = time.perf_counter()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=REQUEST_TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.stats.record(kind, time.perf_counter() - started, False, detail=repr(error))
            return None
        finally:
            connection.close()
        elapsed = time.perf_counter() - started
        self._keep_cookies(response.headers.get_all("Set-Cookie") or [])
        ok = response.status in expect
        detail = "" if ok else f"{method} {path}"
        self.stats.record(kind, elapsed, ok, response.status, detail)
        return response.status, response.headers, content

    def _keep_cookies(self, lines):
        for line in lines:
            for name, morsel in SimpleCookie(line).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)

    def form(self, kind, path, field):
        """The POST form on `path` that has `field`, as a browser submits it untouched."""
        response = self.request(kind, "GET", path)
        if response is None or response[0] != 200:
            return None
        for page_form in forms_in(response[2].decode()):
            fields = page_form.data()
            if page_form.method == "post" and field in fields and "csrfmiddlewaretoken" in fields:
                return fields
        self.stats.record(kind, None, False, detail=f"no form with {field!r} on {path}")
        return None

    def log_in(self, username):
        fields = self.form("log in", "/accounts/login/", "username")
        if fields is None:
            return False
        fields |= {"username": username, "password": PASSWORD}
        response = self.request("log in", "POST", "/accounts/login/", fields, expect=(302,))
        return response is not None and response[0] == 302


# The load ---------------------------------------------------------------------------


class Run:
    def __init__(self, args, host, urls):
        self.args, self.host, self.urls = args, host, urls
        self.stats = Stats()
        self.marker = f"loadcheck {uuid.uuid4().hex[:8]}"
        self.deadline = time.monotonic() + args.duration
        self.lock = threading.Lock()
        # Update id -> texts it may have now: the last acknowledged save, plus any later
        # save that got no answer (it may or may not have been committed).
        self.updates = {}
        self.posted = self.edited = 0
        self.unanswered_posts = 0
        self.article_texts = None
        self.admin_saves = 0
        self.failures = []

    def visitor(self):
        return Visitor(self.host, self.args.port, self.stats)

    def running(self):
        return time.monotonic() < self.deadline

    def reader(self, seed):
        rng, visitor = random.Random(seed), self.visitor()
        while self.running():
            kind, path = self._pick(rng)
            visitor.request(kind, "GET", path)

    def _pick(self, rng):
        kind = rng.choice(READ_KINDS)
        if kind == "update":
            with self.lock:
                ids = list(self.updates)
            return kind, f"/updates/{rng.choice(ids)}/" if ids else "/updates/"
        if kind == "search":
            return kind, f"/search/?q={rng.choice(SEARCH_WORDS)}"
        return kind, rng.choice(self.urls[kind])

    def writer(self, number):
        visitor = self.visitor()
        if not visitor.log_in("staff"):
            self.failures.append(f"writer {number} could not log in")
            return
        count = 0
        while self.running():
            count += 1
            text = f"{self.marker} writer {number} update {count}: our fellow testified today."
            pk = self._post(visitor, text)
            if pk is not None and count % 2 == 0 and self.running():
                self._edit(visitor, pk, f"{text} (edited)")

    def _post(self, visitor, text):
        fields = visitor.form("update form", "/updates/new/", "body")
        if fields is None:
            return None
        response = visitor.request(
            "post update", "POST", "/updates/new/", fields | {"body": text}, expect=(302,)
        )
        if response is None:
            with self.lock:
                self.unanswered_posts += 1
            return None
        location = response[1].get("Location", "")
        parts = urlsplit(location).path.strip("/").split("/")
        if response[0] != 302 or len(parts) != 2 or not parts[1].isdigit():
            return None
        pk = int(parts[1])
        with self.lock:
            self.updates[pk] = [text]
            self.posted += 1
        return pk

    def _edit(self, visitor, pk, text):
        path = f"/updates/{pk}/edit/"
        fields = visitor.form("update form", path, "body")
        if fields is None:
            return
        response = visitor.request("edit update", "POST", path, fields | {"body": text}, (302,))
        with self.lock:
            if response is None:
                self.updates[pk].append(text)  # may have been saved, or not
            elif response[0] == 302:
                self.updates[pk] = [text]
                self.edited += 1

    def editor(self):
        visitor = self.visitor()
        if not visitor.log_in("editor"):
            self.failures.append("the editor could not log in")
            return
        path = f"/admin/articles/article/{self.urls['edited_article']}/change/"
        count = 0
        while self.running():
            time.sleep(self.args.editor_pause)
            fields = visitor.form("admin form", path, "summary")
            if fields is None:
                continue
            count += 1
            summary = f"{self.urls['edited_summary']} [{self.marker}, save {count}]"[:400]
            fields |= {"summary": summary, "_save": "Save"}
            response = visitor.request("admin save", "POST", path, fields, expect=(302,))
            with self.lock:
                if response is None:
                    self.article_texts = [*(self.article_texts or []), summary]
                elif response[0] == 302:
                    self.article_texts = [summary]
                    self.admin_saves += 1


def demo_urls(env):
    """Public addresses from the demo content, and the article the editor will change.

    The editor's article is the load check's own (made once, with authors, topics and
    regions but no image), so a reused PostgreSQL database needs no media of earlier runs.
    """
    code = (
        "import json\n"
        "from django.utils import timezone\n"
        "from articles.models import Article, ArticleAuthor\n"
        "from taxonomy.models import Region, Topic\n"
        "from people.models import Person\n"
        "edited, made = Article.objects.get_or_create(slug='load-check', defaults={\n"
        "  'title': 'Load check', 'status': 'published', 'published_at': timezone.now(),\n"
        f"  'summary': {EDITED_SUMMARY!r}, 'body': '<p>Text.</p>'}})\n"
        "if made:\n"
        "  edited.topics.set(list(Topic.objects.all()[:2]))\n"
        "  edited.regions.set(Region.objects.all()[:2])\n"
        "  for order, person in enumerate(Person.objects.active()[:2]):\n"
        "    ArticleAuthor.objects.create(article=edited, person=person, order=order)\n"
        "articles = list(Article.objects.published()[:20])\n"
        "print(json.dumps({\n"
        "  'articles': [a.get_absolute_url() for a in articles],\n"
        "  'places': [o.get_absolute_url() for o in [*Topic.objects.all()[:10], "
        "*Region.objects.all()[:10], *Person.objects.active()[:10]]],\n"
        "  'edited_article': edited.pk,\n"
        "}))\n"
    )
    found = json.loads(manage(env, "shell", "-v0", "-c", code, capture=True).stdout)
    return {
        "home": ["/"],
        "lists": ["/articles/", "/people/", "/topics/", "/regions/", "/updates/"],
        "article": found["articles"],
        "topic, region, person": found["places"],
        "feeds": ["/feeds/articles.rss", "/feeds/updates.atom", "/feeds/articles.atom"],
        "sitemap": ["/sitemap.xml", "/sitemap-articles.xml", "/sitemap-updates.xml"],
        "edited_article": found["edited_article"],
        "edited_summary": EDITED_SUMMARY,
    }


def stored_writes(env, marker, article_pk):
    """What the database holds of this run's writes."""
    code = (
        "import json\n"
        "from articles.models import Article, Update\n"
        f"updates = dict(Update.objects.filter(body__startswith={marker!r})"
        ".values_list('pk', 'body'))\n"
        f"summary = Article.objects.get(pk={article_pk}).summary\n"
        "print(json.dumps({'updates': updates, 'summary': summary}))\n"
    )
    found = json.loads(manage(env, "shell", "-v0", "-c", code, capture=True).stdout)
    return {int(pk): body for pk, body in found["updates"].items()}, found["summary"]


# The server -------------------------------------------------------------------------


def server_env(args, scratch):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "thinktank.settings",
        "DJANGO_SECRET_KEY": "loadcheck-only-not-a-secret-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": f"{args.host},127.0.0.1,localhost",
        "DJANGO_HTTPS": "0",
        "DJANGO_DEBUG": "0",
        "DJANGO_SERVE_MEDIA": "1",
        "DJANGO_STATIC_ROOT": str(scratch / "static"),
        "DJANGO_MEDIA_ROOT": str(scratch / "media"),
        "DJANGO_PRIVATE_MEDIA_ROOT": str(scratch / "private"),
        "SQLITE_PATH": str(scratch / "db.sqlite3"),
        "CACHE_DIR": str(scratch / "cache"),
    }
    if args.database_url:
        host = urlsplit(args.database_url).hostname or "localhost"
        if not host.startswith("/"):  # a Unix socket folder is local anyway
            loopback(host)
        env["DATABASE_URL"] = args.database_url
    if args.redis_url:
        loopback(urlsplit(args.redis_url).hostname or "localhost")
        env |= {"REDIS_URL": args.redis_url, "CACHE_KEY_PREFIX": f"loadcheck-{os.getpid()}"}
    return env


def start_server(env, args, log):
    with socket.socket() as probe:
        if probe.connect_ex((args.host, args.port)) == 0:
            raise SystemExit(f"Something already listens on {args.host}:{args.port}; use --port.")
    process = subprocess.Popen(
        [
            str(Path(PY).parent / "gunicorn"),
            "thinktank.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"{args.host}:{args.port}",
            "--timeout",
            str(REQUEST_TIMEOUT),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    for _ in range(150):
        connection = http.client.HTTPConnection(args.host, args.port, timeout=1)
        try:
            connection.request("GET", "/healthz", headers={"Host": args.host})
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.1)
        finally:
            connection.close()
    stop_server(process)
    raise SystemExit("gunicorn did not start; see its log above.")


# The report -------------------------------------------------------------------------


def percentile(values, fraction):
    return values[min(len(values) - 1, round(fraction * (len(values) - 1)))]


def report(run, seconds, stored, summary, setting):
    stats = run.stats
    lines = [
        f"Load check {datetime.now(UTC):%Y-%m-%d %H:%M} UTC — {machine()}",
        f"{setting}; {run.args.readers} readers, {run.args.writers} staff writers, 1 editor; "
        f"{seconds:.0f} s.",
        "",
        "| kind | requests | req/s | p50 ms | p95 ms | p99 ms | 5xx | other errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    everything = []
    for kind in [*READ_KINDS, *WRITE_KINDS]:
        values = sorted(stats.latencies.get(kind, []))
        everything += values
        lines.append(
            _row(kind, values, seconds, stats.server_errors[kind], stats.other_errors[kind])
        )
    lines.append(
        _row(
            "**all**",
            sorted(everything),
            seconds,
            sum(stats.server_errors.values()),
            sum(stats.other_errors.values()),
        )
    )

    lost = [
        pk for pk, texts in run.updates.items() if stored.get(pk) not in texts
    ]  # acknowledged, but not there as last saved
    article_lost = run.article_texts is not None and summary not in run.article_texts
    found = run.posted - len(lost)
    lines += [
        "",
        f"Writes: {run.posted} updates posted, {found} found as last saved "
        f"({run.edited} of them edited); {run.admin_saves} admin saves of an article, "
        f"the last {'lost' if article_lost else 'found'}. "
        f"Lost writes: {len(lost) + article_lost}.",
    ]
    if run.unanswered_posts:
        lines.append(f"{run.unanswered_posts} posts got no answer (counted as errors above).")
    server_errors = sum(stats.server_errors.values())
    other_errors = sum(stats.other_errors.values()) + len(run.failures)
    nothing_written = not run.posted or not run.admin_saves
    passed = not (server_errors or other_errors or lost or article_lost or nothing_written)
    verdict = "PASS" if passed else "FAIL"
    lines.append(
        f"Result: {verdict} ({server_errors} 5xx, {other_errors} other errors, "
        f"{len(lost) + article_lost} lost writes)."
    )
    for sample in [*run.failures, *stats.samples]:
        lines.append(f"  - {sample}")
    return "\n".join(lines), passed


def _row(kind, values, seconds, server_errors, other_errors):
    if not values:
        return f"| {kind} | 0 | | | | | {server_errors} | {other_errors} |"
    p50, p95, p99 = (percentile(values, q) * 1000 for q in (0.5, 0.95, 0.99))
    return (
        f"| {kind} | {len(values):,} | {len(values) / seconds:,.1f} | {p50:.1f} | {p95:.1f} | "
        f"{p99:.1f} | {server_errors} | {other_errors} |"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds of load (default 60)")
    parser.add_argument("--readers", type=int, default=4, help="anonymous reader threads")
    parser.add_argument("--writers", type=int, default=2, help="staff threads posting updates")
    parser.add_argument(
        "--editor-pause", type=float, default=0.5, help="seconds between admin saves"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--host", default="127.0.0.1", help="a loopback address to serve on")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL"),
        help="a scratch PostgreSQL database (default: $DATABASE_URL, else a new SQLite file)",
    )
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL"))
    args = parser.parse_args()
    if not 1 <= args.duration <= 3600:
        raise SystemExit("--duration must be between 1 and 3600 seconds.")
    loopback(args.host)

    scratch = Path(tempfile.mkdtemp(prefix="thinktank-loadcheck-"))
    server, passed = None, False
    log = (scratch / "server.log").open("w")
    started_setup = time.monotonic()
    try:
        env = server_env(args, scratch)
        where = "PostgreSQL" if args.database_url else "SQLite (WAL) in a temporary folder"
        print(f"Preparing the site on {where}…", flush=True)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        manage(env, "load_demo", "--accounts", "-v0")
        urls = demo_urls(env)
        server = start_server(env, args, log)
        if time.monotonic() - started_setup > SETUP_TIMEOUT:
            raise SystemExit("Setting up took too long.")

        run = Run(args, args.host, urls)
        threads = [
            *(threading.Thread(target=run.reader, args=(n,)) for n in range(args.readers)),
            *(threading.Thread(target=run.writer, args=(n,)) for n in range(args.writers)),
            threading.Thread(target=run.editor),
        ]
        print(
            f"Loading http://{args.host}:{args.port}/ for {args.duration} s "
            f"({args.readers} readers, {args.writers} writers, 1 editor)…",
            flush=True,
        )
        began = time.monotonic()
        for thread in threads:
            thread.daemon = True
            thread.start()
        for thread in threads:
            thread.join(timeout=args.duration + REQUEST_TIMEOUT * 3)
        seconds = time.monotonic() - began
        if any(thread.is_alive() for thread in threads):
            run.failures.append("a client thread did not finish in time")
        stored, summary = stored_writes(env, run.marker, urls["edited_article"])
        setting = (
            f"gunicorn {args.workers} sync workers, production profile, "
            f"{'PostgreSQL' if args.database_url else 'SQLite (WAL)'}, "
            f"{'Redis' if args.redis_url else 'file'} cache"
        )
        table, passed = report(run, seconds, stored, summary, setting)
        print("\n" + table)
    finally:
        try:
            if server is not None:
                stop_server(server)
            log.close()
            if server is not None and not passed:
                print("\nLast lines of the server log:")
                print("\n".join((scratch / "server.log").read_text().splitlines()[-20:]))
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()

"""One code tree's in-process render times, for bench/render.py.

Run with the tree as the working directory (this file may belong to another tree): it
imports nothing of the tree but Django's settings, so today's code and an older commit
are measured by the same lines. Demo data on SQLite (made on first use), the page cache
off, Django's test client. Serves JSON requests on stdin (see `serve`).

    python bench/render_worker.py --database var/x.sqlite3 [--redis-url redis://…]
"""

import argparse
import io
import json
import os
import re
import sys
import time
from pathlib import Path

SEED_ARTICLE = "/articles/pakistan-libya-defence-ties/"


def set_up(database, redis_url):
    sys.path.insert(0, os.getcwd())
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "thinktank.settings",
            "DJANGO_SECRET_KEY": "benchmark-only-not-a-secret-" + "x" * 40,
            "DJANGO_ALLOWED_HOSTS": "testserver,localhost",
            "DJANGO_HTTPS": "0",
            "DJANGO_DEBUG": "0",
            "SQLITE_PATH": str(database),
            "REDIS_URL": redis_url,
            "CACHE_KEY_PREFIX": f"bench-render-{Path(os.getcwd()).name}",
        }
    )
    os.environ.pop("DATABASE_URL", None)
    import django
    from django.conf import settings

    if not redis_url:
        # One process: the local-memory cache (set before any cache is opened).
        settings.CACHES["default"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    # Hashed names need collectstatic; the plain storage gives the same work per URL.
    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    django.setup()
    from django.core.management import call_command

    if not Path(database).exists():
        quiet = io.StringIO()  # stdout carries the JSON alone
        call_command("migrate", "--noinput", verbosity=0, stdout=quiet)
        call_command("load_demo", verbosity=0, stdout=quiet)


def pick_urls(client):
    """The seed article, and the first topic and person it links to: the same items in
    every tree, whatever its models are called."""
    html = client.get(SEED_ARTICLE).content.decode()
    topic = re.search(r'href="(/topics/[-\w]+/)"', html).group(1)
    person = re.search(r'href="(/people/[-\w]+/)"', html).group(1)
    return {
        "article": SEED_ARTICLE,
        "home": "/",
        "list": "/articles/",
        "topic": topic,
        "person": person,
    }


def timed(client, url):
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed


def counted(queries):
    def wrapper(execute, sql, *args):
        queries.append(sql)
        return execute(sql, *args)

    return wrapper


def serve():
    """Answer the orchestrator's requests, one JSON line each way, so that both trees'
    renders can be interleaved in small batches: load from elsewhere on the machine then
    weighs on both alike."""
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    settings.PAGE_CACHE_SECONDS = 0  # uncached: every request renders
    client = Client()
    urls = pick_urls(client)
    for url in urls.values():
        for _ in range(5):  # templates compiled, connection open, data caches filled
            timed(client, url)
    reply({"urls": urls})
    for line in sys.stdin:
        request = json.loads(line)
        url = urls[request["page"]]
        if request["kind"] == "cold":
            times = []
            for _ in range(request["repeats"]):
                cache.clear()
                times.append(timed(client, url))
            timed(client, url)  # warm again for what follows
            reply({"times": times})
        elif request["kind"] == "warm":
            reply({"times": [timed(client, url) for _ in range(request["repeats"])]})
        else:
            queries = []
            with connection.execute_wrapper(counted(queries)):
                timed(client, url)
            reply({"queries": len(queries)})


def reply(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--redis-url", default="")
    args = parser.parse_args()
    set_up(Path(args.database).resolve(), args.redis_url)
    serve()


if __name__ == "__main__":
    main()

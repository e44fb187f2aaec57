"""Cached hits beside the floor: part of `make bench` (and `make bench-hits` alone).

Serves the demo data on SQLite with gunicorn (2 sync workers), once with the file cache
a site without Redis uses and once with Redis, and measures with wrk each page served
from the page cache beside the floor: /healthz, a constant response through the same
middleware and server, measured in turns with each page. Issue 16 asks that hits reach at
least 85% of the floor's requests per second.

    python bench/hits.py [--duration 10] [--port 8766] [--redis-url redis://127.0.0.1:6379/14]
"""

import argparse
import os
import re
import shutil
import sys
import time
import urllib.request

import run
from run import ROOT, machine, wrk

TARGET = 0.85
ROUNDS = 3  # turns of the floor and each page
DATABASE = ROOT / "var" / "bench-hits" / "demo.sqlite3"
SEED_ARTICLE = "/articles/pakistan-libya-defence-ties/"


def env_for(cache):
    env = os.environ | {
        "DJANGO_SECRET_KEY": "benchmark-only-not-a-secret-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_HTTPS": "0",
        "DJANGO_DEBUG": "0",
        "DJANGO_SERVE_MEDIA": "1",
        "SQLITE_PATH": str(DATABASE),
        "CACHE_DIR": str(DATABASE.parent / "cache"),
        "CACHE_KEY_PREFIX": "bench-hits",
        "PAGE_CACHE_SECONDS": "600",
        "REDIS_URL": cache if cache.startswith("redis://") else "",
    }
    env.pop("DATABASE_URL", None)
    return env


def prepare(env):
    if not DATABASE.exists():
        DATABASE.parent.mkdir(parents=True, exist_ok=True)
        run.manage(env, "migrate", "--noinput", "-v0")
        run.manage(env, "load_demo", "-v0")
    run.manage(env, "collectstatic", "--noinput", "-v0")


def pick_urls(base):
    html = urllib.request.urlopen(base + SEED_ARTICLE, timeout=30).read().decode()
    return {
        "article": SEED_ARTICLE,
        "home": "/",
        "list": "/articles/",
        "topic": re.search(r'href="(/topics/[-\w]+/)"', html).group(1),
        "person": re.search(r'href="(/people/[-\w]+/)"', html).group(1),
    }


def measure(cache, duration):
    """{page: (hits req/s, floor req/s)} for one cache backend."""
    env = env_for(cache)
    shutil.rmtree(DATABASE.parent / "cache", ignore_errors=True)
    run.manage(env, "shell", "-c", "from django.core.cache import cache; cache.clear()")
    server = run.start_server(env)
    try:
        urls = pick_urls(run.BASE)
        for url in urls.values():
            for _ in range(2):
                response = urllib.request.urlopen(run.BASE + url, timeout=30)
            if response.headers["X-Cache"] != "hit":
                raise SystemExit(f"{url} is not served from the page cache")
        # In turns with the floor, so that load from elsewhere weighs on both alike.
        chunk = max(1, duration // ROUNDS)
        results = {}
        for page, url in urls.items():
            floor = hits = 0
            for _ in range(ROUNDS):
                floor += wrk("/healthz", chunk)["rps"] / ROUNDS
                hits += wrk(url, chunk)["rps"] / ROUNDS
            results[page] = (hits, floor)
    finally:
        run.stop_server(server)
    return results


def report(results, duration):
    lines = [
        f"Cached hits ÷ floor — {machine()}",
        f"Demo data on SQLite; gunicorn 2 sync workers; wrk -t2 -c8, {ROUNDS} turns of "
        f"{max(1, duration // ROUNDS)} s of the floor (/healthz through the same middleware) "
        "and of each page.",
        "",
        "| cache | page | hits req/s | floor req/s | hits ÷ floor | target | met |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for cache, pages in results.items():
        for page, (rps, floor) in pages.items():
            ratio = rps / floor
            lines.append(
                f"| {cache} | {page} | {rps:,.0f} | {floor:,.0f} | {ratio:.0%} | "
                f"≥ {TARGET:.0%} | {'yes' if ratio >= TARGET else 'no'} |"
            )
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--port", type=int, default=run.PORT)
    parser.add_argument(
        "--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    )
    args = parser.parse_args(argv)
    run.PORT, run.BASE = args.port, f"http://127.0.0.1:{args.port}"
    prepare(env_for("file"))
    results = {}
    for label, cache in (("file (no Redis)", "file"), ("Redis", args.redis_url)):
        print(f"  cached hits, {label}…", flush=True)
        results[label] = measure(cache, args.duration)
        time.sleep(1)
    text = report(results, args.duration)
    print("\n" + text)
    results_dir = ROOT / "bench" / "results"
    results_dir.mkdir(exist_ok=True)
    (results_dir / "hits-latest.md").write_text(text + "\n")
    return text


if __name__ == "__main__":
    sys.exit(main() and 0)

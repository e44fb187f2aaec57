"""The benchmark behind `make bench`.

Builds (or reuses) a data set on PostgreSQL, starts the production server
(gunicorn, 2 sync workers) on loopback, and measures each page type uncached
and cached with wrk, beside a constant response (/healthz) from the same stack
as the floor. Prints one table and writes it, with the machine description, to
bench/results/.

    python bench/run.py [--articles 100000 --people 2000 --updates 20000] [--duration 10]
"""

import argparse
import json
import os
import platform
import re
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from page_weight import page_weight
from page_weight import report as page_weight_report

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
SEED_ARTICLE = "/articles/pakistan-libya-defence-ties/"


def env_for(database_url, redis_url, page_cache_seconds):
    return os.environ | {
        "DJANGO_SECRET_KEY": "benchmark-only-not-a-secret-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_HTTPS": "0",
        "DJANGO_DEBUG": "0",
        "DJANGO_SERVE_MEDIA": "1",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": "bench",
        "PAGE_CACHE_SECONDS": str(page_cache_seconds),
    }


def manage(env, *args, capture=False):
    return subprocess.run(
        [PY, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        capture_output=capture,
    )


def shell(env, code):
    return manage(env, "shell", "-v0", "-c", code, capture=True).stdout.strip()


def prepare_database(env, args):
    import psycopg

    name = env["DATABASE_URL"].rsplit("/", 1)[1]
    admin_url = env["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    manage(env, "migrate", "--noinput", "-v0")
    count = int(shell(env, "from articles.models import Article; print(Article.objects.count())"))
    if count < args.articles:
        print(f"Generating {args.articles - count:,} more articles (have {count:,})…", flush=True)
        manage(env, "load_demo")
        manage(
            env,
            "generate_content",
            "--articles",
            str(args.articles - count),
            "--people",
            str(args.people),
            "--updates",
            str(args.updates),
        )
        # Fresh statistics, as autovacuum would give a long-running database.
        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
    # Fresh planner statistics (new columns from migrations have none until analysed).
    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
        conn.execute("ANALYZE")
    manage(env, "collectstatic", "--noinput", "-v0")


def pick_urls(env):
    code = (
        "from django.db.models import Count\n"
        "from articles.models import Article\n"
        "from taxonomy.models import Topic\n"
        "from people.models import Person\n"
        "topic = Topic.objects.annotate(n=Count('article_links')).order_by('-n').first()\n"
        "person = Person.objects.active().annotate(n=Count('articles')).order_by('-n').first()\n"
        "pages = Article.objects.published().count() // 12\n"
        "print(topic.get_absolute_url(), person.get_absolute_url(), max(1, pages // 2))\n"
    )
    topic_url, person_url, deep_page = shell(env, code).split()
    return [
        ("constant response (floor)", "/healthz"),
        ("home", "/"),
        ("article list", "/articles/"),
        ("article list, deep page", f"/articles/?page={deep_page}"),
        ("article", SEED_ARTICLE),
        ("topic", topic_url),
        ("person", person_url),
        ("search, rare word", "/search/?q=Haftar"),
        ("search, common word", "/search/?q=security"),
    ]


def start_server(env):
    process = subprocess.Popen(
        [
            str(Path(PY).parent / "gunicorn"),
            "thinktank.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(BASE + "/healthz", timeout=1)
            return process
        except OSError:
            time.sleep(0.1)
    stop_server(process)
    raise SystemExit("gunicorn did not start")


def stop_server(process):
    """Stop a server started in its own session, and everything it started; killed if it
    has not stopped after 20 s."""
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def to_ms(value):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def wrk(url, duration):
    out = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{duration}s", "--latency", BASE + url],
        check=True,
        capture_output=True,
        text=True,
        timeout=duration + 30,
    ).stdout
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": to_ms(percentiles["50"]),
        "p99": to_ms(percentiles["99"]),
        "errors": int(errors.group(1)) if errors else 0,
    }


def machine():
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        line.split()[1]
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return (
        f"{os.cpu_count()} cores ({cpu}), {int(memory) // 1024 // 1024} GiB RAM, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=2_000)
    parser.add_argument("--updates", type=int, default=20_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/thinktank_bench"
        ),
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    )
    args = parser.parse_args()

    base_env = env_for(args.database_url, args.redis_url, 600)
    prepare_database(base_env, args)
    pages = pick_urls(base_env)
    counts = shell(
        base_env,
        "from articles.models import Article, Update; from people.models import Person; "
        "print(Article.objects.count(), Person.objects.count(), Update.objects.count())",
    ).split()

    measured = json.loads(
        subprocess.run(
            [PY, "bench/measure.py", *[url for _, url in pages]],
            cwd=ROOT,
            env=base_env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )

    # How long the worst rich text the limits accept takes to sanitise, for the report.
    rich_text = subprocess.run(
        [PY, "bench/richtext_worst.py"],
        cwd=ROOT,
        env=base_env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()[-1]

    rows, weight = {}, None
    for mode, seconds in (("uncached", 0), ("cached", 600)):
        env = env_for(args.database_url, args.redis_url, seconds)
        manage(env, "shell", "-c", "from django.core.cache import cache; cache.clear()")
        server = start_server(env)
        try:
            for label, url in pages:
                urllib.request.urlopen(BASE + url, timeout=30).read()  # warm
                print(f"  {mode:>8}  {label}…", flush=True)
                rows[(label, mode)] = wrk(url, args.duration)
            # The seed article as readers receive it: HTML, CSS, fonts, compressed as sent.
            weight = weight or page_weight(BASE, SEED_ARTICLE)
        finally:
            stop_server(server)

    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    css = (ROOT / "staticfiles" / manifest["paths"]["css/site.css"]).stat().st_size
    article_bytes = measured[SEED_ARTICLE]["bytes"]
    floor = {
        mode: rows[("constant response (floor)", mode)]["rps"] for mode in ("uncached", "cached")
    }

    lines = [
        f"Benchmark {datetime.now(UTC):%Y-%m-%d %H:%M} UTC — {machine()}",
        f"Data: {int(counts[0]):,} articles, {int(counts[1]):,} people, {int(counts[2]):,} updates "
        f"on PostgreSQL; Redis cache; gunicorn 2 sync workers; wrk -t2 -c8 -d{args.duration}s.",
        "",
        "| page | mode | req/s | × floor | p50 ms | p99 ms | errors | queries | bytes | "
        "server p50 / p99 ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, url in pages:
        m = measured[url]
        for mode in ("uncached", "cached"):
            r = rows[(label, mode)]
            server = f"{m['server_ms_p50']} / {m['server_ms_p99']}" if mode == "uncached" else ""
            lines.append(
                f"| {label} | {mode} | {r['rps']:,.0f} | {r['rps'] / floor[mode]:.0%} | "
                f"{r['p50']:.1f} | {r['p99']:.1f} | {r['errors']} | "
                f"{m['queries'] if mode == 'uncached' else 0} | {m['bytes']:,} | {server} |"
            )
    # Issue 16: cached hits reach at least 85% of the floor (bench/hits.py does the same on
    # SQLite with the file cache and with Redis).
    cached = {label: rows[(label, "cached")]["rps"] / floor["cached"] for label, _ in pages[1:]}
    worst = min(cached, key=cached.get)
    lines += [
        "",
        f"Cached hits ÷ floor: at least {cached[worst]:.0%} ({worst}); target ≥ 85%: "
        f"{'met' if cached[worst] >= 0.85 else 'missed'}.",
    ]
    lines += [
        "",
        f"Article page weight before images: {article_bytes:,} B HTML + {css:,} B CSS "
        f"(uncompressed), no JavaScript.",
        rich_text,
        "",
        page_weight_report(weight, SEED_ARTICLE),
    ]
    animations = subprocess.run(
        [PY, "bench/gif_memory.py"], cwd=ROOT, env=base_env, check=True, capture_output=True
    )
    lines += ["", animations.stdout.decode().strip()]
    report = "\n".join(lines)
    print("\n" + report)
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / f"{datetime.now(UTC):%Y-%m-%d-%H%M}.md").write_text(report + "\n")
    (results / "latest.md").write_text(report + "\n")


if __name__ == "__main__":
    main()

"""The launch-day benchmark behind `make bench-launch` (issue 16).

On PostgreSQL (100,000 articles, built once by bench/run.py's builder and reused) and
Redis, serves the site with gunicorn (2 workers, sync and gthread) beside its task
worker and scheduler, directly and behind Varnish (deploy/varnish/, when present), for
today's design (commit 1075f7a, a git worktree under var/bench-launch/) and this one.
Each run: a warm-up, then a measured window of wrk readers (Zipf over the articles, plus
the hot pages) while an editor and staff write through the site's forms and a checker
counts stale answers (bench/launch_writers.py); then the all-hit rate (the most read
pages, warm, no writers) and the one-render-per-miss bursts. Prints one table and writes
it to bench/results/launch-<date>.md.

    python bench/launch.py [--articles 100000] [--warmup 30 --duration 60]
        [--workers-class sync,gthread] [--modes direct,varnish] [--designs today,new]
"""

import argparse
import json
import math
import os
import re
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import launch_serve as serve
from launch_report import report
from launch_writers import Probe, Writers, fetch
from run import ROOT, env_for, manage, prepare_database

WRK_SCRIPT = Path(__file__).resolve().parent / "launch.lua"
PORT, VARNISH_PORT = 8300, 8380


def shell_json(env, call):
    code = f"import sys; sys.path.insert(0, 'bench'); import launch_site; launch_site.{call}"
    out = manage(env, "shell", "-v0", "-c", code, capture=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def flush_cache(redis_url):
    import redis

    redis.Redis.from_url(redis_url).flushdb()


# Load -----------------------------------------------------------------------------------


def wrk(port, seconds, args, ranks):
    env = os.environ | {
        "LAUNCH_PATHS": str(args.paths_file),
        "LAUNCH_ZIPF": str(args.zipf),
        "LAUNCH_RANKS": str(ranks),
        "LAUNCH_HOT_SHARE": str(args.hot_share),
    }
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{args.connections}",
            "--timeout",
            "10s",
            f"-d{seconds}s",
            "-s",
            str(WRK_SCRIPT),
            f"http://127.0.0.1:{port}",
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=seconds + 120,
    ).stdout
    found = dict(re.findall(r"(\w+)=([\d.]+)", re.search(r"^LAUNCH .*$", out, re.M).group(0)))
    numbers = {key: float(value) for key, value in found.items()}
    hits = numbers["front_hits"] or numbers["app_hits"]
    return {
        "requests": int(numbers["requests"]),
        # Answers that are not errors: a 503 from a front cache is quick, and no page.
        "rps": (numbers["responses"] - numbers["errors"]) / numbers["seconds"],
        "p50": numbers["p50_us"] / 1000,
        "p99": numbers["p99_us"] / 1000,
        "hit_ratio": hits / max(numbers["responses"], 1),
        # Behind Varnish: its misses that the application's page cache answered.
        "app_hits_behind": (
            numbers["app_hits"] / max(numbers["responses"], 1) if numbers["front_hits"] else None
        ),
        "errors": int(numbers["errors"]),
    }


def best_hit_ratio(ranks, exponent, hot_share, warm_requests, measured_requests):
    """The best a cache can do with these readers: every article's first request misses.

    Expected first requests in the measured window over its requests, for article i drawn
    with probability q_i = (1 - hot_share) p_i, after the warm-up's requests: the sum of
    (1 - q_i)^W (1 - (1 - q_i)^M), over M. Hot pages are taken as always warm.
    """
    total = sum(rank**-exponent for rank in range(1, ranks + 1))
    cold = 0.0
    for rank in range(1, ranks + 1):
        q = (1 - hot_share) * rank**-exponent / total
        keep = math.log1p(-q)
        cold += math.exp(warm_requests * keep) * -math.expm1(measured_requests * keep)
    return 1 - cold / max(measured_requests, 1)


def burst(port, paths, connections):
    """Concurrent readers at once on each cold page: how many rendered it, how fast."""
    renders, latencies, wall = 0, [], 0.0
    for path in paths:
        seconds, results = _burst_one(port, path, connections)
        wall += seconds
        renders += sum(cache != "hit" for _, cache in results)
        latencies += [elapsed * 1000 for elapsed, _ in results]
    latencies.sort()
    return {
        "pages": len(paths),
        "requests": len(latencies),
        "renders": renders,
        "rps": len(latencies) / wall,
        "p50": percentile(latencies, 0.5),
        "p99": percentile(latencies, 0.99),
    }


def _burst_one(port, path, connections):
    barrier, results = threading.Barrier(connections), []

    def reader():
        barrier.wait()
        began = time.perf_counter()
        answer = fetch(port, path)
        cache = answer[1].get("X-Cache", "") if answer else ""
        results.append((time.perf_counter() - began, cache))

    threads = [threading.Thread(target=reader) for _ in range(connections)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return time.perf_counter() - began, results


def percentile(values, fraction):
    if not values:
        return float("nan")
    return values[min(len(values) - 1, round(fraction * (len(values) - 1)))]


# One run --------------------------------------------------------------------------------


def one_run(args, site, design, tree, worker_class, mode, number):
    env = design_env(args)
    if mode == "varnish":  # the purge backend (frontcache app, thinktank/settings_frontcache.py)
        env |= {
            "FRONTCACHE_BACKEND": "varnish",
            "FRONTCACHE_VARNISH_URLS": f"http://127.0.0.1:{VARNISH_PORT}",
        }
    log = serve.WORK / f"access-{design}-{worker_class}-{mode}.log"
    log.unlink(missing_ok=True)
    label = f"{design} design, {worker_class}, {mode}"
    print(f"\n== {label}", flush=True)
    idle = wait_for_quiet(args.quiet_wait)
    flush_cache(args.redis_url)
    server = serve.start_site(tree, env, PORT, worker_class, args.threads, log)
    varnish = None
    try:
        port = PORT
        if mode == "varnish":
            varnish = serve.start_varnish(VARNISH_PORT, PORT, env)
            if varnish is None:
                print("   skipped: no deploy/varnish/start in this tree yet", flush=True)
                return None
            port = VARNISH_PORT
            wait_for_front(port)
        run_id = f"{int(time.time()) % 10**6}{number}"
        begin = time.time() + 10  # the schedule call and the cache flush fit in this
        scheduled_at = begin + args.warmup + args.duration / 2
        site["scheduled"] = shell_json(
            env, f"schedule({run_id!r}, {scheduled_at}, {site['topic_pk']})"
        )
        flush_cache(args.redis_url)  # both designs start cold, with the schedule in the DB
        time.sleep(max(0.0, begin - time.time()))
        print(f"   warm-up {args.warmup} s…", flush=True)
        warm = wrk(port, args.warmup, args, args.ranks)
        grace = 1.0 if mode == "varnish" else 0.0
        writers = Writers(port, site, grace, run_id)
        start = log.stat().st_size
        started, others_before = time.time(), serve.others_cpu()
        writing = threading.Thread(
            target=writers.run, args=(started, args.duration, scheduled_at), daemon=True
        )
        probe = Probe(port, site["paths"], site["hot"], args.ranks, args.zipf, args.hot_share)
        probing = threading.Thread(target=probe.run, daemon=True)
        writing.start()
        probing.start()
        print(f"   load {args.duration} s with writers…", flush=True)
        load = wrk(port, args.duration, args, args.ranks)
        end = log.stat().st_size
        others = serve.others_cores(others_before, serve.others_cpu(), time.time() - started)
        writers.stop.set()
        probe.stop.set()
        writing.join(90)
        probing.join(60)
        probe_hits, probe_misses = sorted(probe.hits), sorted(probe.misses)
        hits, misses = serve.server_times(log, start, end)
        result = {
            "design": design,
            "workers": worker_class,
            "mode": mode,
            "warm": warm,
            "load": load,
            "changes": writers.summary(),
            "scheduled_offset": scheduled_at - started,
            "server_hits": (percentile(hits, 0.5), percentile(hits, 0.99), len(hits)),
            "server_misses": (percentile(misses, 0.5), percentile(misses, 0.99), len(misses)),
            "client_hits": (percentile(probe_hits, 0.5), percentile(probe_hits, 0.99)),
            "client_misses": (percentile(probe_misses, 0.5), percentile(probe_misses, 0.99)),
            "probe_counts": (len(probe_hits), len(probe_misses)),
            "idle_before": idle,
            "others_cores": others,
            "best_hit_ratio": best_hit_ratio(
                args.ranks, args.zipf, args.hot_share, warm["requests"], load["requests"]
            ),
        }
        result["all_hit"] = all_hit(args, site, port, log)
        if mode == "direct" and args.burst_pages:
            print(
                f"   one render per miss: {args.burst_pages} pages × {args.connections}…",
                flush=True,
            )
            result["burst"] = burst(port, site["cold"][: args.burst_pages], args.connections)
        print(f"   {json.dumps(result, default=str)}", flush=True)
        return result
    finally:
        serve.stop(varnish)
        serve.stop(server)


def wait_for_front(port, seconds=30):
    """Varnish answers before its probe has found the application healthy: wait for that."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        answer = fetch(port, "/")
        if answer is not None and answer[0] == 200:
            return
        time.sleep(0.5)
    raise SystemExit("Varnish never found the application healthy.")


def all_hit(args, site, port, log):
    """The most read pages, all warm, no writers: what the same stack serves from cache."""
    ranks = min(args.all_hit_ranks, args.ranks)
    for path in [*site["hot"], *site["paths"][:ranks]]:
        fetch(port, path)  # behind a Varnish that finds the application sick: a 503, kept
    print(f"   all-hit {args.all_hit_duration} s…", flush=True)
    start = log.stat().st_size
    result = wrk(port, args.all_hit_duration, args, ranks)
    hits, _misses = serve.server_times(log, start, log.stat().st_size)
    result["server_hit_p99"] = percentile(hits, 0.99)
    return result


def wait_for_quiet(seconds):
    """The machine's idle share over 2 s, once it is mostly idle or `seconds` have passed.

    Nothing of ours runs between runs, so busy CPU here is someone else's (tests on a
    shared machine); the report prints it beside each run.
    """
    deadline = time.monotonic() + seconds
    while True:
        idle = idle_share(2.0)
        if idle >= 0.8 or time.monotonic() >= deadline:
            return idle
        print(f"   the machine is busy ({1 - idle:.0%} CPU used by others); waiting…", flush=True)


def idle_share(seconds):
    def sample():
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        return values[3] + values[4], sum(values)

    idle_before, total_before = sample()
    time.sleep(seconds)
    idle_after, total_after = sample()
    return (idle_after - idle_before) / max(total_after - total_before, 1)


def design_env(args):
    return env_for(args.database_url, args.redis_url, 600) | {
        "DJANGO_MEDIA_ROOT": str(ROOT / "media"),
        "DJANGO_TIME_ZONE": "UTC",
    }


# Main -----------------------------------------------------------------------------------


def run_all(args, site):
    trees = {"new": ROOT}
    if "today" in args.designs:
        trees["today"] = serve.old_tree()
        serve.collectstatic(trees["today"], design_env(args))
    results = []
    # Direct runs first: they need nothing from another branch.
    runs = [
        (design, worker_class, mode)
        for mode in args.modes.split(",")
        for design in args.designs.split(",")
        for worker_class in args.workers_class.split(",")
    ]
    journal = serve.WORK / f"results-{datetime.now(UTC):%Y%m%d-%H%M}.jsonl"
    for number, (design, worker_class, mode) in enumerate(runs):
        try:
            result = one_run(args, site, design, trees[design], worker_class, mode, number)
        except (OSError, subprocess.SubprocessError, SystemExit, KeyError) as error:
            # One configuration failing (Varnish, a crashed server) leaves the others' runs.
            print(f"   FAILED: {error!r}", flush=True)
            continue
        if result is not None:
            results.append(result)
            with journal.open("a") as out:  # the report can be rebuilt from it
                out.write(json.dumps(result) + "\n")
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=2_000)
    parser.add_argument("--updates", type=int, default=20_000)
    parser.add_argument("--connections", type=int, default=16, help="concurrent readers")
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--all-hit-duration", type=int, default=20)
    parser.add_argument("--all-hit-ranks", type=int, default=300)
    parser.add_argument("--burst-pages", type=int, default=20)
    parser.add_argument("--zipf", type=float, default=1.1)
    parser.add_argument("--hot-share", type=float, default=0.1)
    parser.add_argument(
        "--quiet-wait", type=int, default=180, help="seconds to wait for an idle machine"
    )
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument("--workers-class", default="sync,gthread")
    parser.add_argument("--modes", default="direct,varnish")
    parser.add_argument("--designs", default="today,new")
    parser.add_argument(
        "--from-journal", type=Path, help="print the report of the runs in this journal only"
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_LAUNCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_launch"
        ),
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_LAUNCH_REDIS_URL", "redis://127.0.0.1:6379/13"),
    )
    args = parser.parse_args()
    if not serve.migrations_match():
        raise SystemExit(
            f"Migrations differ from {serve.OLD_COMMIT}: one database cannot serve both."
        )

    serve.WORK.mkdir(parents=True, exist_ok=True)
    env = design_env(args)
    began = time.monotonic()
    prepare_database(env, args)
    build_seconds = time.monotonic() - began
    manage(env, "load_demo", "--accounts", "-v0")
    args.paths_file = serve.WORK / "paths.txt"
    site = shell_json(env, f"prepare({str(args.paths_file)!r})")
    paths = args.paths_file.read_text().splitlines()
    site["paths"] = [line for line in paths if not line.startswith("hot ")]
    site["cold"] = site["paths"][::-1]
    args.ranks = min(args.articles, len(site["paths"]))
    if args.from_journal:
        results = [json.loads(line) for line in args.from_journal.read_text().splitlines()]
    else:
        results = run_all(args, site)
    table = report(args, site, results, build_seconds)
    print("\n" + table)
    out = ROOT / "bench" / "results" / f"launch-{datetime.now(UTC):%Y-%m-%d-%H%M}.md"
    out.write_text(table + "\n")
    print(f"\nWritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())

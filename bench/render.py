"""The in-process render benchmark behind `make bench-render` (and part of `make bench`).

Measures this checkout and the code of issue 16's baseline (commit 7760621, checked out
as a git worktree under var/) side by side in one run: each tree renders the same demo
pages on its own SQLite database, in its own process, with Django's test client. Prints
the warm uncached time (page cache off, fragment and data caches warm; median), the ratio
new ÷ old against its target, and the cold time (every cache emptied before the render).

    python bench/render.py [--repeats 200] [--redis-url redis://127.0.0.1:6379/12]
"""

import argparse
import json
import statistics
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "7760621"
VAR = ROOT / "var" / "bench-render"
WARM_BATCH = 10
COLD_RENDERS = 9
TARGETS = {"article": 0.3, "home": 0.35, "list": 0.35, "topic": 0.35, "person": 0.35}


def baseline_tree(commit):
    tree = ROOT / "var" / f"baseline-{commit}"
    if not tree.exists():
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(tree), commit],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
    return tree


class Worker:
    """One tree's render process; this checkout's worker, run in the tree's directory."""

    def __init__(self, tree, name, redis_url):
        command = [
            sys.executable,
            str(ROOT / "bench" / "render_worker.py"),
            "--database",
            str(VAR / f"{name}.sqlite3"),
        ]
        if redis_url:
            command += ["--redis-url", redis_url]
        self.process = subprocess.Popen(
            command,
            cwd=tree,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.urls = self._answer()["urls"]

    def ask(self, **request):
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        return self._answer()

    def _answer(self):
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"The render worker stopped (exit {self.process.wait()}).")
        return json.loads(line)

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


def interleaved(workers, page, kind, total, batch):
    """Each worker's times for `total` renders of `page`, asked in turns of `batch`."""
    times = {name: [] for name in workers}
    for _ in range(0, total, batch):
        for name, worker in workers.items():
            times[name] += worker.ask(page=page, kind=kind, repeats=batch)["times"]
    return {name: statistics.median(values) for name, values in times.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=200, help="warm renders per page")
    parser.add_argument("--redis-url", default="", help="measure with Redis, not local memory")
    parser.add_argument("--baseline", default=BASELINE, help="the commit to compare with")
    args = parser.parse_args()
    VAR.mkdir(parents=True, exist_ok=True)
    print(f"Rendering in process: {args.baseline} and this checkout…", flush=True)
    workers = {
        "old": Worker(baseline_tree(args.baseline), f"baseline-{args.baseline}", args.redis_url),
        "new": Worker(ROOT, "current", args.redis_url),
    }
    figures = {}
    try:
        for page in TARGETS:
            warm = interleaved(workers, page, "warm", args.repeats, WARM_BATCH)
            cold = interleaved(workers, page, "cold", COLD_RENDERS, 1)
            queries = {
                name: w.ask(page=page, kind="queries")["queries"] for name, w in workers.items()
            }
            figures[page] = {
                name: {"warm_ms": warm[name], "cold_ms": cold[name], "queries": queries[name]}
                for name in workers
            }
    finally:
        for worker in workers.values():
            worker.close()
    cache = "Redis" if args.redis_url else "local-memory cache"
    lines = [
        f"In-process render {datetime.now(UTC):%Y-%m-%d %H:%M} UTC — demo data on SQLite, "
        f"{cache}, Django test client, median of {args.repeats} in turns of {WARM_BATCH} "
        f"between the trees (cold: median of {COLD_RENDERS}, every cache emptied first). "
        f"Old = {args.baseline}.",
        "",
        "| page | old ms | new ms | new ÷ old | target | met | old cold ms | new cold ms | "
        "queries old → new |",
        "|---|---:|---:|---:|---:|---|---:|---:|---|",
    ]
    for page, target in TARGETS.items():
        o, n = figures[page]["old"], figures[page]["new"]
        ratio = n["warm_ms"] / o["warm_ms"]
        lines.append(
            f"| {page} | {o['warm_ms']:.1f} | {n['warm_ms']:.1f} | {ratio:.2f} | ≤ {target} | "
            f"{'yes' if ratio <= target else 'no'} | {o['cold_ms']:.1f} | {n['cold_ms']:.1f} | "
            f"{o['queries']} → {n['queries']} |"
        )
    report = "\n".join(lines)
    print("\n" + report)
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "render-latest.md").write_text(report + "\n")


if __name__ == "__main__":
    main()

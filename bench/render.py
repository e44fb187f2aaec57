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
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "7760621"
VAR = ROOT / "var" / "bench-render"
TARGETS = {"article": 0.3, "home": 0.35, "list": 0.35, "topic": 0.35, "person": 0.35}


def baseline_tree():
    tree = ROOT / "var" / f"baseline-{BASELINE}"
    if not tree.exists():
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(tree), BASELINE],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
    return tree


def run_worker(tree, name, args):
    """One tree's figures; the worker is this checkout's, run in the tree's directory."""
    command = [
        sys.executable,
        str(ROOT / "bench" / "render_worker.py"),
        "--database",
        str(VAR / f"{name}.sqlite3"),
        "--repeats",
        str(args.repeats),
    ]
    if args.redis_url:
        command += ["--redis-url", args.redis_url]
    out = subprocess.run(command, cwd=tree, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=200, help="warm renders per page")
    parser.add_argument("--redis-url", default="", help="measure with Redis, not local memory")
    args = parser.parse_args()
    VAR.mkdir(parents=True, exist_ok=True)
    print(f"Rendering in process: {BASELINE} and this checkout…", flush=True)
    old = run_worker(baseline_tree(), f"baseline-{BASELINE}", args)
    new = run_worker(ROOT, "current", args)
    cache = "Redis" if args.redis_url else "local-memory cache"
    lines = [
        f"In-process render {datetime.now(UTC):%Y-%m-%d %H:%M} UTC — demo data on SQLite, "
        f"{cache}, Django test client, median of {args.repeats} (cold: median of 7, every "
        f"cache emptied first). Old = {BASELINE}.",
        "",
        "| page | old ms | new ms | new ÷ old | target | met | old cold ms | new cold ms | "
        "queries old → new |",
        "|---|---:|---:|---:|---:|---|---:|---:|---|",
    ]
    for page, target in TARGETS.items():
        o, n = old[page], new[page]
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

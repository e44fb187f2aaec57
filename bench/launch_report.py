"""The report of `make bench-launch` (bench/launch.py): one table per run, and the goals."""

import math
from datetime import UTC, datetime

from run import machine


def report(args, site, results, build_seconds):
    counts = site["counts"]
    lines = [
        f"Launch-day benchmark {datetime.now(UTC):%Y-%m-%d %H:%M} UTC — {machine()}",
        f"Data: {counts['articles']:,} articles ({counts['live']:,} live), "
        f"{counts['people']:,} people, {counts['updates']:,} updates on PostgreSQL; Redis "
        f"cache; gunicorn 2 workers (gthread: {args.threads} threads each) + 1 task worker "
        f"+ the scheduler. Readers: wrk -t2 -c{args.connections}, Zipf({args.zipf}) over "
        f"{args.ranks:,} articles, {args.hot_share:.0%} on the hot pages "
        f"({', '.join(site['hot'])}); {args.warmup} s warm-up, {args.duration} s measured. "
        f"Writers (admin forms and /updates/new/ over HTTP): a correction every 10 s, a "
        f"draft every 5 s, an update every 30 s; a scheduled article goes live halfway.",
    ]
    if build_seconds is not None:
        lines.append(f"Data built in {build_seconds:.0f} s (or found in place).")
    lines += [
        "",
        "| design | workers | mode | req/s | p50 ms | p99 ms | hits | best possible | "
        "hit p50 / p99 ms, server | hit p50 / p99 ms, client | miss p50 / p99 ms, server | "
        "errors | stale (never shown) / changes | all-hit req/s | ÷ all-hit | all-hit p99 ms | "
        "home a hit after a draft | CPU idle before / others' cores during |",
        "|---|---|---|" + "---:|" * 15,
    ]
    for r in results:
        load, allhit, changes = r["load"], r["all_hit"], r["changes"]
        cells = [
            r["design"],
            r["workers"],
            r["mode"],
            f"{load['rps']:,.0f}",
            f"{load['p50']:.1f}",
            f"{load['p99']:.1f}",
            f"{load['hit_ratio']:.1%}"
            + (f" (+{load['app_hits_behind']:.1%} app)" if load.get("app_hits_behind") else ""),
            f"{r['best_hit_ratio']:.1%}",
            _pair(r["server_hits"], "{:.1f}"),
            _pair(r["client_hits"], "{:.1f}"),
            _pair(r["server_misses"], "{:.0f}"),
            f"{load['errors']:,}",
            f"{changes['stale']} ({changes['never']}) / {changes['changes']}",
            f"{allhit['rps']:,.0f}",
            f"{load['rps'] / allhit['rps']:.0%}",
            f"{allhit['p99']:.1f}",
            "{}/{}".format(*changes["draft_home_hits"]),
            f"{r['idle_before']:.0%} / {r['others_cores']:.2f}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "Stale answers by change (stale fetches / fetches; slowest to show, s):", ""]
    for r in results:
        kinds = "; ".join(
            f"{kind} ×{row['changes']}: {row['stale']}/{row['fetches']}, {row['slowest']:.2f} s"
            + (f", never shown on {row['never']} page(s)" if row["never"] else "")
            for kind, row in sorted(r["changes"]["kinds"].items())
        )
        failures = r["changes"]["failures"]
        lines.append(
            f"- {r['design']}, {r['workers']}, {r['mode']}: {kinds}; writes p50 "
            f"{r['changes']['write_ms_p50']} ms; errors {r['load']['errors']}"
            + (f"; failures: {failures[:3]}" if failures else "")
        )
    bursts = [r for r in results if "burst" in r]
    if bursts:
        lines += [
            "",
            f"One render per miss: {args.connections} readers at once on each of "
            f"{args.burst_pages} cold articles, no other load.",
            "",
            "| design | workers | requests | renders | req/s | p50 ms | p99 ms |",
            "|---|---|---:|---:|---:|---:|---:|",
        ]
        for r in bursts:
            b = r["burst"]
            lines.append(
                f"| {r['design']} | {r['workers']} | {b['requests']} | {b['renders']} | "
                f"{b['rps']:,.0f} | {b['p50']:.0f} | {b['p99']:.0f} |"
            )
    lines += ["", *goals(results)]
    return "\n".join(lines)


def _pair(values, form):
    """ "p50 / p99", or n/a where nothing was measured (no app hits behind Varnish)."""
    if not values[:2] or math.isnan(values[0]):
        return "n/a"
    return f"{form.format(values[0])} / {form.format(values[1])}"


def goals(results):
    """The issue's goals, for the new design's runs."""
    lines = ["Goals (new design): ≥95% hits, ≥60% of the all-hit rate, hit p99 < 10 ms, 0 stale."]
    for r in results:
        if r["design"] != "new":
            continue
        checks = [
            ("hits", r["load"]["hit_ratio"] >= 0.95, f"{r['load']['hit_ratio']:.1%}"),
            (
                "÷ all-hit",
                r["load"]["rps"] >= 0.6 * r["all_hit"]["rps"],
                f"{r['load']['rps'] / r['all_hit']['rps']:.0%}",
            ),
            ("hit p99 (client)", r["client_hits"][1] < 10, f"{r['client_hits'][1]:.1f} ms"),
            ("all-hit p99 (client)", r["all_hit"]["p99"] < 10, f"{r['all_hit']['p99']:.1f} ms"),
            ("stale", r["changes"]["stale"] == 0, str(r["changes"]["stale"])),
        ]
        if r["mode"] == "direct":  # behind Varnish its hits never reach the application
            hit = r["server_hits"][1]
            checks.insert(2, ("hit p99 (server)", hit < 10, f"{hit:.1f} ms"))
        verdicts = ", ".join(
            f"{name} {value} {'met' if ok else 'MISSED'}" for name, ok, value in checks
        )
        lines.append(f"- {r['workers']}, {r['mode']}: {verdicts}")
    return lines

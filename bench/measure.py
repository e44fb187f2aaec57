"""In-process measurements for the benchmark: queries, bytes and server time per page.

Run by bench/run.py with the benchmark's environment; prints JSON.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thinktank.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

REPEATS = int(os.environ.get("BENCH_REPEATS", "30"))


def measure(urls):
    settings.PAGE_CACHE_SECONDS = 0  # uncached: every request renders
    client = Client()
    results = {}
    for url in urls:
        client.get(url)  # warm connections and template caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        query_count = len(queries)  # read now: the next request clears the log
        timings = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        results[url] = {
            "status": response.status_code,
            "queries": query_count,
            "bytes": len(response.content),
            "server_ms_p50": round(statistics.median(timings), 1),
            "server_ms_p99": round(timings[min(len(timings) - 1, int(len(timings) * 0.99))], 1),
        }
    return results


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1:])))

"""The writers and the stale-answer checker of `make bench-launch` (bench/launch.py).

Writers go through the site's own doors over HTTP, as people do: the editor saves the
admin's article form (a new correction on a live article; a draft's summary), staff post
at /updates/new/. So each change takes the path a real one takes (forms, the workflow,
its tags, the purge task), and "the change's response" is the response the person sees.
The scheduled article is made beforehand in a Django process (the workflow's schedule())
and goes live by the clock, with no request at all.

After each change a checker thread fetches, as an anonymous reader with a fresh
connection, every page that shows the item, until each shows the change's unique marker
(or CHECK_SECONDS pass). A fetch that began after the change's response plus the grace
(0 s directly: the next request must show it; 1 s behind Varnish) and lacks the marker
is a stale answer.
"""

import http.client
import threading
import time
from dataclasses import dataclass, field
from datetime import date

from loadcheck import Stats, Visitor

CHECK_SECONDS = 5.0
POLL_SECONDS = 0.1


@dataclass
class Change:
    kind: str
    marker: str
    pages: list
    at: float  # wall clock of the change's response (or the publish time)
    stale: int = 0
    fetches: int = 0
    fresh_after: dict = field(default_factory=dict)  # page -> seconds until it showed
    never: list = field(default_factory=list)


def fetch(port, path):
    """(status, headers, body) for an anonymous reader; None if no answer came."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": f"127.0.0.1:{port}"})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode(errors="replace")
    except (OSError, http.client.HTTPException):
        return None
    finally:
        connection.close()


class Writers:
    """The editor, staff and the checker over one measured window."""

    def __init__(self, port, site, grace, run_id):
        self.port, self.site, self.grace, self.run_id = port, site, grace, run_id
        self.stats = Stats()
        self.changes = []
        self.failures = []
        self.draft_home_hits = [0, 0]  # the home page a hit right after a draft save, of all
        self.lock = threading.Lock()
        self.checkers = []
        self.stop = threading.Event()

    # Timeline -------------------------------------------------------------------------

    def run(self, started, duration, scheduled_at):
        """Changes at fixed moments from `started` (wall clock) for `duration` seconds."""
        plan = [(t, self.correction) for t in _every(10, 5, duration)]
        plan += [(t, self.draft) for t in _every(5, 2.5, duration)]
        plan += [(t, self.update) for t in _every(30, 15, duration)]
        lanes = {}
        for moment, action in sorted(plan, key=lambda item: item[0]):
            lanes.setdefault(action.__name__, []).append(moment)
        threads = [
            threading.Thread(target=self._lane, args=(getattr(self, name), moments, started))
            for name, moments in lanes.items()
        ]
        threads.append(threading.Thread(target=self._scheduled, args=(scheduled_at,)))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(duration + 60)
        for thread in list(self.checkers):
            thread.join(CHECK_SECONDS + 60)

    def _lane(self, action, moments, started):
        visitor = Visitor("127.0.0.1", self.port, self.stats)
        user = "staff" if action == self.update else "editor"
        if not visitor.log_in(user):
            self.failures.append(f"{user} could not log in for {action.__name__}")
            return
        for number, moment in enumerate(moments, 1):
            delay = started + moment - time.time()
            if delay > 0 and self.stop.wait(delay):
                return
            try:
                action(visitor, number)
            except Exception as error:  # a failed write is reported with the results
                self.failures.append(f"{action.__name__} {number}: {error!r}")

    # The changes ----------------------------------------------------------------------

    def correction(self, visitor, number):
        article = self.site["corrected"][(number - 1) % len(self.site["corrected"])]
        marker = f"Zqc{self.run_id}x{number}"
        path = f"/admin/articles/article/{article['pk']}/change/"
        fields = visitor.form("admin form", path, "summary")
        if fields is None:
            raise RuntimeError("no article form")
        index = int(fields["corrections-TOTAL_FORMS"])
        fields |= {
            "corrections-TOTAL_FORMS": str(index + 1),
            f"corrections-{index}-id": "",
            f"corrections-{index}-article": str(article["pk"]),
            f"corrections-{index}-date": date.today().isoformat(),
            f"corrections-{index}-text": f"An earlier version misstated a date ({marker}).",
            "_save": "Save",
        }
        self._save(visitor, "correction", path, fields, marker, [article["path"]])

    def draft(self, visitor, number):
        path = f"/admin/articles/article/{self.site['draft_pk']}/change/"
        fields = visitor.form("admin form", path, "summary")
        if fields is None:
            raise RuntimeError("no draft form")
        fields |= {"summary": f"A draft, saved again ({self.run_id} {number}).", "_save": "Save"}
        response = visitor.request("draft save", "POST", path, fields, expect=(302,))
        if response is None or response[0] != 302:
            raise RuntimeError("the draft was not saved")
        # Nobody can see a draft: the home page (warm) should still be a hit.
        answer = fetch(self.port, "/")
        with self.lock:
            self.draft_home_hits[1] += 1
            if answer and _is_hit(answer[1]):
                self.draft_home_hits[0] += 1

    def update(self, visitor, number):
        marker = f"Zqu{self.run_id}x{number}"
        fields = visitor.form("update form", "/updates/new/", "body")
        if fields is None:
            raise RuntimeError("no update form")
        fields |= {"body": f"{marker} testified today\n\nOur fellow answered the committee."}
        fields["topics"] = [str(self.site["topic_pk"])]
        pages = ["/updates/", "/", self.site["topic_path"]]
        self._save(visitor, "update", "/updates/new/", fields, marker, pages)

    def _save(self, visitor, kind, path, fields, marker, pages):
        response = visitor.request(f"{kind} save", "POST", path, fields, expect=(302,))
        if response is None or response[0] != 302:
            raise RuntimeError(f"{kind} not saved ({response and response[0]})")
        self._check(Change(kind, marker, pages, time.time()))

    def _scheduled(self, at):
        if self.stop.wait(max(0.0, at - time.time())):
            return
        item = self.site["scheduled"]
        self._check(Change("scheduled publish", item["marker"], item["pages"], at))

    # The checker ----------------------------------------------------------------------

    def _check(self, change):
        with self.lock:
            self.changes.append(change)
        thread = threading.Thread(target=self._follow, args=(change,))
        self.checkers.append(thread)
        thread.start()

    def _follow(self, change):
        pending = list(change.pages)
        while pending and time.time() < change.at + CHECK_SECONDS:
            for page in list(pending):
                began = time.time()
                answer = fetch(self.port, page)
                shown = answer is not None and change.marker in answer[2]
                with self.lock:
                    change.fetches += 1
                    if shown:
                        change.fresh_after[page] = began - change.at
                        pending.remove(page)
                    elif began > change.at + self.grace:
                        change.stale += 1
            if pending:
                time.sleep(POLL_SECONDS)
        change.never = pending

    # Summary --------------------------------------------------------------------------

    def summary(self):
        kinds = {}
        for change in self.changes:
            row = kinds.setdefault(change.kind, {"changes": 0, "stale": 0, "fetches": 0})
            row["changes"] += 1
            row["stale"] += change.stale
            row["fetches"] += change.fetches
            row["never"] = row.get("never", 0) + len(change.never)
            slowest = max(change.fresh_after.values(), default=0.0)
            row["slowest"] = max(row.get("slowest", 0.0), slowest)
        return {
            "kinds": kinds,
            "stale": sum(change.stale for change in self.changes),
            "never": sum(len(change.never) for change in self.changes),
            "changes": len(self.changes),
            "draft_home_hits": list(self.draft_home_hits),
            "failures": self.failures + self.stats.samples,
            "write_ms_p50": _median_ms(self.stats),
        }


def _every(period, first, duration):
    moments, moment = [], first
    while moment < duration:
        moments.append(moment)
        moment += period
    return moments


def _is_hit(headers):
    """A hit of the front cache when there is one (Varnish's header), else of the page cache."""
    front = headers.get("X-Cache-Front") or ("hit" if " " in headers.get("X-Varnish", "") else None)
    if front is not None:
        return front == "hit"
    return headers.get("X-Cache", "").lower().startswith("hit")


def _median_ms(stats):
    values = sorted(v for kind, vs in stats.latencies.items() if "save" in kind for v in vs)
    return round(values[len(values) // 2] * 1000) if values else None


class Probe:
    """One more reader, slow and timed: client-side latency of hits and misses under load.

    wrk's histogram cannot tell a hit from a miss, and the server's own times leave out
    the queue in front of the workers; this reader sees both, at a few requests a second.
    """

    def __init__(self, port, paths, hot, ranks, exponent, hot_share, rate=20.0):
        import bisect
        import random

        self.port, self.paths, self.hot, self.rate = port, paths[:ranks], hot, rate
        weights = [rank**-exponent for rank in range(1, len(self.paths) + 1)]
        total, running, self.cdf = sum(weights), 0.0, []
        for weight in weights:
            running += weight / total
            self.cdf.append(running)
        self.hot_share, self.random, self.bisect = hot_share, random.Random(7), bisect.bisect
        self.hits, self.misses = [], []
        self.stop = threading.Event()

    def run(self):
        while not self.stop.wait(1 / self.rate):
            if self.random.random() < self.hot_share:
                path = self.random.choice(self.hot)
            else:
                rank = self.bisect(self.cdf, self.random.random())
                path = self.paths[min(rank, len(self.paths) - 1)]
            began = time.perf_counter()
            answer = fetch(self.port, path)
            if answer is not None:
                elapsed = (time.perf_counter() - began) * 1000
                (self.hits if _is_hit(answer[1]) else self.misses).append(elapsed)

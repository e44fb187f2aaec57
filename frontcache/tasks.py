"""The purge task, and the listener that queues it when a change's transaction commits.

The purge runs after the change's response, so it must be quick: the "frontcache" queue has
a worker of its own that looks every FRONTCACHE_POLL_SECONDS (run_with_workers starts it).

A page rendered from the old rows can still reach the front cache after the purge: its
render began before the change and its response was stored after. The page cache marks a
render that a change overtook `s-maxage=0` (thinktank/page_cache.py), and the purge is sent
a second time FRONTCACHE_REPURGE_SECONDS later, for a copy that left the application just
before the change committed and reached the front cache just after the first purge.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from tasks.retry import retrying

from . import backends

logger = logging.getLogger(__name__)


@task(queue_name="frontcache")
@retrying(
    on=backends.PurgeFailed, attempts="FRONTCACHE_ATTEMPTS", first_delay="FRONTCACHE_RETRY_SECONDS"
)
def purge(tags):
    """Drop every page carrying one of `tags` from the front cache chosen in settings."""
    backend = backends.configured()
    if backend is None:  # turned off since the task was queued
        return 0
    backend.purge(tags)
    return len(tags)


def purge_later(tags):
    """core.cache's bump listener: queue the purge (and its repeat), never raise.

    It runs in the request that made the change, after its commit: a failure to queue is
    logged, and the page is then kept by the front cache at most its `s-maxage`.
    """
    if settings.FRONTCACHE_BACKEND == "none":
        return
    names = sorted(tags)
    try:
        purge.enqueue(names)
        again = settings.FRONTCACHE_REPURGE_SECONDS
        if again > 0 and purge.get_backend().supports_defer:
            later = timezone.now() + timedelta(seconds=again)
            purge.using(run_after=later).enqueue(names)
    except Exception:  # the change is saved; its response must not fail now
        logger.exception("Could not queue the front cache purge of %s", " ".join(names))

from django.apps import AppConfig


class FrontcacheConfig(AppConfig):
    """Purges the front cache (Varnish, Fastly or Cloudflare) by tag when content changes.

    Pages carry their tags (thinktank/page_cache.py); when a change's transaction commits,
    core.cache tells its listeners which tags it bumped, and this app queues a task on the
    "frontcache" queue that asks the front cache chosen in settings to drop every page
    carrying one of them. The request that made the change never waits for the front cache.
    """

    name = "frontcache"
    label = "frontcache"
    verbose_name = "Front cache"

    def ready(self):
        from core.cache import tags

        from . import tasks

        tags.on_bump(tasks.purge_later)

"""Reading pages as an anonymous reader would, to see what the page cache keeps."""


def pages_showing(article, topic, author):
    """The pages that show a live article: itself, the lists, its topic and its author."""
    return [
        article.get_absolute_url(),
        "/",
        "/articles/",
        topic.get_absolute_url(),
        author.get_absolute_url(),
    ]


def count_round_trips(monkeypatch):
    """The names of the calls ("get_many", "set", …) this thread makes to the default cache
    from now on; a backend's get_many made of gets, as the in-memory one's is, counts once."""
    from django.core.cache import caches

    backend = caches["default"]
    calls, inside = [], []

    def counting(name, real):
        def counted(*args, **kwargs):
            if not inside:
                calls.append(name)
            inside.append(name)
            try:
                return real(*args, **kwargs)
            finally:
                inside.pop()

        return counted

    for name in ("get", "get_many", "set", "set_many", "add", "incr", "delete"):
        monkeypatch.setattr(backend, name, counting(name, getattr(backend, name)))
    return calls

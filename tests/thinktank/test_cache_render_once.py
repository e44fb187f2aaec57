"""One render per miss (thinktank/page_cache.py): readers asking for a page that is being
rendered wait a bounded time for that render instead of rendering it again, and pages that
are never stored keep no one waiting."""

import threading
import time

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from thinktank import page_cache
from thinktank.page_cache import PublicPageCacheMiddleware

READERS = 4


class SlowView:
    """A view that takes `seconds`, counting its renders and how many overlapped."""

    def __init__(self, seconds, cacheable=True):
        self.seconds, self.cacheable = seconds, cacheable
        self.renders = self.running = self.most_at_once = 0
        self.lock = threading.Lock()

    def __call__(self, request):
        with self.lock:
            self.renders += 1
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        time.sleep(self.seconds)
        with self.lock:
            self.running -= 1
        response = HttpResponse("the page")
        response.cacheable = self.cacheable
        return response


@pytest.fixture(autouse=True)
def no_schedule(monkeypatch):
    # The schedule asks the database; these readers run in threads of their own.
    monkeypatch.setattr(page_cache, "seconds_left", lambda tags, started, longest: longest)


def read_at_once(view, readers=READERS):
    middleware = PublicPageCacheMiddleware(view)
    responses = [None] * readers

    def read(number):
        responses[number] = middleware(RequestFactory().get("/articles/popular/"))

    threads = [threading.Thread(target=read, args=(number,)) for number in range(readers)]
    for thread in threads:
        thread.start()
        time.sleep(0.01)  # the first reader starts the render before the others ask
    for thread in threads:
        thread.join()
    return responses


def test_readers_of_a_missing_page_wait_for_one_render():
    view = SlowView(0.3)
    responses = read_at_once(view)
    assert view.renders == 1
    assert [response.content for response in responses] == [b"the page"] * READERS
    assert sorted(response["X-Cache"] for response in responses) == ["hit"] * 3 + ["miss"]


def test_a_reader_waits_no_longer_than_the_bound_then_renders_it_too(settings):
    settings.RENDER_WAIT_SECONDS = 0.1
    view = SlowView(0.5)
    responses = read_at_once(view, readers=3)
    assert view.renders == 3
    assert all(response.content == b"the page" for response in responses)


def test_a_page_that_is_never_stored_keeps_no_one_waiting():
    view = SlowView(0.3, cacheable=False)
    read_at_once(view, readers=1)  # learns that this address is not stored
    view.most_at_once = 0
    read_at_once(view, readers=3)
    assert view.renders == 4
    assert view.most_at_once == 3


def test_a_page_that_becomes_cacheable_is_stored_again(rf):
    view = SlowView(0, cacheable=False)
    middleware = PublicPageCacheMiddleware(view)
    middleware(rf.get("/articles/soon/"))
    view.cacheable = True
    assert middleware(rf.get("/articles/soon/"))["X-Cache"] == "miss"
    assert middleware(rf.get("/articles/soon/"))["X-Cache"] == "hit"
    assert view.renders == 2

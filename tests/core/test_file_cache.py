"""The file cache the site uses without Redis: worker processes share its folder, and the
tag clock they move there must never lose a tick or go back (core/cache/filebased.py)."""

import multiprocessing

from core.cache.filebased import FileBasedCache

TICKS = 300


def tick(folder, times):
    cache = FileBasedCache(str(folder), {})
    for _ in range(times):
        cache.incr("clock")


def test_processes_incrementing_at_once_lose_no_tick(tmp_path):
    FileBasedCache(str(tmp_path), {}).set("clock", 0)
    fork = multiprocessing.get_context("fork")
    workers = [fork.Process(target=tick, args=(tmp_path, TICKS)) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert FileBasedCache(str(tmp_path), {}).get("clock") == 3 * TICKS


def test_the_lock_file_is_not_an_entry(tmp_path):
    cache = FileBasedCache(str(tmp_path), {})
    cache.add("a", 1)
    cache.clear()
    assert cache.get("a") is None
    assert (tmp_path / "update.lock").exists()

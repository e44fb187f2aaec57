"""Django's Redis cache, keeping its Redis client.

Django's client makes a new `redis.Redis` for every command, and each builds its table
of response callbacks: about half a millisecond of CPU per round trip, more than the
round trip itself on loopback. A `redis.Redis` is safe to share (every command takes a
connection from the pool), so this one keeps one per connection pool.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

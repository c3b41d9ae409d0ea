"""Django's Redis cache backend, keeping one client per connection pool; and the raw Redis client
for the few writes the cache API cannot express (QR scan counters: qr/pending.py).

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` for every call, and redis-py's
constructor fills a table of ~170 response callbacks each time: 0.35 ms of CPU per cache read,
more than the read itself. A client over a pool is safe to share between threads, so one per pool
is enough. Selected automatically when CACHE_URL is redis:// (settings.py).
"""

from django.core.cache import caches
from django.core.cache.backends import redis


class _Client(redis.RedisCacheClient):
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
        self._class = _Client


def redis_client(alias: str = "default"):
    """The Redis client (the primary: it writes) behind the cache `alias`, or None when that cache
    is not Redis (the per-process cache of `make run` and the tests). Name keys with `redis_key`."""
    backend = caches[alias]
    if not isinstance(backend, redis.RedisCache):
        return None
    return backend._cache.get_client(write=True)


def redis_key(name: str, alias: str = "default") -> str:
    """`name` as the cache `alias` stores it (its KEY_PREFIX and version): the key a raw command
    uses for what `cache.add(name, …)` would write."""
    return caches[alias].make_and_validate_key(name)

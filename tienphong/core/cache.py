"""Django's Redis cache backend, keeping one client per connection pool; and, for the few writes
the cache API cannot express (QR scan counters: qr/pending.py), the raw client and `run_script`.

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` for every call, and redis-py's
constructor fills a table of ~170 response callbacks each time: 0.35 ms of CPU per cache read,
more than the read itself. A client over a pool is safe to share between threads, so one per pool
is enough. Selected automatically when CACHE_URL is redis:// (settings.py).

`send_script` / `run_script`: a Lua script in one round trip at a fraction of redis-py's CPU per
command (~0.08 ms instead of ~0.25 ms: its pool accounting, encoders and observability hooks), for
the one call every QR scan makes. Each thread keeps its own connection, made by the cache's pool
(same server, database, password, TLS); the command is packed here. `send_script` does not wait for
the reply: a scan sends its count, answers the visitor, and reads the reply after the response has
gone (qr/views.py), when it has long arrived, so a server process never sits idle waiting on Redis.
"""

import hashlib
import os
import threading
from collections import deque

from django.core.cache import caches
from django.core.cache.backends import redis
from redis import exceptions as redis_exceptions
from redis.exceptions import NoScriptError


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


def _pack(*parts) -> bytes:
    """A command in the Redis protocol (RESP): an array of bulk strings."""
    out = [b"*%d\r\n" % len(parts)]
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode()
        out.append(b"$%d\r\n%b\r\n" % (len(data), data))
    return b"".join(out)


class _Own:
    """This thread's connection to one pool's server, and the calls sent on it whose replies are
    not read yet (Redis answers in order)."""

    def __init__(self, pool):
        self.pool = pool
        self.connection = pool.make_connection()
        self.unread: deque[ScriptCall] = deque()

    def read_next(self) -> None:
        call = self.unread[0]
        try:
            reply = self.connection.read_response()
        except NoScriptError:  # a new or restarted Redis: load the script, send the call again
            self.unread.popleft()
            redis_client(call.alias).script_load(call.source)
            call._send()
            return
        except redis_exceptions.ResponseError as error:  # the script failed: this call only
            self.unread.popleft()
            call._error = error
            return
        except BaseException as error:  # the connection is gone, and every reply on it
            self.fail(error)
            raise
        self.unread.popleft()
        call._reply, call._done = reply, True

    def fail(self, error) -> None:
        self.connection.disconnect()
        while self.unread:
            self.unread.popleft()._error = error


_own = threading.local()
_shas: dict[str, str] = {}


def _own_connection(client) -> _Own:
    """This thread's connection to `client`'s server (a new one after a fork or for another pool)."""
    pool = client.connection_pool
    held = getattr(_own, "held", None)
    if held is None or _own.pid != os.getpid():
        held = _own.held = {}
        _own.pid = os.getpid()
    own = held.get(id(pool))
    if own is None or own.pool is not pool:  # (the id of a freed pool may come back)
        own = held[id(pool)] = _Own(pool)
    return own


class ScriptCall:
    """A Lua script sent to Redis (`send_script`); `reply()` reads its answer, waiting if need be."""

    def __init__(self, source: str, keys, args, alias: str):
        self.source, self.alias = source, alias
        sha = _shas.get(source)
        if sha is None:
            sha = _shas[source] = hashlib.sha1(source.encode()).hexdigest()
        self._command = [_pack(b"EVALSHA", sha, len(keys), *keys, *args)]
        self._reply, self._error, self._done = None, None, False
        self._own = _own_connection(redis_client(alias))
        self._send()

    def _send(self) -> None:
        own = self._own
        try:
            own.connection.send_packed_command(self._command, check_health=False)
        except BaseException as error:
            own.fail(error)
            raise
        own.unread.append(self)

    def reply(self):
        """The script's reply (bytes, ints and lists of them). Raises redis.RedisError when Redis
        failed (then whether the script ran is unknown, unless the error came from the script)."""
        while not self._done and self._error is None:
            self._own.read_next()
        if self._error is not None:
            raise self._error
        return self._reply


def send_script(source: str, keys: list[str], args: list, alias: str = "default") -> ScriptCall:
    """Send the Lua `source` (EVALSHA; loaded on first use) to the Redis behind the cache `alias`
    without waiting for its reply: the caller does its other work meanwhile, and finds the reply
    arrived when it asks (`.reply()`), with no wait. Raises redis.RedisError when it cannot be sent."""
    return ScriptCall(source, keys, args, alias)


def run_script(source: str, keys: list[str], args: list, alias: str = "default"):
    """`send_script(...).reply()`: the script's reply, waited for."""
    return send_script(source, keys, args, alias).reply()

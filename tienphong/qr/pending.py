"""Scans counted in Redis on the request path, moved into the database in batches, exactly once.

Why: a scan written straight to the database costs a transaction (the code's ScanDay row and the
dashboards' rollup cells, eight of them, all hot rows) and its commit's disk flush: ~12 ms of
waiting for ~1 ms of work, and the scans of one code queue on the same rows (bench/README.md: 0.24×
the bare view's requests/s). Here a scan is one Redis call whose reply is read after the visitor's
redirect has gone, and the database gets one transaction per batch whatever its size.

When: only when the default cache is Redis (CACHE_URL=redis://…, production). With the
per-process cache (`make run`, most tests) a scan writes to the database directly
(services.record_scan), as before.

The keys (the cache's KEY_PREFIX and version in front):

- `qr:scans:pending`, a hash: field "<code id>:<yyyy-mm-dd>" → scans of that code that day not yet
  in the database, and "#id": the batch's id, given by the scan that made the hash. No TTL: never
  evicted under `noeviction` (Debian's default) or a `volatile-*` policy; an `allkeys-*` policy
  could drop it, and its scans with it (not for this Redis).
- `qr:scans:flushing`, a hash: the batch being moved (the pending hash renamed).
- `qr:scans:due`, a mark that lives DUE_SECONDS: while it is there, scans leave the flush to others.
- the once-per-window marks of core.ratelimit (a keyed hash of address, code and window; value 1).

A scan (`send_count`: one script, atomic): unless its client's mark for this code and window exists
(set it, else stop: not counted), HINCRBY its field of `pending` (and HSETNX the "#id" it offers);
then, if there is no `due` mark, set one and answer "flush". The view does not wait for the answer:
services.start_scan sends, the redirect goes out, and the reply (there by then) is read on Django's
request_finished, where a due flush runs: scans alone keep the database within DUE_SECONDS of Redis;
`manage.py flush_scans --every 2` (deploy/systemd/tienphong-scans.service) covers quiet moments.

A flush (services.flush_scans):

1. `take`, one script, atomic: if `flushing` exists (an earlier flush stopped before step 3) it is
   the batch, as it is; else `pending` is renamed to `flushing`. A scan arriving meanwhile lands in
   either the batch or the next `pending`: never both, never neither.
2. One database transaction: insert the batch id into ScanFlush (ON CONFLICT DO NOTHING); if it was
   there already, the batch was applied and this is a replay: nothing else. Else lock the codes (so a
   code moving commune waits), upsert the ScanDay rows, add the rollup cells, commit.
3. `done`, one script: delete `flushing` if it still holds that id.

A crash before 2's commit leaves `flushing`: the next flush applies it. A crash between 2 and 3
leaves it too: the next flush finds its id in ScanFlush and only deletes it. Two flushes at once take
the same batch; the primary key lets one apply it (on PostgreSQL the second insert waits for the
first transaction, then finds the id). So each scan is added once, and the dashboards' cells move
with ScanDay in one transaction: a rollup rebuild finds what they hold.

Redis itself: stopped cleanly it saves and reloads its data (Debian's default), nothing lost. Killed,
it loses what it had not saved: without snapshots, the scans not yet flushed (a few seconds' worth);
from an older snapshot, a batch already applied may come back, and its id, already in ScanFlush,
keeps it from being added twice (the scans counted into it after the restart, until the next flush,
are lost with it). A scan is never counted twice. If Redis fails between sending a count and reading
its reply, that one scan may be missing (logged); if it cannot be sent, the scan is written to the
database directly. Nothing about the visitor is kept: the fields hold code ids and days, the marks a
keyed hash.
"""

import datetime as dt
import itertools
import os
import uuid
from dataclasses import dataclass

from django.core.cache import caches

from tienphong.core import ratelimit
from tienphong.core.cache import ScriptCall, redis_client, redis_key, run_script, send_script

PENDING = "qr:scans:pending"
FLUSHING = "qr:scans:flushing"
DUE = "qr:scans:due"
ID_FIELD = "#id"
DUE_SECONDS = 5  # a scan flushes when no flush started in this many seconds

_COUNT = """
if #KEYS == 3 and not redis.call('SET', KEYS[3], '1', 'NX', 'EX', ARGV[4]) then
  return 0
end
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
redis.call('HSETNX', KEYS[1], '#id', ARGV[3])
if redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[2]) then
  return 3
end
return 1
"""

_TAKE = """
local fresh = 0
if redis.call('EXISTS', KEYS[2]) == 0 then
  if redis.call('EXISTS', KEYS[1]) == 0 then
    return {}
  end
  redis.call('RENAME', KEYS[1], KEYS[2])
  redis.call('HSETNX', KEYS[2], '#id', ARGV[1])
  fresh = 1
end
return {fresh, redis.call('HGETALL', KEYS[2])}
"""

_DONE = """
if redis.call('HGET', KEYS[1], '#id') == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""

def _keys() -> tuple[str, str, str]:
    """The pending, flushing and due keys as the cache names them (kept on the cache object: a scan
    need not build them again)."""
    backend = caches["default"]
    keys = getattr(backend, "_qr_scan_keys", None)
    if keys is None:
        keys = backend._qr_scan_keys = (redis_key(PENDING), redis_key(FLUSHING), redis_key(DUE))
    return keys


def enabled() -> bool:
    """Whether scans go through Redis: the default cache is Redis."""
    return redis_client() is not None


@dataclass(frozen=True)
class Counted:
    counted: bool  # False: this client's scan of this code was counted already in this window
    flush_due: bool  # True: the caller should flush (services.flush_scans)


class _Ids:
    """Batch ids: this process's random part and a counter (a scan offers one; the batch keeps the
    first). Unique across processes and restarts, cheaper than a uuid4 per scan."""

    def __init__(self):
        self.pid = None

    def next(self) -> str:
        if self.pid != os.getpid():
            self.pid, self.token, self.counter = os.getpid(), uuid.uuid4().hex[:20], itertools.count()
        return f"{self.token}{next(self.counter):012x}"


_new_id = _Ids().next


@dataclass(frozen=True)
class SentCount:
    """A scan's count sent to Redis, its reply not read yet."""

    call: ScriptCall

    def result(self) -> Counted:
        """Redis's answer (arrived by now, or waited for). Raises redis.RedisError when Redis failed
        after the count was sent: then whether it was counted is unknown."""
        reply = self.call.reply()  # one number: 1 counted, +2 flush due
        return Counted(bool(reply & 1), bool(reply & 2))


def send_count(code_id: int, day: dt.date, *, client: str | None = None, window: int = 0) -> SentCount:
    """Count one scan of `code_id` on `day`; with `client` and `window` > 0, only the first of
    that client's scans of that code in the window (core.ratelimit's mark, set in the same call).
    Sent without waiting for Redis's reply. Raises redis.RedisError when it cannot be sent."""
    pending_key, _flushing, due_key = _keys()
    keys = [pending_key, due_key]
    args = [f"{code_id}:{day.isoformat()}", DUE_SECONDS, _new_id()]
    if client is not None and window > 0:
        mark, seconds = ratelimit.window_mark("scan", client, code_id, window=window)
        keys.append(redis_key(mark))
        args.append(seconds)
    return SentCount(send_script(_COUNT, keys, args))


def count(code_id: int, day: dt.date, *, client: str | None = None, window: int = 0) -> Counted:
    """`send_count`, its reply waited for."""
    return send_count(code_id, day, client=client, window=window).result()


@dataclass(frozen=True)
class Batch:
    id: str
    counts: dict[tuple[int, dt.date], int]  # (code id, day) → scans
    unreadable: int  # fields that were not "<id>:<day>" (skipped)
    fresh: bool = True  # taken from `pending` now (False: left by a flush that stopped)

    @property
    def scans(self) -> int:
        return sum(self.counts.values())


def _text(value) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def take() -> Batch | None:
    """The batch to move into the database (the one left by a stopped flush first), or None."""
    pending_key, flushing_key, _due = _keys()
    reply = run_script(_TAKE, [pending_key, flushing_key], [uuid.uuid4().hex])
    if not reply:
        return None
    fresh, flat = reply
    fields = dict(zip(map(_text, flat[0::2]), map(_text, flat[1::2])))
    batch_id = fields.pop(ID_FIELD)
    counts, unreadable = {}, 0
    for field, value in fields.items():
        try:
            code_id, day = field.split(":")
            counts[(int(code_id), dt.date.fromisoformat(day))] = int(value)
        except ValueError:
            unreadable += 1
    return Batch(batch_id, counts, unreadable, fresh=bool(fresh))


def done(batch_id: str) -> None:
    """The batch is in the database: forget it (unless another flush did already)."""
    run_script(_DONE, [_keys()[1]], [batch_id])


def waiting() -> dict[tuple[int, dt.date], int]:
    """What `pending` and `flushing` hold, for tests and the benchmark (a flushing batch already
    applied counts here too until its `done`)."""
    client = redis_client()
    result: dict[tuple[int, dt.date], int] = {}
    for key in _keys()[:2]:
        for field, value in client.hgetall(key).items():
            field = _text(field)
            if field != ID_FIELD:
                code_id, day = field.split(":")
                key = (int(code_id), dt.date.fromisoformat(day))
                result[key] = result.get(key, 0) + int(value)
    return result

"""Codes for public pages, and the count of their scans.

A target (a place, a product, a producer) offers:
- `commune_id` and `path`: the unit it belongs to;
- `get_public_url()`: its page, relative to the site (e.g. "/visit/place/12/"), without a slug, so
  a rename never breaks a printed code;
- `public_title`: what a poster or label prints;
- `is_public`: published (a scan of a draft's code shows "not published yet" and counts nothing).
"""

import datetime as dt
import logging
import secrets
import threading
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from redis import RedisError

from tienphong.core import ratelimit
from tienphong.rollups import services as rollups

from . import pending, rollup
from .models import ALPHABET, CODE_LENGTH, ScanDay, ScanFlush, ShortCode

logger = logging.getLogger(__name__)


def _new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def code_for(target) -> ShortCode:
    """The target's code, made on first use (idempotent)."""
    content_type = ContentType.objects.get_for_model(type(target))
    found = ShortCode.objects.filter(content_type=content_type, object_id=target.pk).first()
    if found:
        return found
    for _attempt in range(8):
        try:
            with transaction.atomic():
                return ShortCode.objects.create(code=_new_code(), content_type=content_type, object_id=target.pk,
                                                commune_id=target.commune_id, path=target.path)
        except IntegrityError:
            # Either the random code was taken or another request made this target's code meanwhile.
            found = ShortCode.objects.filter(content_type=content_type, object_id=target.pk).first()
            if found:
                return found
    raise RuntimeError("no free short code after 8 attempts")


@transaction.atomic
def target_moved(target) -> None:
    """Call when a target changes commune: its scans, past and future, count for the new one. The
    dashboards' rows of its past scans move too, so a rollup rebuild finds what the running totals hold."""
    content_type = ContentType.objects.get_for_model(type(target))
    shortcode = (ShortCode.objects.select_for_update().select_related("content_type")
                 .filter(content_type=content_type, object_id=target.pk).first())
    if shortcode is None or (shortcode.commune_id, shortcode.path) == (target.commune_id, target.path):
        return
    days = list(shortcode.scan_days.values_list("day", "count"))
    before = [d for day, n in days for d in rollup.scan_deltas(shortcode, day, n)]
    shortcode.commune_id, shortcode.path = target.commune_id, target.path
    shortcode.save(update_fields=["commune", "path"])
    rollups.replace(before, [d for day, n in days for d in rollup.scan_deltas(shortcode, day, n)])


def short_url(shortcode: ShortCode, request=None) -> str:
    """The code's absolute address as printed: settings.PUBLIC_BASE_URL, else the request's host.

    Upper case ("HTTPS://TIENPHONG.EXAMPLE.VN/Q/ABC234"): scheme and host ignore case and `/Q/`
    is routed like `/q/`, so the whole address fits segno's alphanumeric mode, a smaller code.
    A path in PUBLIC_BASE_URL (a site under a prefix) keeps its case: paths are case-sensitive."""
    base = settings.PUBLIC_BASE_URL
    if not base:
        if request is None:
            raise ImproperlyConfigured("PUBLIC_BASE_URL is not set: a printed QR code needs an absolute address.")
        base = f"{request.scheme}://{request.get_host()}"
    parts = urlsplit(base.rstrip("/"))
    return f"{parts.scheme.upper()}://{parts.netloc.upper()}{parts.path}/Q/{shortcode.code.upper()}"


def record_scan_once(*, shortcode, client: str) -> bool:
    """Count a scan unless this client scanned this code in the current window of
    settings.QR_SCAN_ONCE_SECONDS (a reload, a double tap, a crowd's one phone scanning again).
    Returns whether it was counted.

    With Redis as the cache the scan is one Redis call (qr/pending.py) and reaches the database
    with its batch (`flush_scans`, within seconds); else it is written at once (`record_scan`).
    Who scanned is not stored: the cache holds only a keyed hash of (client, code, window), until
    the window ends (core.ratelimit)."""
    sent = _send_scan(shortcode=shortcode, client=client)
    if isinstance(sent, bool):
        return sent
    result = sent.result()
    if result.flush_due:
        flush_scans_quietly()
    return result.counted


def start_scan(*, shortcode, client: str) -> None:
    """`record_scan_once` for the scan view: with Redis, the count is sent and its reply read by
    `finish_started_scans` once the response has gone (request_finished), so the server process never
    waits on Redis while the visitor does; a flush that falls due runs then too."""
    sent = _send_scan(shortcode=shortcode, client=client)
    if not isinstance(sent, bool):
        started = getattr(_started, "scans", None)
        if started is None:
            started = _started.scans = []
        started.append(sent)


_started = threading.local()


def finish_started_scans(**_signal) -> None:
    """Read the replies of the scans this thread started (connected to request_finished)."""
    started = getattr(_started, "scans", None)
    if not started:
        return
    _started.scans = []
    due = False
    for sent in started:
        try:
            due = sent.result().flush_due or due
        except RedisError:
            logger.warning("qr: Redis failed after a scan's count was sent: it may be missing", exc_info=True)
    if due:
        flush_scans_quietly()


def _send_scan(*, shortcode, client: str) -> "pending.SentCount | bool":
    """The scan's count sent to Redis; or, without Redis, done in the database (whether it counted)."""
    seconds = settings.QR_SCAN_ONCE_SECONDS
    if pending.enabled():
        try:
            return pending.send_count(shortcode.pk, timezone.localdate(), client=client, window=seconds)
        except RedisError:
            # Redis down: the scan goes to the database (without the once-per-window check, which
            # lives in Redis too): counted rather than lost.
            logger.warning("qr: Redis did not answer; scan written to the database directly", exc_info=True)
            record_scan(shortcode=shortcode)
            return True
    if seconds > 0 and not ratelimit.first_in_window("scan", client, shortcode.pk, window=seconds):
        return False
    record_scan(shortcode=shortcode)
    return True


@transaction.atomic
def record_scan(*, shortcode, day: dt.date | None = None) -> None:
    """Count one scan: the code's day row and the dashboards' rollups, in one transaction.

    Both are additive upserts (`count = count + 1` in the database, not read-modify-write in
    Python), so concurrent scans never lose a count. Nothing about the visitor is stored."""
    day = day or timezone.localdate()
    _add_scan_days([(shortcode.pk, day, 1)])
    rollups.add(rollup.scan_deltas(shortcode, day, 1))


def _add_scan_days(rows: list[tuple[int, dt.date, int]]) -> None:
    """Additive upserts of (code id, day, scans), in (code, day) order so two writers never deadlock."""
    table, count = connection.ops.quote_name(ScanDay._meta.db_table), connection.ops.quote_name("count")
    adapt = connection.ops.adapt_datefield_value
    rows = sorted(rows)
    with connection.cursor() as cursor:
        for i in range(0, len(rows), SCAN_DAY_CHUNK):
            chunk = rows[i:i + SCAN_DAY_CHUNK]
            cursor.execute(
                f"INSERT INTO {table} (shortcode_id, day, {count}) VALUES {', '.join(['(%s, %s, %s)'] * len(chunk))} "
                f"ON CONFLICT (shortcode_id, day) DO UPDATE SET {count} = {table}.{count} + excluded.{count}",
                [x for code_id, day, n in chunk for x in (code_id, adapt(day), n)])


# --- scans counted in Redis: moved into the database in batches (qr/pending.py) ----------------------

SCAN_DAY_CHUNK = 300
FLUSH_KEEP_DAYS = 7  # a batch id is remembered this long (replays come within seconds, old snapshots within hours)


def flush_scans() -> int:
    """Move the scans counted in Redis into ScanDay and the rollups, each exactly once (see
    qr/pending.py): a batch a stopped flush left, if any, then what is pending now (the scans that
    arrive meanwhile wait for the next flush). Returns the scans added. Nothing to do (0) when the
    cache is not Redis. Raises what Redis or the database raise: the batch waits for the next flush."""
    if not pending.enabled():
        return 0
    added = 0
    for _round in range(3):  # (a batch left by a stopped flush is at most one; a bound all the same)
        batch = pending.take()
        if batch is None:
            break
        added += _apply(batch)
        pending.done(batch.id)
        if batch.fresh:
            break
    return added


def flush_scans_quietly() -> int:
    """`flush_scans` from a request: a failure is logged, never shown to the visitor (the batch
    stays in Redis for the next flush)."""
    try:
        return flush_scans()
    except Exception:
        logger.exception("qr: flushing scans failed; they wait in Redis for the next flush")
        return 0


@transaction.atomic
def _apply(batch: pending.Batch) -> int:
    """One batch into the database, unless its id says it is there already. Returns the scans added."""
    table = connection.ops.quote_name(ScanFlush._meta.db_table)
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (id, applied_at, scans) VALUES (%s, %s, %s) ON CONFLICT (id) DO NOTHING",
                       [batch.id, connection.ops.adapt_datetimefield_value(now), batch.scans])
        if cursor.rowcount != 1:
            # Applied before: by a flush that stopped before forgetting it, by another flush at the same
            # time, or it came back with an old Redis snapshot.
            return 0
    ScanFlush.objects.filter(applied_at__lt=now - dt.timedelta(days=FLUSH_KEEP_DAYS)).delete()
    # Locked (no key update: scans' ScanDay inserts still pass) so that target_moved and a deletion
    # wait: the commune read here is the one the rollup cells go to.
    codes = {c.pk: c for c in ShortCode.objects.select_for_update(no_key=True, of=("self",))
             .select_related("content_type").filter(pk__in={code_id for code_id, _day in batch.counts})
             .order_by("pk")}
    rows = [(code_id, day, n) for (code_id, day), n in batch.counts.items() if code_id in codes and n > 0]
    gone = batch.scans - sum(n for _c, _d, n in rows)
    if gone or batch.unreadable:
        logger.warning("qr: %s scans of deleted codes and %s unreadable fields dropped from batch %s",
                       gone, batch.unreadable, batch.id)
    _add_scan_days(rows)
    rollups.add([d for code_id, day, n in rows for d in rollup.scan_deltas(codes[code_id], day, n)])
    return sum(n for _c, _d, n in rows)

"""Codes for public pages, and the count of their scans.

A target (a place, a product, a producer) offers:
- `commune_id` and `path`: the unit it belongs to;
- `get_public_url()`: its page, relative to the site (e.g. "/visit/place/12/"), without a slug, so
  a rename never breaks a printed code;
- `public_title`: what a poster or label prints;
- `is_public`: published (a scan of a draft's code shows "not published yet" and counts nothing).
"""

import datetime as dt
import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from tienphong.core import ratelimit
from tienphong.rollups import services as rollups

from . import rollup
from .models import ALPHABET, CODE_LENGTH, ScanDay, ShortCode


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

    Who scanned is not stored: the cache holds only a keyed hash of (client, code, window), until
    the window ends (core.ratelimit)."""
    seconds = settings.QR_SCAN_ONCE_SECONDS
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
    table, count = connection.ops.quote_name(ScanDay._meta.db_table), connection.ops.quote_name("count")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (shortcode_id, day, {count}) VALUES (%s, %s, 1) "
            f"ON CONFLICT (shortcode_id, day) DO UPDATE SET {count} = {table}.{count} + 1",
            [shortcode.pk, connection.ops.adapt_datefield_value(day)])
    rollups.add(rollup.scan_deltas(shortcode, day, 1))

"""Reads of QR codes: the scan's one lookup, and the counts an editor sees."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, Sum
from django.http import Http404

from tienphong.core.pagecache import cached_value

from .models import ScanDay, ShortCode


def code_or_none(code: str) -> ShortCode | None:
    """The code (any case), with its content type: one query."""
    return ShortCode.objects.select_related("content_type").filter(code=code.upper()).first()


def target_of(shortcode: ShortCode):
    """The object the code points at (one query), or None when it was deleted."""
    model = shortcode.content_type.model_class()
    if model is None:  # the target's app is gone
        return None
    return model._base_manager.filter(pk=shortcode.object_id).first()


@dataclass(frozen=True)
class Scan:
    """What counting and redirecting a scan needs to know about its code: kept in the public-page
    cache, so a scan reads nothing from the database (any public edit bumps the cache's generation)."""

    pk: int
    commune_id: int
    path: str
    target_kind: str
    url: str
    public: bool


def scan_target(code: str) -> Scan | None:
    """The code's scan facts, or None when the code or its target does not exist."""

    def load():
        shortcode = code_or_none(code)
        target = target_of(shortcode) if shortcode is not None else None
        if target is None:
            return None
        return Scan(pk=shortcode.pk, commune_id=shortcode.commune_id, path=shortcode.path,
                    target_kind=shortcode.target_kind, url=target.get_public_url(), public=target.is_public)

    return cached_value(f"scan:{code.upper()}", load)


def staff_code(scope, code: str) -> ShortCode:
    """A code a staff member may print: 404 when unknown or outside what they may view."""
    shortcode = code_or_none(code)
    if shortcode is None:
        raise Http404
    scope.require(shortcode.path, "view")
    return shortcode


@dataclass
class ScanCounts:
    today: int
    week: int  # the last 7 days, today included
    month: int  # the last 30 days, today included
    total: int
    days: list[tuple[dt.date, int]]  # the days of the last 14 with scans, newest first


def scan_counts(shortcode: ShortCode, today: dt.date) -> ScanCounts:
    rows = ScanDay.objects.filter(shortcode=shortcode)
    sums = rows.aggregate(
        today=Sum("count", filter=Q(day=today)),
        week=Sum("count", filter=Q(day__gt=today - dt.timedelta(days=7), day__lte=today)),
        month=Sum("count", filter=Q(day__gt=today - dt.timedelta(days=30), day__lte=today)),
        total=Sum("count"))
    days = list(rows.filter(day__gt=today - dt.timedelta(days=14), day__lte=today, count__gt=0)
                .order_by("-day").values_list("day", "count"))
    return ScanCounts(days=days, **{k: v or 0 for k, v in sums.items()})

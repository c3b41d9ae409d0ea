"""Reads of the rollups: sums over units and a date range, by indicator, breakdown key, unit or day.

A range is read as whole months from month rows plus the days at its edges from day rows, so a
year costs 12 rows per unit and figure, and a week 7.
"""

import datetime as dt
from collections import defaultdict

from django.db.models import Q, Sum

from .models import Fact, Level, Stock


def _month_start(d: dt.date) -> dt.date:
    return d.replace(day=1)


def _next_month(d: dt.date) -> dt.date:
    return (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def period_q(start: dt.date, end: dt.date) -> Q:
    """Rows covering [start, end] exactly once: month rows for whole months, day rows for the rest."""
    if end < start:
        return Q(pk__in=[])
    first_whole = start if start.day == 1 else _next_month(start)
    after_last_whole = _month_start(end + dt.timedelta(days=1))  # the month after the last whole one
    if first_whole >= after_last_whole:
        return Q(grain=Fact.Grain.DAY, period__gte=start, period__lte=end)
    q = Q(grain=Fact.Grain.MONTH, period__gte=first_whole, period__lt=after_last_whole)
    if start < first_whole:
        q |= Q(grain=Fact.Grain.DAY, period__gte=start, period__lt=first_whole)
    if after_last_whole <= end:
        q |= Q(grain=Fact.Grain.DAY, period__gte=after_last_whole, period__lte=end)
    return q


def _where(unit_ids, level: str, indicators, dim: str | None) -> Q:
    q = Q(level=level, indicator__in=list(indicators))
    if len(unit_ids) == 1:
        q &= Q(unit_id=next(iter(unit_ids)))
    else:
        q &= Q(unit_id__in=list(unit_ids))
    if dim is not None:
        q &= Q(dim=dim)
    return q


def totals(*, unit_ids, level: str, indicators, start: dt.date, end: dt.date) -> dict[str, int]:
    """indicator → value over the units and the range."""
    rows = (Fact.objects.filter(_where(unit_ids, level, indicators, ""), period_q(start, end))
            .values_list("indicator").annotate(v=Sum("value")).order_by())
    out = dict.fromkeys(indicators, 0)
    out.update({ind: v for ind, v in rows})
    return out


def by_key(*, unit_ids, level: str, indicators, dim: str, start: dt.date, end: dt.date) -> dict[str, dict[str, int]]:
    """indicator → {breakdown key → value}."""
    rows = (Fact.objects.filter(_where(unit_ids, level, indicators, dim), period_q(start, end))
            .values_list("indicator", "key").annotate(v=Sum("value")).order_by())
    out: dict[str, dict[str, int]] = {ind: {} for ind in indicators}
    for ind, key, v in rows:
        if v:
            out[ind][key] = v
    return out


def by_unit(*, unit_ids, level: str, indicators, start: dt.date, end: dt.date, dim: str = "",
            key: str | None = None) -> dict[int, dict[str, int]]:
    """unit id → {indicator → value}; with `key`, only that breakdown key of `dim`."""
    q = Q(_where(unit_ids, level, indicators, dim), period_q(start, end))
    if key is not None:
        q &= Q(key=key)
    rows = Fact.objects.filter(q).values_list("unit_id", "indicator").annotate(v=Sum("value")).order_by()
    out: dict[int, dict[str, int]] = defaultdict(dict)
    for unit, ind, v in rows:
        out[unit][ind] = v
    return out


def by_day(*, unit_ids, level: str, indicators, start: dt.date, end: dt.date, grain: str = Fact.Grain.DAY,
           dim: str = "", key: str | None = None) -> dict[str, dict[dt.date, int]]:
    """indicator → {day (or first of month) → value}, for trends."""
    q = Q(_where(unit_ids, level, indicators, dim), grain=grain,
          period__gte=start if grain == Fact.Grain.DAY else _month_start(start), period__lte=end)
    if key is not None:
        q &= Q(key=key)
    rows = Fact.objects.filter(q).values_list("indicator", "period").annotate(v=Sum("value")).order_by()
    out: dict[str, dict[dt.date, int]] = {ind: {} for ind in indicators}
    for ind, period, v in rows:
        out[ind][period] = v
    return out


def stock(*, unit_ids, level: str, indicators) -> dict[str, dict[str, int]]:
    """indicator → {key → current count} ("" is the key of a plain count)."""
    rows = (Stock.objects.filter(level=level, unit_id__in=list(unit_ids), indicator__in=list(indicators))
            .values_list("indicator", "key").annotate(v=Sum("value")).order_by())
    out: dict[str, dict[str, int]] = {ind: {} for ind in indicators}
    for ind, key, v in rows:
        out[ind][key] = v
    return out


def stock_by_unit(*, unit_ids, level: str, indicators) -> dict[int, dict[str, int]]:
    """unit id → {indicator → current count, summed over keys}."""
    rows = (Stock.objects.filter(level=level, unit_id__in=list(unit_ids), indicator__in=list(indicators))
            .values_list("unit_id", "indicator").annotate(v=Sum("value")).order_by())
    out: dict[int, dict[str, int]] = defaultdict(dict)
    for unit, ind, v in rows:
        out[unit][ind] = v
    return out


def grid(*, unit_ids, level: str, indicators, start: dt.date, end: dt.date, dim: str = "",
         key: str | None = None, grain: str | None = None) -> list[tuple[int, str, str, dt.date | None, int]]:
    """Rows (unit id, indicator, key, period, value) for pivots: grouped by unit and breakdown key,
    and by day or month when `grain` is given (else summed over the range)."""
    q = _where(unit_ids, level, indicators, dim)
    if key is not None:
        q &= Q(key=key)
    if grain is None:
        rows = (Fact.objects.filter(q, period_q(start, end)).values_list("unit_id", "indicator", "key")
                .annotate(v=Sum("value")).order_by())
        return [(u, i, k, None, v) for u, i, k, v in rows]
    first = start if grain == Fact.Grain.DAY else _month_start(start)
    rows = (Fact.objects.filter(q, grain=grain, period__gte=first, period__lte=end)
            .values_list("unit_id", "indicator", "key", "period").annotate(v=Sum("value")).order_by())
    return list(rows)

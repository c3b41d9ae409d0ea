"""Reads of the rollups: sums over units and a date range, by indicator, breakdown key, unit or day.

A range is read as whole months from month rows plus the days at its edges from day rows, so a
year costs 12 rows per unit and figure, and a week 7.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace

from django.db import connection
from django.db.models import Q, Sum

from .models import Fact, Stock


def _month_start(d: dt.date) -> dt.date:
    return d.replace(day=1)


def _next_month(d: dt.date) -> dt.date:
    return (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def period_q(start: dt.date, end: dt.date) -> Q:
    """Rows covering [start, end] exactly once: month rows for whole months, day rows for the rest.

    The plain form of what `_piece_bounds` reads more cheaply; the tests check the two agree."""
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


@dataclass(frozen=True)
class Where:
    """Which rollup rows to read: a unit set at a level, indicators, a breakdown (or several), a key.

    Reads build their SQL from it directly: a dashboard makes ~15 of them, and the ORM's compiling of
    a UNION of grouped querysets cost more than running them."""

    unit_ids: tuple
    level: str
    indicators: tuple
    dims: tuple | None = ("",)  # None: any breakdown
    key: str | None = None

    def with_key(self, key: str | None) -> "Where":
        return replace(self, key=key)

    def q(self) -> Q:
        q = Q(level=self.level, indicator__in=list(self.indicators), unit_id__in=list(self.unit_ids))
        if self.dims is not None:
            q &= Q(dim__in=list(self.dims))
        if self.key is not None:
            q &= Q(key=self.key)
        return q

    def sql(self) -> tuple[str, list]:
        def within(column, values):
            values = list(values)
            if len(values) == 1:
                return f"{column} = %s", values
            return f"{column} IN ({', '.join(['%s'] * len(values))})", values

        parts, params = ["level = %s"], [self.level]
        for column, values in (("unit_id", self.unit_ids), ("indicator", self.indicators),
                               ("dim", self.dims if self.dims is not None else None)):
            if values is None:
                continue
            clause, p = within(column, values)
            parts.append(clause)
            params += p
        if self.key is not None:
            parts.append(f"{connection.ops.quote_name('key')} = %s")
            params.append(self.key)
        return " AND ".join(parts), params


def _month_end(d: dt.date) -> dt.date:
    return _next_month(d) - dt.timedelta(days=1)


def _month_part(first: dt.date, last: dt.date) -> list[tuple[str, dt.date, dt.date, int]]:
    """Days [first, last] of one month: as day rows, or as the month row less the days outside them,
    whichever reads fewer rows. Month to date is the month row less the few rows dated later (classes
    scheduled ahead), instead of one row per day so far."""
    month, month_end = _month_start(first), _month_end(first)
    outside = (first - month).days + (month_end - last).days
    if outside >= (last - first).days + 1:
        return [(Fact.Grain.DAY, first, last, 1)]
    out = [(Fact.Grain.MONTH, month, month, 1)]
    if first > month:
        out.append((Fact.Grain.DAY, month, first - dt.timedelta(days=1), -1))
    if last < month_end:
        out.append((Fact.Grain.DAY, last + dt.timedelta(days=1), month_end, -1))
    return out


def _piece_bounds(start: dt.date, end: dt.date) -> list[tuple[str, dt.date, dt.date, int]]:
    """(grain, first, last, sign) pieces whose signed sum covers [start, end] exactly once."""
    if end < start:
        return []
    first_whole = start if start.day == 1 else _next_month(start)
    after_last_whole = _month_start(end + dt.timedelta(days=1))
    if first_whole >= after_last_whole:  # no whole month inside
        if _month_start(start) == _month_start(end):
            return _month_part(start, end)
        return _month_part(start, _month_end(start)) + _month_part(_month_start(end), end)
    out = [(Fact.Grain.MONTH, first_whole, after_last_whole - dt.timedelta(days=1), 1)]
    if start < first_whole:
        out += _month_part(start, first_whole - dt.timedelta(days=1))
    if after_last_whole <= end:
        out += _month_part(after_last_whole, end)
    return out


def _as_date(value):
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _run(where: Where, bounds: list[tuple[str, dt.date, dt.date, int]], fields: tuple[str, ...]) -> dict[tuple, int]:
    """Sum(value) grouped by `fields`, one SELECT per (grain, first, last, sign), as one UNION ALL."""
    if not bounds or not where.unit_ids or not where.indicators or where.dims == ():
        return {}
    qn = connection.ops.quote_name
    adapt = connection.ops.adapt_datefield_value
    table = qn(Fact._meta.db_table)
    columns = ", ".join(qn(f) for f in fields)
    condition, base = where.sql()
    selects, params = [], []
    for grain, first, last, sign in bounds:
        total = "SUM(value)" if sign > 0 else "-SUM(value)"
        selects.append(f"SELECT {columns}, {total} FROM {table} WHERE {condition} AND grain = %s "
                       f"AND period >= %s AND period <= %s GROUP BY {columns}")
        params += [*base, grain, adapt(first), adapt(last)]
    out: dict[tuple, int] = defaultdict(int)
    dated = "period" in fields
    at = fields.index("period") if dated else None
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), params)
        for *group, v in cursor.fetchall():
            if dated:
                group[at] = _as_date(group[at])
            out[tuple(group)] += int(v)
    return out


def _sums(where: Where, start: dt.date, end: dt.date, *fields: str) -> dict[tuple, int]:
    """Sum(value) grouped by `fields` over [start, end], month rows for whole months, days for the rest."""
    return _run(where, _piece_bounds(start, end), fields)


def _where(unit_ids, level: str, indicators, dim: str | None) -> Where:
    return Where(tuple(unit_ids), level, tuple(indicators), (dim,) if dim is not None else None)


def totals(*, unit_ids, level: str, indicators, start: dt.date, end: dt.date) -> dict[str, int]:
    """indicator → value over the units and the range."""
    out = dict.fromkeys(indicators, 0)
    out.update({ind: v for (ind,), v in _sums(_where(unit_ids, level, indicators, ""), start, end,
                                              "indicator").items()})
    return out


def by_key(*, unit_ids, level: str, indicators, dim: str, start: dt.date, end: dt.date) -> dict[str, dict[str, int]]:
    """indicator → {breakdown key → value}."""
    rows = _sums(_where(unit_ids, level, indicators, dim), start, end, "indicator", "key")
    out: dict[str, dict[str, int]] = {ind: {} for ind in indicators}
    for (ind, key), v in rows.items():
        if v:
            out[ind][key] = v
    return out


def by_unit(*, unit_ids, level: str, indicators, start: dt.date, end: dt.date, dim: str = "",
            key: str | None = None) -> dict[int, dict[str, int]]:
    """unit id → {indicator → value}; with `key`, only that breakdown key of `dim`."""
    q = _where(unit_ids, level, indicators, dim).with_key(key)
    out: dict[int, dict[str, int]] = defaultdict(dict)
    for (unit, ind), v in _sums(q, start, end, "unit_id", "indicator").items():
        out[unit][ind] = v
    return out


def by_day(*, unit_ids, level: str, indicators, start: dt.date, end: dt.date, grain: str = Fact.Grain.DAY,
           dim: str = "", key: str | None = None) -> dict[str, dict[dt.date, int]]:
    """indicator → {day (or first of month) → value}, for trends.

    By month, a month the range cuts (a year read up to today) counts only its days inside the range:
    its month row would also hold what comes after `end`, such as a class scheduled next week."""
    where = _where(unit_ids, level, indicators, dim).with_key(key)
    if grain == Fact.Grain.DAY:
        rows = _run(where, [(Fact.Grain.DAY, start, end, 1)] if start <= end else [], ("indicator", "period"))
        bucket = None
    else:
        rows = _sums(where, start, end, "indicator", "period")
        bucket = _month_start
    out: dict[str, dict[dt.date, int]] = {ind: {} for ind in indicators}
    for (ind, period), v in rows.items():
        period = bucket(period) if bucket else period
        out[ind][period] = out[ind].get(period, 0) + v
    return out


def stock(*, unit_ids, level: str, indicators) -> dict[str, dict[str, int]]:
    """indicator → {key → current count} ("" is the key of a plain count)."""
    rows = (Stock.objects.filter(level=level, unit_id__in=list(unit_ids), indicator__in=list(indicators))
            .values_list("indicator", "key").annotate(v=Sum("value")).order_by())
    out: dict[str, dict[str, int]] = {ind: {} for ind in indicators}
    for ind, key, v in rows:
        out[ind][key] = v
    return out


def stock_by_unit(*, unit_ids, level: str, indicators, key: str | None = None) -> dict[int, dict[str, int]]:
    """unit id → {indicator → current count, summed over keys (or of the one `key`)}."""
    rows = Stock.objects.filter(level=level, unit_id__in=list(unit_ids), indicator__in=list(indicators))
    if key is not None:
        rows = rows.filter(key=key)
    rows = rows.values_list("unit_id", "indicator").annotate(v=Sum("value")).order_by()
    out: dict[int, dict[str, int]] = defaultdict(dict)
    for unit, ind, v in rows:
        out[unit][ind] = v
    return out


def grid(*, unit_ids, level: str, indicators, start: dt.date, end: dt.date, dim: str = "",
         key: str | None = None, grain: str | None = None) -> list[tuple[int, str, str, dt.date | None, int]]:
    """Rows (unit id, indicator, key, period, value) for pivots: grouped by unit and breakdown key,
    and by day or month when `grain` is given (else summed over the range)."""
    q = _where(unit_ids, level, indicators, dim).with_key(key)
    if grain is None:
        return [(u, i, k, None, v) for (u, i, k), v in _sums(q, start, end, "unit_id", "indicator", "key").items()]
    first = start if grain == Fact.Grain.DAY else _month_start(start)
    rows = _run(q, [(grain, first, end, 1)] if first <= end else [], ("unit_id", "indicator", "key", "period"))
    return [(u, i, k, p, v) for (u, i, k, p), v in rows.items()]


def key_total(*, unit_ids, level: str, indicators, dim: str, key: str) -> dict[str, int]:
    """indicator → value of one breakdown key over all time (month rows): e.g. works filed under a campaign."""
    rows = (Fact.objects.filter(_where(unit_ids, level, indicators, dim).q(), grain=Fact.Grain.MONTH, key=key)
            .values_list("indicator").annotate(v=Sum("value")).order_by())
    out = dict.fromkeys(indicators, 0)
    out.update(dict(rows))
    return out


def by_dims(*, unit_ids, level: str, pairs, start: dt.date, end: dt.date) -> dict[tuple[str, str], dict[str, int]]:
    """(indicator, dim) → {key → value} for several breakdowns in one query."""
    pairs = list(pairs)
    q = Where(tuple(unit_ids), level, tuple(sorted({i for i, _d in pairs})), tuple(sorted({d for _i, d in pairs})))
    rows = _sums(q, start, end, "indicator", "dim", "key")
    out: dict[tuple[str, str], dict[str, int]] = {p: {} for p in pairs}
    for (ind, dim, key), v in rows.items():
        if (ind, dim) in out and v:
            out[(ind, dim)][key] = v
    return out

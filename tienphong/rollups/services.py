"""Writes to the rollups: additive upserts for dated facts, recounts for stock, and a full rebuild.

A fact app turns each record into `Delta`s (what it adds to which figure) and calls `add` in the
transaction that writes the record; an edit calls `replace(old, new)`, a delete `add(old, sign=-1)`.
The upsert adds to the stored value instead of overwriting it, so concurrent writers never lose each
other's counts, and its rows go in one sorted order, so two writers cannot deadlock on them.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Iterable

from django.db import connection, transaction
from django.db.models import Q, Sum

from tienphong.units.models import OrgUnit

from .models import Fact, Level, Stock

UPSERT_CHUNK = 400


@dataclass(frozen=True)
class Delta:
    """`value` of `indicator` (breakdown `dim` = `key`; "" for the total) at `unit` on `day`."""

    unit_id: int
    path: str  # the unit's path: its first step is the province
    day: dt.date
    indicator: str
    value: int
    dim: str = ""
    key: str = ""


def province_of(path: str) -> int:
    return int(path.split("/")[1])


Cell = tuple[int, str, str, str, str, dt.date, str]


def _cells(deltas: Iterable[Delta], sign: int, into: dict[Cell, int]) -> dict[Cell, int]:
    for d in deltas:
        if not d.value:
            continue
        value = sign * d.value
        month = d.day.replace(day=1)
        for unit, level in ((d.unit_id, Level.UNIT), (province_of(d.path), Level.PROVINCE)):
            into[(unit, level, Fact.Grain.DAY, d.indicator, d.dim, d.day, str(d.key))] += value
            into[(unit, level, Fact.Grain.MONTH, d.indicator, d.dim, month, str(d.key))] += value
    return into


def add(deltas: Iterable[Delta], *, sign: int = 1) -> int:
    """Add (or with sign=-1 take away) what records contribute. Returns the rows touched."""
    return _upsert(_cells(deltas, sign, defaultdict(int)))


def replace(old: Iterable[Delta], new: Iterable[Delta]) -> int:
    """An edited record: take away what it added before, add what it adds now (unchanged cells cancel)."""
    cells = _cells(old, -1, defaultdict(int))
    return _upsert(_cells(new, 1, cells))


def _upsert(cells: dict[Cell, int]) -> int:
    rows = sorted((cell, value) for cell, value in cells.items() if value)
    if not rows:
        return 0
    qn = connection.ops.quote_name
    table = qn(Fact._meta.db_table)
    columns = "unit_id, level, grain, indicator, dim, period, " + qn("key")
    adapt = connection.ops.adapt_datefield_value
    conflict = f"ON CONFLICT ({columns}) DO UPDATE SET value = {table}.value + excluded.value"
    if connection.vendor == "postgresql":
        # One array per column: 8 parameters whatever the row count, so psycopg and the parser do
        # no per-row work (a phone's batch is ~40 rows). unnest keeps the sorted order.
        arrays = [list(column) for column in zip(*(cell + (value,) for cell, value in rows))]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({columns}, value) SELECT * FROM unnest(%s::bigint[], %s::varchar[], "
                f"%s::varchar[], %s::varchar[], %s::varchar[], %s::date[], %s::varchar[], %s::bigint[]) {conflict}",
                arrays)
        return len(rows)
    with connection.cursor() as cursor:
        for i in range(0, len(rows), UPSERT_CHUNK):
            chunk = rows[i:i + UPSERT_CHUNK]
            params = []
            for (unit, level, grain, indicator, dim, period, key), value in chunk:
                params += [unit, level, grain, indicator, dim, adapt(period), key, value]
            values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s)"] * len(chunk))
            cursor.execute(f"INSERT INTO {table} ({columns}, value) VALUES {values} {conflict}", params)
    return len(rows)


# --- stock: counts without a date -----------------------------------------------------------------

StockRow = tuple[int, str, str, int]  # (unit id, indicator, key, value)


@transaction.atomic
def stock_recount(*, indicators: tuple[str, ...], unit_ids: Iterable[int],
                  count: Callable[[list[int]], Iterable[StockRow]]) -> None:
    """Replace the current counts of `indicators` for `unit_ids`, and their provinces' totals.

    `count(unit_ids)` runs after the provinces are locked, so two recounts in one province run one
    after the other and the later one sees the earlier one's rows."""
    units = dict(OrgUnit.objects.filter(pk__in=set(unit_ids)).values_list("pk", "path"))
    if not units:
        return
    provinces = sorted({province_of(p) for p in units.values()})
    list(OrgUnit.objects.select_for_update().filter(pk__in=provinces).order_by("pk").values_list("pk"))
    ids = sorted(units)
    rows = [r for r in count(ids) if r[3]]
    for i in range(0, len(ids), 2000):
        Stock.objects.filter(level=Level.UNIT, indicator__in=indicators, unit_id__in=ids[i:i + 2000]).delete()
    Stock.objects.bulk_create([Stock(unit_id=u, level=Level.UNIT, indicator=ind, key=str(k), value=v)
                               for u, ind, k, v in rows], batch_size=2000)
    for province in provinces:
        sums = (Stock.objects.filter(level=Level.UNIT, indicator__in=indicators,
                                     unit__path__startswith=f"/{province}/")
                .values_list("indicator", "key").annotate(v=Sum("value")).order_by())
        Stock.objects.filter(level=Level.PROVINCE, unit_id=province, indicator__in=indicators).delete()
        Stock.objects.bulk_create([Stock(unit_id=province, level=Level.PROVINCE, indicator=ind, key=k, value=v)
                                   for ind, k, v in sums if v])


# --- rebuild from the records ---------------------------------------------------------------------

def _month_expr(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(date_trunc('month', {column}) AS date)"
    return f"date({column}, 'start of month')"


def insert_days(*, indicator: str, dim: str, queryset) -> None:
    """Day rows of the units' own records from a grouped queryset with columns u (unit id),
    d (day), k (breakdown key; any value when dim is "") and v (the value)."""
    sql, params = queryset.query.sql_with_params()
    qn = connection.ops.quote_name
    key = "''" if not dim else "CAST(src.k AS TEXT)"
    where = "src.v <> 0" if not dim else "src.v <> 0 AND src.k IS NOT NULL"
    # PostgreSQL refuses a constant in GROUP BY ("non-integer constant"), so a total groups by unit and day only.
    group = "src.u, src.d" if not dim else f"src.u, src.d, {key}"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {qn(Fact._meta.db_table)} (unit_id, level, grain, indicator, dim, period, {qn('key')}, value) "
            f"SELECT src.u, 'u', 'd', %s, %s, src.d, {key}, SUM(src.v) FROM ({sql}) src WHERE {where} "
            f"GROUP BY {group} "
            # Several sources add to one figure (volunteer-turns come from support, classes and works).
            f"ON CONFLICT (unit_id, level, grain, indicator, dim, period, {qn('key')}) "
            f"DO UPDATE SET value = {qn(Fact._meta.db_table)}.value + excluded.value", [indicator, dim, *params])


def _derive_months_and_provinces() -> None:
    qn = connection.ops.quote_name
    table, key = qn(Fact._meta.db_table), qn("key")
    month = _month_expr("period")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (unit_id, level, grain, indicator, dim, period, {key}, value) "
            f"SELECT unit_id, 'u', 'm', indicator, dim, {month}, {key}, SUM(value) FROM {table} "
            f"WHERE level = 'u' AND grain = 'd' GROUP BY unit_id, indicator, dim, {month}, {key}")
        # Which province each unit is in, from its path: a small table the totals join on.
        cursor.execute("CREATE TEMPORARY TABLE rollup_unit_province (unit_id integer PRIMARY KEY, province_id integer)")
        try:
            pairs = [(pk, province_of(path)) for pk, path in OrgUnit.objects.values_list("pk", "path")]
            for i in range(0, len(pairs), 1000):
                chunk = pairs[i:i + 1000]
                cursor.execute("INSERT INTO rollup_unit_province VALUES " + ", ".join(["(%s, %s)"] * len(chunk)),
                               [x for pair in chunk for x in pair])
            cursor.execute(
                f"INSERT INTO {table} (unit_id, level, grain, indicator, dim, period, {key}, value) "
                f"SELECT m.province_id, 'p', f.grain, f.indicator, f.dim, f.period, f.{key}, SUM(f.value) "
                f"FROM {table} f JOIN rollup_unit_province m ON m.unit_id = f.unit_id WHERE f.level = 'u' "
                f"GROUP BY m.province_id, f.grain, f.indicator, f.dim, f.period, f.{key}")
        finally:
            cursor.execute("DROP TABLE rollup_unit_province")


@transaction.atomic
def rebuild() -> dict:
    """Every rollup row again from the records (after a bulk load, or to check the running totals)."""
    from . import registry

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Rows written earlier in this transaction leave deferred foreign-key checks pending, and
            # TRUNCATE refuses a table with pending checks: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {connection.ops.quote_name(Fact._meta.db_table)}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    else:
        Fact.objects.all().delete()
    for source in registry.fact_sources():
        for indicator, dim, queryset in source():
            insert_days(indicator=indicator, dim=dim, queryset=queryset)
    _derive_months_and_provinces()
    Stock.objects.all().delete()
    all_units = list(OrgUnit.objects.values_list("pk", flat=True))
    for indicators, count in registry.stock_sources():
        stock_recount(indicators=indicators, unit_ids=all_units, count=count)
    return {"facts": Fact.objects.count(), "stock": Stock.objects.count()}


# --- a unit moved in the tree ---------------------------------------------------------------------

MOVE_CHUNK = 500


@transaction.atomic
def unit_moved(*, unit_ids, old_province_id: int, new_province_id: int) -> None:
    """After `unit_ids` (a subtree) moved, with their paths already rewritten: their own rows ("u") are
    keyed by unit and stay; the province totals ("p") lose them in the old province and gain them in
    the new one, by two grouped INSERT … SELECT per chunk of units (the database adds, not Python).
    Then the counts without a date are recounted in both provinces (a union that changed commune
    takes its members along)."""
    from . import registry

    ids = sorted(set(unit_ids))
    provinces = sorted({old_province_id, new_province_id})
    list(OrgUnit.objects.select_for_update().filter(pk__in=provinces).order_by("pk").values_list("pk"))
    if ids and old_province_id != new_province_id:
        qn = connection.ops.quote_name
        table, key = qn(Fact._meta.db_table), qn("key")
        cell = f"grain, indicator, dim, period, {key}"
        with connection.cursor() as cursor:
            for i in range(0, len(ids), MOVE_CHUNK):
                chunk = ids[i:i + MOVE_CHUNK]
                marks = ", ".join(["%s"] * len(chunk))
                for province, sign in ((old_province_id, "-"), (new_province_id, "")):
                    cursor.execute(
                        f"INSERT INTO {table} (unit_id, level, {cell}, value) "
                        f"SELECT %s, 'p', {cell}, {sign}SUM(value) FROM {table} "
                        f"WHERE level = 'u' AND unit_id IN ({marks}) GROUP BY {cell} "
                        f"ON CONFLICT (unit_id, level, {cell}) DO UPDATE SET value = {table}.value + excluded.value",
                        [province, *chunk])
            # What the old province held only through the moved units is now zero: drop it.
            cursor.execute(f"DELETE FROM {table} WHERE unit_id = %s AND level = 'p' AND value = 0", [old_province_id])
    # Every count is kept per commune (or per province, for unions under the province itself).
    counted = list(OrgUnit.objects.filter(
        Q(pk__in=provinces) | Q(kind=OrgUnit.Kind.COMMUNE) & (
            Q(path__startswith=f"/{old_province_id}/") | Q(path__startswith=f"/{new_province_id}/")))
        .values_list("pk", flat=True))
    for indicators, count in registry.stock_sources():
        stock_recount(indicators=indicators, unit_ids=counted, count=count)


@transaction.atomic
def unit_merged(*, from_id: int, into_id: int) -> None:
    """After unit `from_id` was merged into `into_id` (its records filed there, the province totals
    already moved by `unit_moved`): its own rows ("u") are added to the other unit's, then dropped."""
    qn = connection.ops.quote_name
    table = qn(Fact._meta.db_table)
    cell = f"grain, indicator, dim, period, {qn('key')}"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (unit_id, level, {cell}, value) "
            f"SELECT %s, 'u', {cell}, value FROM {table} WHERE level = 'u' AND unit_id = %s "
            f"ON CONFLICT (unit_id, level, {cell}) DO UPDATE SET value = {table}.value + excluded.value",
            [into_id, from_id])
        cursor.execute(f"DELETE FROM {table} WHERE level = 'u' AND unit_id = %s", [from_id])

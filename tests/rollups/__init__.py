"""Helpers the rollup, report and unit-move tests share: what the rollup tables hold, and writes
through the product services (the rollups are kept by the services, so tests never write rows)."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from tienphong.core.scope import Scope
from tienphong.rollups import services as rollups
from tienphong.rollups.models import Fact, Stock

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


# --- what the tables hold ---------------------------------------------------------------------------

def facts() -> dict:
    """(unit, level, grain, indicator, dim, period, key) → value, zeros left out: a cell taken back to
    zero by a delete is the same figure as a cell never written."""
    return {(f.unit_id, f.level, f.grain, f.indicator, f.dim, f.period, f.key): f.value
            for f in Fact.objects.exclude(value=0)}


def stocks() -> dict:
    return {(s.unit_id, s.level, s.indicator, s.key): s.value for s in Stock.objects.exclude(value=0)}


def _diff(a: dict, b: dict) -> list:
    return sorted(((k, a.get(k), b.get(k)) for k in set(a) | set(b) if a.get(k) != b.get(k)), key=str)


def assert_rebuild_matches() -> None:
    """The running totals equal a recount from the records."""
    before_facts, before_stock = facts(), stocks()
    rollups.rebuild()
    after_facts, after_stock = facts(), stocks()
    assert not _diff(before_facts, after_facts), ("incremental vs rebuild (facts)", _diff(before_facts, after_facts))
    assert not _diff(before_stock, after_stock), ("incremental vs rebuild (stock)", _diff(before_stock, after_stock))


def assert_provinces_sum_their_units() -> None:
    """Every province cell is the sum of the same cell over the units under it."""
    from tienphong.units.models import OrgUnit

    province_of = {pk: int(path.split("/")[1]) for pk, path in OrgUnit.objects.values_list("pk", "path")}
    summed: dict = {}
    stored: dict = {}
    for (unit, level, grain, ind, dim, period, key), v in facts().items():
        if level == "u":
            cell = (province_of[unit], grain, ind, dim, period, key)
            summed[cell] = summed.get(cell, 0) + v
        else:
            stored[(unit, grain, ind, dim, period, key)] = v
    summed = {k: v for k, v in summed.items() if v}
    assert not _diff(summed, stored), _diff(summed, stored)
    summed, stored = {}, {}
    for (unit, level, ind, key), v in stocks().items():
        if level == "u":
            cell = (province_of[unit], ind, key)
            summed[cell] = summed.get(cell, 0) + v
        else:
            stored[(unit, ind, key)] = v
    assert not _diff(summed, stored), _diff(summed, stored)


def fact(unit, indicator: str, period: dt.date, *, grain: str = "d", level: str = "u", dim: str = "",
         key="") -> int:
    """One stored cell (0 when absent). `period` is the day, or any day of the month for grain "m"."""
    if grain == "m":
        period = period.replace(day=1)
    row = Fact.objects.filter(unit_id=getattr(unit, "pk", unit), level=level, grain=grain, indicator=indicator,
                              dim=dim, period=period, key=str(key)).first()
    return row.value if row else 0


def cells(unit, indicator: str, *, dim: str, grain: str = "m", level: str = "u") -> dict:
    """key → value summed over every period of one breakdown (zeros left out)."""
    out: dict = {}
    for key, v in Fact.objects.filter(unit_id=getattr(unit, "pk", unit), level=level, grain=grain,
                                      indicator=indicator, dim=dim).values_list("key", "value"):
        out[key] = out.get(key, 0) + v
    return {k: v for k, v in out.items() if v}


def total(unit, indicator: str, *, level: str = "u") -> int:
    """An indicator's total over all time (from month rows)."""
    return sum(Fact.objects.filter(unit_id=getattr(unit, "pk", unit), level=level, grain="m", indicator=indicator,
                                   dim="").values_list("value", flat=True))


def stock(unit, indicator: str, key="", *, level: str = "u") -> int:
    row = Stock.objects.filter(unit_id=getattr(unit, "pk", unit), level=level, indicator=indicator,
                               key=str(key)).first()
    return row.value if row else 0


# --- time -----------------------------------------------------------------------------------------

def at(day: dt.date, hh: int = 9, mm: int = 0, ss: int = 0) -> dt.datetime:
    """An aware moment on `day`, local (Asia/Ho_Chi_Minh) wall-clock time."""
    return dt.datetime(day.year, day.month, day.day, hh, mm, ss, tzinfo=TZ)


def month_start(months_back: int) -> dt.date:
    """The first day of the month `months_back` months before the current one."""
    today = timezone.localdate()
    m = today.year * 12 + today.month - 1 - months_back
    return dt.date(m // 12, m % 12 + 1, 1)


def month_end(first: dt.date) -> dt.date:
    return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


# --- writes through the services ----------------------------------------------------------------

def log(user, **data):
    """One support entry by `user` (their commune, team and themselves as volunteer by default)."""
    from tienphong.support import services

    data.setdefault("services", ["vneid"])
    record, created = services.record_create(author=user, scope=Scope.for_user(user), data=data)
    assert created
    return record


def edit(record, by, **data):
    from tienphong.support import services
    from tienphong.support.models import SupportRecord

    fresh = SupportRecord.objects.get(pk=record.pk)
    return services.record_update(record=fresh, by=by, scope=Scope.for_user(by), data=data)


def delete(record, by):
    from tienphong.support import services
    from tienphong.support.models import SupportRecord

    services.record_delete(record=SupportRecord.objects.get(pk=record.pk), by=by, scope=Scope.for_user(by))


def held_class(commune, venue, starts_at, *, teachers=(), team=None, present=0, status="done"):
    """A class already held (or cancelled) at `starts_at`, with `present` walk-ins marked present."""
    from tienphong.literacy import services

    cls = services.class_create(title="Dùng VNeID và dịch vụ công trực tuyến", commune=commune, venue=venue,
                                starts_at=starts_at, ends_at=starts_at + dt.timedelta(minutes=90),
                                teachers=list(teachers), team=team, status=status)
    for i in range(present):
        services.add_walk_in(literacy_class=cls, full_name=f"Người dân {i + 1}")
    return cls


def approved_work(author, approver, commune, *, completed_on, value_vnd=0, beneficiaries=0, volunteers=(),
                  team=None, kind="wifi_point", approve=True):
    """A work filed, submitted and (unless `approve` is False) approved."""
    from tienphong.campaigns import services

    work = services.work_create(by=author, commune=commune, title="Điểm wifi công cộng", kind=kind,
                                value_vnd=value_vnd, beneficiaries=beneficiaries, volunteers=list(volunteers),
                                completed_on=completed_on, team=team)
    work = services.work_submit(work=work, by=author)
    if approve:
        work = services.work_approve(work=work, by=approver)
    return work

"""The pivot table: one indicator, rows = the units (or teams) below the subject, columns = the
period's days/weeks/months or a breakdown (service, team kind, …). Each row drills down a level."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _, gettext_lazy

from tienphong.core.text import collation_key
from tienphong.rollups import selectors as rollups
from tienphong.rollups.models import Fact, Level
from tienphong.teams.models import Team
from tienphong.units.models import OrgUnit

from . import indicators as ind
from .periods import Period
from .selectors import Subject, _buckets, _key_labels

COLUMNS = [("period", gettext_lazy("Period")), ("service", gettext_lazy("Service")),
           ("team_kind", gettext_lazy("Team kind")), ("setting", gettext_lazy("Where")),
           ("outcome", gettext_lazy("Outcome")), ("kind", gettext_lazy("Kind of work")),
           ("source", gettext_lazy("Source")), ("partner", gettext_lazy("Partner")),
           ("age_band", gettext_lazy("Age band")), ("group", gettext_lazy("Group of citizens"))]
PIVOT_INDICATORS = [i for i in ind.INDICATORS if i.kind != ind.STOCK]


@dataclass
class PivotRow:
    name: str
    values: list[int]
    params: dict | None = None

    @property
    def total(self) -> int:
        return sum(self.values)


@dataclass
class Pivot:
    indicator: ind.Indicator
    columns: str
    headers: list[str]
    rows: list[PivotRow] = field(default_factory=list)
    note: str = ""
    row_label: str = ""
    footnote: str = ""

    @property
    def totals(self) -> list[int]:
        return [sum(r.values[i] for r in self.rows) for i in range(len(self.headers))]

    @property
    def grand_total(self) -> int:
        return sum(self.totals)


def _row_units(subject: Subject):
    """(row id → (name, drill params)) and how to read them: unit ids at a level, or teams."""
    K = OrgUnit.Kind
    if subject.kind == "nation":
        units = OrgUnit.objects.filter(pk__in=subject.unit_ids)
        return {u.pk: (u.name, {"unit": str(u.pk)}) for u in units}, Level.PROVINCE, {u.pk: u.pk for u in units}
    if subject.kind == "province":
        units = list(OrgUnit.objects.filter(path__startswith=subject.unit.path, kind__in=[K.COMMUNE, K.SERVICE_POINT]))
        names = {u.pk: (u.name, {"unit": str(u.pk)}) for u in units if u.kind == K.COMMUNE}
        fold = {u.pk: (u.commune_id or u.pk) for u in units}
        for u in units:
            if fold[u.pk] not in names:
                names[fold[u.pk]] = (u.name, None)
        return names, Level.UNIT, fold
    return None, Level.UNIT, None


def pivot_table(subject: Subject, period: Period, params, today: dt.date) -> Pivot:
    code = params.get("indicator") or "support_turns"
    indicator = ind.BY_CODE.get(code)
    if indicator is None or indicator.kind == ind.STOCK:
        indicator = ind.BY_CODE["support_turns"]
    columns = params.get("columns") or "period"
    if columns not in dict(COLUMNS):
        columns = "period"
    parts = indicator.flows
    clamp = period.clamp(today)
    pivot = Pivot(indicator=indicator, columns=columns, headers=[])
    pivot.row_label = str(ind.DIM_LABELS_CHILD.get(subject.kind, _("Team")))

    by_period = columns == "period"
    if not by_period and columns not in indicator.dims and not all(columns in ind.BY_CODE[p].dims for p in parts):
        pivot.note = _("%(indicator)s has no breakdown by %(dim)s; showing it by period.") % {
            "indicator": indicator.name, "dim": str(dict(COLUMNS)[columns]).lower()}
        columns, by_period = "period", True
        pivot.columns = columns
    buckets = _buckets(period) if by_period else []
    monthly = by_period and period.bucket == "month"
    grain = (Fact.Grain.MONTH if monthly else Fact.Grain.DAY) if by_period else None

    def column_of(key: str, day) -> str | int | None:
        if not by_period:
            return key
        for i, (start, end, _label) in enumerate(buckets):
            if (monthly and day.replace(day=1) == start.replace(day=1)) or start <= day <= end:
                return i
        return None

    names, level, fold = _row_units(subject)
    cells: dict[object, dict[object, int]] = {}
    if names is not None:
        dim = "" if by_period else columns
        rows = rollups.grid(unit_ids=list(fold), level=level, indicators=parts, start=clamp.start, end=clamp.end,
                            dim=dim, grain=grain)
        for unit_id, _ind, key, day, v in rows:
            col = column_of(key, day)
            if col is None:
                continue
            row = cells.setdefault(fold[unit_id], {})
            row[col] = row.get(col, 0) + v
    else:
        # A commune's rows are its teams: the "team" breakdown, by period only.
        if not by_period:
            pivot.note = _("Teams are shown by period only.")
            by_period, columns, pivot.columns = True, "period", "period"
            buckets = _buckets(period)
            monthly = period.bucket == "month"
            grain = Fact.Grain.MONTH if monthly else Fact.Grain.DAY
        team_filter = [subject.team] if subject.team else list(Team.objects.filter(commune=subject.unit))
        names = {str(t.pk): (t.name, {"team": str(t.pk)} if not subject.team else None) for t in team_filter}
        rows = rollups.grid(unit_ids=subject.unit_ids, level=Level.UNIT, indicators=parts, start=clamp.start,
                            end=clamp.end, dim="team", key=subject.key, grain=grain)
        for _u, _ind, key, day, v in rows:
            if key not in names:
                continue
            col = column_of(key, day)
            if col is None:
                continue
            cells.setdefault(key, {})[col] = cells.setdefault(key, {}).get(col, 0) + v

    if columns == "partner":
        pivot.footnote = _("A record with several partners counts under each of them: the partners' columns may "
                           "add up to more than the total.")
    if by_period:
        pivot.headers = [label for _s, _e, label in buckets]
        keys = list(range(len(buckets)))
    else:
        present = sorted({k for row in cells.values() for k in row})
        labels = _key_labels(columns, present)
        keys = sorted(present, key=lambda k: collation_key(labels.get(k, k)))
        pivot.headers = [labels.get(k, k) for k in keys]
    for row_id, (name, drill) in names.items():
        values = [cells.get(row_id, {}).get(k, 0) for k in keys]
        pivot.rows.append(PivotRow(name, values, drill))
    pivot.rows.sort(key=lambda r: collation_key(r.name))
    return pivot

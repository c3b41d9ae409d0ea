"""What a dashboard, a pivot or an export shows, read from the rollups only.

A report is about a `Subject` — the nation, a province, a commune (with its service points) or a
team — and a `Period`. Provinces and the nation read their province totals (level "p"); a commune
reads its own units' rows; a team reads the "team" breakdown of its commune's rows.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _, gettext_lazy

from tienphong.core.text import collation_key
from tienphong.rollups import selectors as rollups
from tienphong.rollups.models import Fact, Level
from tienphong.teams.models import Team, TeamMembership
from tienphong.units.models import OrgUnit

from . import indicators as ind
from .periods import Period, day_label, month_label

K = OrgUnit.Kind


@dataclass
class Subject:
    kind: str  # nation | province | commune | team
    name: str
    level: str
    unit_ids: list[int]
    unit: OrgUnit | None = None
    team: Team | None = None

    @property
    def dim(self) -> str:
        return "team" if self.team else ""

    @property
    def key(self) -> str | None:
        return str(self.team.pk) if self.team else None

    @property
    def path(self) -> str:
        return self.unit.path if self.unit else "/"


def nation() -> Subject:
    ids = list(OrgUnit.objects.filter(kind=K.PROVINCE).values_list("pk", flat=True))
    return Subject("nation", str(gettext_lazy("Nationwide")), Level.PROVINCE, ids)


def subject_for(unit: OrgUnit | None = None, team: Team | None = None) -> Subject:
    if team is not None:
        ids = [team.commune_id] + ([team.service_point_id] if team.service_point_id else [])
        return Subject("team", team.name, Level.UNIT, ids, unit=team.commune, team=team)
    if unit is None:
        return nation()
    if unit.kind == K.PROVINCE:
        return Subject("province", unit.union_name, Level.PROVINCE, [unit.pk], unit=unit)
    if unit.kind == K.COMMUNE:
        ids = [unit.pk, *OrgUnit.objects.filter(commune_id=unit.pk, kind=K.SERVICE_POINT).values_list("pk", flat=True)]
        return Subject("commune", unit.union_name, Level.UNIT, ids, unit=unit)
    return Subject("commune", unit.name, Level.UNIT, [unit.pk], unit=unit)


# --- figures -------------------------------------------------------------------------------------

def flows(subject: Subject, period: Period, codes=ind.HEADLINE) -> dict[str, int]:
    """code → value over the period, derived indicators included."""
    stored = ind.flow_parts(codes)
    if subject.team:
        per_unit = rollups.by_unit(unit_ids=subject.unit_ids, level=subject.level, indicators=stored,
                                   start=period.start, end=period.end, dim="team", key=subject.key)
        values: dict[str, int] = {}
        for row in per_unit.values():
            for code, v in row.items():
                values[code] = values.get(code, 0) + v
    else:
        values = rollups.totals(unit_ids=subject.unit_ids, level=subject.level, indicators=stored,
                                start=period.start, end=period.end)
    return {code: ind.value_of(code, values) for code in codes}


@dataclass
class Card:
    code: str
    label: str
    value: int
    previous: int
    money: bool = False
    compared: str = ""  # "vs 01/11–07/11/2026": what `previous` counts

    @property
    def change(self) -> int | None:
        """Percent change from the previous period (None when there was nothing before)."""
        if not self.previous:
            return None
        return round((self.value - self.previous) * 100 / self.previous)


def cards(subject: Subject, period: Period, today: dt.date, codes=ind.HEADLINE) -> list[Card]:
    """The headline figures (or `codes`), each against the same stretch of the previous period (a running
    month against the same days of the month before: `Period.comparison`)."""
    now = flows(subject, period.clamp(today), codes)
    compare = period.comparison(today)
    before = flows(subject, compare.clamp(today), codes)
    compared = _("vs %(dates)s") % {"dates": compare.span}
    return [Card(code, str(ind.BY_CODE[code].name), now[code], before[code], ind.BY_CODE[code].money, compared)
            for code in codes]


def _buckets(period: Period) -> list[tuple[dt.date, dt.date, str]]:
    out = []
    if period.bucket == "month":
        d = period.start.replace(day=1)
        while d <= period.end:
            nxt = (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            out.append((max(d, period.start), min(nxt - dt.timedelta(days=1), period.end), month_label(d)))
            d = nxt
    elif period.bucket == "week":
        d = period.start - dt.timedelta(days=period.start.weekday())
        while d <= period.end:
            out.append((max(d, period.start), min(d + dt.timedelta(days=6), period.end), day_label(max(d, period.start))))
            d += dt.timedelta(days=7)
    else:
        d = period.start
        while d <= period.end:
            out.append((d, d, day_label(d)))
            d += dt.timedelta(days=1)
    return out


@dataclass
class Trend:
    labels: list[str]
    series: dict[str, list[int]]
    starts: list[dt.date] = field(default_factory=list)  # each bucket's first day (a workbook's date cells)


def trend(subject: Subject, period: Period, codes, today: dt.date) -> Trend:
    """Each code's value per day, week or month of the period (after today: nothing)."""
    stored = ind.flow_parts(codes)
    buckets = _buckets(period)
    clamp = period.clamp(today)
    monthly = period.bucket == "month" and period.start.day == 1
    grain = Fact.Grain.MONTH if monthly else Fact.Grain.DAY
    rows = rollups.by_day(unit_ids=subject.unit_ids, level=subject.level, indicators=stored,
                          start=clamp.start, end=clamp.end, grain=grain, dim=subject.dim, key=subject.key)
    series = {}
    for code in codes:
        values: list[int | None] = []
        for start, end, _label in buckets:
            if start > today:
                values.append(None)  # not yet happened: no point rather than a fall to zero
                continue
            total = 0
            for part in ind.BY_CODE[code].flows:
                for day, v in rows[part].items():
                    if start <= day <= end or (monthly and day.replace(day=1) == start.replace(day=1)):
                        total += v
            values.append(total)
        series[code] = values
    return Trend([label for _s, _e, label in buckets], series, [start for start, _e, _l in buckets])


# --- breakdowns ----------------------------------------------------------------------------------

@dataclass
class Breakdown:
    indicator: str
    dim: str
    title: str
    rows: list[tuple[str, int]]  # (label, value), largest first
    money: bool = False

    @property
    def total(self) -> int:
        return sum(v for _l, v in self.rows)


def _key_labels(dim: str, keys) -> dict[str, str]:
    from tienphong.campaigns.models import YouthWork
    from tienphong.support.models import Service, SupportRecord

    if dim in ind.KEY_LABELS:
        return {k: str(ind.KEY_LABELS[dim].get(k, k)) for k in keys}
    if dim == "service":
        return {s.code: s.display_name for s in Service.objects.filter(code__in=list(keys))}
    if dim == "partner":
        from tienphong.partners.models import Partner

        return {str(p.pk): p.label for p in Partner.objects.filter(pk__in=[k for k in keys if k.isdigit()])}
    if dim == "team":
        return {str(pk): name for pk, name in Team.objects.filter(pk__in=[k for k in keys if k.isdigit()])
                .values_list("pk", "name")}
    choices = {"setting": SupportRecord.Setting, "outcome": SupportRecord.Outcome, "team_kind": Team.Kind,
               "kind": YouthWork.Kind}.get(dim)
    if choices is not None:
        return {k: str(choices(k).label) for k in keys if k in choices.values}
    if dim == "source":
        names = {"support": _("Citizen support"), "class": _("Teaching classes"), "work": _("Youth works")}
        return {k: str(names.get(k, k)) for k in keys}
    return {k: k for k in keys}


BREAKDOWNS = [  # (indicator, dim) pairs a dashboard and a report show
    ("support_turns", "service"), ("support_turns", "setting"), ("support_turns", "outcome"),
    ("support_turns", "team_kind"), ("works", "kind"), ("works_value", "kind"), ("volunteer_turns", "source"),
    ("qr_scans", "target"),
]
# The dashboard's breakdowns by partner. A record naming two partners counts under each: these rows may
# add up to more than the total (the page says so under each table).
PARTNER_BREAKDOWNS = [("support_turns", "partner"), ("class_attendees", "partner"), ("works", "partner")]


def breakdowns(subject: Subject, period: Period, today: dt.date, pairs=BREAKDOWNS) -> list[Breakdown]:
    if subject.team:
        return []  # a team's rows carry no second breakdown
    clamp = period.clamp(today)
    out = []
    data = rollups.by_dims(unit_ids=subject.unit_ids, level=subject.level, pairs=pairs, start=clamp.start,
                           end=clamp.end)
    for code, dim in pairs:
        values = data[(code, dim)]
        labels = _key_labels(dim, values.keys())
        rows = sorted(((labels.get(k, k), v) for k, v in values.items()), key=lambda r: -r[1])
        title = _("%(indicator)s by %(dim)s") % {"indicator": ind.BY_CODE[code].name,
                                                 "dim": str(ind.DIM_LABELS[dim]).lower()}
        out.append(Breakdown(code, dim, title, rows, ind.BY_CODE[code].money))
    return out


# --- the units (or teams) below ------------------------------------------------------------------

@dataclass
class ChildRow:
    name: str
    values: dict[str, int]
    members: int = 0
    unit: OrgUnit | None = None
    team: Team | None = None
    latitude: float | None = None
    longitude: float | None = None
    service_point: bool = False  # a service point of the province itself, not a commune

    def per_member(self, code: str) -> float | None:
        """Per 100 members: a commune of 40 members is compared fairly with one of 400."""
        return round(self.values.get(code, 0) * 100 / self.members, 1) if self.members else None


def children(subject: Subject, period: Period, today: dt.date, codes=ind.HEADLINE) -> list[ChildRow]:
    """One row per province (nation), commune (province) or team (commune), with every code's value."""
    clamp = period.clamp(today)
    stored = ind.flow_parts(codes)

    def derive(raw: dict[str, int]) -> dict[str, int]:
        return {code: ind.value_of(code, raw) for code in codes}

    rows: list[ChildRow] = []
    if subject.kind == "nation":
        provinces = list(OrgUnit.objects.filter(pk__in=subject.unit_ids).only("pk", "name", "latitude", "longitude", "path"))
        data = rollups.by_unit(unit_ids=subject.unit_ids, level=Level.PROVINCE, indicators=stored,
                               start=clamp.start, end=clamp.end)
        members = rollups.stock_by_unit(unit_ids=subject.unit_ids, level=Level.PROVINCE, indicators=["members"])
        for p in provinces:
            rows.append(ChildRow(p.name, derive(data.get(p.pk, {})), members.get(p.pk, {}).get("members", 0),
                                 unit=p, latitude=p.latitude, longitude=p.longitude))
    elif subject.kind == "province":
        units = list(OrgUnit.objects.filter(path__startswith=subject.unit.path,
                                            kind__in=[K.COMMUNE, K.SERVICE_POINT])
                     .only("pk", "name", "kind", "commune_id", "latitude", "longitude", "path").order_by())
        data = rollups.by_unit(unit_ids=[u.pk for u in units], level=Level.UNIT, indicators=stored,
                               start=clamp.start, end=clamp.end)
        communes = [u for u in units if u.kind == K.COMMUNE]
        members = rollups.stock_by_unit(unit_ids=[c.pk for c in communes], level=Level.UNIT, indicators=["members"])
        raw: dict[int, dict[str, int]] = {c.pk: {} for c in communes}
        # Service points directly under the province (its public administration centre) are no
        # commune: each is a row of its own, marked, that the pages list apart from the communes.
        loose = [u for u in units if u.kind == K.SERVICE_POINT and not u.commune_id]
        for u in loose:
            raw[u.pk] = {}
        for u in units:
            target = raw.get(u.commune_id or u.pk)
            if target is None:
                continue
            for code, v in data.get(u.pk, {}).items():
                target[code] = target.get(code, 0) + v
        for c in communes:
            rows.append(ChildRow(c.name, derive(raw[c.pk]), members.get(c.pk, {}).get("members", 0), unit=c,
                                 latitude=c.latitude, longitude=c.longitude))
        for u in loose:
            rows.append(ChildRow(u.name, derive(raw[u.pk]), unit=u, service_point=True))
    elif subject.kind == "commune":
        teams = list(Team.objects.filter(commune=subject.unit))
        data = rollups.by_key(unit_ids=subject.unit_ids, level=Level.UNIT, indicators=stored, dim="team",
                              start=clamp.start, end=clamp.end)
        sizes = dict(TeamMembership.objects.filter(team__in=teams).values_list("team").annotate(n=Count("id"))
                     .order_by())
        for t in teams:
            raw_t = {code: data[code].get(str(t.pk), 0) for code in stored}
            rows.append(ChildRow(t.name, derive(raw_t), sizes.get(t.pk, 0), team=t))
    for row in rows:
        row.sort_key = collation_key(row.name)
    rows.sort(key=lambda r: (r.service_point, r.sort_key))  # the communes by name, then the service points
    return rows


def split_service_points(rows: list[ChildRow]) -> tuple[list[ChildRow], list[ChildRow]]:
    """(the communes, the province's own service points): the pages list them apart."""
    return [r for r in rows if not r.service_point], [r for r in rows if r.service_point]


def ranking(rows: list[ChildRow], code: str, n: int = 5) -> tuple[list[ChildRow], list[ChildRow]]:
    """Top and bottom `n` by value (ties by name, in the order `children` sorted them); a service
    point of the province is no commune and is not ranked with them."""
    ordered = sorted((r for r in rows if not r.service_point), key=lambda r: -r.values.get(code, 0))  # stable: ties keep the name order
    top = ordered[:n]
    bottom = [r for r in reversed(ordered) if r not in top][:n]
    return top, bottom


# --- counts as of now ----------------------------------------------------------------------------

@dataclass
class Stock:
    members: int = 0
    core_members: int = 0
    by_skill: dict[int, int] = field(default_factory=dict)
    teams: dict[str, int] = field(default_factory=dict)
    communes: int = 0
    communes_covered: int = 0
    projects_followed: int = 0
    startups: int = 0
    startup_jobs: int = 0

    @property
    def coverage(self) -> int | None:
        return round(self.communes_covered * 100 / self.communes) if self.communes else None

    @property
    def teams_total(self) -> int:
        return sum(self.teams.values())


def stock(subject: Subject) -> Stock:
    if subject.team:
        n = TeamMembership.objects.filter(team=subject.team, member__status="active").count()
        return Stock(members=n)
    if subject.kind == "commune":
        ids, level = [subject.unit.pk], Level.UNIT
        communes = 1
    else:
        ids, level = subject.unit_ids, Level.PROVINCE
        communes = OrgUnit.objects.filter(kind=K.COMMUNE, parent_id__in=ids).count()
    data = rollups.stock(unit_ids=ids, level=level, indicators=["members", "core_members", "members_by_skill",
                                                                "teams", "communes_covered", *ind.INNOVATION_STOCK])
    return Stock(members=data["members"].get("", 0), core_members=data["core_members"].get("", 0),
                 by_skill={int(k): v for k, v in data["members_by_skill"].items()},
                 teams=data["teams"], communes=communes, communes_covered=data["communes_covered"].get("", 0),
                 **{code: data[code].get("", 0) for code in ind.INNOVATION_STOCK})


# --- campaign targets ----------------------------------------------------------------------------

# A campaign target's figures and the indicators that count them.
CAMPAIGN_METRICS = {"works": "works", "value_vnd": "works_value", "citizens_supported": "support_turns",
                    "classes": "classes_held", "attendees": "class_attendees", "volunteer_turns": "volunteer_turns"}
FILED = ("works", "works_value", "volunteer_turns")  # what a work filed under the campaign brings


def campaign_actuals(subject: Subject, campaign, today: dt.date) -> dict[str, int]:
    """What the subject achieved for the campaign, counted as the campaign page counts it: the
    campaign's dates, plus works filed under it whatever their date — from the rollups."""
    if campaign.path.startswith(subject.path) and campaign.path != subject.path:
        subject = subject_for(campaign.unit)  # a campaign run lower down counts only its own units
    period = Period("campaign", campaign.starts_on, campaign.ends_on).clamp(today)
    stored = tuple(CAMPAIGN_METRICS.values())
    where = {"unit_ids": subject.unit_ids, "level": subject.level}
    in_period = rollups.totals(**where, indicators=stored, start=period.start, end=period.end)
    key = str(campaign.pk)
    filed_in_period = rollups.by_key(**where, indicators=FILED, dim="campaign", start=period.start, end=period.end)
    filed_ever = rollups.key_total(**where, indicators=FILED, dim="campaign", key=key)
    values = {}
    for metric, code in CAMPAIGN_METRICS.items():
        v = in_period[code]
        if code in FILED:
            v += filed_ever[code] - filed_in_period[code].get(key, 0)
        values[metric] = v
    return values


def campaign_cells(subject: Subject, campaign, today: dt.date) -> list[dict]:
    """{metric, label, actual, target, money, percent} for each figure the campaign sets a target for."""
    from django.db.models import Sum as _Sum

    from tienphong.campaigns.models import CampaignTarget
    from tienphong.campaigns.selectors import METRICS, _cells

    targets = CampaignTarget.objects.filter(campaign=campaign, path__startswith=subject.path).aggregate(
        **{m: _Sum(m) for m in METRICS})
    target = {m: targets[m] or 0 for m in METRICS}
    return [c for c in _cells(campaign_actuals(subject, campaign, today), target) if c["target"]]

"""Any figure ("measure": an indicator or one breakdown key of it) for a subject, the ranking of the
units below a province (or of the provinces) by it — absolute and per 100 members — and the seed
figures: every figure the seeds report, each tied to one measure and one period. Rollups only.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from tienphong.core.text import collation_key
from tienphong.rollups import selectors as rollups
from tienphong.rollups.models import Level
from tienphong.units.models import OrgUnit

from . import indicators as ind
from .periods import Period, period_of
from .selectors import Subject

K = OrgUnit.Kind
DEFAULT_MEASURE = "support_turns"


def _stored(measure: ind.Measure) -> tuple[str, ...]:
    return ind.flow_parts([measure.code])


def value(subject: Subject, measure: ind.Measure, period: Period, today: dt.date) -> int:
    """The measure's value for the subject: over the period (up to today) for a flow, now for a stock."""
    if measure.stock:
        if subject.team is not None:
            return 0
        ids, level = (subject.unit_ids, subject.level) if subject.kind != "commune" else ([subject.unit.pk], Level.UNIT)
        data = rollups.stock(unit_ids=ids, level=level, indicators=[measure.code])[measure.code]
        return data.get(measure.key, 0) if measure.key is not None else sum(data.values())
    clamp = period.clamp(today)
    stored = _stored(measure)
    if subject.team is not None:
        if measure.key is not None:
            return 0  # a team's rows carry no second breakdown
        rows = rollups.by_unit(unit_ids=subject.unit_ids, level=subject.level, indicators=stored,
                               start=clamp.start, end=clamp.end, dim="team", key=subject.key)
        return sum(v for row in rows.values() for v in row.values())
    if measure.key is not None:
        rows = rollups.by_unit(unit_ids=subject.unit_ids, level=subject.level, indicators=stored,
                               start=clamp.start, end=clamp.end, dim=measure.dim, key=measure.key)
        return sum(v for row in rows.values() for v in row.values())
    totals = rollups.totals(unit_ids=subject.unit_ids, level=subject.level, indicators=stored,
                            start=clamp.start, end=clamp.end)
    return ind.value_of(measure.code, totals)


# --- the ranking ---------------------------------------------------------------------------------

@dataclass
class RankRow:
    rank: int
    name: str
    value: int
    members: int
    unit: OrgUnit

    @property
    def per_100(self) -> float | None:
        """Per 100 members (the unit's members now): a commune of 40 members is fairly set against one of 400."""
        return round(self.value * 100 / self.members, 1) if self.members else None


ORDERS = (("value", _("Highest value first")), ("per_100", _("Highest per 100 members first")))


def rankable(subject: Subject) -> bool:
    return subject.team is None and subject.kind in ("province", "nation")


def ranking(subject: Subject, measure: ind.Measure, period: Period, today: dt.date,
            order: str = "value") -> list[RankRow]:
    """The communes of a province (or the provinces of the nation), highest first. A commune's figure
    includes its service points'; a service point of the province itself is no commune and is left out."""
    if subject.kind == "nation":
        units = list(OrgUnit.objects.filter(pk__in=subject.unit_ids).only("pk", "name", "path"))
        level, read_ids = Level.PROVINCE, [u.pk for u in units]
        owner = {u.pk: u.pk for u in units}
    else:
        points = list(OrgUnit.objects.filter(path__startswith=subject.unit.path, kind__in=[K.COMMUNE, K.SERVICE_POINT])
                      .only("pk", "name", "kind", "commune_id", "path").order_by())
        units = [u for u in points if u.kind == K.COMMUNE]
        level = Level.UNIT
        owner = {u.pk: u.pk for u in units}
        owner.update({u.pk: u.commune_id for u in points if u.kind == K.SERVICE_POINT and u.commune_id})
        read_ids = list(owner)
    values: dict[int, int] = {u.pk: 0 for u in units}
    if measure.stock:
        # Counts are kept per commune (a service point has none of its own).
        data = rollups.stock_by_unit(unit_ids=[u.pk for u in units], level=level, indicators=[measure.code],
                                     key=measure.key)
        for pk, row in data.items():
            values[pk] = row.get(measure.code, 0)
    else:
        clamp = period.clamp(today)
        stored = _stored(measure)
        data = rollups.by_unit(unit_ids=read_ids, level=level, indicators=stored, start=clamp.start, end=clamp.end,
                               dim=measure.dim if measure.key is not None else "", key=measure.key)
        raw: dict[int, dict[str, int]] = {u.pk: {} for u in units}
        for pk, row in data.items():
            target = raw.get(owner.get(pk))
            if target is None:
                continue
            for code, v in row.items():
                target[code] = target.get(code, 0) + v
        for pk, row in raw.items():
            values[pk] = ind.value_of(measure.code, row) if measure.key is None else sum(row.values())
    members = rollups.stock_by_unit(unit_ids=[u.pk for u in units], level=level, indicators=["members"])
    rows = [RankRow(0, u.name, values[u.pk], members.get(u.pk, {}).get("members", 0), u) for u in units]
    rows.sort(key=lambda r: collation_key(r.name))
    if order == "per_100":
        rows.sort(key=lambda r: -(r.per_100 if r.per_100 is not None else -1))  # stable: ties by name
    else:
        rows.sort(key=lambda r: -r.value)
    for i, r in enumerate(rows, start=1):
        r.rank = i
    return rows


# --- the seed figures ----------------------------------------------------------------------------

# When a seed figure was counted: "now" (a count with no date), "last_year" (the whole year before the
# current one: the seeds' 2025 review) or "youth_month" (Tháng Thanh niên: the last March begun).
NOW, LAST_YEAR, YOUTH_MONTH = "now", "last_year", "youth_month"


@dataclass(frozen=True)
class SeedFigure:
    slug: str
    label: str       # what the seeds say, in the UI language
    seed: str        # the seeds' own number ("over 20,000")
    measure: str     # a Measure slug
    when: str
    low: int         # the range that number means ("nearly", "about": within 10 %; "over": up to ~25 % more)
    high: int


SEED_FIGURES = [
    SeedFigure("core_members_on_teams", _("Members who are the core of the community digital-technology teams"),
               _("over 20,000"), "team_members_kind.community_tech", NOW, 20_000, 25_000),
    SeedFigure("community_teams", _("Community digital-technology teams"), _("over 4,500"),
               "teams.community_tech", NOW, 4_500, 5_500),
    SeedFigure("volunteer_teams", _("Volunteer youth teams (communes, wards and the service center)"), "130",
               "teams.volunteer", NOW, 130, 130),
    SeedFigure("volunteer_members", _("Members of the volunteer youth teams"), _("about 2,600"),
               "team_members_kind.volunteer", NOW, 2_340, 2_860),
    SeedFigure("citizen_turns", _("Citizen-turns helped with procedures and online public services (2025)"),
               _("over 110,000"), "support_turns", LAST_YEAR, 110_000, 130_000),
    SeedFigure("classes", _("“Bình dân học vụ số” classes held (2025)"), _("hundreds"), "classes_held",
               LAST_YEAR, 200, 999),
    SeedFigure("works", _("Youth works and tasks in Youth Month"), _("nearly 900"), "works", YOUTH_MONTH, 810, 990),
    SeedFigure("works_value", _("Value of those works and tasks"), _("nearly 3 billion ₫"), "works_value",
               YOUTH_MONTH, 2_700_000_000, 3_300_000_000),
    SeedFigure("volunteer_turns", _("Volunteer-turns helping citizens in Youth Month"), _("nearly 3,000"),
               "volunteer_turns", YOUTH_MONTH, 2_700, 3_300),
    SeedFigure("dx_activities", _("Digital-transformation activities in Youth Month"), _("nearly 100"),
               "dx_activities", YOUTH_MONTH, 90, 110),
    SeedFigure("dx_reached", _("People reached by those activities"), _("nearly 50,000"), "dx_reached",
               YOUTH_MONTH, 45_000, 55_000),
    SeedFigure("wifi_points", _("Free public wifi points set up at village culture houses"), "9",
               "works.wifi_point", YOUTH_MONTH, 9, 9),
    SeedFigure("digital_libraries", _("Digital libraries set up"), "3", "works.digital_library", YOUTH_MONTH, 3, 3),
    SeedFigure("forum_in_person", _("Delegates in person at the forum on science, innovation and digital "
                                    "transformation (2025)"), "345", "event_checked_in.forum", LAST_YEAR, 345, 345),
    SeedFigure("online_views", _("Online views of the forum on digital platforms (2025)"), _("over 30,000"),
               "online_views", LAST_YEAR, 30_000, 36_000),
    SeedFigure("training_points", _("Connection points of the community digital-transformation training"), "8",
               "event_points.training", YOUTH_MONTH, 8, 8),
    SeedFigure("cadres_trained", _("Union cadres trained at it"), _("over 1,100"), "cadres_trained", YOUTH_MONTH,
               1_100, 1_300),
]
SEED_BY_SLUG = {f.slug: f for f in SEED_FIGURES}


def seed_period(when: str, today: dt.date) -> Period:
    if when == LAST_YEAR:
        return period_of("year", dt.date(today.year - 1, 1, 1))
    if when == YOUTH_MONTH:
        year = today.year if today.month >= 3 else today.year - 1
        return period_of("month", dt.date(year, 3, 1))
    return period_of("month", today)  # a count as of now: the period only carries the links


@dataclass
class SeedRow:
    figure: SeedFigure
    measure: ind.Measure
    period: Period
    value: int

    @property
    def in_range(self) -> bool:
        return self.figure.low <= self.value <= self.figure.high


def seed_rows(subject: Subject, today: dt.date) -> list[SeedRow]:
    out = []
    for f in SEED_FIGURES:
        m = ind.measure(f.measure)
        period = seed_period(f.when, today)
        out.append(SeedRow(f, m, period, value(subject, m, period, today)))
    return out

"""Reads for digital competence: whose page a viewer may open, a member's trainings, and the
dashboard's figures (grouped queries over the members' newest assessments, scoped by the member's path).

Rollups would not add much here: the figures are averages of the members' newest assessments (a
"now" that changes when a member is assessed again), and a province holds a few tens of thousands of
assessments a year, which two grouped queries read in milliseconds.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.shortcuts import get_object_or_404

from tienphong.core.paths import subtree_q
from tienphong.core.scope import Scope
from tienphong.literacy.models import LiteracyClass
from tienphong.members.models import MEMBER_STATUSES, Member
from tienphong.units.models import OrgUnit

from .framework import Area
from .models import LEVEL_FIELDS, Assessment, Course

# Who may fill in or enter for a member other than themself: officers and team leaders of the
# member's subtree. A volunteer sees and fills their own only.
OFFICER_PERM = "lead_team"


def can_act_for(scope: Scope, member: Member) -> bool:
    mine = scope.user_id is not None and member.user_id == scope.user_id
    return mine or scope.allows(member.path, OFFICER_PERM)


def member_for(*, scope: Scope, pk: int) -> Member:
    """The member whose competence page the viewer may open (their own, or one in their officer
    scope); anyone else gets 404."""
    member = get_object_or_404(Member.objects.select_related("branch", "commune"), pk=pk)
    if not can_act_for(scope, member):
        raise Http404
    return member


def assessments_of(member: Member):
    return Assessment.objects.filter(member=member).select_related("filled_by").order_by("-taken_on", "-id")


def course_for(*, scope: Scope, pk: int) -> Course:
    course = get_object_or_404(Course.objects.select_related("member"), pk=pk)
    if not can_act_for(scope, course.member):
        raise Http404
    return course


# --- training history ------------------------------------------------------------------------------

@dataclass
class Training:
    day: dt.date
    kind: str  # "class_teacher", "class_learner", "course", and later "event"
    title: str
    detail: str = ""
    hours: float | None = None
    certificate: bool | None = None
    course: Course | None = None  # an entered course (may be deleted)
    class_id: int | None = None


def _class_training(c: LiteracyClass, kind: str) -> Training:
    hours = None
    if c.ends_at:
        hours = round((c.ends_at - c.starts_at).total_seconds() / 3600, 1)
    return Training(day=c.starts_at.date(), kind=kind, title=c.title, detail=c.commune.name, hours=hours,
                    class_id=c.pk)


def _classes_taught(member: Member) -> list[Training]:
    """Digital-literacy classes the member taught that were held."""
    rows = (LiteracyClass.objects.filter(teachers=member, status=LiteracyClass.Status.DONE)
            .select_related("commune").order_by("-starts_at"))
    return [_class_training(c, "class_teacher") for c in rows]


def _classes_attended(member: Member) -> list[Training]:
    """Held classes the member sat in as a learner. A class's attendees are citizens (name, phone, age
    band) with no link to a member record, so the member is recognised by their phone number, which both
    sides store normalised (members.services.normalize_phone): the same number marked present at a held
    class of the same province. A name alone is never matched (namesakes); without a phone, an entered
    course records the training instead."""
    if not member.phone:
        return []
    province = member.path.split("/")[1]
    rows = (LiteracyClass.objects.filter(status=LiteracyClass.Status.DONE, path__startswith=f"/{province}/",
                                         attendees__phone=member.phone, attendees__attended=True)
            .exclude(teachers=member).select_related("commune").distinct().order_by("-starts_at"))
    return [_class_training(c, "class_learner") for c in rows]


def _courses(member: Member) -> list[Training]:
    return [Training(day=c.held_on, kind="course", title=c.name, detail=c.organiser, hours=float(c.hours),
                     certificate=c.certificate, course=c)
            for c in Course.objects.filter(member=member).order_by("-held_on", "-id")]


# Where trainings come from. The events issue adds its trainings (events of kind "training" a member
# took part in) by appending a function here from its AppConfig.ready: (member) -> list[Training].
TRAINING_SOURCES = [_classes_taught, _classes_attended, _courses]


def register_training_source(source) -> None:
    if source not in TRAINING_SOURCES:
        TRAINING_SOURCES.append(source)


def trainings_of(member: Member) -> list[Training]:
    items = [t for source in TRAINING_SOURCES for t in source(member)]
    return sorted(items, key=lambda t: t.day, reverse=True)


# --- dashboard -------------------------------------------------------------------------------------

def subject_unit(scope: Scope, unit_id) -> OrgUnit:
    """The province or commune the dashboard is about: `unit_id` if the viewer reads its reports,
    else the viewer's widest such unit; 404 for anyone who reads no reports."""
    kinds = (OrgUnit.Kind.PROVINCE, OrgUnit.Kind.COMMUNE)
    if unit_id:
        unit = (OrgUnit.objects.select_related("parent")  # the view links up to the parent
                .filter(pk=unit_id if str(unit_id).isdigit() else 0, kind__in=kinds).first())
        if unit is None or not scope.allows(unit.path, "view_reports"):
            raise Http404
        return unit
    for unit in scope.units:
        if unit.kind in kinds and scope.allows(unit.path, "view_reports"):
            return unit
    if scope.is_superuser:
        unit = OrgUnit.objects.filter(kind=OrgUnit.Kind.PROVINCE).order_by("code").first()
        if unit is not None:
            return unit
    raise Http404


@dataclass
class Row:
    name: str
    unit_id: int | None
    assessed: int = 0
    members: int = 0
    levels: dict = field(default_factory=dict)  # area → average (float)
    overall: float | None = None
    skilled: int = 0  # overall level 3 or more

    @property
    def skilled_share(self) -> int | None:
        return round(100 * self.skilled / self.assessed) if self.assessed else None

    @property
    def coverage(self) -> int | None:
        return round(100 * self.assessed / self.members) if self.members else None

    @property
    def weakest(self) -> str:
        if not self.levels:
            return ""
        return min(self.levels, key=lambda a: (self.levels[a], a))


def _averages(**extra):
    out = {f"avg_{f}": Avg(f) for f in LEVEL_FIELDS}
    out.update(overall_avg=Avg("overall"), assessed=Count("id"), skilled=Count("id", filter=Q(overall__gte=3)))
    out.update(extra)
    return out


def _row(name, unit_id, values, members) -> Row:
    row = Row(name=name, unit_id=unit_id, members=members)
    if values and values["assessed"]:
        row.assessed, row.skilled = values["assessed"], values["skilled"]
        # float(): PostgreSQL averages integers as numeric (Decimal), which JSON would write as text.
        row.levels = {f: round(float(values[f"avg_{f}"]), 2) for f in LEVEL_FIELDS}
        row.overall = round(float(values["overall_avg"]), 2)
    return row


@dataclass
class Dashboard:
    unit: OrgUnit
    total: Row
    area_shares: dict  # area → % of assessed members at level ≥3 in that area
    communes: list[Row]
    months: list[str]  # "mm/yyyy"
    trend: dict  # area → [average of the assessments taken that month, or None]
    weakest: str


def dashboard(*, unit: OrgUnit, today: dt.date, months: int = 12) -> Dashboard:
    latest = Assessment.objects.filter(subtree_q(unit.path, "member__path"), is_latest=True,
                                       member__status__in=MEMBER_STATUSES)
    shares = {f: Count("id", filter=Q(**{f"{f}__gte": 3})) for f in LEVEL_FIELDS}
    total_values = latest.aggregate(**_averages(), **{f"share_{f}": c for f, c in shares.items()})
    members = Member.objects.filter(subtree_q(unit.path), status__in=MEMBER_STATUSES)
    total = _row(unit.name, unit.pk, total_values, members.count())
    assessed = total_values["assessed"] or 0
    area_shares = {f: (round(100 * total_values[f"share_{f}"] / assessed) if assessed else None) for f in LEVEL_FIELDS}

    communes = []
    if unit.kind == OrgUnit.Kind.PROVINCE:
        names = dict(OrgUnit.objects.filter(parent=unit, kind=OrgUnit.Kind.COMMUNE).values_list("pk", "name"))
        per = {r["member__commune_id"]: r for r in
               latest.values("member__commune_id").annotate(**_averages()).order_by()}
        counts = dict(members.values_list("commune_id").annotate(n=Count("id")).order_by())
        communes = [_row(name, pk, per.get(pk), counts.get(pk, 0)) for pk, name in names.items()]
        # Weakest first: where the province should send trainers; communes with no assessment last.
        communes.sort(key=lambda r: (r.overall is None, r.overall or 0, r.name))

    first = (today.replace(day=1) - dt.timedelta(days=31 * (months - 1))).replace(day=1)
    by_month = (Assessment.objects.filter(subtree_q(unit.path, "member__path"), taken_on__gte=first,
                                          taken_on__lte=today)
                .annotate(m=TruncMonth("taken_on")).values("m").annotate(**{f"avg_{f}": Avg(f) for f in LEVEL_FIELDS})
                .order_by("m"))
    by_month = {(r["m"].year, r["m"].month): r for r in by_month}
    labels, trend = [], {f: [] for f in LEVEL_FIELDS}
    day = first
    while day <= today:
        labels.append(f"{day.month:02d}/{day.year}")
        r = by_month.get((day.year, day.month))
        for f in LEVEL_FIELDS:
            value = r[f"avg_{f}"] if r else None
            trend[f].append(round(float(value), 2) if value is not None else None)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return Dashboard(unit=unit, total=total, area_shares=area_shares, communes=communes, months=labels,
                     trend=trend, weakest=total.weakest)


def area_label(code: str) -> str:
    return str(Area(code).label) if code else ""

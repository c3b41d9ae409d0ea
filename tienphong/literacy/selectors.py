"""Reads for digital-literacy classes: who sees which class, lists, rosters and counts."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tienphong.core.scope import Scope
from tienphong.core.paths import subtree_q
from tienphong.core.search import search_q
from tienphong.core.text import name_sort_key, words_q
from tienphong.members.models import Member
from tienphong.places.models import Place
from tienphong.teams.models import Team, TeamMembership
from tienphong.units.models import OrgUnit

from .models import Attendee, LiteracyClass, Module

SHORT_LIST = 40


def class_q(scope: Scope, perm: str = "view") -> Q:
    """Classes the user may `perm`: those in a subtree where the user holds it, and the classes of
    the commune a user's role sits under (a volunteer's role is on a branch; classes hang on the commune)."""
    return scope.around_q("path", perm)


def class_allows(scope: Scope, literacy_class: LiteracyClass, perm: str = "view") -> bool:
    if scope.is_superuser:
        return True
    return any(p.startswith(literacy_class.path) or literacy_class.path.startswith(p) for p in scope.paths(perm))


def class_require(scope: Scope, literacy_class: LiteracyClass, perm: str) -> None:
    from django.http import Http404

    if not class_allows(scope, literacy_class, perm):
        raise Http404


def class_list(*, scope: Scope, when: str = "", commune: OrgUnit | None = None, q: str = "",
               status: str = "", now=None) -> QuerySet[LiteracyClass]:
    """Visible classes, filtered; upcoming ones soonest first, past ones latest first."""
    now = now or timezone.now()
    qs = LiteracyClass.objects.filter(class_q(scope))
    if commune is not None:
        qs = qs.filter(subtree_q(commune.path, "path"))
    if q:
        qs = qs.filter(words_q(q))
    if status:
        qs = qs.filter(status=status)
    if when == "upcoming":
        qs = qs.filter(starts_at__gte=now).exclude(status=LiteracyClass.Status.CANCELLED).order_by("starts_at", "id")
    elif when == "past":
        qs = qs.filter(starts_at__lt=now).order_by("-starts_at", "-id")
    else:
        qs = qs.order_by("-starts_at", "-id")
    return qs.select_related("commune", "venue").annotate(
        signed_up=Count("attendees"), present=Count("attendees", filter=Q(attendees__attended=True)))


def class_get(*, scope: Scope, pk: int, perm: str = "view") -> LiteracyClass:
    return get_object_or_404(LiteracyClass.objects.filter(class_q(scope, perm))
                             .select_related("commune", "venue", "team"), pk=pk)


def class_by_code(code: str) -> LiteracyClass:
    """The class behind a public sign-up link (no login, no scope: the code is the key)."""
    return get_object_or_404(LiteracyClass.objects.select_related("commune", "venue"), public_code=code)


def class_modules(literacy_class: LiteracyClass):
    return literacy_class.modules.order_by("position", "id")


def class_teachers(literacy_class: LiteracyClass):
    return literacy_class.teachers.order_by("sort_key", "id")


def attendee_list(literacy_class: LiteracyClass, present_only: bool = False) -> list[Attendee]:
    """The class's attendees as Vietnamese lists order them: by given name, then family and middle name."""
    qs = literacy_class.attendees.all()
    if present_only:
        qs = qs.filter(attended=True)
    return sorted(qs, key=lambda a: (name_sort_key(a.full_name), a.pk))


def attendee_get(literacy_class: LiteracyClass, pk) -> Attendee:
    return get_object_or_404(literacy_class.attendees, pk=pk)


@dataclass(frozen=True)
class Tally:
    signed_up: int
    walk_ins: int
    present: int
    total: int


def attendance_tally(literacy_class: LiteracyClass) -> Tally:
    row = literacy_class.attendees.aggregate(
        total=Count("id"), signed_up=Count("id", filter=Q(source=Attendee.Source.SIGNUP)),
        walk_ins=Count("id", filter=Q(source=Attendee.Source.WALK_IN)), present=Count("id", filter=Q(attended=True)))
    return Tally(**row)


def manageable_communes(scope: Scope) -> QuerySet[OrgUnit]:
    """Communes where the user may schedule classes (a role on a commune or above it, or inside it)."""
    qs = OrgUnit.objects.filter(kind=OrgUnit.Kind.COMMUNE)
    return qs.filter(scope.around_q("path", "manage_classes")).order_by("name")


def visible_communes(scope: Scope) -> QuerySet[OrgUnit]:
    qs = OrgUnit.objects.filter(kind=OrgUnit.Kind.COMMUNE)
    return qs.filter(scope.around_q("path")).order_by("name")


def venues(commune: OrgUnit) -> QuerySet[Place]:
    return Place.objects.filter(commune=commune, active=True).order_by("name", "id")


def teams(commune: OrgUnit) -> QuerySet[Team]:
    return Team.objects.filter(commune=commune, active=True).order_by("name")


def active_modules() -> QuerySet[Module]:
    return Module.objects.filter(active=True).order_by("position", "id")


def teacher_short_list(commune: OrgUnit, keep=()) -> list[Member]:
    """The members a class is likely taught by: on a team of the commune, core, or able to teach
    (digital skill 4), plus the teachers already chosen. A short list, not the whole commune."""
    on_team = TeamMembership.objects.filter(team__commune=commune, team__active=True).values("member_id")
    likely = (Member.objects.filter(subtree_q(commune.path, "path"), status=Member.Status.ACTIVE)
              .filter(Q(pk__in=on_team) | Q(is_core=True) | Q(digital_skill=4))
              .order_by("sort_key", "id")[:SHORT_LIST])
    chosen = {m.pk: m for m in likely}
    for m in Member.objects.filter(pk__in=[getattr(k, "pk", k) for k in keep]):
        chosen.setdefault(m.pk, m)
    return sorted(chosen.values(), key=lambda m: (m.sort_key, m.pk))


def teacher_search(commune: OrgUnit, q: str, limit: int = 6) -> list[Member]:
    """Active members of the commune whose name or phone matches `q` (diacritics optional)."""
    return list(Member.objects.filter(subtree_q(commune.path, "path"), search_q(Member._meta.db_table, q),
                                      status=Member.Status.ACTIVE).order_by("sort_key", "id")[:limit])


# ---------------------------------------------------------------- counts for campaigns and dashboards

@dataclass(frozen=True)
class ClassCounts:
    held: int          # classes that took place in the period (see `held_q`)
    present: int       # attendees marked present at those classes
    scheduled: int     # classes of the period still to come (scheduled, not started yet)


def held_q(now=None) -> Q:
    """A class took place when it is marked held, or has started and was not cancelled (volunteers
    do not always tap "mark held"). The campaigns app counts with the same rule."""
    now = now or timezone.now()
    S = LiteracyClass.Status
    return Q(status=S.DONE) | (Q(starts_at__lt=now) & ~Q(status=S.CANCELLED))


def _bound(value):
    """A date is taken as local midnight; `until` is exclusive (a date means "before that day")."""
    if value is None or isinstance(value, dt.datetime):
        return value
    return timezone.make_aware(dt.datetime.combine(value, dt.time.min))


def class_counts(*, path_q: Q, since=None, until=None, now=None) -> ClassCounts:
    """Classes held and attendees present for a scope and period, in two queries.

    path_q  -- a filter on the class's unit path, e.g. `subtree_q(unit.path)` or `scope.q("path")`
               (it is applied to LiteracyClass, whose `path` is its commune's path);
    since   -- datetime or date, inclusive (by the class's start), None for no lower bound;
    until   -- datetime or date, exclusive, None for no upper bound;
    now     -- the moment that separates held from upcoming (default: now).
    """
    now = now or timezone.now()
    qs = LiteracyClass.objects.filter(path_q)
    since, until = _bound(since), _bound(until)
    if since is not None:
        qs = qs.filter(starts_at__gte=since)
    if until is not None:
        qs = qs.filter(starts_at__lt=until)
    held = held_q(now)
    row = qs.aggregate(held=Count("id", filter=held),
                       scheduled=Count("id", filter=Q(status=LiteracyClass.Status.SCHEDULED, starts_at__gte=now)))
    present = Attendee.objects.filter(literacy_class__in=qs.filter(held), attended=True).count()
    return ClassCounts(held=row["held"], present=present, scheduled=row["scheduled"])

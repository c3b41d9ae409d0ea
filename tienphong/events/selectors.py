"""Reads for events: lists in scope, one event with its figures, the attendance board."""

from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Q, Sum
from django.http import Http404

from tienphong.core.scope import Scope
from tienphong.core.text import natural_key, words_q
from tienphong.units.models import OrgUnit

from .models import CheckIn, ConnectionPoint, Event, Participant, Session


def event_list(*, scope: Scope, q: str = "", kind: str = ""):
    """Events of the user's subtree and of the units above it (a branch's volunteer sees their commune's
    congress and the province's trainings)."""
    rows = Event.objects.filter(scope.around_q("path")).select_related("unit")
    if kind:
        rows = rows.filter(kind=kind)
    if q:
        rows = rows.filter(words_q(q))
    return rows.annotate(n_participants=Count("participants", distinct=True)).order_by("-starts_on", "-id")


def event_get(*, scope: Scope, pk, perm: str = "view") -> Event:
    event = Event.objects.select_related("unit", "venue").filter(pk=pk).first() if str(pk).isdigit() else None
    if event is None:
        raise Http404
    if perm == "view" and not scope.is_superuser:
        if not any(event.path.startswith(p) or p.startswith(event.path) for p in scope.paths("view")):
            raise Http404
    else:
        scope.require(event.path, perm)
    return event


def hosted_point(*, user, event: Event) -> ConnectionPoint | None:
    """The connection point of `event` the user hosts, if any: a host checks in there whatever their role."""
    if not user.is_authenticated:
        return None
    return event.points.filter(host_user=user).first()


def event_for_kiosk(*, scope: Scope, user, pk) -> tuple[Event, list[ConnectionPoint]]:
    """The event and the connection points the user may check people in at: all of them for whoever may
    check in across the organiser's subtree, else the ones the user hosts. Anyone else: 404."""
    event = Event.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    if event is None:
        raise Http404
    return event, _kiosk_points(scope, user, event)


def event_for_sync(*, scope: Scope, user, pk, faces: bool = False
                   ) -> tuple[Event, list[ConnectionPoint], list[Session]]:
    """`event_for_kiosk` and the event's sessions in order, the event read with them in one query: the
    check-in sync's hot path (each kiosk's scans). `faces`: the event's face version too (faces.version_read_with)."""
    related = ("event", "event__face_version") if faces else ("event",)
    sessions = list(Session.objects.filter(event_id=pk).select_related(*related)) if str(pk).isdigit() else []
    if not sessions:
        return *event_for_kiosk(scope=scope, user=user, pk=pk), []
    event = sessions[0].event
    for session in sessions:
        session.event = event
    return event, _kiosk_points(scope, user, event), sessions


def _kiosk_points(scope: Scope, user, event: Event) -> list[ConnectionPoint]:
    # The hot path of a check-in: plain rows, no joins; the host units' paths are read only for a caller
    # who may check in somewhere yet not across the whole event.
    points = list(event.points.all())
    if scope.allows(event.path, "check_in"):
        return points
    may = scope.paths("check_in")  # none for a host with no other role: no need for the units' paths
    paths = dict(OrgUnit.objects.filter(pk__in={p.host_unit_id for p in points}).values_list(
        "pk", "path")) if may else {}
    mine = [p for p in points
            if p.host_user_id == user.pk or scope.allows(paths.get(p.host_unit_id, ""), "check_in")]
    if not mine:
        raise Http404
    return mine


def manageable_units(scope: Scope):
    """Units the user may organise events for: their province, communes, grassroots unions, branches."""
    return (OrgUnit.objects.filter(scope.q("path", "manage_events"), active=True)
            .exclude(kind=OrgUnit.Kind.SERVICE_POINT).order_by("depth", "name"))


def participants(*, event: Event, q: str = "", point=None, delegation: str = "", status: str = "",
                 unprinted: bool = False):
    """The event's participants, filtered; `unprinted`: only those whose badge was never printed."""
    rows = event.participants.select_related("point")
    if q:
        rows = rows.filter(words_q(q))
    if point:
        rows = rows.filter(point=point)
    if delegation:
        rows = rows.filter(delegation=delegation)
    if status == "in":
        rows = rows.filter(first_checkin_at__isnull=False)
    elif status == "out":
        rows = rows.filter(first_checkin_at__isnull=True)
    if unprinted:
        rows = rows.filter(badge_printed_at__isnull=True)
    return rows


def unprinted_count(event: Event) -> int:
    """How many of the event's participants have no printed badge yet (the late delegates)."""
    return event.participants.filter(badge_printed_at__isnull=True).count()


@dataclass
class Figures:
    """One event's figures, from its own rows (the dashboards read the same facts from the rollups)."""

    expected: int = 0
    checked_in: int = 0
    points: int = 0
    cadres: int = 0
    online_views: int = 0
    views_by_platform: list = field(default_factory=list)
    by_point: list = field(default_factory=list)


def figures(event: Event) -> Figures:
    f = Figures()
    counts = event.participants.aggregate(n=Count("id"), came=Count("id", filter=Q(first_checkin_at__isnull=False)))
    f.expected, f.checked_in = counts["n"], counts["came"]
    f.cadres = f.checked_in if event.kind == Event.Kind.TRAINING else 0
    points = list(event.points.annotate(
        expected=Count("participants", distinct=True),
        came=Count("participants", filter=Q(participants__first_checkin_at__isnull=False), distinct=True),
    ).order_by("-is_main", "name"))
    views = {p: n for p, n in event.online_views.values_list("point_id").annotate(n=Sum("views"))}
    for p in points:
        p.views = views.get(p.pk, 0)
    f.points, f.by_point = len(points), points
    labels = dict(event.online_views.model.Platform.choices)
    f.views_by_platform = [(labels[k], n) for k, n in
                           event.online_views.order_by().values_list("platform").annotate(n=Sum("views"))
                           .order_by("-n")]
    f.online_views = sum(n for _, n in f.views_by_platform)
    return f


@dataclass
class BoardRow:
    label: str
    expected: int
    came: int

    @property
    def percent(self) -> int:
        return round(100 * self.came / self.expected) if self.expected else 0


@dataclass
class Board:
    session: object
    expected: int
    came: int
    quorum_needed: int | None
    by_delegation: list
    by_point: list
    latecomers: list
    last_at: object
    delegates: int = 0
    delegates_came: int = 0

    @property
    def quorum_met(self) -> bool | None:
        return None if self.quorum_needed is None else self.delegates_came >= self.quorum_needed

    @property
    def percent(self) -> int:
        return round(100 * self.came / self.expected) if self.expected else 0


def quorum_needed(event: Event, delegates: int) -> int | None:
    """Delegates who must be present: more than half, or at least two thirds (rounded up)."""
    if event.quorum == Event.Quorum.HALF:
        return delegates // 2 + 1
    if event.quorum == Event.Quorum.TWO_THIRDS:
        return -(-2 * delegates // 3)
    return None


def _board_rows(people, field: str, came_ids) -> list[BoardRow]:
    """Expected and checked in by `field`, in the order people count ("Chi đoàn 2" before "Chi đoàn 10");
    those without one ("—") first."""
    rows = people.order_by().values_list(field).annotate(n=Count("id"), c=Count("id", filter=Q(pk__in=came_ids)))
    return sorted((BoardRow(label or "—", n, c) for label, n, c in rows),
                  key=lambda row: (row.label != "—", natural_key(row.label)))


def board(*, event: Event, session, points=None, late_after=None) -> Board:
    """Checked in / expected for one session, by delegation and by connection point; the quorum counts
    delegates only. `points`: limit to these (a host sees their own point)."""
    people = event.participants.all()
    if points is not None:
        people = people.filter(point__in=points)
    here = CheckIn.objects.filter(session=session, participant__in=people)
    came_ids = here.values("participant_id")
    tally = people.aggregate(n=Count("id"), came=Count("id", filter=Q(pk__in=came_ids)),
                             delegates=Count("id", filter=Q(role=Participant.Role.DELEGATE)),
                             delegates_came=Count("id", filter=Q(role=Participant.Role.DELEGATE, pk__in=came_ids)))
    by_delegation, by_point = _board_rows(people, "delegation", came_ids), _board_rows(people, "point__name", came_ids)
    late_after = late_after or session.starts_at
    latecomers = list(here.filter(at__gt=late_after).select_related("participant").order_by("-at")[:10])
    needed = quorum_needed(event, tally["delegates"])
    return Board(session=session, expected=tally["n"], came=tally["came"], quorum_needed=needed,
                 by_delegation=by_delegation, by_point=by_point, latecomers=latecomers,
                 last_at=here.aggregate(m=Max("at"))["m"], delegates=tally["delegates"],
                 delegates_came=tally["delegates_came"])


def first_session_start(event: Event):
    return event.sessions.aggregate(m=Min("starts_at"))["m"]

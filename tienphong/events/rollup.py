"""What events add to the dashboards' figures (see tienphong.rollups).

Everything counts on the event's first day, at the organiser unit:
- events held (breakdown: kind);
- connection points (điểm cầu), the main hall included (breakdown: kind);
- participants checked in, each once however many sessions they attend (breakdown: kind, role);
- cadres trained: participants checked in at a training (breakdown: role);
- online views of the broadcast, as the hosts report them (breakdown: platform).
An edit of the event (its day, kind or organiser) takes back what it added and adds it again.
"""

from django.db.models import Count, F, Sum

from tienphong.rollups import services as rollups
from tienphong.rollups.services import Delta

EVENTS = "events_held"
POINTS = "event_points"
CHECKED_IN = "event_checked_in"
CADRES = "cadres_trained"
VIEWS = "online_views"
TRAINING = "training"


def _base(event) -> dict:
    return {"unit_id": event.unit_id, "path": event.path, "day": event.starts_on}


def checkin_deltas(event, role: str, sign_count: int = 1) -> list[Delta]:
    """A participant's first check-in (or, with -1, its removal)."""
    base = _base(event)
    out = [Delta(**base, indicator=CHECKED_IN, value=sign_count),
           Delta(**base, indicator=CHECKED_IN, value=sign_count, dim="event_kind", key=event.kind),
           Delta(**base, indicator=CHECKED_IN, value=sign_count, dim="role", key=role)]
    if event.kind == TRAINING:
        out += [Delta(**base, indicator=CADRES, value=sign_count),
                Delta(**base, indicator=CADRES, value=sign_count, dim="role", key=role)]
    return out


def event_deltas(event) -> list[Delta]:
    """Everything the stored event adds now, read from the database (before and after an edit)."""
    from .models import Event

    stored = Event.objects.filter(pk=event.pk).first()
    if stored is None:
        return []
    base = _base(stored)
    out = [Delta(**base, indicator=EVENTS, value=1), Delta(**base, indicator=EVENTS, value=1, dim="event_kind",
                                                          key=stored.kind)]
    points = stored.points.count()
    out += [Delta(**base, indicator=POINTS, value=points),
            Delta(**base, indicator=POINTS, value=points, dim="event_kind", key=stored.kind)]
    roles = (stored.participants.filter(first_checkin_at__isnull=False).order_by()
             .values_list("role").annotate(n=Count("id")))
    for role, n in roles:
        out += checkin_deltas(stored, role, n)
    views = stored.online_views.order_by().values_list("platform").annotate(n=Sum("views"))
    for platform, n in views:
        out += [Delta(**base, indicator=VIEWS, value=n), Delta(**base, indicator=VIEWS, value=n, dim="platform",
                                                               key=platform)]
    return out


def backfill():
    from .models import ConnectionPoint, Event, OnlineViews, Participant

    events = Event.objects.order_by()
    yield EVENTS, "", events.values(u=F("unit_id"), d=F("starts_on")).annotate(v=Count("id"))
    yield EVENTS, "event_kind", events.values(u=F("unit_id"), d=F("starts_on"), k=F("kind")).annotate(v=Count("id"))
    points = ConnectionPoint.objects.order_by()
    yield POINTS, "", points.values(u=F("event__unit_id"), d=F("event__starts_on")).annotate(v=Count("id"))
    yield POINTS, "event_kind", points.values(u=F("event__unit_id"), d=F("event__starts_on"),
                                        k=F("event__kind")).annotate(v=Count("id"))
    came = Participant.objects.filter(first_checkin_at__isnull=False).order_by()
    where = {"u": F("event__unit_id"), "d": F("event__starts_on")}
    yield CHECKED_IN, "", came.values(**where).annotate(v=Count("id"))
    yield CHECKED_IN, "event_kind", came.values(**where, k=F("event__kind")).annotate(v=Count("id"))
    yield CHECKED_IN, "role", came.values(**where, k=F("role")).annotate(v=Count("id"))
    trained = came.filter(event__kind=TRAINING)
    yield CADRES, "", trained.values(**where).annotate(v=Count("id"))
    yield CADRES, "role", trained.values(**where, k=F("role")).annotate(v=Count("id"))
    views = OnlineViews.objects.order_by()
    yield VIEWS, "", views.values(**where).annotate(v=Sum("views"))
    yield VIEWS, "platform", views.values(**where, k=F("platform")).annotate(v=Sum("views"))


def replace(before, after) -> None:
    rollups.replace(before, after)



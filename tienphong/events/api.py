"""Check-in over JSON: what a kiosk's offline queue talks to, and the attendance board's figures.

A kiosk sends its queue in batches (`POST /events/{id}/checkins/sync`): the connection point it stands
at, the session, and per scan a nonce it made, the scanned text (a badge's QR, or the whole personal
link a USB scanner types) or, for a check-in by name, the participant's id. Each entry is judged on its
own: `created`, `repeat` (already checked in to this session: the first time comes back), `duplicate`
(this very scan, re-sent: counted once) or `invalid` (a forged or mistyped code, another event's badge),
each with a Vietnamese sentence for the kiosk's screen. A malformed request is refused whole (422).

Scope: whoever `selectors.event_for_kiosk` lets check people in at the event (404 to anyone else), and
only at the points they may use (403 for another point).
"""

import datetime as dt
import uuid
from typing import Annotated, Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError

from tienphong.core.apierrors import ERRORS
from tienphong.core.errors import DomainError
from tienphong.core.scope import get_scope

from . import selectors, services
from .models import ConnectionPoint, Event, Participant, Session

router = Router(tags=["events"])

MAX_BATCH = 200
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class CheckInEntry(Schema):
    nonce: str = Field(description="Made by the kiosk for each scan (a UUID); a re-sent scan keeps it.",
                       max_length=64, json_schema_extra={"format": "uuid"})
    badge: str = Field("", max_length=500, description="The scanned text: a badge's QR or a personal link.")
    participant: Id | None = Field(None, description="Instead of a badge: the participant found by name.")
    at: dt.datetime | None = Field(None, description="When the kiosk scanned it (default: on arrival).")
    method: Literal["qr", "manual"] = "qr"


class CheckInSync(Schema):
    point: Id
    session: Id | None = Field(None, description="Default: the session under way (services.current_session).")
    # Counted before any entry is looked at: a huge batch is refused at once.
    entries: list[CheckInEntry] = Field(max_length=MAX_BATCH)


class CheckInAnswer(Schema):
    nonce: str
    status: Literal["created", "repeat", "duplicate", "invalid"]
    participant: int | None = None
    name: str = ""
    delegation: str = ""
    seat: str = ""
    at: str = Field("", description="The check-in's local time, HH:MM (the first one, for a repeat).")
    message: str


class CheckInSyncOut(Schema):
    session: int
    results: list[CheckInAnswer]
    created: int
    repeats: int
    duplicates: int
    invalid: int


def kiosk_scope(request, event_id, *, faces: bool = False) -> tuple[Event, list[ConnectionPoint], list[Session], bool]:
    """The event, the points the caller may check in at, the event's sessions, and whether those points are
    all of them. `faces`: the event read with its face version (the face kiosk)."""
    scope = get_scope(request)
    event, points, sessions = selectors.event_for_sync(scope=scope, user=request.user, pk=event_id, faces=faces)
    return event, points, sessions, scope.allows(event.path, "check_in")


def session_of(event: Event, sessions: list[Session], session_id) -> Session:
    """The session asked for among the event's (`sessions`, read with it), else the one under way."""
    if session_id is None:
        return services.current_session(event, sessions=sessions)
    session = next((s for s in sessions if s.pk == session_id), None)
    if session is None:
        raise HttpError(422, _("This session is not one of the event's."))
    return session


def local_hm(when) -> str:
    return timezone.localtime(when).strftime("%H:%M") if when else ""


def _when(at: dt.datetime | None, now: dt.datetime, floor: dt.datetime) -> dt.datetime:
    """The scan's time if it is believable (a kiosk's clock may be anything: not before the day before the
    event, not tomorrow), else now."""
    if at is None:
        return now
    try:
        if timezone.is_naive(at):
            at = timezone.make_aware(at)
        if floor <= at <= now + dt.timedelta(days=1):
            return at
    except (OverflowError, ValueError):
        pass
    return now


def _who(p: Participant) -> str:
    parts = [p.full_name, p.delegation]
    if p.seat:
        parts.append(_("seat %(seat)s") % {"seat": p.seat})
    return " · ".join(x for x in parts if x)


def _invalid(nonce: str, message: str) -> dict:
    return {"nonce": nonce, "status": "invalid", "message": message}


def _answer(nonce: str, result: services.CheckInResult) -> dict:
    p, checkin = result.participant, result.checkin
    when = local_hm(checkin.at)
    if result.status == "repeat":
        message = _("%(name)s checked in at %(time)s") % {"name": p.full_name, "time": when}
    else:
        message = _("Checked in: %(who)s") % {"who": _who(p)}
    return {"nonce": nonce, "status": result.status, "participant": p.pk, "name": p.full_name,
            "delegation": p.delegation, "seat": p.seat, "at": when, "message": message}


def check_in_batch(*, event: Event, point: ConnectionPoint, session: Session, entries: list[dict], by,
                   participants=None) -> list[dict]:
    """Each entry checked in once (services.check_in), in order. `participants`: whom a check-in by name
    may name (a host: their point's list); a badge names anyone on the event's list."""
    not_a_badge = _("This QR code is not a badge of this event.")
    tokens, ids = {}, set()  # tokens: by the entry's place in the batch
    for i, e in enumerate(entries):
        if e.get("participant"):
            ids.add(e["participant"])
        else:
            try:
                tokens[i] = services.token_from_badge(e.get("badge", ""))
            except DomainError:
                pass
    by_token = {p.token: p for p in event.participants.filter(token__in=set(tokens.values()))}
    named = participants if participants is not None else event.participants.all()
    by_id = {p.pk: p for p in named.filter(pk__in=ids)} if ids else {}
    now = timezone.now()
    floor = timezone.make_aware(dt.datetime.combine(event.starts_on - dt.timedelta(days=1), dt.time.min))
    session.event = event
    out = []
    for i, e in enumerate(entries):
        nonce = e["nonce"]
        try:
            key = uuid.UUID(nonce)
        except (ValueError, AttributeError):
            out.append(_invalid(nonce, _("This scan has no valid nonce.")))
            continue
        if e.get("participant"):
            p = by_id.get(e["participant"])
            if p is None:
                out.append(_invalid(nonce, _("This participant is not on this connection point's list.")))
                continue
        else:
            p = by_token.get(tokens.get(i))
            if p is None:
                out.append(_invalid(nonce, not_a_badge))
                continue
        p.event = event
        try:
            result = services.check_in(participant=p, session=session, point=point, method=e.get("method", "qr"),
                                       nonce=key, at=_when(e.get("at"), now, floor), by=by)
        except DomainError as err:
            out.append(_invalid(nonce, err.message))
            continue
        out.append(_answer(nonce, result))
    return out


@router.post("/{event_id}/checkins/sync", response={200: CheckInSyncOut, **ERRORS}, url_name="event_checkin_sync",
             summary="Check in a kiosk's queued scans, each once")
def checkin_sync(request, event_id: Annotated[int, Path(ge=1, le=MAX_ID)], payload: CheckInSync):
    """Each scan is stored once, by its `nonce`: re-sent, it answers `duplicate` and counts nothing; a
    participant already in the session answers `repeat` with the first check-in's time."""
    event, points, sessions, everywhere = kiosk_scope(request, event_id)
    point = next((p for p in points if p.pk == payload.point), None)
    if point is None:
        raise HttpError(403, "point_forbidden")
    session = session_of(event, sessions, payload.session)
    people = None if everywhere else event.participants.filter(point__in=points)
    results = check_in_batch(event=event, point=point, session=session, by=request.user, participants=people,
                             entries=[e.model_dump() for e in payload.entries])
    count = {s: sum(r["status"] == s for r in results) for s in ("created", "repeat", "duplicate", "invalid")}
    return {"session": session.pk, "results": results, "created": count["created"], "repeats": count["repeat"],
            "duplicates": count["duplicate"], "invalid": count["invalid"]}


# ---------------------------------------------------------------- the attendance board

class BoardRow(Schema):
    label: str
    expected: int
    came: int
    percent: int


class BoardLatecomer(Schema):
    name: str
    delegation: str
    at: str


class BoardOut(Schema):
    session: int
    session_name: str
    expected: int
    came: int
    percent: int
    delegates: int
    delegates_came: int
    quorum_needed: int | None = None
    quorum_met: bool | None = None
    quorum_text: str = ""
    by_delegation: list[BoardRow]
    by_point: list[BoardRow]
    latecomers: list[BoardLatecomer]
    last_at: str = ""
    updated_at: str = Field(description="The server's local time of these figures, HH:MM:SS.")


class BoardQuery(Schema):
    session: Id | None = None


def _rows(rows) -> list[dict]:
    return [{"label": r.label, "expected": r.expected, "came": r.came, "percent": r.percent} for r in rows]


def board_data(*, event: Event, session: Session, points=None) -> dict:
    """The board's figures for one session (`points`: only these, for a host), as the page and the API
    give them."""
    b = selectors.board(event=event, session=session, points=points)
    quorum = ""
    # The quorum is the whole congress's: a host's board, which counts their own point, does not say it.
    if b.quorum_needed is not None and points is None:
        values = {"came": b.delegates_came, "total": b.delegates, "needed": b.quorum_needed}
        quorum = (_("Quorum reached: %(came)s/%(total)s delegates (%(needed)s needed)") if b.quorum_met
                  else _("No quorum yet: %(came)s/%(total)s delegates (%(needed)s needed)")) % values
    return {
        "session": session.pk, "session_name": session.name, "expected": b.expected, "came": b.came,
        "percent": b.percent, "delegates": b.delegates, "delegates_came": b.delegates_came,
        "quorum_needed": b.quorum_needed if quorum else None, "quorum_met": b.quorum_met if quorum else None,
        "quorum_text": quorum,
        "by_delegation": _rows(b.by_delegation), "by_point": _rows(b.by_point),
        "latecomers": [{"name": c.participant.full_name, "delegation": c.participant.delegation,
                        "at": local_hm(c.at)} for c in b.latecomers],
        "last_at": local_hm(b.last_at), "updated_at": timezone.localtime().strftime("%H:%M:%S"),
    }


@router.get("/{event_id}/board", response={200: BoardOut, **ERRORS}, url_name="event_board_data",
            summary="The attendance board's figures")
def board(request, event_id: Annotated[int, Path(ge=1, le=MAX_ID)], query: Query[BoardQuery]):
    """Checked in / expected for one session (default: the one under way), by delegation and by
    connection point, the latest latecomers and the quorum; a host sees their own point."""
    event, points, sessions, everywhere = kiosk_scope(request, event_id)
    session = session_of(event, sessions, query.session)
    return board_data(event=event, session=session, points=None if everywhere else points)

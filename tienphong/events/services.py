"""Writes for events: the event and its sessions and connection points, participants, check-in,
documents and online views. Keyword-only, atomic; a broken rule raises DomainError(code, message)
and nothing is saved. The figures (rollup.py) move in the same transaction as the records.
"""

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tienphong.core.errors import DomainError
from tienphong.core.pagecache import public_content_changed
from tienphong.core.text import clean_name, search_blob
from tienphong.members.services import normalize_phone
from tienphong.partners.services import check_named
from tienphong.rollups import services as rollups
from tienphong.units.models import OrgUnit
from tienphong.partners.models import province_path

from . import badges, rollup
from .models import CheckIn, ConnectionPoint, Document, Event, OnlineViews, Participant, Session

# An event lasts at most this long: a longer span is a typing mistake.
MAX_DAYS = 31
MAX_SESSIONS = 20
MAX_POINTS = 200
BADGE_SALT = "events.badge"
EVENT_FIELDS = ("name", "kind", "unit", "starts_on", "ends_on", "venue", "venue_note", "description", "quorum",
                "face_enabled", "face_erase_days", "documents_public")


def _check_event(event: Event) -> None:
    event.name = clean_name(event.name)
    if not event.name:
        raise DomainError("name_required", _("Type the event's name."))
    if event.ends_on < event.starts_on:
        raise DomainError("dates_order", _("The event cannot end before it starts."))
    if (event.ends_on - event.starts_on).days >= MAX_DAYS:
        raise DomainError("dates_span", _("An event lasts at most %(days)s days.") % {"days": MAX_DAYS})
    if event.venue_id and not event.venue.path.startswith(province_path(event.unit.path)):
        raise DomainError("venue_outside", _("Choose a venue in the province."))
    if event.kind == Event.Kind.CONGRESS and not event.quorum:
        # The Union's charter: a congress is valid with at least two thirds of its delegates present.
        event.quorum = Event.Quorum.TWO_THIRDS
    event.path = event.unit.path
    event.search_text = search_blob(event.name, event.venue_note)


@transaction.atomic
def event_create(*, unit: OrgUnit, name: str, kind: str, starts_on: dt.date, ends_on: dt.date | None = None,
                 author=None, starts_at: dt.time = dt.time(7, 30), partners=(), **fields) -> Event:
    """A new event with its main hall (a connection point hosted by the organiser) and a first session."""
    event = Event(unit=unit, name=name, kind=kind, starts_on=starts_on, ends_on=ends_on or starts_on,
                  created_by=author, **fields)
    _check_event(event)
    event.save()
    event.partners.set(check_named(partners, path=event.path))
    ConnectionPoint.objects.create(event=event, name=_("Main hall"), is_main=True, host_unit=unit,
                                   host_user=author, place=event.venue)
    first = timezone.make_aware(dt.datetime.combine(event.starts_on, starts_at))
    Session.objects.create(event=event, name=_("Plenary session") if kind == Event.Kind.CONGRESS else
                           _("Main session"), starts_at=first)
    rollups.add(rollup.event_deltas(event))
    return event


@transaction.atomic
def event_update(*, event: Event, partners=None, **changes) -> Event:
    before = rollup.event_deltas(event)
    for name, value in changes.items():
        if name not in EVENT_FIELDS:
            raise TypeError(name)
        setattr(event, name, value)
    _check_event(event)
    event.save()
    if partners is not None:
        event.partners.set(check_named(partners, path=event.path))
    rollups.replace(before, rollup.event_deltas(event))
    public_content_changed()  # the documents' QR codes open or close with the event
    return event


@transaction.atomic
def event_delete(*, event: Event) -> None:
    if CheckIn.objects.filter(session__event=event).exists():
        raise DomainError("event_has_checkins", _("Participants have checked in: the event cannot be deleted."))
    rollups.add(rollup.event_deltas(event), sign=-1)
    event.delete()


# ---------------------------------------------------------------- sessions

@transaction.atomic
def session_save(*, event: Event, name: str, starts_at: dt.datetime, ends_at: dt.datetime | None = None,
                 session: Session | None = None) -> Session:
    name = clean_name(name)
    if not name:
        raise DomainError("name_required", _("Type the session's name."))
    if ends_at and ends_at <= starts_at:
        raise DomainError("session_times", _("A session ends after it starts."))
    day = timezone.localdate(starts_at)
    if not event.starts_on <= day <= event.ends_on:
        raise DomainError("session_outside", _("A session takes place between the event's first and last day."))
    if session is None:
        if event.sessions.count() >= MAX_SESSIONS:
            raise DomainError("too_many_sessions", _("An event has at most %(n)s sessions.") % {"n": MAX_SESSIONS})
        session = Session(event=event)
    session.name, session.starts_at, session.ends_at = name, starts_at, ends_at
    session.save()
    return session


@transaction.atomic
def session_delete(*, session: Session) -> None:
    if session.checkins.exists():
        raise DomainError("session_has_checkins", _("Participants have checked in to this session."))
    if session.event.sessions.count() == 1:
        raise DomainError("last_session", _("An event keeps at least one session."))
    session.delete()


def current_session(event: Event, now: dt.datetime | None = None, sessions: list[Session] | None = None) -> Session:
    """The session a kiosk checks people in to now: the latest one already started (30 minutes early
    counts: delegates arrive before the opening), else the first. `sessions`: the event's, in order, if
    already read."""
    now = now or timezone.now()
    sessions = sessions if sessions else list(event.sessions.all())
    started = [s for s in sessions if s.starts_at - dt.timedelta(minutes=30) <= now]
    return started[-1] if started else sessions[0]


# ---------------------------------------------------------------- connection points

@transaction.atomic
def point_save(*, event: Event, name: str, host_unit: OrgUnit, host_user=None, place=None, link: str = "",
               point: ConnectionPoint | None = None) -> ConnectionPoint:
    name = clean_name(name)
    if not name:
        raise DomainError("name_required", _("Type the connection point's name."))
    if not host_unit.path.startswith(event.path) and not event.path.startswith(host_unit.path):
        raise DomainError("host_outside", _("The host unit must be inside the organiser's area."))
    before = rollup.event_deltas(event)
    if point is None:
        if event.points.count() >= MAX_POINTS:
            raise DomainError("too_many_points", _("An event has at most %(n)s connection points.") % {"n": MAX_POINTS})
        point = ConnectionPoint(event=event)
    point.name, point.host_unit, point.host_user, point.place, point.link = name, host_unit, host_user, place, link
    try:
        with transaction.atomic():
            point.save()
    except IntegrityError:
        raise DomainError("point_name_taken", _("Another connection point has this name.")) from None
    rollups.replace(before, rollup.event_deltas(event))
    return point


@transaction.atomic
def point_delete(*, point: ConnectionPoint) -> None:
    if point.is_main:
        raise DomainError("main_point", _("The main hall cannot be removed."))
    if point.participants.exists() or point.checkins.exists():
        raise DomainError("point_in_use", _("Participants belong to this connection point: move them first."))
    event = point.event
    before = rollup.event_deltas(event)
    point.delete()
    rollups.replace(before, rollup.event_deltas(event))


# ---------------------------------------------------------------- participants

PARTICIPANT_FIELDS = ("full_name", "organisation", "phone", "delegation", "role", "seat", "point", "member")


def _check_participant(p: Participant) -> None:
    p.full_name = clean_name(p.full_name)
    if not p.full_name:
        raise DomainError("name_required", _("Type the participant's full name."))
    p.phone = normalize_phone(p.phone) if p.phone else ""
    p.delegation = clean_name(p.delegation)
    p.organisation = clean_name(p.organisation)
    p.seat = (p.seat or "").strip().upper()
    if p.role not in Participant.Role.values:
        raise DomainError("role_invalid", _("Choose the participant's role."))
    if p.point.event_id != p.event_id:
        raise DomainError("point_invalid", _("Choose a connection point of this event."))
    if p.member_id and not p.member.path.startswith(province_path(p.event.path)):
        raise DomainError("member_outside", _("This member is not in the province."))
    p.search_text = search_blob(p.full_name, p.delegation, p.organisation, p.seat)


def _unique_error(exc: IntegrityError) -> DomainError:
    text = str(exc)
    if "seat" in text:
        return DomainError("seat_taken", _("Another participant has this seat."))
    return DomainError("member_twice", _("This member is already a participant."))


# What a badge shows (badges.py): a change puts the participant back among those whose badge is not printed.
BADGE_FIELDS = ("full_name", "delegation", "seat", "role")


@transaction.atomic
def participant_save(*, event: Event, participant: Participant | None = None, **fields) -> Participant:
    p = participant or Participant(event=event)
    if "point" not in fields and participant is None:
        fields["point"] = event.points.get(is_main=True)
    for name, value in fields.items():
        if name not in PARTICIPANT_FIELDS:
            raise TypeError(name)
        setattr(p, name, value)
    if p.member_id and not p.full_name:
        p.full_name = p.member.full_name
    _check_participant(p)
    before = (Participant.objects.filter(pk=p.pk).values_list("role", *BADGE_FIELDS).first() if p.pk else None)
    old_role = before[0] if before else None
    if before and p.badge_printed_at and tuple(getattr(p, f) for f in BADGE_FIELDS) != before[1:]:
        p.badge_printed_at = None  # what the badge shows changed: it is to be printed again
    try:
        with transaction.atomic():
            p.save()
    except IntegrityError as e:
        raise _unique_error(e) from None
    if p.first_checkin_at and old_role and old_role != p.role:
        rollups.replace(rollup.checkin_deltas(event, old_role), rollup.checkin_deltas(event, p.role))
    return p


@transaction.atomic
def participants_add_members(*, event: Event, members, role: str = Participant.Role.DELEGATE,
                             delegation_from_commune: bool = True) -> int:
    """Members picked from the list (a branch, a commune): each once; those already in are skipped."""
    main = event.points.get(is_main=True)
    have = set(event.participants.filter(member__isnull=False).values_list("member_id", flat=True))
    rows = []
    for m in members:
        if m.pk in have:
            continue
        have.add(m.pk)
        delegation = m.commune.name if delegation_from_commune and getattr(m, "commune", None) else ""
        p = Participant(event=event, member=m, full_name=m.full_name, delegation=delegation, role=role, point=main,
                        organisation=m.branch.name if getattr(m, "branch", None) else "")
        p.search_text = search_blob(p.full_name, p.delegation, p.organisation)
        rows.append(p)
    Participant.objects.bulk_create(rows, batch_size=500)
    from tienphong.core.audit import log_creates

    created = list(event.participants.filter(member_id__in=[p.member_id for p in rows]))
    log_creates([(p, {"full_name": [None, p.full_name]}) for p in created], actor=None)
    return len(rows)


@transaction.atomic
def participant_delete(*, participant: Participant) -> None:
    if participant.first_checkin_at:
        raise DomainError("participant_checked_in", _("This participant has checked in and stays on the list."))
    participant.delete()


# ---------------------------------------------------------------- badges and check-in

def badge_value(participant: Participant) -> str:
    """What a badge's QR carries (inside the personal link): the token, signed, so a kiosk refuses a
    made-up or mistyped code before asking the database."""
    return signing.Signer(salt=BADGE_SALT).sign(participant.token)


def token_from_badge(value: str) -> str:
    """The token in a scanned badge: the whole link or the signed value alone (a USB scanner types either)."""
    value = (value or "").strip()
    if "/p/" in value:
        value = value.split("/p/", 1)[1].strip("/").split("/")[0].split("?")[0]
    try:
        return signing.Signer(salt=BADGE_SALT).unsign(value)
    except signing.BadSignature:
        raise DomainError("badge_invalid", _("This QR code is not a badge of this event.")) from None


def badge_sheet(*, event: Event, participants, url_for: Callable[[Participant], str], unprinted_only: bool = False,
                progress: Callable[[int, int], None] | None = None, keep: Callable[[bytes], None] | None = None
                ) -> bytes:
    """The badge sheet of `participants` (badges.badges_pdf), and their badges marked printed.

    The pages are drawn outside any transaction (seconds for a large set, and SQLite's transactions take
    the write lock at once); then `keep(pdf)`, if given, stores the sheet (the background job), and only
    once it is kept are these participants marked, in one transaction: a sheet that fails to be drawn or
    stored marks nobody. `unprinted_only`: the organiser asked for the badges not yet printed, so an
    empty choice means they are all printed already (said so, rather than "nobody matches")."""
    people = list(participants)
    if not people and unprinted_only:
        raise DomainError("badges_all_printed", _("Every badge of this choice has already been printed: "
                                                  "there is none left to print."))
    content = badges.badges_pdf(event, people, url_for, progress=progress)
    if keep is not None:
        keep(content)
    _mark_printed(event=event, ids=[p.pk for p in people])
    return content


@transaction.atomic
def _mark_printed(*, event: Event, ids: list[int], at: dt.datetime | None = None) -> int:
    """One time for the whole sheet, in batches of ids (SQLite's limit on a statement's parameters)."""
    at = at or timezone.now()
    marked = 0
    for start in range(0, len(ids), 500):
        marked += Participant.objects.filter(event=event, pk__in=ids[start:start + 500]).update(badge_printed_at=at)
    return marked


@dataclass
class CheckInResult:
    status: str  # "created" | "repeat" (already checked in to this session) | "duplicate" (this scan, re-sent)
    checkin: CheckIn

    @property
    def participant(self) -> Participant:
        return self.checkin.participant


def check_in(*, participant: Participant, session: Session, point: ConnectionPoint, method: str,
             nonce: uuid.UUID | str | None = None, at: dt.datetime | None = None, by=None) -> CheckInResult:
    """Check a participant in to a session, exactly once.

    `nonce` is made by the kiosk per scan: a scan re-sent from its offline queue finds the check-in it
    made ("duplicate"); another scan of a participant already in answers "repeat" with the first time."""
    if session.event_id != participant.event_id or point.event_id != participant.event_id:
        raise DomainError("wrong_event", _("This participant is not on this event's list."))
    if method not in CheckIn.Method.values:
        raise DomainError("method_invalid", "method")
    nonce = uuid.UUID(str(nonce)) if nonce else uuid.uuid4()
    now = timezone.now()
    at = min(at or now, now)  # a kiosk's clock ahead of ours never dates a check-in in the future
    # The insert comes first (most scans are new): the database's unique nonce and one-per-session
    # constraints turn a re-sent scan or a repeat into an IntegrityError, and only then is the earlier
    # check-in read.
    try:
        with transaction.atomic():
            checkin = CheckIn.objects.create(participant=participant, session=session, point=point, at=at,
                                             method=method, nonce=nonce, by=by)
            first = Participant.objects.filter(pk=participant.pk, first_checkin_at__isnull=True).update(
                first_checkin_at=at)
            if first:
                rollups.add(rollup.checkin_deltas(session.event, participant.role))
                participant.first_checkin_at = at
    except IntegrityError:
        found = _existing(nonce, participant, session)
        if found:
            return found
        raise
    checkin.participant = participant
    return CheckInResult("created", checkin)


def _existing(nonce, participant, session) -> CheckInResult | None:
    """The check-in this scan made before (by its nonce), else the participant's in this session: one query."""
    found = list(CheckIn.objects.filter(Q(nonce=nonce) | Q(participant=participant, session=session))[:2])
    by_nonce = next((c for c in found if c.nonce == nonce), None)
    if by_nonce:
        if by_nonce.participant_id != participant.pk:
            raise DomainError("nonce_reused", _("This scan was already used for someone else."))
        by_nonce.participant = participant
        return CheckInResult("duplicate", by_nonce)
    same = next((c for c in found if c.participant_id == participant.pk and c.session_id == session.pk), None)
    if same:
        same.participant = participant
        return CheckInResult("repeat", same)
    return None


# ---------------------------------------------------------------- documents and online views

@transaction.atomic
def document_add(*, event: Event, title: str, file=None, link: str = "") -> Document:
    title = clean_name(title)
    if not title:
        raise DomainError("title_required", _("Type the document's title."))
    if not file and not link:
        raise DomainError("file_or_link", _("Attach a file or give a link."))
    position = (event.documents.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    doc = Document(event=event, title=title, link=link, position=position)
    if file:
        doc.file = file
    doc.save()
    public_content_changed()
    return doc


@transaction.atomic
def document_delete(*, document: Document) -> None:
    if document.file:
        transaction.on_commit(lambda name=document.file.name, storage=document.file.storage: storage.delete(name))
    document.delete()
    public_content_changed()


@transaction.atomic
def online_views_set(*, point: ConnectionPoint, platform: str, views: int, source_url: str = "",
                     author=None) -> OnlineViews | None:
    """The host's figure for one platform (0 removes it)."""
    if platform not in OnlineViews.Platform.values:
        raise DomainError("platform_invalid", _("Choose a platform."))
    if views is None or views < 0 or views > 100_000_000:
        raise DomainError("views_invalid", _("Type the number of views (0 to 100.000.000)."))
    event = point.event
    before = rollup.event_deltas(event)
    row = OnlineViews.objects.filter(point=point, platform=platform).first()
    if views == 0:
        if row:
            row.delete()
        row = None
    else:
        row = row or OnlineViews(event=event, point=point, platform=platform)
        row.views, row.source_url, row.entered_by = views, source_url, author
        row.save()
    rollups.replace(before, rollup.event_deltas(event))
    return row

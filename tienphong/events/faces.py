"""Face check-in for events: consent and enrolment, identification at a kiosk, erasure.

Opt-in per event (`Event.face_enabled`). What is kept of a face is its 128 numbers (core.faces), never
the photo nor a kiosk frame: pictures are decoded in memory and dropped. Each enrolment records the
consent (who, when, the text agreed to, by the participant on their personal link or by the organiser
with the signed form). The numbers are kept until the end of `erase_on(event)` = the event's last day +
`face_erase_days`, read live from the event (a change of dates or days moves it for everyone); the
daily `manage.py erase_faces` erases what is past it. A participant erases theirs at once from their
personal link. Every erasure writes one audit entry per participant with its reason.

- `enrol(...)`, `erase(...)`, `erase_expired(...)`: writes (keyword-only; DomainError with a
  Vietnamese message).
- `identify(...)`: a kiosk frame → the participant checked in (services.check_in, method "face"),
  or "unsure" (ask for the QR) or "none".
- `matcher_for(event)`: the event's vectors as one matrix, kept in this process until the event's
  enrolment changes (its count or newest id), so a kiosk frame costs no reload of 5,000 rows.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from auditlog.context import disable_auditlog
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from tienphong.core import faces as engine
from tienphong.core.audit import audit_context
from tienphong.core.errors import DomainError
from tienphong.core.models import AuditEntry

from . import services
from .models import CheckIn, ConnectionPoint, Event, FaceConsent, FaceEmbedding, FaceVersion, Participant, Session

# Why face data was erased (the audit entry's additional_data["reason"]; its words in the entry).
EXPIRED, REQUEST, DISABLED, REPLACED = "expired", "request", "disabled", "replaced"
# A second face at least this large (its area against the largest one's) makes an enrolment photo
# ambiguous: whose face is it? A face far behind the person is smaller and is ignored.
SECOND_FACE_RATIO = 0.5
# A kiosk frame at most this large (a 640×480 JPEG is 30–120 KB).
MAX_FRAME_BYTES = 1024 * 1024


def _reason_words(reason: str) -> str:
    return {EXPIRED: _("expired"), REQUEST: _("on request"), DISABLED: _("face check-in turned off"),
            REPLACED: _("replaced by a new photo")}[reason]


# ---------------------------------------------------------------- dates and the consent text

def erase_on(event: Event) -> dt.date:
    """The last day the event keeps face data: it is erased the day after."""
    return event.ends_on + dt.timedelta(days=event.face_erase_days)


def is_open(event: Event, today: dt.date | None = None) -> bool:
    """Enrolment and face check-in are possible: the event has them and its face data is not due."""
    return event.face_enabled and (today or timezone.localdate()) <= erase_on(event)


def consent_text(event: Event) -> str:
    """What the participant agrees to (Decree 13/2023/NĐ-CP): what is kept, why, how long, how to withdraw.
    In the page's language; the text shown is the text stored with the consent."""
    return _("I agree that the organisers of “%(event)s” keep 128 numbers computed from a photo of my face "
             "(the photo itself is not kept) for one purpose only: checking me in by face at this event. "
             "They are kept until the end of %(date)s (%(days)s days after the event ends) and then erased "
             "automatically. I may withdraw at any time on my personal link: the numbers are erased at once, "
             "and I check in with my QR code instead. Under Decree 13/2023/NĐ-CP on personal data protection.") % {
        "event": event.name, "date": formats.date_format(erase_on(event), "d/m/Y"), "days": event.face_erase_days}


# ---------------------------------------------------------------- enrolment

def _check_open(event: Event) -> None:
    if not event.face_enabled:
        raise DomainError("face_disabled", _("This event does not use face check-in."))
    if timezone.localdate() > erase_on(event):
        raise DomainError("face_closed", _("Face check-in for this event has ended: its face data is erased."))


def vector_from_photo(photo: bytes) -> np.ndarray:
    """The 128 numbers of the one face in an enrolment photo (decoded in memory, never kept)."""
    if not photo:
        raise DomainError("photo_required", _("Choose a photo of the face."))
    try:
        found = engine.encode(photo, limit=2)
    except engine.FaceError as e:
        if e.code == "face_image_too_large":
            raise DomainError("face_image_too_large", _("This photo is too large: take it again or send a "
                                                         "smaller copy.")) from None
        raise DomainError("face_not_image", _("This file is not a photo (JPEG, PNG or WebP).")) from None
    if not found:
        raise DomainError("face_none", _("No face was found in this photo. Take a photo of the face from the "
                                         "front, in good light, filling most of the picture."))
    if len(found) > 1 and found[1].area >= SECOND_FACE_RATIO * found[0].area:
        raise DomainError("face_several", _("This photo shows several faces of the same size: take a photo of "
                                            "one person only."))
    return found[0].vector


def enrol(*, participant: Participant, photo: bytes, agreed: bool, text: str = "",
          source: str = FaceConsent.Source.SELF, recorded_by=None) -> FaceEmbedding:
    """Keep the face of `participant` from `photo` with their consent (`agreed`, `text`: what they agreed
    to; the event's consent text by default). Replaces an earlier enrolment. The photo is not kept."""
    event = participant.event
    _check_open(event)
    if not agreed:
        raise DomainError("consent_required", _("Tick the consent box first: without consent no face data is "
                                                "kept.") if source == FaceConsent.Source.SELF else
                          _("Tick the box saying the participant signed the consent form."))
    if source not in FaceConsent.Source.values:
        raise DomainError("source_invalid", "source")
    vector = vector_from_photo(photo)  # the slow part (~0.2 s), outside the transaction
    if not text and source == FaceConsent.Source.ORGANISER:
        with translation.override(settings.LANGUAGE_CODE):  # the paper form's language, whatever the page's
            text = consent_text(event)
    return _store(participant=participant, vector=vector, text=text or consent_text(event), source=source,
                  recorded_by=recorded_by)


@transaction.atomic
def _store(*, participant, vector, text, source, recorded_by) -> FaceEmbedding:
    event = participant.event
    _check_twin(event, participant, vector, named=source == FaceConsent.Source.ORGANISER)
    old = list(FaceEmbedding.objects.select_related("participant", "event").filter(participant=participant))
    if old:
        _erase_rows(old, reason=REPLACED, actor=recorded_by)
    consent = FaceConsent.objects.create(participant=participant, text=text, given_at=timezone.now(),
                                         source=source, recorded_by=recorded_by)
    # A new row (not an update): the event's newest id moves, so every process reloads its matcher.
    return FaceEmbedding.objects.create(participant=participant, event=event, vector=engine.to_bytes(vector),
                                        consent=consent, erase_after=erase_on(event))


def _check_twin(event, participant, vector, *, named: bool) -> None:
    """Refuse a face that another enrolled participant already has (a photo filed under the wrong name):
    the kiosk could tell neither of them apart. The organiser is told whose; a participant is not."""
    matcher = matcher_for(event)
    near = matcher.nearest(vector)
    for who, distance in near:
        if who != participant.pk and distance <= engine.ACCEPT:
            other = Participant.objects.filter(pk=who).values_list("full_name", flat=True).first() or "?"
            raise DomainError("face_taken", _("This face is already enrolled for %(name)s: check that the photo "
                                              "is of the right person.") % {"name": other} if named else
                              _("This face is already enrolled for another participant. Ask the organisers."))


# ---------------------------------------------------------------- erasure

def _erase_rows(rows: list[FaceEmbedding], *, reason: str, actor=None) -> int:
    """Delete these embeddings with one audit entry each saying why (never the numbers)."""
    if not rows:
        return 0
    with disable_auditlog():  # our own entries below carry the reason
        FaceEmbedding.objects.filter(pk__in=[r.pk for r in rows]).delete()
    common = audit_context(actor)
    content_type = ContentType.objects.get_for_model(FaceEmbedding)
    now = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        words, erased = _reason_words(reason), _("face data erased")
        key_reason = _("reason")
    entries = []
    for row in rows:
        extra = {"unit_path": row.event.path, "reason": reason, "participant_id": row.participant_id}
        entries.append(AuditEntry(
            content_type=content_type, object_pk=str(row.pk), object_id=row.pk,
            object_repr=str(row.participant.full_name)[:255], action=AuditEntry.Action.DELETE,
            changes={erased: [str(row.participant.full_name), ""], key_reason: ["", words]}, changes_text="",
            timestamp=now, additional_data=extra, unit_path=row.event.path, **common))
    AuditEntry.objects.bulk_create(entries)
    return len(rows)


@transaction.atomic
def erase(*, participant: Participant, reason: str = REQUEST, actor=None) -> bool:
    """Erase a participant's face data now. On request the consent is marked withdrawn (it stays, as the
    record of what was agreed). True when there was face data."""
    rows = list(FaceEmbedding.objects.select_related("participant", "event").filter(participant=participant))
    _erase_rows(rows, reason=reason, actor=actor)
    if reason == REQUEST:
        now = timezone.now()
        for consent in participant.face_consents.filter(withdrawn_at__isnull=True):
            consent.withdrawn_at = now
            consent.save(update_fields=["withdrawn_at"])  # audited
    return bool(rows)


def erase_expired(*, today: dt.date | None = None, actor=None) -> dict[str, int]:
    """Erase the face data of every event past its date (and of events that turned face check-in off);
    keep `erase_after` in step with the events' dates for the others. {reason: how many erased}."""
    today = today or timezone.localdate()
    done = {EXPIRED: 0, DISABLED: 0}
    for event in Event.objects.filter(Exists(FaceEmbedding.objects.filter(event=OuterRef("pk")))):
        reason = DISABLED if not event.face_enabled else EXPIRED if today > erase_on(event) else None
        with transaction.atomic():
            if reason is None:
                event.faces.exclude(erase_after=erase_on(event)).update(erase_after=erase_on(event))
                continue
            rows = list(event.faces.select_related("participant", "event"))
            done[reason] += _erase_rows(rows, reason=reason, actor=actor)
    return done


# ---------------------------------------------------------------- identification at a kiosk

class _Cache:
    """Each event's Matcher in this process, with the version it was built at."""

    def __init__(self, size: int = 8):
        self.size, self.lock, self.items = size, threading.Lock(), OrderedDict()

    def get(self, key, version):
        with self.lock:
            item = self.items.get(key)
            if item is None or item[0] != version:
                return None
            self.items.move_to_end(key)
            return item[1]

    def put(self, key, version, value):
        with self.lock:
            self.items[key] = (version, value)
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self):
        with self.lock:
            self.items.clear()


_matchers = _Cache()


def enrolment_version(event: Event) -> int:
    """Changes whenever a face of the event is added, replaced or erased: its FaceVersion, counted by
    database triggers. One read by primary key."""
    return FaceVersion.objects.filter(event_id=event.pk).values_list("value", flat=True).first() or 0


def version_read_with(event: Event) -> int | None:
    """The version read in the same query as `event` (selectors.event_for_sync(..., faces=True)), else None."""
    if not Event.face_version.is_cached(event):
        return None
    try:
        return event.face_version.value
    except FaceVersion.DoesNotExist:
        return 0


def matcher_for(event: Event, version: int | None = None) -> engine.Matcher:
    """The event's enrolled vectors, loaded once per process and enrolment version (`version` as just read,
    else one small query per frame; 5,000 vectors load in ~10 ms when it moved)."""
    if version is None:
        version = enrolment_version(event)
    matcher = _matchers.get(event.pk, version)
    if matcher is None:
        rows = list(FaceEmbedding.objects.filter(event=event).values_list("participant_id", "vector"))
        ids = [pid for pid, _v in rows]
        blob = b"".join(bytes(v) for _pid, v in rows)
        vectors = np.frombuffer(blob, dtype="<f4").astype(np.float32).reshape(len(rows), engine.DIMENSIONS)
        matcher = engine.Matcher(vectors, ids)
        _matchers.put(event.pk, version, matcher)
    return matcher


@dataclass
class Identification:
    """What the kiosk shows: status "created" | "repeat" | "duplicate" (checked in, now or before),
    "unsure" (ask for the QR code), "none" (nobody enrolled is this face), "no_face" (take another frame)."""

    status: str
    participant: Participant | None = None
    checkin: CheckIn | None = None
    distance: float | None = None

    @property
    def checked_in(self) -> bool:
        return self.status in ("created", "repeat", "duplicate")


def identify(*, event: Event, frame: bytes, session: Session, point: ConnectionPoint, nonce, by=None,
             at: dt.datetime | None = None, version: int | None = None) -> Identification:
    """Who is in front of the kiosk: the largest face in `frame` against the event's enrolled faces; a
    clear match is checked in (exactly once: `nonce` is the kiosk's for this frame; a frame re-sent after a
    lost answer is looked at again and its check-in, found by the database's unique nonce, answered as
    "duplicate"). The frame is decoded in memory and dropped. `version`: the event's enrolment version
    read with it for this request (`version_read_with`), else it is read here."""
    if not event.face_enabled:
        raise DomainError("face_disabled", _("This event does not use face check-in."))
    if session.event_id != event.pk or point.event_id != event.pk:
        raise DomainError("wrong_event", _("This session or connection point is not of this event."))
    try:
        nonce = uuid.UUID(str(nonce))
    except ValueError:
        raise DomainError("nonce_invalid", "nonce") from None
    if len(frame) > MAX_FRAME_BYTES:
        raise DomainError("frame_too_large", _("The camera frame is larger than 1 MB."))
    try:
        face = engine.largest(engine.encode(frame, limit=1))
    except engine.FaceError:
        raise DomainError("frame_invalid", _("The camera frame is not a picture.")) from None
    if face is None:
        return Identification("no_face")
    if timezone.localdate() > erase_on(event):  # due for erasure: never used, even before the job runs
        return Identification("none")
    found = engine.match(face.vector, matcher_for(event, version))
    if found.status != "match":
        return Identification(found.status, distance=found.distance)
    participant = next(iter(Participant.objects.filter(pk=found.id, event=event)), None)
    if participant is None:  # erased between the matrix and now
        return Identification("none", distance=found.distance)
    result = services.check_in(participant=participant, session=session, point=point, method="face", nonce=nonce,
                               at=at, by=by)
    return Identification(result.status, participant, result.checkin, found.distance)


# ---------------------------------------------------------------- reads for the pages

def participants_with_status(event: Event, q: str = "", status: str = ""):
    """The event's participants, each with `face_at` (enrolled when, or None), `face_source` and
    `consent_withdrawn` (the newest consent's withdrawal time)."""
    from tienphong.core.text import words_q

    newest = FaceConsent.objects.filter(participant=OuterRef("pk")).order_by("-given_at", "-id")
    rows = event.participants.annotate(
        face_at=Subquery(FaceEmbedding.objects.filter(participant=OuterRef("pk")).values("created_at")[:1]),
        face_source=Subquery(newest.values("source")[:1]),
        consent_withdrawn=Subquery(newest.values("withdrawn_at")[:1]))
    if q:
        rows = rows.filter(words_q(q))
    if status == "enrolled":
        rows = rows.filter(face_at__isnull=False)
    elif status == "missing":
        rows = rows.filter(face_at__isnull=True)
    return rows


def counts(event: Event) -> dict[str, int]:
    return {"participants": event.participants.count(), "enrolled": event.faces.count()}


def personal_state(participant: Participant) -> dict:
    """What the personal page shows about the participant's face data."""
    event = participant.event
    face = FaceEmbedding.objects.filter(participant=participant).select_related("consent").first()
    return {"enabled": event.face_enabled, "open": is_open(event), "face": face, "erase_on": erase_on(event),
            "consent_text": consent_text(event),
            "withdrawn": face is None and participant.face_consents.filter(withdrawn_at__isnull=False).exists()}

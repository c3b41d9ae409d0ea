"""Writes for digital-literacy classes: scheduling, public sign-up, attendance.

Every function is keyword-only and atomic, and raises DomainError(code, message) with a
Vietnamese-ready message when a rule is broken; nothing is saved then.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from tienphong.core.choices import AgeBand
from tienphong.core.errors import DomainError
from tienphong.core.text import clean_name, search_blob
from tienphong.members.services import normalize_phone
from tienphong.places.models import Place
from tienphong.units.models import OrgUnit

from tienphong.partners.services import check_named

from . import rollup
from .models import ATTENDANCE_CAP_FACTOR, Attendee, LiteracyClass

MIN_CAPACITY, MAX_CAPACITY = 1, 1000
# A class lasts at most a day: a longer span is a typing mistake (a wrong date or hour).
MAX_DURATION = dt.timedelta(hours=12)
EDITABLE_FIELDS = ("title", "venue", "team", "starts_at", "ends_at", "teachers", "modules", "custom_topic",
                   "capacity", "status", "signup_open", "partners")
Status = LiteracyClass.Status


# ---------------------------------------------------------------- venues

@transaction.atomic
def venue_create(*, commune: OrgUnit, name: str, kind: str = Place.Kind.CULTURE_HOUSE) -> Place:
    """A place of the commune where a class meets, added on the spot; an existing one of that name is reused."""
    name = clean_name(name)
    if not name:
        raise DomainError("venue_name_required", _("Type the name of the new venue."))
    if len(name) > Place._meta.get_field("name").max_length:
        raise DomainError("venue_name_long", _("The venue name is too long."))
    if kind not in Place.Kind.values:
        raise DomainError("venue_kind_invalid", _("Choose the kind of the new venue."))
    if commune.kind != OrgUnit.Kind.COMMUNE:
        raise DomainError("commune_required", _("A class belongs to a commune or ward."))
    # The same name typed again, in another case or without some marks, is the same place.
    existing = Place.objects.filter(commune=commune, search_text=search_blob(name)).order_by("id").first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return Place.objects.create(commune=commune, name=name, kind=kind)
    except IntegrityError:  # the same name sent twice at once
        return Place.objects.get(commune=commune, name=name)


# ---------------------------------------------------------------- classes

def _check_class(cls: LiteracyClass, *, now, starts_changed: bool) -> None:
    cls.title = clean_name(cls.title)
    cls.custom_topic = clean_name(cls.custom_topic)
    if not cls.title:
        raise DomainError("title_required", _("The class needs a title."))
    if cls.commune.kind != OrgUnit.Kind.COMMUNE:
        raise DomainError("commune_required", _("A class belongs to a commune or ward."))
    if cls.venue.commune_id != cls.commune_id:
        raise DomainError("venue_outside", _("The venue must be a place of this commune."))
    if cls.team is not None and cls.team.commune_id != cls.commune_id:
        raise DomainError("team_outside", _("The team must be a team of this commune."))
    if cls.capacity is None or not MIN_CAPACITY <= cls.capacity <= MAX_CAPACITY:
        raise DomainError("capacity_invalid", _("The capacity must be between %(min)s and %(max)s people.")
                          % {"min": MIN_CAPACITY, "max": number_format(MAX_CAPACITY, force_grouping=True)})
    if cls.starts_at is None:
        raise DomainError("starts_required", _("Type the date and time the class starts."))
    if cls.ends_at is not None:
        if cls.ends_at <= cls.starts_at:
            raise DomainError("ends_before_start", _("The class must end after it starts."))
        if cls.ends_at - cls.starts_at > MAX_DURATION:
            raise DomainError("too_long", _("A class lasts at most %(hours)s hours: check the end time.")
                              % {"hours": int(MAX_DURATION.total_seconds() // 3600)})
    if cls.status not in Status.values:
        raise DomainError("status_invalid", _("Unknown status."))
    if cls.status == Status.SCHEDULED and starts_changed and cls.starts_at < now:
        raise DomainError("starts_in_past", _("A scheduled class cannot start in the past. To record a class "
                                              "that has already taken place, set its status to “Held”."))
    if cls.status == Status.DONE and cls.starts_at > now:
        raise DomainError("held_in_future", _("A class that has not started yet cannot be marked as held."))
    cls.path = cls.commune.path
    cls.search_text = search_blob(cls.title, cls.custom_topic, cls.venue.name)


def _check_people(cls: LiteracyClass, teachers, modules) -> None:
    for member in teachers:
        if not member.path.startswith(cls.commune.path):
            raise DomainError("teacher_outside", _("%(name)s is not a member of this commune.") % {"name": member})
    for module in modules:
        if not module.active and not cls.modules.filter(pk=module.pk).exists():
            raise DomainError("module_inactive", _("The module %(name)s is no longer taught.") % {"name": module})


@transaction.atomic
def class_create(*, title: str, commune: OrgUnit, venue: Place, starts_at, ends_at=None, teachers=(),
                 modules=(), custom_topic: str = "", capacity: int = 30, team=None,
                 status: str = Status.SCHEDULED, signup_open: bool = True, created_by=None, partners=(),
                 now=None) -> LiteracyClass:
    """Schedule a class, or record one already held (status "done", start in the past)."""
    now = now or timezone.now()
    cls = LiteracyClass(title=title, commune=commune, venue=venue, starts_at=starts_at, ends_at=ends_at,
                        custom_topic=custom_topic or "", capacity=capacity, team=team, status=status,
                        signup_open=signup_open, created_by=created_by)
    _check_class(cls, now=now, starts_changed=True)
    teachers, modules = list(teachers or ()), list(modules or ())
    _check_people(cls, teachers, modules)
    partners = check_named(partners, path=commune.path)
    cls.save()
    cls.teachers.set(teachers)
    cls.modules.set(modules)
    cls.partners.set(partners)
    rollup.changed([], cls.pk)
    return cls


@transaction.atomic
def class_update(*, literacy_class: LiteracyClass, now=None, **changes) -> LiteracyClass:
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    now = now or timezone.now()
    cls = LiteracyClass.objects.select_for_update().get(pk=literacy_class.pk)
    before = rollup.snapshot(cls.pk)
    old_starts = cls.starts_at
    teachers = changes.pop("teachers", None)
    modules = changes.pop("modules", None)
    partners = changes.pop("partners", None)
    for field, value in changes.items():
        setattr(cls, field, (value or "") if field == "custom_topic" else value)
    # The form shows minutes: a start re-sent unchanged but without its seconds is not a change.
    same_minute = (cls.starts_at is not None
                   and abs((cls.starts_at - old_starts).total_seconds()) < 60)
    _check_class(cls, now=now, starts_changed=not same_minute)
    _check_people(cls, list(teachers or ()), list(modules or ()))
    if cls.attendees.count() > cls.capacity * ATTENDANCE_CAP_FACTOR:
        raise DomainError("capacity_below_attendance",
                          _("The class already has %(n)s attendees: its capacity cannot be below %(min)s.")
                          % {"n": cls.attendees.count(),
                             "min": -(-cls.attendees.count() // ATTENDANCE_CAP_FACTOR)})
    cls.save()
    if teachers is not None:
        cls.teachers.set(teachers)
    if modules is not None:
        cls.modules.set(modules)
    if partners is not None:
        cls.partners.set(check_named(partners, path=cls.path))
    rollup.changed(before, cls.pk)
    literacy_class.refresh_from_db()
    return cls


@transaction.atomic
def class_mark_held(*, literacy_class: LiteracyClass, now=None) -> LiteracyClass:
    now = now or timezone.now()
    cls = LiteracyClass.objects.select_for_update().get(pk=literacy_class.pk)
    if cls.status == Status.CANCELLED:
        raise DomainError("class_cancelled", _("This class was cancelled."))
    if cls.starts_at > now:
        raise DomainError("held_in_future", _("A class that has not started yet cannot be marked as held."))
    if cls.status != Status.DONE:
        cls.status = Status.DONE
        cls.save(update_fields=["status"])
    literacy_class.status = cls.status
    return cls


@transaction.atomic
def class_cancel(*, literacy_class: LiteracyClass) -> LiteracyClass:
    cls = LiteracyClass.objects.select_for_update().get(pk=literacy_class.pk)
    if cls.status == Status.DONE:
        raise DomainError("class_held", _("This class has already been held; it cannot be cancelled."))
    if cls.status != Status.CANCELLED:
        before = rollup.snapshot(cls.pk)
        cls.status = Status.CANCELLED
        cls.save(update_fields=["status"])
        rollup.changed(before, cls.pk)
    literacy_class.status = cls.status
    return cls


# ---------------------------------------------------------------- public sign-up

def signup_closed_reason(cls: LiteracyClass, now=None) -> str:
    """Why the public sign-up is closed ("" when it is open), in words for the citizen."""
    now = now or timezone.now()
    if cls.status == Status.CANCELLED:
        return _("This class has been cancelled.")
    if cls.status == Status.DONE or cls.starts_at <= now:
        return _("This class has already started, so sign-up is closed. You can still come to the next class.")
    if not cls.signup_open:
        return _("Sign-up for this class is closed.")
    return ""


def _clean_token(token) -> str:
    token = (token or "").strip()
    return token if 16 <= len(token) <= 64 and token.replace("-", "").replace("_", "").isalnum() else ""


def _clean_citizen(full_name, phone, age_band):
    full_name = clean_name(full_name)
    if not full_name:
        raise DomainError("name_required", _("Please type your full name."))
    if len(full_name) > Attendee._meta.get_field("full_name").max_length:
        raise DomainError("name_long", _("The name is too long."))
    phone = normalize_phone(phone)
    if age_band and age_band not in AgeBand.values:
        raise DomainError("age_band_invalid", _("Choose an age band from the list."))
    return full_name, phone, age_band or ""


@transaction.atomic
def signup(*, literacy_class: LiteracyClass, full_name: str, phone: str = "", age_band: str = "",
           client_token: str = "", now=None) -> tuple[Attendee, bool]:
    """A citizen signs up through the public page. Returns (attendee, created).

    The same form sent twice (same one-time token) or the same phone again returns the row
    already made instead of a second one.
    """
    cls = LiteracyClass.objects.select_for_update().get(pk=literacy_class.pk)
    token = _clean_token(client_token)
    if token:
        existing = cls.attendees.filter(client_token=token).first()
        if existing:
            return existing, False
    reason = signup_closed_reason(cls, now)
    if reason:
        raise DomainError("signup_closed", reason)
    full_name, phone, age_band = _clean_citizen(full_name, phone, age_band)
    if phone:
        existing = cls.attendees.filter(phone=phone).first()
        if existing:
            return existing, False
    if cls.attendees.filter(source=Attendee.Source.SIGNUP).count() >= cls.capacity:
        raise DomainError("class_full", _("Sorry, this class is full. Please ask the Youth Union about the "
                                          "next class, or come on the day: seats left free go to people at the door."))
    try:
        with transaction.atomic():
            attendee = Attendee.objects.create(literacy_class=cls, full_name=full_name, phone=phone,
                                               age_band=age_band, source=Attendee.Source.SIGNUP,
                                               client_token=token)
    except IntegrityError:  # the same form or phone arrived twice at the same moment
        found = cls.attendees.filter(client_token=token).first() if token else None
        found = found or (cls.attendees.filter(phone=phone).first() if phone else None)
        if found is None:
            raise
        return found, False
    return attendee, True


# ---------------------------------------------------------------- attendance

def _check_attendance_open(cls: LiteracyClass) -> None:
    if cls.status == Status.CANCELLED:
        raise DomainError("class_cancelled", _("This class was cancelled; attendance cannot be taken."))


def _cap_error(cls: LiteracyClass) -> DomainError:
    return DomainError("attendance_cap", _("A class of %(capacity)s seats can record at most %(max)s attendees "
                                           "(%(factor)s times its capacity). Nothing was saved; raise the "
                                           "capacity first if more people really came.")
                       % {"capacity": cls.capacity, "max": cls.capacity * ATTENDANCE_CAP_FACTOR,
                          "factor": ATTENDANCE_CAP_FACTOR})


@transaction.atomic
def set_present(*, attendee: Attendee, present: bool, now=None) -> Attendee:
    cls = LiteracyClass.objects.select_for_update().get(pk=attendee.literacy_class_id)
    _check_attendance_open(cls)
    row = Attendee.objects.select_for_update().get(pk=attendee.pk)
    if row.attended == present:
        return row
    if present and cls.attendees.filter(attended=True).count() >= cls.capacity * ATTENDANCE_CAP_FACTOR:
        raise _cap_error(cls)
    before = rollup.snapshot(cls.pk)
    row.attended = present
    row.attended_at = (now or timezone.now()) if present else None
    row.save(update_fields=["attended", "attended_at"])
    rollup.changed(before, cls.pk)
    attendee.attended, attendee.attended_at = row.attended, row.attended_at
    return row


@transaction.atomic
def add_walk_in(*, literacy_class: LiteracyClass, full_name: str, age_band: str = "", phone: str = "",
                client_token: str = "", now=None) -> tuple[Attendee, bool]:
    """Someone came without signing up: add them, present. A resent form adds no second row."""
    cls = LiteracyClass.objects.select_for_update().get(pk=literacy_class.pk)
    _check_attendance_open(cls)
    token = _clean_token(client_token)
    if token:
        existing = cls.attendees.filter(client_token=token).first()
        if existing:
            return existing, False
    full_name, phone, age_band = _clean_citizen(full_name, phone, age_band)
    if phone:
        existing = cls.attendees.filter(phone=phone).first()
        if existing:  # signed up earlier, found at the door by phone
            return set_present(attendee=existing, present=True, now=now), False
    if cls.attendees.count() >= cls.capacity * ATTENDANCE_CAP_FACTOR:
        raise _cap_error(cls)
    before = rollup.snapshot(cls.pk)
    attendee = Attendee.objects.create(literacy_class=cls, full_name=full_name, phone=phone, age_band=age_band,
                                       source=Attendee.Source.WALK_IN, attended=True,
                                       attended_at=now or timezone.now(), client_token=token)
    rollup.changed(before, cls.pk)
    return attendee, True

"""Writes for digital competence: self-assessments and courses (validated, atomic, audited)."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tienphong.core.errors import DomainError
from tienphong.members.models import MEMBER_STATUSES, Member
from tienphong.members.services import member_update

from .framework import LEVELS, QUESTIONS, area_levels, overall_level
from .models import Assessment, Course


def _check_day(day: dt.date) -> None:
    if day > timezone.localdate():
        raise DomainError("date_future", _("The date cannot be in the future."))
    if day < dt.date(2000, 1, 1):
        raise DomainError("date_too_old", _("The date is too far in the past."))


@transaction.atomic
def assessment_submit(*, member: Member, answers: dict, actor, taken_on: dt.date | None = None,
                      follow_skill: bool = True) -> Assessment:
    """Record `member`'s self-assessment of `taken_on` (default today) from `answers` {question code:
    level 1–4}; a second one on the same day replaces the first.

    The member's digital skill follows the overall level of their newest assessment (`follow_skill`):
    the framework's levels 1–4 are written to mean the skill scale's 1–4 (basic, confident user, can
    guide others, trainer), so the newest self-assessment is today's skill. The change goes through
    `members.services.member_update`, so it is audited and the skill counts are recounted. An older
    assessment entered late changes nothing but the history."""
    taken_on = taken_on or timezone.localdate()
    _check_day(taken_on)
    if member.status not in MEMBER_STATUSES:
        raise DomainError("not_member", _("%(name)s is no longer a member.") % {"name": member.full_name})
    clean = {}
    for q in QUESTIONS:
        try:
            level = int(answers.get(q.code))
        except (TypeError, ValueError):
            level = None
        if level not in LEVELS:
            raise DomainError("unanswered", _("Answer every question (%(question)s).") % {"question": q.text})
        clean[q.code] = level
    levels = area_levels(clean)
    overall = overall_level(levels)
    list(Member.objects.select_for_update().filter(pk=member.pk).values_list("pk"))  # one writer per member
    row = Assessment.objects.filter(member=member, taken_on=taken_on).first() or Assessment(
        member=member, taken_on=taken_on)
    for field, level in levels.items():
        setattr(row, field, level)
    row.overall, row.answers = overall, clean
    row.by_self = actor is not None and member.user_id == actor.pk
    row.filled_by = actor
    newest = (Assessment.objects.filter(member=member).exclude(pk=row.pk).order_by("-taken_on").first())
    row.is_latest = newest is None or newest.taken_on < taken_on
    if row.is_latest and newest is not None and newest.is_latest:
        newest.is_latest = False
        newest.save(update_fields=["is_latest"])
    row.save()
    if row.is_latest and follow_skill and member.digital_skill != overall:
        member_update(member=member, actor=actor, digital_skill=overall)
    return row


def _hours(raw) -> Decimal:
    try:
        hours = Decimal(str(raw).replace(",", "."))
    except (InvalidOperation, ValueError):
        raise DomainError("hours_invalid", _("Write the hours as a number, e.g. 8 or 1,5.")) from None
    if not (Decimal(0) < hours <= 2000):
        raise DomainError("hours_invalid", _("The hours must be more than 0 and at most 2000."))
    return hours.quantize(Decimal("0.1"))


@transaction.atomic
def course_add(*, member: Member, name: str, held_on: dt.date, hours, organiser: str = "",
               certificate: bool = False, actor=None) -> Course:
    name, organiser = (name or "").strip(), (organiser or "").strip()
    if not name:
        raise DomainError("name_required", _("Write the name of the course."))
    _check_day(held_on)
    return Course.objects.create(member=member, name=name, organiser=organiser, held_on=held_on,
                                 hours=_hours(hours), certificate=bool(certificate), created_by=actor)


@transaction.atomic
def course_delete(*, course: Course) -> None:
    course.delete()

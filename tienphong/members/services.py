"""Writes for members: every change goes through here (validated, atomic, audited)."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tienphong.core.errors import DomainError
from tienphong.core.text import clean_name, name_sort_key, search_blob
from tienphong.units.models import OrgUnit

from . import rollup
from .models import MEMBER_STATUSES, Member

_PHONE_JUNK = re.compile(r"[\s.\-()]")
_PHONE_OK = re.compile(r"^0\d{9,10}$")

EDITABLE_FIELDS = ("full_name", "gender", "birth_date", "phone", "email", "branch", "joined_on",
                   "status", "is_core", "digital_skill")


def normalize_phone(raw) -> str:
    """'+84 912.345.678' → '0912345678'; raises DomainError when it is not a Vietnamese number."""
    if raw is None:
        return ""
    phone = str(raw).strip()
    if phone.endswith(".0"):  # a number typed into Excel comes back as a float
        phone = phone[:-2]
    phone = _PHONE_JUNK.sub("", phone)
    if not phone:
        return ""
    if phone.startswith("+84"):
        phone = "0" + phone[3:]
    elif phone.startswith("84") and len(phone) >= 11:
        phone = "0" + phone[2:]
    elif not phone.startswith("0") and len(phone) == 9:
        phone = "0" + phone  # Excel drops the leading zero of numbers stored as numbers
    if not _PHONE_OK.match(phone):
        raise DomainError("phone_invalid", _("“%(phone)s” is not a valid phone number (10 digits, starting with 0).")
                          % {"phone": raw})
    return phone


def normalize_email(raw) -> str:
    email = (str(raw).strip().lower() if raw else "")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise DomainError("email_invalid", _("“%(email)s” is not a valid email address.") % {"email": raw})
    return email


def fill_derived(member: Member) -> None:
    """Fields computed from others; import writes in bulk and needs them without save()."""
    member.full_name = clean_name(member.full_name)
    member.search_text = search_blob(member.full_name, member.phone, member.email)
    member.sort_key = name_sort_key(member.full_name)
    branch = member.branch
    member.path = branch.path
    member.commune_id = branch.commune_id


def _check(member: Member) -> None:
    if not member.full_name:
        raise DomainError("name_required", _("The full name is required."))
    if member.branch.kind != OrgUnit.Kind.BRANCH:
        raise DomainError("branch_required", _("A member belongs to a branch (Chi đoàn)."))
    if member.birth_date and member.joined_on and member.joined_on < member.birth_date:
        raise DomainError("joined_before_birth", _("The date joined is before the date of birth."))
    dupes = Member.objects.filter(commune_id=member.branch.commune_id).exclude(pk=member.pk)
    if member.phone and dupes.filter(phone=member.phone).exists():
        raise DomainError("phone_taken", _("Another member of this commune already has the phone %(phone)s.")
                          % {"phone": member.phone})
    if member.email and dupes.filter(email=member.email).exists():
        raise DomainError("email_taken", _("Another member of this commune already has the email %(email)s.")
                          % {"email": member.email})


def _mark_core(member: Member, *, was_core: bool, actor=None, on=None) -> None:
    """Keep who chose a core member and when: set when the member becomes core, cleared when not."""
    if member.is_core and not was_core:
        member.core_since = on or timezone.localdate()
        member.core_chosen_by = actor if actor is not None and actor.is_authenticated else None
    elif not member.is_core:
        member.core_since, member.core_chosen_by = None, None


@transaction.atomic
def member_create(*, full_name: str, gender: str, branch: OrgUnit, birth_date=None, phone="", email="",
                  joined_on=None, status=Member.Status.ACTIVE, is_core=False, digital_skill=1,
                  actor=None) -> Member:
    member = Member(full_name=full_name, gender=gender, branch=branch, birth_date=birth_date,
                    phone=normalize_phone(phone), email=normalize_email(email), joined_on=joined_on,
                    status=status, is_core=is_core, digital_skill=digital_skill)
    _mark_core(member, was_core=False, actor=actor)
    fill_derived(member)
    _check(member)
    member.save()
    rollup.refresh([rollup.unit_of(member)])
    return member


@transaction.atomic
def member_update(*, member: Member, actor=None, **changes) -> Member:
    """`actor`: who makes the change (recorded as who chose the member as core, if it does)."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    if "phone" in changes:
        changes["phone"] = normalize_phone(changes["phone"])
    if "email" in changes:
        changes["email"] = normalize_email(changes["email"])
    was, was_core = rollup.unit_of(member), member.is_core
    for field, value in changes.items():
        setattr(member, field, value)
    _mark_core(member, was_core=was_core, actor=actor)
    fill_derived(member)
    _check(member)
    member.save()
    rollup.refresh([was, rollup.unit_of(member)])
    return member


@transaction.atomic
def member_set_core(*, member: Member, is_core: bool, actor, on=None) -> Member:
    """Choose a member as core ("hạt nhân") on `on` (default today), or take them off the core;
    who did it and when are kept on the member and in the audit trail."""
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise DomainError("core_date_future", _("The date cannot be in the future."))
    if is_core and member.status not in MEMBER_STATUSES:
        raise DomainError("core_not_member", _("Only a current member can be chosen as core."))
    if is_core and member.is_core:
        # Correcting the date (or who chose them) of a core member already chosen.
        member.core_since, member.core_chosen_by = on, actor
    else:
        was_core = member.is_core
        member.is_core = is_core
        _mark_core(member, was_core=was_core, actor=actor, on=on)
    member.save(update_fields=["is_core", "core_since", "core_chosen_by", "updated_at"])
    rollup.refresh([rollup.unit_of(member)])
    return member


@transaction.atomic
def member_delete(*, member: Member) -> None:
    was = rollup.unit_of(member)
    member.delete()
    rollup.refresh([was])

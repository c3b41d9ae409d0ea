"""Writes to the partner register, and the one check every fact app makes of the partners it names."""

from django.db import transaction
from django.utils.translation import gettext as _

from tienphong.core.errors import DomainError
from tienphong.core.scope import Scope
from tienphong.core.text import clean_name, search_blob
from tienphong.units.models import OrgUnit

from .models import Partner, province_path

FIELDS = ("kind", "name", "short_name", "contact_name", "phone", "email", "address", "note", "unit", "units",
          "active")
MAX_UNITS = 500
MAX_PARTNERS_PER_RECORD = 10


def _check(partner: Partner, units, by) -> list[OrgUnit]:
    partner.name = clean_name(partner.name)
    partner.short_name = clean_name(partner.short_name)
    partner.contact_name = clean_name(partner.contact_name)
    partner.phone = (partner.phone or "").strip()
    partner.email = (partner.email or "").strip().lower()
    partner.address = (partner.address or "").strip()
    partner.note = (partner.note or "").strip()
    if not partner.name:
        raise DomainError("name_required", _("The partner needs a name."))
    if partner.kind not in Partner.Kind.values:
        raise DomainError("kind_invalid", _("Unknown kind of partner."))
    unit = partner.unit
    if unit.kind not in (OrgUnit.Kind.PROVINCE, OrgUnit.Kind.COMMUNE):
        raise DomainError("unit_invalid", _("A partner is kept by the province or by a commune."))
    if not Scope.for_user(by).allows(unit.path, "manage_partners"):
        raise DomainError("not_allowed", _("You cannot keep partners for %(unit)s.") % {"unit": unit.name})
    partner.path = unit.path
    province = province_path(unit.path)
    units = list(units or ())
    if len(units) > MAX_UNITS:
        raise DomainError("units_invalid", _("Choose at most %(max)s units.") % {"max": MAX_UNITS})
    for u in units:
        if not u.path.startswith(province):
            raise DomainError("units_invalid", _("%(unit)s is not in this province.") % {"unit": u.name})
    same = Partner.objects.filter(path__startswith=province, name__iexact=partner.name).exclude(pk=partner.pk)
    if same.exists():
        raise DomainError("name_taken", _("The province already has a partner named %(name)s.")
                          % {"name": partner.name})
    partner.search_text = search_blob(partner.name, partner.short_name, partner.contact_name)
    return units


@transaction.atomic
def partner_create(*, by, unit: OrgUnit, name: str, kind: str = Partner.Kind.GOVERNMENT, short_name: str = "",
                   contact_name: str = "", phone: str = "", email: str = "", address: str = "", note: str = "",
                   units=(), active: bool = True) -> Partner:
    partner = Partner(unit=unit, name=name, kind=kind, short_name=short_name or "", contact_name=contact_name or "",
                      phone=phone or "", email=email or "", address=address or "", note=note or "", active=active)
    units = _check(partner, units, by)
    partner.save()
    if units:
        partner.units.set(units)
    return partner


@transaction.atomic
def partner_update(*, partner: Partner, by, **changes) -> Partner:
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    if not Scope.for_user(by).allows(partner.path, "manage_partners"):
        raise DomainError("not_allowed", _("You cannot change this partner."))
    units = changes.pop("units", None)
    for name, value in changes.items():
        setattr(partner, name, "" if value is None and name != "unit" else value)
    units = _check(partner, units if units is not None else partner.units.all(), by)
    partner.save()
    partner.units.set(units)
    return partner


def check_named(partners, *, path: str) -> list[Partner]:
    """The partners a record at `path` names as co-organisers: active or already named, of its province.
    Fact apps call this in their services before setting the record's `partners`."""
    partners = list(dict.fromkeys(partners or ()))
    if len(partners) > MAX_PARTNERS_PER_RECORD:
        raise DomainError("partners_invalid", _("Name at most %(max)s partners.") % {"max": MAX_PARTNERS_PER_RECORD})
    province = province_path(path)
    for p in partners:
        if not p.path.startswith(province):
            raise DomainError("partners_invalid", _("%(partner)s is not a partner of this province.")
                              % {"partner": p})
    return partners

from django.db import transaction
from django.utils.translation import gettext as _

from tienphong.core.errors import DomainError
from tienphong.core.paths import child_path
from tienphong.core.text import search_blob

from .models import OrgUnit

# What may hang under what: the union's own levels sit below the administrative ones.
ALLOWED_CHILDREN = {
    OrgUnit.Kind.PROVINCE: {OrgUnit.Kind.COMMUNE, OrgUnit.Kind.SERVICE_POINT, OrgUnit.Kind.GRASSROOTS},
    OrgUnit.Kind.COMMUNE: {OrgUnit.Kind.GRASSROOTS, OrgUnit.Kind.SERVICE_POINT},
    OrgUnit.Kind.GRASSROOTS: {OrgUnit.Kind.BRANCH},
    OrgUnit.Kind.BRANCH: set(),
    OrgUnit.Kind.SERVICE_POINT: set(),
}

_ADMIN_TYPES = {
    "Tỉnh": OrgUnit.AdminType.PROVINCE,
    "Thành phố": OrgUnit.AdminType.CITY,
    "Xã": OrgUnit.AdminType.COMMUNE,
    "Phường": OrgUnit.AdminType.WARD,
    "Đặc khu": OrgUnit.AdminType.SPECIAL_ZONE,
}


def _fill_derived(unit: OrgUnit, parent: OrgUnit | None) -> None:
    unit.path = child_path(parent.path if parent else None, unit.pk)
    unit.depth = parent.depth + 1 if parent else 0
    if unit.kind == OrgUnit.Kind.COMMUNE:
        unit.commune_id = unit.pk
    elif parent is not None:
        unit.commune_id = parent.commune_id
    unit.search_text = search_blob(unit.name, unit.code)


@transaction.atomic
def unit_create(*, parent: OrgUnit | None, kind: str, name: str, code: str,
                latitude: float | None = None, longitude: float | None = None,
                admin_type: str = "") -> OrgUnit:
    if parent is None and kind != OrgUnit.Kind.PROVINCE:
        raise DomainError("unit_needs_parent", _("Only a province union can stand without a parent."))
    if parent is not None and kind not in ALLOWED_CHILDREN[parent.kind]:
        raise DomainError(
            "unit_bad_parent",
            _("A %(kind)s cannot be placed under a %(parent)s.")
            % {"kind": OrgUnit.Kind(kind).label, "parent": parent.get_kind_display()},
        )
    if OrgUnit.objects.filter(code=code).exists():
        raise DomainError("unit_code_taken", _("The code %(code)s is already used.") % {"code": code})
    unit = OrgUnit(parent=parent, kind=kind, name=name, code=code, latitude=latitude,
                   longitude=longitude, admin_type=admin_type,
                   path=f"/tmp-{code}/")  # the real path needs the primary key
    unit.save()
    _fill_derived(unit, parent)
    unit.save(update_fields=["path", "depth", "commune", "search_text"])
    return unit


def _admin_rows():
    from vietnamadminunits.database import get_data

    return get_data(fields=["provinceCode", "province", "provinceLat", "provinceLon",
                            "wardCode", "ward", "wardType", "wardLat", "wardLon"])


@transaction.atomic
def load_units(*, province_codes: list[str] | None = None) -> dict:
    """Create or update every province and commune from `vietnamadminunits`, matched by code.

    Idempotent: a second run changes nothing and reports zero creations.
    """
    rows = _admin_rows()
    if province_codes:
        rows = [r for r in rows if r["provinceCode"] in province_codes]
    existing = {u.code: u for u in OrgUnit.objects.filter(kind__in=["province", "commune"])}
    created = updated = 0

    def upsert(code, name, kind, admin_type, lat, lon, parent):
        nonlocal created, updated
        unit = existing.get(code)
        if unit is None:
            unit = unit_create(parent=parent, kind=kind, name=name, code=code, latitude=lat,
                               longitude=lon, admin_type=admin_type)
            existing[code] = unit
            created += 1
            return unit
        changed = {"name": name, "latitude": lat, "longitude": lon, "admin_type": admin_type}
        if any(getattr(unit, f) != v for f, v in changed.items()):
            for f, v in changed.items():
                setattr(unit, f, v)
            unit.search_text = search_blob(unit.name, unit.code)
            unit.save()
            updated += 1
        return unit

    provinces = {}
    for r in sorted(rows, key=lambda r: (r["provinceCode"], r["wardCode"])):
        pcode = r["provinceCode"]
        if pcode not in provinces:
            ptype = OrgUnit.AdminType.CITY if r["province"].startswith("Thành phố") else OrgUnit.AdminType.PROVINCE
            provinces[pcode] = upsert(pcode, r["province"], OrgUnit.Kind.PROVINCE, ptype,
                                      r["provinceLat"], r["provinceLon"], None)
        upsert(r["wardCode"], r["ward"], OrgUnit.Kind.COMMUNE, _ADMIN_TYPES[r["wardType"]],
               r["wardLat"], r["wardLon"], provinces[pcode])
    return {"provinces": len(provinces), "communes": len(rows), "created": created, "updated": updated}

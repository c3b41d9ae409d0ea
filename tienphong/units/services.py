from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.db.models import CharField, F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from tienphong.core.errors import DomainError
from tienphong.core.models import AuditEntry
from tienphong.core.paths import child_path, merge_hooks, move_hooks, path_columns, subtree_q
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


def write_derived(units: list[OrgUnit]) -> None:
    """The derived columns (_fill_derived) of units written in bulk, in one executemany: bulk_update's CASE
    per row and column costs seconds for a few thousand units."""
    connection = connections[DEFAULT_DB_ALIAS]
    qn = connection.ops.quote_name
    sql = (f"UPDATE {qn(OrgUnit._meta.db_table)} SET {qn('path')} = %s, {qn('depth')} = %s, "
           f"{qn('commune_id')} = %s, {qn('search_text')} = %s WHERE {qn('id')} = %s")
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(u.path, u.depth, u.commune_id, u.search_text, u.pk) for u in units])


@transaction.atomic
def unit_create(*, parent: OrgUnit | None, kind: str, name: str, code: str,
                latitude: float | None = None, longitude: float | None = None,
                admin_type: str = "", branch_type: str = "") -> OrgUnit:
    if parent is None and kind != OrgUnit.Kind.PROVINCE:
        raise DomainError("unit_needs_parent", _("Only a province union can stand without a parent."))
    if parent is not None and kind not in ALLOWED_CHILDREN[parent.kind]:
        raise DomainError(
            "unit_bad_parent",
            _("A %(kind)s cannot be placed under a %(parent)s.")
            % {"kind": OrgUnit.Kind(kind).label, "parent": parent.get_kind_display()},
        )
    if branch_type and kind != OrgUnit.Kind.BRANCH:
        raise DomainError("unit_branch_type_not_branch", _("Only a branch has a branch type."))
    if parent is not None and not parent.active:
        raise DomainError("unit_parent_inactive", _("%(parent)s is deactivated: nothing can be added under it.")
                          % {"parent": parent})
    if OrgUnit.objects.filter(code=code).exists():
        raise DomainError("unit_code_taken", _("The code %(code)s is already used.") % {"code": code})
    unit = OrgUnit(parent=parent, kind=kind, name=name, code=code, latitude=latitude,
                   longitude=longitude, admin_type=admin_type, branch_type=branch_type,
                   path=(temporary := f"/tmp-{code}/"))  # the real path needs the primary key
    unit.save()
    _fill_derived(unit, parent)
    unit.save(update_fields=["path", "depth", "commune", "search_text"])
    # The "create" entry was written by the first save, under the temporary path: file it under the
    # real one, or nobody whose scope holds the unit would see it in the audit trail.
    AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(OrgUnit), object_id=unit.pk,
                              unit_path=temporary).update(unit_path=unit.path,
                                                          additional_data=unit.get_additional_data())
    return unit


def _province_id(path: str) -> int:
    return int(path.split("/")[1])


def _moved_prefix(field: str, old_path: str, new_path: str):
    """The new path of a row under `old_path`: the new prefix, then what followed the old one."""
    return Concat(Value(new_path), Substr(field, len(old_path) + 1), output_field=CharField())


@transaction.atomic
def unit_move(*, unit: OrgUnit, new_parent: OrgUnit, run_hooks: bool = True) -> OrgUnit:
    """Hang `unit` and its whole subtree under `new_parent`: the units' paths, depths and communes,
    and every registered copy of those paths (members, teams, records, audit entries…), one UPDATE
    per column; then the registered hooks (the dashboards' figures) follow, unless `run_hooks` is
    False: a caller moving several units (unit_merge) runs them once for all."""
    unit = OrgUnit.objects.get(pk=unit.pk)
    new_parent = OrgUnit.objects.get(pk=new_parent.pk)
    if unit.kind == OrgUnit.Kind.PROVINCE:
        raise DomainError("unit_move_province", _("A province union stands at the top of the tree; it cannot be moved."))
    old_province, new_province = _province_id(unit.path), _province_id(new_parent.path)
    # Moves and recounts lock the provinces they touch, in one order, so they run one after the other;
    # the rules are checked on the rows as they are once locked.
    list(OrgUnit.objects.select_for_update().filter(pk__in={old_province, new_province}).order_by("pk")
         .values_list("pk"))
    unit.refresh_from_db()
    new_parent.refresh_from_db()
    if new_parent.path.startswith(unit.path):
        raise DomainError("unit_move_into_itself",
                          _("%(unit)s cannot be moved under itself or under one of its own units.") % {"unit": unit})
    if unit.kind not in ALLOWED_CHILDREN[new_parent.kind]:
        raise DomainError(
            "unit_bad_parent",
            _("A %(kind)s cannot be placed under a %(parent)s.")
            % {"kind": unit.get_kind_display(), "parent": new_parent.get_kind_display()},
        )
    if unit.parent_id == new_parent.pk:
        return unit
    old_path, new_path = unit.path, child_path(new_parent.path, unit.pk)
    new_commune = unit.pk if unit.kind == OrgUnit.Kind.COMMUNE else new_parent.commune_id
    commune_changes = new_commune != unit.commune_id
    moved_ids = list(OrgUnit.objects.filter(subtree_q(old_path)).values_list("pk", flat=True))

    try:
        with transaction.atomic():
            # No path can collide: each one ends with its own unit's id, unique in the tree.
            OrgUnit.objects.filter(subtree_q(old_path)).update(
                path=_moved_prefix("path", old_path, new_path),
                depth=F("depth") + (new_parent.depth + 1 - unit.depth))
            if commune_changes:
                OrgUnit.objects.filter(subtree_q(new_path)).update(commune_id=new_commune)
            for model, field, commune_field in path_columns():
                model.objects.filter(subtree_q(old_path, field)).update(
                    **{field: _moved_prefix(field, old_path, new_path)})
                if commune_changes and commune_field:
                    model.objects.filter(subtree_q(new_path, field)).update(**{f"{commune_field}_id": new_commune})
    except IntegrityError:
        # A member's phone or email already used in the commune they would join.
        raise DomainError("unit_move_conflict", _("%(unit)s cannot join %(parent)s: some of its records clash with "
                                                  "records already there (the same phone or email, for example).")
                          % {"unit": unit, "parent": new_parent}) from None

    unit.refresh_from_db()
    unit.parent = new_parent
    unit.save(update_fields=["parent"])  # audited: the move is one entry on the unit
    if run_hooks:
        for hook in move_hooks():
            hook(unit_ids=moved_ids, old_province_id=old_province, new_province_id=new_province)
    return unit


def admin_rows() -> list[dict]:
    """Every commune of the country as `vietnamadminunits` lists it (province and ward code, name, type,
    coordinates): what load_units and setup_province read."""
    from vietnamadminunits.database import get_data

    return get_data(fields=["provinceCode", "province", "provinceLat", "provinceLon",
                            "wardCode", "ward", "wardType", "wardLat", "wardLon"])


def _create_communes(units: list[OrgUnit]) -> None:
    """New communes in bulk (a whole country is 3,321): one INSERT and one UPDATE per 500 rows instead
    of three statements and an audit write per unit, and one "create" audit entry each, as
    django-auditlog would write it (the registered fields), under the unit's real path."""
    if not units:
        return
    from auditlog.diff import model_instance_diff
    from django.conf import settings

    from tienphong.core.audit import log_creates

    taken = list(OrgUnit.objects.filter(code__in=[u.code for u in units]).values_list("code", flat=True)[:1])
    if taken:
        raise DomainError("unit_code_taken", _("The code %(code)s is already used.") % {"code": taken[0]})
    OrgUnit.objects.bulk_create(units, batch_size=500)
    for unit in units:
        _fill_derived(unit, unit.parent)
    write_derived(units)
    as_json = getattr(settings, "AUDITLOG_STORE_JSON_CHANGES", False)
    log_creates([(u, model_instance_diff(None, u, use_json_for_changes=as_json)) for u in units], actor=None)


@transaction.atomic
def load_units(*, province_codes: list[str] | None = None) -> dict:
    """Create or update every province and commune from `vietnamadminunits`, matched by code.

    Idempotent: a second run changes nothing and reports zero creations.
    """
    rows = admin_rows()
    if province_codes:
        rows = [r for r in rows if r["provinceCode"] in province_codes]
    existing = {u.code: u for u in OrgUnit.objects.filter(kind__in=["province", "commune"])}
    created = updated = 0
    new_communes = []

    def upsert(code, name, kind, admin_type, lat, lon, parent):
        nonlocal created, updated
        unit = existing.get(code)
        if unit is None:
            if kind == OrgUnit.Kind.PROVINCE:
                unit = unit_create(parent=parent, kind=kind, name=name, code=code, latitude=lat,
                                   longitude=lon, admin_type=admin_type)
            else:  # written together below, once their provinces exist
                unit = OrgUnit(parent=parent, kind=kind, name=name, code=code, latitude=lat, longitude=lon,
                               admin_type=admin_type, path=f"/tmp-{code}/")
                new_communes.append(unit)
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
    _create_communes(new_communes)
    return {"provinces": len(provinces), "communes": len(rows), "created": created, "updated": updated}


# --- administering the union's own tree (the tree pages) -------------------------------------------
# Provinces and communes come from the official list (load_units); below them the union keeps its own
# grassroots unions, branches and service points: those are the units one creates, renames, merges and
# deactivates.
UNION_OWN = (OrgUnit.Kind.GRASSROOTS, OrgUnit.Kind.BRANCH, OrgUnit.Kind.SERVICE_POINT)
# A member who transferred out, matured or left stays attached to their branch as history: they do
# not keep a unit from being deactivated. Any other status (active, working away…) is still in it.
GONE_MEMBER_STATUSES = ("moved", "matured", "left")
_CODE_PREFIX = {OrgUnit.Kind.SERVICE_POINT: "DV"}


def members_still_in(unit: OrgUnit) -> int:
    """Members (not gone) of the branches in `unit`'s subtree."""
    from django.db.models import Count, Q

    return (OrgUnit.objects.filter(subtree_q(unit.path), kind=OrgUnit.Kind.BRANCH)
            .aggregate(n=Count("members", filter=~Q(members__status__in=GONE_MEMBER_STATUSES)))["n"] or 0)


def _require_union_own(unit: OrgUnit) -> None:
    if unit.kind not in UNION_OWN:
        raise DomainError("unit_not_union_own",
                          _("%(unit)s comes from the official list of provinces and communes: it is not changed "
                            "here.") % {"unit": unit})


def _check_details(*, kind: str, name: str, branch_type: str, latitude, longitude) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise DomainError("unit_name_missing", _("Write the unit's name."))
    if kind == OrgUnit.Kind.BRANCH and not branch_type:
        raise DomainError("unit_branch_type_missing",
                          _("Choose what the branch gathers (village, school, enterprise…): reports split branches by it."))
    if branch_type and branch_type not in OrgUnit.BranchType.values:
        raise DomainError("unit_branch_type_unknown", _("Unknown branch type."))
    if branch_type and kind != OrgUnit.Kind.BRANCH:
        raise DomainError("unit_branch_type_not_branch", _("Only a branch has a branch type."))
    if (latitude is None) != (longitude is None):
        raise DomainError("unit_position_half", _("Give both the latitude and the longitude, or neither."))
    if latitude is not None and not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise DomainError("unit_position_range",
                          _("The latitude must lie between -90 and 90 and the longitude between -180 and 180."))
    return name


def next_code(parent: OrgUnit, kind: str) -> str:
    """The first free code under `parent`: its own code, a dash and a number ("13285-01-03"; service
    points "13285-DV01")."""
    prefix = f"{parent.code}-{_CODE_PREFIX.get(kind, '')}"
    taken = set(OrgUnit.objects.filter(code__startswith=prefix).values_list("code", flat=True))
    n = parent.children.filter(kind=kind).count() + 1
    while f"{prefix}{n:02d}" in taken:
        n += 1
    return f"{prefix}{n:02d}"


@transaction.atomic
def unit_add(*, parent: OrgUnit, kind: str, name: str, code: str = "", branch_type: str = "",
             latitude: float | None = None, longitude: float | None = None) -> OrgUnit:
    """A grassroots union, branch or service point made on the tree page: a branch needs its type,
    a blank code is made from the parent's."""
    if kind not in UNION_OWN:
        raise DomainError("unit_kind_not_allowed",
                          _("Only grassroots unions, branches and service points are created here."))
    name = _check_details(kind=kind, name=name, branch_type=branch_type, latitude=latitude, longitude=longitude)
    parent = OrgUnit.objects.get(pk=parent.pk)  # as it is now: deactivated since the page was shown?
    code = (code or "").strip() or next_code(parent, kind)
    return unit_create(parent=parent, kind=kind, name=name, code=code, branch_type=branch_type,
                       latitude=latitude, longitude=longitude)


@transaction.atomic
def unit_rename(*, unit: OrgUnit, name: str, code: str, branch_type: str = "",
                latitude: float | None = None, longitude: float | None = None) -> OrgUnit:
    """Change a union unit's name, code, branch type and position (one audit entry)."""
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    _require_union_own(unit)
    name = _check_details(kind=unit.kind, name=name, branch_type=branch_type, latitude=latitude,
                          longitude=longitude)
    code = (code or "").strip()
    if not code:
        raise DomainError("unit_code_missing", _("Write the unit's code."))
    if OrgUnit.objects.filter(code=code).exclude(pk=unit.pk).exists():
        raise DomainError("unit_code_taken", _("The code %(code)s is already used.") % {"code": code})
    unit.name, unit.code, unit.branch_type = name, code, branch_type
    unit.latitude, unit.longitude = latitude, longitude
    unit.search_text = search_blob(unit.name, unit.code)
    unit.save()
    return unit


@transaction.atomic
def unit_deactivate(*, unit: OrgUnit) -> OrgUnit:
    """Take a unit out of use, keeping it and its history; refused while members or active units
    are still in it (the message says how many)."""
    from django.utils.translation import ngettext

    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    _require_union_own(unit)
    if not unit.active:
        raise DomainError("unit_inactive", _("%(unit)s is already deactivated.") % {"unit": unit})
    members = members_still_in(unit)
    units = OrgUnit.objects.filter(subtree_q(unit.path), active=True).exclude(pk=unit.pk).count()
    if members or units:
        held = [ngettext("%(n)s member", "%(n)s members", members) % {"n": members}] if members else []
        if units:
            held.append(ngettext("%(n)s active unit", "%(n)s active units", units) % {"n": units})
        raise DomainError("unit_not_empty",
                          _("%(unit)s cannot be deactivated: %(held)s still in it. Move them to another unit "
                            "(or deactivate them) first.") % {"unit": unit, "held": _(" and ").join(held)},
                          members=members, units=units)
    unit.active = False
    unit.save(update_fields=["active"])
    return unit


@transaction.atomic
def unit_reactivate(*, unit: OrgUnit) -> OrgUnit:
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    _require_union_own(unit)
    if unit.active:
        raise DomainError("unit_active", _("%(unit)s is already active.") % {"unit": unit})
    if unit.parent is not None and not unit.parent.active:
        raise DomainError("unit_parent_inactive",
                          _("%(parent)s is deactivated: reactivate it first.") % {"parent": unit.parent})
    unit.active = True
    unit.save(update_fields=["active"])
    return unit


def merge_summary(unit: OrgUnit) -> dict:
    """What merging `unit` into another one moves: its child units and the members still in it."""
    return {"units": OrgUnit.objects.filter(parent=unit).count(), "members": members_still_in(unit)}


@transaction.atomic
def unit_merge(*, unit: OrgUnit, into: OrgUnit, actor=None) -> OrgUnit:
    """Merge `unit` into `into` (same kind): its child units move under `into` (unit_move), then every
    record filed at `unit` itself (members, teams, support records… every registered path column, and
    the foreign keys of those records that name it) is filed at `into`; the merge hooks follow (the
    figures, the roles held on it); `unit` is deactivated, its own history kept. Returns `into`."""
    from tienphong.core.audit import audit_context

    unit = OrgUnit.objects.get(pk=unit.pk)
    into = OrgUnit.objects.get(pk=into.pk)
    _require_union_own(unit)
    if unit.pk == into.pk:
        raise DomainError("unit_merge_itself", _("Choose another unit to merge into."))
    if unit.kind != into.kind:
        raise DomainError("unit_merge_kind",
                          _("%(unit)s is a %(kind)s: it can only be merged into another %(kind)s.")
                          % {"unit": unit, "kind": unit.get_kind_display().lower()})
    if not unit.active or not into.active:
        raise DomainError("unit_inactive", _("%(unit)s is deactivated.") % {"unit": into if unit.active else unit})
    summary = merge_summary(unit)
    moved_ids = list(OrgUnit.objects.filter(subtree_q(unit.path)).values_list("pk", flat=True))
    for child in OrgUnit.objects.filter(parent=unit).order_by("path"):
        unit_move(unit=child, new_parent=into, run_hooks=False)  # the hooks run once, below
    unit.refresh_from_db()
    into.refresh_from_db()
    old_path, new_path = unit.path, into.path
    commune_changes = unit.commune_id != into.commune_id
    unit_type = ContentType.objects.get_for_model(OrgUnit)
    try:
        with transaction.atomic():
            for model, field, commune_field in path_columns():
                rows = model.objects.filter(**{field: old_path})
                if model is AuditEntry:  # the unit's own history stays with it
                    rows = rows.exclude(content_type=unit_type, object_id=unit.pk)
                changes = {field: new_path}
                if commune_changes and commune_field:
                    changes[f"{commune_field}_id"] = into.commune_id
                rows.update(**changes)
                for fk in model._meta.concrete_fields:
                    if fk.is_relation and fk.related_model is OrgUnit and fk.name != commune_field:
                        model.objects.filter(**{fk.attname: unit.pk}).update(**{fk.attname: into.pk})
    except IntegrityError:
        raise DomainError("unit_move_conflict", _("%(unit)s cannot join %(parent)s: some of its records clash with "
                                                  "records already there (the same phone or email, for example).")
                          % {"unit": unit, "parent": into}) from None
    unit.active = False
    unit.save(update_fields=["active"])  # audited: the merged unit is deactivated
    AuditEntry.objects.create(
        content_type=unit_type, object_pk=str(unit.pk), object_id=unit.pk, object_repr=str(unit)[:255],
        action=AuditEntry.Action.UPDATE, changes_text="",
        # Keys the audit page shows as they are (no field of the unit is named so): in words.
        changes={_("merged into"): ["", f"{into} ({into.code})"],
                 _("members moved"): ["", str(summary["members"])], _("units moved"): ["", str(summary["units"])]},
        additional_data=unit.get_additional_data(), unit_path=unit.path, **audit_context(actor))
    province = _province_id(into.path)
    for hook in move_hooks():  # the children, and the records filed at the unit itself
        hook(unit_ids=moved_ids, old_province_id=_province_id(unit.path), new_province_id=province)
    for hook in merge_hooks():
        hook(from_id=unit.pk, into_id=into.pk)
    return into

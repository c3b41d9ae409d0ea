"""Importing the union tree from a workbook: all or nothing, audited, in bulk.

The file is declared in `excel` (its columns, on the import framework in tienphong/core/imports);
here is what is about the tree. `TreeImporter(unit)` imports into a province or a commune (the
importer's scope: the view checks the user may manage units there):

    plan = TreeImporter(unit).import_file(path, dry_run=True)   # the preview: every error, every code
    plan = TreeImporter(unit).import_file(path, actor=user)     # plans again, then writes

A row is a grassroots union, a branch or a service point. Its commune (name or official code) must
be a commune of the unit imported into (empty: the unit itself); its parent (code or name) a unit of
that commune already in the tree or on another row, of a kind that may hold it (services.ALLOWED_CHILDREN
says which). A row whose code is in the tree updates that unit's name and branch type (never moves
it: moving is the tree page's, through `unit_move`); a row without code matches the unit of the same
kind and name under the same parent, else gets a new code made from its parent's (13285-02,
13285-02-01, 13285-PV). Importing an export changes nothing.

New units are written in bulk — INSERTs per level of the tree, one executemany UPDATE of their paths, one
"create" audit entry each under the real path (core.audit.log_creates) — so a province's 1,400 rows
take well under a second.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import IntegrityError
from django.utils.translation import gettext as _

from tienphong.core.imports import CREATE, UNCHANGED, UPDATE, Importer, ImportRejected, Plan, PlannedRow
from tienphong.core.imports import ParsedRow, RowError
from tienphong.core.paths import subtree_q
from tienphong.core.text import fold, search_blob

from .excel import COLUMN_BY_KEY, IMPORTED_KINDS, SHEET
from .models import OrgUnit
from .services import ALLOWED_CHILDREN, _fill_derived, write_derived

__all__ = ["CREATE", "UNCHANGED", "UPDATE", "ImportRejected", "TreeImporter", "TreePlan", "export_records",
           "import_file"]

K = OrgUnit.Kind
_FIELDS = ("id", "code", "name", "kind", "parent_id", "path", "depth", "commune_id", "branch_type", "active")


@dataclass
class TreePlan(Plan):
    """The framework's plan with the unit imported into. Each PlannedRow's `values`: kind, code, name,
    branch_type, parent (an OrgUnit, or None when `parent_row` names the file row of a new parent)."""

    unit: OrgUnit | None = None
    generated_codes: int = 0


def _header(key: str) -> str:
    return COLUMN_BY_KEY[key].header


def _kind_label(kind: str) -> str:
    return str(OrgUnit.Kind(kind).label)


@dataclass
class _Row:
    """A row on its way through the checks."""

    number: int
    values: dict
    home: OrgUnit  # the commune the row names, or the unit imported into
    existing: OrgUnit | None = None
    parent: OrgUnit | None = None
    parent_row: "_Row | None" = None
    code: str = ""
    bad: bool = False
    commune_ok: bool = True
    planned: PlannedRow | None = None
    children: list = field(default_factory=list)

    def commune_id(self):
        return self.home.pk if self.home.kind == K.COMMUNE else None


def plan_import(*, unit: OrgUnit, rows: list[ParsedRow]) -> TreePlan:
    """Check rows against the tree and decide, row by row, create / update / unchanged; writes nothing."""
    plan = TreePlan(unit=unit)
    errors = plan.errors

    def error(row: _Row, key: str, message: str):
        row.bad = True
        errors.append(RowError(row.number, _header(key) if key else "", message))

    # The unit's subtree, in one query; every code of the platform, for duplicates and new codes.
    units = list(OrgUnit.objects.filter(subtree_q(unit.path)).only(*_FIELDS))
    by_pk = {u.pk: u for u in units}
    by_code = {u.code: u for u in units}
    taken = set(OrgUnit.objects.values_list("code", flat=True))
    communes = [u for u in units if u.kind == K.COMMUNE]
    commune_by_code = {c.code: c for c in communes}
    commune_by_name: dict[str, list[OrgUnit]] = {}
    for c in communes:
        commune_by_name.setdefault(fold(c.name), []).append(c)
    # Units that may be named as a parent, by (commune id, folded name).
    children_by_name: dict[tuple, list[OrgUnit]] = {}
    for u in units:
        if u.kind in IMPORTED_KINDS:
            children_by_name.setdefault((u.commune_id, fold(u.name)), []).append(u)
    outside_cache: dict[str, OrgUnit | None] = {}

    def outside_commune(ref: str) -> OrgUnit | None:
        """A commune of the platform outside the unit, named by code or name (bad rows only: cached)."""
        if ref not in outside_cache:
            outside_cache[ref] = (OrgUnit.objects.filter(kind=K.COMMUNE, code=ref).first()
                                  or OrgUnit.objects.filter(kind=K.COMMUNE, name__iexact=ref).first())
        return outside_cache[ref]

    # First pass: the commune, the code and the unit the code names.
    work: list[_Row] = []
    file_codes: dict[str, _Row] = {}
    for parsed in rows:
        values = parsed.values
        row = _Row(parsed.row, values, unit)
        work.append(row)
        ref = values.get("commune")
        if ref is None:
            row.bad, row.commune_ok = True, False  # its cell failed to parse, already reported
        elif ref:
            if unit.kind == K.COMMUNE and (ref == unit.code or fold(ref) == fold(unit.name)):
                home = unit
            else:
                home = commune_by_code.get(ref)
                if home is None:
                    named = commune_by_name.get(fold(ref), [])
                    if len(named) > 1:
                        error(row, "commune", _("Several communes are called “%(name)s”; write the official code "
                                                "instead (sheet “Mã xã phường”).") % {"name": ref})
                    home = named[0] if len(named) == 1 else None
            if home is None and not row.bad:
                outside = outside_commune(ref)
                if outside is not None:
                    error(row, "commune", _("%(name)s is not in %(unit)s, the unit you import into.")
                          % {"name": outside.name, "unit": unit.name})
                else:
                    error(row, "commune", _("There is no commune or ward “%(value)s” in %(unit)s. Write its name "
                                            "or its official code (sheet “Mã xã phường”).")
                          % {"value": ref, "unit": unit.name})
            if home is not None:
                row.home = home
            else:
                row.commune_ok = False

        code = values.get("code", "")
        if code:
            row.code = code
            if code in file_codes:
                error(row, "code", _("The code %(code)s is also on row %(other)s; each unit must appear only once.")
                      % {"code": code, "other": file_codes[code].number})
            else:
                file_codes[code] = row
            existing = by_code.get(code)
            if existing is not None and existing.kind not in IMPORTED_KINDS:
                error(row, "code", _("The code %(code)s is the code of %(name)s, a %(kind)s; give this unit "
                                     "another code or leave it empty.")
                      % {"code": code, "name": existing.name, "kind": existing.get_kind_display()})
            elif existing is not None:
                row.existing = existing
                kind = values.get("kind")
                if kind and kind != existing.kind:
                    error(row, "kind", _("The code %(code)s belongs to %(name)s, which is a %(kind)s, not a "
                                         "%(other)s.") % {"code": code, "name": existing.name,
                                                          "kind": existing.get_kind_display(),
                                                          "other": _kind_label(kind)})
            elif code in taken:
                error(row, "code", _("The code %(code)s is already used by a unit outside %(unit)s; give this "
                                     "unit another code or leave it empty.") % {"code": code, "unit": unit.name})

    # A row without code whose parent is its commune (or the unit imported into) is the unit of the
    # same kind and name there, if there is one: a branch may name it as its parent.
    for row in work:
        values, ref = row.values, row.values.get("parent")
        if row.commune_ok and row.existing is None and not row.code and "name" in values and "kind" in values \
                and ref is not None and (not ref or ref == row.home.code or fold(ref) == fold(row.home.name)):
            row.existing = _same_under(children_by_name, row.home, values["kind"], values["name"])

    # Rows that may be named as parents, by the name the file gives them.
    rows_by_name: dict[tuple, list[_Row]] = {}
    for row in work:
        if "name" in row.values and "kind" in row.values and row.commune_ok:
            rows_by_name.setdefault((row.commune_id(), fold(row.values["name"])), []).append(row)

    # Second pass: the parent.
    for row in work:
        values = row.values
        kind, ref = values.get("kind"), values.get("parent")
        if kind is None or ref is None or not row.commune_ok:
            continue
        home = row.home
        if not ref or ref == home.code or fold(ref) == fold(home.name):
            row.parent = home
        else:
            found = by_code.get(ref)
            found_row = file_codes.get(ref) if found is None else None
            if found is None and found_row is None:
                key = (row.commune_id(), fold(ref))
                named = [u for u in children_by_name.get(key, []) if u is not row.existing]
                # A row that matches a unit of the tree is that unit: count it once.
                named_rows = [r for r in rows_by_name.get(key, [])
                              if r is not row and (r.existing is None or r.existing not in named)]
                if len(named) + len(named_rows) > 1:  # prefer the ones that may hold this row
                    able = [u for u in named if kind in ALLOWED_CHILDREN[u.kind]]
                    able_rows = [r for r in named_rows if kind in ALLOWED_CHILDREN.get(r.values.get("kind"), ())]
                    if len(able) + len(able_rows) == 1:
                        named, named_rows = able, able_rows
                if len(named) + len(named_rows) > 1:
                    error(row, "parent", _("Several units of this commune are called “%(name)s”; write the code "
                                           "of the one you mean.") % {"name": ref})
                    continue
                found = named[0] if named else None
                found_row = named_rows[0] if named_rows else None
            if found is None and found_row is None:
                if ref in taken:  # every code of the platform (new codes are made only further on)
                    error(row, "parent", _("The unit with the code %(code)s is not in %(unit)s, the unit you "
                                           "import into.") % {"code": ref, "unit": unit.name})
                else:
                    error(row, "parent", _("There is no unit “%(value)s” in %(commune)s, in the tree or in the "
                                           "file. Write the code or the exact name of the grassroots union.")
                          % {"value": ref, "commune": home.name})
                continue
            if found_row is not None and found_row.existing is not None:
                found, found_row = found_row.existing, None
            if found is not None:
                if found.kind not in IMPORTED_KINDS:
                    error(row, "parent", _("%(parent)s is not the commune of this row (%(commune)s).")
                          % {"parent": found.name, "commune": home.name})
                    continue
                if found.commune_id != row.commune_id():
                    where = by_pk.get(found.commune_id)
                    error(row, "parent", _("%(parent)s belongs to %(where)s, not to %(commune)s, the commune "
                                           "of this row.") % {"parent": found.name,
                                                              "where": where.name if where else unit.name,
                                                              "commune": home.name})
                    continue
                row.parent = found
            else:
                if not found_row.commune_ok or found_row.commune_id() != row.commune_id():
                    error(row, "parent", _("%(parent)s (row %(other)s) belongs to %(where)s, not to "
                                           "%(commune)s, the commune of this row.")
                          % {"parent": found_row.values.get("name", ref), "other": found_row.number,
                             "where": found_row.home.name, "commune": home.name})
                    continue
                row.parent_row = found_row
        parent_kind = row.parent.kind if row.parent is not None else row.parent_row.values.get("kind")
        parent_name = row.parent.name if row.parent is not None else row.parent_row.values.get("name", "")
        if parent_kind is not None and kind not in ALLOWED_CHILDREN[parent_kind]:
            if kind == K.BRANCH and not ref:
                error(row, "parent", _("A branch belongs to a grassroots union: write the code or the name of "
                                       "its grassroots union."))
            else:
                error(row, "parent", _("A %(kind)s cannot be placed under a %(parent)s.")
                      % {"kind": _kind_label(kind), "parent": f"{_kind_label(parent_kind)} ({parent_name})"})
            continue
        if row.parent_row is not None:
            row.parent_row.children.append(row)

    # Third pass: the branch type, duplicates under one parent, the action.
    seen_names: dict[tuple, _Row] = {}
    for row in work:
        values = row.values
        kind, branch_type = values.get("kind"), values.get("branch_type")
        if row.existing is None and not row.code and row.parent is not None and "name" in values:
            # Without a code: the unit of the same kind and name under the same parent, if there is one.
            row.existing = _same_under(children_by_name, row.parent, kind, values["name"])
        if kind == K.BRANCH and branch_type == "" and row.existing is not None:
            values["branch_type"] = row.existing.branch_type  # empty: the branch keeps its type
        elif kind == K.BRANCH and branch_type == "":
            error(row, "branch_type", _("A branch needs its branch type: %(allowed)s.")
                  % {"allowed": "; ".join(_branch_type_labels())})
        elif kind in (K.GRASSROOTS, K.SERVICE_POINT) and branch_type:
            error(row, "branch_type", _("Only a branch has a branch type; leave this cell empty for a %(kind)s.")
                  % {"kind": _kind_label(kind)})
        if row.parent is None and row.parent_row is None:
            continue
        if "name" in values:
            key = (("unit", row.parent.pk) if row.parent is not None else ("row", row.parent_row.number),
                   kind, fold(values["name"]))
            if key in seen_names:
                error(row, "name", _("%(name)s is also on row %(other)s under the same parent; each unit must "
                                     "appear only once.") % {"name": values["name"], "other": seen_names[key].number})
            else:
                seen_names[key] = row
        if row.existing is not None and row.parent is not None and row.existing.parent_id != row.parent.pk:
            current = by_pk.get(row.existing.parent_id)
            error(row, "parent", _("%(name)s (%(code)s) is under %(current)s, not under %(parent)s. The import "
                                   "does not move units: move it on the tree page.")
                  % {"name": row.existing.name, "code": row.existing.code,
                     "current": current.name if current else "—", "parent": row.parent.name})
        elif row.existing is not None and row.parent_row is not None:
            error(row, "parent", _("%(name)s (%(code)s) is already in the tree; it cannot be put under a new "
                                   "unit of row %(other)s. Move it on the tree page.")
                  % {"name": row.existing.name, "code": row.existing.code, "other": row.parent_row.number})

    # New codes, parents before children (a branch's code is made from its union's).
    for row in work:
        if row.bad or row.existing is not None or row.code or row.parent is None:
            continue
        _new_code(row, taken)
        plan.generated_codes += 1
        for child in row.children:
            if not child.bad and child.existing is None and not child.code:
                _new_code(child, taken, parent_code=row.code)
                plan.generated_codes += 1

    # The plan, in the file's order.
    for row in work:
        values = row.values
        if row.bad or len(values) < len(COLUMN_BY_KEY) or (row.parent is None and row.parent_row is None):
            continue
        if row.parent_row is not None and row.parent_row.bad:
            continue  # its parent's row is reported
        new = {"kind": values["kind"], "code": row.code or (row.existing.code if row.existing else ""),
               "name": values["name"], "branch_type": values["branch_type"], "parent": row.parent,
               "parent_row": row.parent_row.number if row.parent_row is not None else None,
               "parent_code": row.parent.code if row.parent is not None else row.parent_row.code,
               "parent_name": row.parent.name if row.parent is not None else row.parent_row.values["name"],
               "commune": row.home if row.home.kind == K.COMMUNE else None}
        if row.existing is None:
            row.planned = PlannedRow(row.number, CREATE, new)
        else:
            old = row.existing
            changes = {f: [getattr(old, f), new[f]] for f in ("name", "branch_type") if getattr(old, f) != new[f]}
            row.planned = PlannedRow(row.number, UPDATE if changes else UNCHANGED, new, old.pk, changes)
        plan.rows.append(row.planned)
    plan.errors[:] = SHEET.sort_errors(errors)
    return plan


def _same_under(children_by_name: dict, parent: OrgUnit, kind: str, name: str) -> OrgUnit | None:
    same = [u for u in children_by_name.get((parent.commune_id, fold(name)), [])
            if u.parent_id == parent.pk and u.kind == kind]
    return same[0] if len(same) == 1 else None


def _branch_type_labels() -> list[str]:
    from .excel import branch_type_labels

    return list(branch_type_labels().values())


def _new_code(row: _Row, taken: set[str], parent_code: str | None = None) -> None:
    """The next free code under the parent: 13285-01, 13285-01-01; 13285-PV for a service point."""
    base = parent_code if parent_code is not None else row.parent.code
    if row.values["kind"] == K.SERVICE_POINT:
        candidates = (f"{base}-PV" if n == 1 else f"{base}-PV{n}" for n in range(1, 10_000))
    else:
        candidates = (f"{base}-{n:02d}" for n in range(1, 10_000))
    limit = OrgUnit._meta.get_field("code").max_length
    for code in candidates:
        if code not in taken and len(code) <= limit:
            break
    taken.add(code)
    row.code = code


# --------------------------------------------------------------------------------------------- writing


def _write(plan: TreePlan, actor) -> None:
    """New units level by level (parents first) with bulk INSERTs, their paths in one bulk UPDATE, one
    "create" audit entry each as django-auditlog would write it, under the unit's real path; changed
    units one by one (auditlog signals: few, and their entries need the old values)."""
    from auditlog.diff import model_instance_diff
    from django.conf import settings

    from tienphong.core.audit import log_creates

    made: dict[int, OrgUnit] = {}  # row number → the new unit
    creating = [p for p in plan.rows if p.action == CREATE]
    created: list[OrgUnit] = []
    while creating:
        level = [p for p in creating if p.values["parent_row"] is None or p.values["parent_row"] in made]
        if not level:  # pragma: no cover - the plan only makes parents of earlier levels
            raise ImportRejected([RowError(None, "", _("The file's units could not be ordered; nothing was imported."))])
        units = []
        for p in level:
            v = p.values
            parent = v["parent"] if v["parent"] is not None else made[v["parent_row"]]
            units.append(OrgUnit(parent=parent, kind=v["kind"], name=v["name"], code=v["code"],
                                 branch_type=v["branch_type"], path=f"/tmp-{v['code']}/"))
        OrgUnit.objects.bulk_create(units, batch_size=500)
        for p, u in zip(level, units):
            _fill_derived(u, u.parent)
            made[p.row] = u
        created.extend(units)
        done = {id(p) for p in level}
        creating = [p for p in creating if id(p) not in done]
    if created:
        write_derived(created)
        as_json = getattr(settings, "AUDITLOG_STORE_JSON_CHANGES", False)
        log_creates([(u, model_instance_diff(None, u, use_json_for_changes=as_json)) for u in created], actor=actor)
    updating = [p for p in plan.rows if p.action == UPDATE]
    current = OrgUnit.objects.in_bulk([p.target_id for p in updating])
    for p in updating:
        unit = current[p.target_id]
        unit.name, unit.branch_type = p.values["name"], p.values["branch_type"]
        unit.search_text = search_blob(unit.name, unit.code)
        unit.save(update_fields=["name", "branch_type", "search_text"])


class TreeImporter(Importer):
    """Grassroots unions, branches and service points into `unit` (a province or a commune)."""

    sheet = SHEET

    def __init__(self, unit: OrgUnit):
        self.unit = unit

    def new_plan(self, **kwargs) -> TreePlan:
        return TreePlan(unit=self.unit, **kwargs)

    def plan(self, rows: list[ParsedRow]) -> TreePlan:
        return plan_import(unit=self.unit, rows=rows)

    def apply(self, plan: TreePlan, actor) -> None:
        try:
            _write(plan, actor)
        except IntegrityError:
            # Only a race with another writer (a code taken meanwhile) gets here.
            raise ImportRejected([RowError(None, "", _(
                "The tree changed while the file was being imported; nothing was imported. Try again."
            ))]) from None


def import_file(*, unit: OrgUnit, source, actor=None, dry_run: bool = False) -> TreePlan:
    """Read, check and (unless `dry_run` or the file has errors) write. Errors are in `plan.errors`."""
    return TreeImporter(unit).import_file(source, actor=actor, dry_run=dry_run)


# --------------------------------------------------------------------------------------------- export


def export_records(unit: OrgUnit) -> list[dict]:
    """The active grassroots unions, branches and service points under `unit`, parents first, as the
    import reads them back: importing them into `unit` changes nothing."""
    units = list(OrgUnit.objects.filter(subtree_q(unit.path)).only(*_FIELDS).order_by("path"))
    by_pk = {u.pk: u for u in units}
    names: dict[str, int] = {}
    for u in units:
        if u.kind == K.COMMUNE:
            names[fold(u.name)] = names.get(fold(u.name), 0) + 1
    records = []
    for u in units:
        if u.kind not in IMPORTED_KINDS or not u.active:
            continue
        commune = by_pk.get(u.commune_id) if u.commune_id else None
        if commune is None or commune.pk == unit.pk and unit.kind == K.COMMUNE:
            commune_ref = commune.name if commune is not None else ""
        else:
            commune_ref = commune.name if names.get(fold(commune.name)) == 1 else commune.code
        parent = by_pk.get(u.parent_id)
        parent_ref = parent.code if parent is not None and parent.kind in IMPORTED_KINDS else ""
        records.append({"kind": u.kind, "code": u.code, "name": u.name, "commune": commune_ref,
                        "parent": parent_ref, "branch_type": u.branch_type})
    return records


def commune_rows(unit: OrgUnit) -> list[tuple[str, str]]:
    """(official code, name) of the communes the file may name when importing into `unit`."""
    if unit.kind == K.COMMUNE:
        return [(unit.code, unit.name)]
    return list(OrgUnit.objects.filter(subtree_q(unit.path), kind=K.COMMUNE).order_by("name")
                .values_list("code", "name"))

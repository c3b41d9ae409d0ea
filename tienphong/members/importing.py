"""Importing members from a workbook: all or nothing, audited, fast enough for a whole province.

The members file is declared in `excel` (its columns, on the import framework in
tienphong/core/imports); here is what is about members: who a row is, which branch, which fields,
the audit entries. `MemberImporter(unit)` follows the framework's protocol:

    parsed = excel.read_workbook(path)               # cell errors
    plan = plan_import(unit=unit, rows=parsed.rows)  # errors against the database
    members_import(unit=unit, rows=parsed.rows, actor=user)  # plans again, then writes

`import_file()` does the three steps and returns an `ImportPlan` whose `errors` list every bad
row; when there is one, nothing is written.

A row updates the member of the unit's subtree with the same phone or email; a row with neither
updates the member of the same branch with the same full name and date of birth who has neither.
A row that matches nobody creates a member. A matched member whose values are all the same is
left alone (no write, no audit entry): importing an export changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tienphong.core.imports import CREATE, UNCHANGED, UPDATE, Importer, ImportRejected, Plan, PlannedRow
from tienphong.core.imports import ParsedRow, RowError
from tienphong.core.models import AuditEntry
from tienphong.core.paths import subtree_q
from tienphong.units.models import OrgUnit

from .excel import COLUMN_BY_KEY, SHEET
from .models import Member
from .services import fill_derived

__all__ = ["CREATE", "UNCHANGED", "UPDATE", "ImportPlan", "ImportRejected", "MemberImporter", "PlannedRow",
           "import_file", "members_import", "plan_import"]

# The fields a row sets, in column order (the branch comes from "Mã chi đoàn").
ROW_FIELDS = ("full_name", "gender", "birth_date", "phone", "email", "branch", "joined_on", "status",
              "is_core", "digital_skill")
_DB_FIELDS = ("id", "full_name", "gender", "birth_date", "phone", "email", "branch_id", "joined_on",
              "status", "is_core", "digital_skill", "commune_id", "path", "core_since")
BATCH_SIZE = 2000


@dataclass
class ImportPlan(Plan):
    """The framework's plan, with the unit imported into (rows: PlannedRow, `target_id` a member id,
    "branch" in `values` the OrgUnit)."""

    unit: OrgUnit | None = None


def _header(key: str) -> str:
    return COLUMN_BY_KEY[key].header


def _json(value):
    """A value as auditlog stores it in JSON changes."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, OrgUnit):
        return value.pk
    return value


def plan_import(*, unit: OrgUnit, rows: list[ParsedRow]) -> ImportPlan:
    """Check rows against the database and decide, row by row, create / update / unchanged.

    Rows may miss values whose cells failed to parse: the checks that need them are skipped, so
    every other problem of the file is still reported.
    """
    plan = ImportPlan(unit=unit)
    errors = plan.errors

    # Branches of the unit, in one query.
    branches = {
        b.code: b
        for b in OrgUnit.objects.filter(subtree_q(unit.path), kind=OrgUnit.Kind.BRANCH)
        .only("id", "code", "name", "path", "commune_id", "kind")
    }
    wanted = {r.values["branch_code"] for r in rows if "branch_code" in r.values}
    unknown = wanted - branches.keys()
    not_branches = {}
    if unknown:
        not_branches = {
            u.code: u for u in OrgUnit.objects.filter(subtree_q(unit.path), code__in=unknown).only("code", "name")
        }

    # Existing members: those of the subtree may be matched; those of the same communes outside the
    # subtree (an import into a grassroots union) only hold phones and emails that must stay unique.
    if unit.kind in (OrgUnit.Kind.GRASSROOTS, OrgUnit.Kind.BRANCH) and unit.commune_id:
        existing_q = Q(commune_id=unit.commune_id)
    else:
        existing_q = subtree_q(unit.path)
    existing: dict[int, tuple] = {}
    by_phone: dict[str, list[int]] = {}
    by_email: dict[str, list[int]] = {}
    by_identity: dict[tuple, list[int]] = {}
    phone_owner: dict[tuple[int, str], int] = {}
    email_owner: dict[tuple[int, str], int] = {}
    unit_path = unit.path
    for rec in Member.objects.filter(existing_q).values_list(*_DB_FIELDS).iterator(chunk_size=5000):
        pk, name, born, phone, email, branch_id = rec[0], rec[1], rec[3], rec[4], rec[5], rec[6]
        commune_id, path = rec[11], rec[12]
        existing[pk] = rec
        if phone:
            phone_owner[(commune_id, phone)] = pk
        if email:
            email_owner[(commune_id, email)] = pk
        if not path.startswith(unit_path):
            continue
        if phone:
            by_phone.setdefault(phone, []).append(pk)
        if email:
            by_email.setdefault(email, []).append(pk)
        if not phone and not email:
            by_identity.setdefault((name, born, branch_id), []).append(pk)

    h_phone, h_email, h_branch, h_name = (_header("phone"), _header("email"), _header("branch_code"),
                                          _header("full_name"))
    seen_phone: dict[str, int] = {}
    seen_email: dict[str, int] = {}
    seen_identity: dict[tuple, int] = {}
    matched_by: dict[int, int] = {}  # member id → row number

    for parsed in rows:
        number, values = parsed.row, parsed.values
        bad = False

        # The branch.
        branch = None
        code = values.get("branch_code")
        if code is not None:
            branch = branches.get(code)
            if branch is None:
                bad = True
                other = not_branches.get(code)
                if other is not None:
                    errors.append(RowError(number, h_branch, _(
                        "“%(code)s” is the code of %(name)s, which is not a branch (Chi đoàn); "
                        "members belong to branches."
                    ) % {"code": code, "name": other.name}))
                else:
                    errors.append(RowError(number, h_branch, _(
                        "There is no branch with the code “%(code)s” in %(unit)s. "
                        "See the sheet “Mã chi đoàn” for the codes."
                    ) % {"code": code, "unit": unit.name}))

        # Duplicates inside the file.
        phone = values.get("phone", None)
        email = values.get("email", None)
        if phone:
            if phone in seen_phone:
                bad = True
                errors.append(RowError(number, h_phone, _(
                    "The phone number %(phone)s is also on row %(other)s; each member must appear only once."
                ) % {"phone": phone, "other": seen_phone[phone]}))
            else:
                seen_phone[phone] = number
        if email:
            if email in seen_email:
                bad = True
                errors.append(RowError(number, h_email, _(
                    "The email %(email)s is also on row %(other)s; each member must appear only once."
                ) % {"email": email, "other": seen_email[email]}))
            else:
                seen_email[email] = number

        # Who this row is.
        candidates: set[int] = set()
        identity = None
        if phone:
            candidates.update(by_phone.get(phone, ()))
        if email:
            candidates.update(by_email.get(email, ()))
        if phone == "" and email == "" and "full_name" in values and branch is not None:
            identity = (values["full_name"], values.get("birth_date"), branch.pk)
            if identity in seen_identity:
                bad = True
                errors.append(RowError(number, h_name, _(
                    "%(name)s, born on the same day, is also on row %(other)s in the same branch; give each a "
                    "phone number or an email, or remove the repeated row."
                ) % {"name": values["full_name"], "other": seen_identity[identity]}))
            else:
                seen_identity[identity] = number
            candidates.update(by_identity.get(identity, ()))
        if len(candidates) > 1 and branch is not None:
            # The same phone may be used in two communes of a province: the branch's commune decides.
            in_commune = {pk for pk in candidates if existing[pk][11] == branch.commune_id}
            if in_commune:
                candidates = in_commune
        member_id = None
        if len(candidates) > 1:
            bad = True
            phone_ids = set(by_phone.get(phone, ())) if phone else set()
            email_ids = set(by_email.get(email, ())) if email else set()
            if phone_ids and email_ids and not (phone_ids & email_ids):
                errors.append(RowError(number, h_email, _(
                    "The phone number %(phone)s belongs to %(first)s but the email %(email)s belongs to "
                    "another member, %(second)s. Correct one of them."
                ) % {"phone": phone, "email": email, "first": existing[min(phone_ids)][1],
                     "second": existing[min(email_ids)][1]}))
            else:
                errors.append(RowError(number, h_phone if phone else h_email, _(
                    "This row matches several members of %(unit)s (%(names)s); it cannot tell which one to update."
                ) % {"unit": unit.name, "names": ", ".join(sorted(existing[pk][1] for pk in candidates))}))
        elif candidates:
            member_id = next(iter(candidates))
            if member_id in matched_by:
                bad = True
                errors.append(RowError(number, h_phone if phone else h_email, _(
                    "This row and row %(other)s both match the member %(name)s; each member must appear only once."
                ) % {"other": matched_by[member_id], "name": existing[member_id][1]}))
            else:
                matched_by[member_id] = number

        # Phones and emails stay unique in the commune.
        if not bad and branch is not None:
            commune_id = branch.commune_id
            owner = phone_owner.get((commune_id, phone)) if phone else None
            if owner is not None and owner != member_id:
                bad = True
                errors.append(RowError(number, h_phone, _(
                    "Another member of this commune, %(name)s, already has the phone number %(phone)s."
                ) % {"name": existing[owner][1], "phone": phone}))
            owner = email_owner.get((commune_id, email)) if email else None
            if owner is not None and owner != member_id:
                bad = True
                errors.append(RowError(number, h_email, _(
                    "Another member of this commune, %(name)s, already has the email %(email)s."
                ) % {"name": existing[owner][1], "email": email}))

        if bad or branch is None or len(values) < len(COLUMN_BY_KEY):
            continue  # already reported (a cell that failed to parse is missing from values)

        new = {
            "full_name": values["full_name"], "gender": values["gender"], "birth_date": values["birth_date"],
            "phone": values["phone"], "email": values["email"], "branch": branch,
            "joined_on": values["joined_on"], "status": values["status"], "is_core": values["is_core"],
            "digital_skill": values["digital_skill"],
        }
        if member_id is None:
            plan.rows.append(PlannedRow(number, CREATE, new))
            continue
        old = existing[member_id]
        old_values = dict(zip(_DB_FIELDS, old))
        changes = {}
        for f, v in new.items():
            before = old_values["branch_id"] if f == "branch" else old_values[f]
            after = branch.pk if f == "branch" else v
            if before != after:
                changes[f] = [_json(before), _json(after)]
        if "is_core" in changes:  # the new date is the day it is written (see _write)
            changes["core_since"] = [_json(old_values["core_since"]), None]
        plan.rows.append(PlannedRow(number, UPDATE if changes else UNCHANGED, new, member_id, changes))

    plan.errors[:] = SHEET.sort_errors(errors)
    return plan


class _Derived:
    """What `fill_derived` reads and writes. A Member instance per row would cost more than the row."""

    __slots__ = ("full_name", "phone", "email", "branch", "search_text", "sort_key", "path", "commune_id")

    def __init__(self, full_name, phone, email, branch):
        self.full_name, self.phone, self.email, self.branch = full_name, phone, email, branch


def _allocate_ids(connection, model, count: int) -> list[int]:
    """Primary keys for `count` new rows, reserved inside the current transaction.

    Rows are inserted with explicit keys so that the audit entries can name them without asking
    the database for each new row (executemany cannot return them).
    """
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                           [table, count])
            return [row[0] for row in cursor.fetchall()]
        if connection.vendor == "sqlite":
            # The transaction began IMMEDIATE (settings), so no other writer can take these keys.
            # AUTOINCREMENT never reuses the key of a deleted row: start after the recorded sequence.
            cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(table)}")
            top = cursor.fetchone()[0] or 0
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            start = max(top, row[0] if row else 0) + 1
            return list(range(start, start + count))
    raise NotImplementedError(f"member import supports SQLite and PostgreSQL, not {connection.vendor}")


def _insert(connection, model, columns: list[str], rows) -> None:
    qn = connection.ops.quote_name
    table, names = qn(model._meta.db_table), ", ".join(qn(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: about four times faster than executemany on PostgreSQL.
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
        for start in range(0, len(rows), BATCH_SIZE):
            cursor.executemany(sql, rows[start:start + BATCH_SIZE])


def _update(connection, model, columns: list[str], rows) -> None:
    """rows: (value, ..., id) in the order of `columns`."""
    qn = connection.ops.quote_name
    sql = (f"UPDATE {qn(model._meta.db_table)} SET {', '.join(f'{qn(c)} = %s' for c in columns)} "
           f"WHERE {qn('id')} = %s")
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH_SIZE):
            cursor.executemany(sql, rows[start:start + BATCH_SIZE])


_MEMBER_COLUMNS = ["full_name", "gender", "birth_date", "phone", "email", "branch_id", "commune_id", "path",
                   "joined_on", "status", "is_core", "digital_skill", "search_text", "sort_key", "updated_at"]
# Who chose a core member and when (as services.member_set_core keeps it): the importer, today, for a
# row that makes a member core; cleared for one that takes a member off the core.
_CORE_COLUMNS = ["core_since", "core_chosen_by_id"]
_AUDIT_COLUMNS = ["content_type_id", "object_pk", "object_id", "object_repr", "action", "changes_text", "changes",
                  "actor_id", "cid", "remote_addr", "remote_port", "timestamp", "additional_data", "actor_email",
                  "unit_path"]


def _write(plan: ImportPlan, actor) -> None:
    """Insert and update with executemany (the ORM's per-field work costs more than the rows), then
    one audit entry per written member, as auditlog would have made it.
    """
    from tienphong.core.audit import audit_context

    connection = connections[DEFAULT_DB_ALIAS]  # the object itself: the proxy costs a lookup per use
    ops = connection.ops
    adapt_date = ops.adapt_datefield_value
    now = timezone.now()
    db_now = ops.adapt_datetimefield_value(now)
    prep_json = AuditEntry._meta.get_field("changes").get_db_prep_save
    who = audit_context(actor)
    audit_common = (ContentType.objects.get_for_model(Member).pk, who["actor_id"], who["cid"], who["remote_addr"],
                    who["remote_port"], db_now, who["actor_email"])

    written = [p for p in plan.rows if p.action != UNCHANGED]
    creating = sum(1 for p in written if p.action == CREATE)
    new_ids = iter(_allocate_ids(connection, Member, creating) if creating else ())
    today = timezone.localdate()
    chooser = who["actor_id"]
    core_on = (adapt_date(today), chooser)
    inserts, updates, core_updates, audits = [], [], [], []
    additional = {}  # unit path → its JSON, shared by the members of a branch
    for planned in written:
        v = planned.values
        d = _Derived(v["full_name"], v["phone"], v["email"], v["branch"])
        fill_derived(d)
        row = (d.full_name, v["gender"], adapt_date(v["birth_date"]), d.phone, d.email, v["branch"].pk,
               d.commune_id, d.path, adapt_date(v["joined_on"]), v["status"], v["is_core"], v["digital_skill"],
               d.search_text, d.sort_key, db_now)
        if planned.action == CREATE:
            pk = next(new_ids)
            core = core_on if v["is_core"] else (None, None)
            inserts.append((pk, *row, *core, db_now))
            changes = {"id": [None, pk]}
            changes.update((f, [None, _json(value)]) for f, value in v.items() if value not in (None, "", False))
            if v["is_core"]:
                changes["core_since"] = [None, today.isoformat()]
            action = AuditEntry.Action.CREATE
        else:
            pk = planned.target_id
            changes = planned.changes
            if "is_core" in changes:  # one statement: the database checks is_core and core_since together
                core = core_on if v["is_core"] else (None, None)
                core_updates.append((*row, *core, pk))
                changes = {**changes, "core_since": [changes["core_since"][0],
                                                     today.isoformat() if v["is_core"] else None]}
            else:
                updates.append((*row, pk))
            action = AuditEntry.Action.UPDATE
        extra = additional.get(d.path)
        if extra is None:
            extra = additional[d.path] = prep_json({"unit_path": d.path}, connection)
        content_type_id, actor_id, cid, addr, port, stamp, actor_email = audit_common
        audits.append((content_type_id, str(pk), pk, d.full_name, action, "", prep_json(changes, connection),
                       actor_id, cid, addr, port, stamp, extra,
                       actor_email, d.path))
    try:
        with transaction.atomic():
            if inserts:
                _insert(connection, Member, ["id", *_MEMBER_COLUMNS, *_CORE_COLUMNS, "created_at"], inserts)
            if updates:
                _update(connection, Member, _MEMBER_COLUMNS, updates)
            if core_updates:
                _update(connection, Member, _MEMBER_COLUMNS + _CORE_COLUMNS, core_updates)
            _insert(connection, AuditEntry, _AUDIT_COLUMNS, audits)
    except IntegrityError:
        # Only a race with another writer (or phones swapped between two members) gets here.
        raise ImportRejected([RowError(None, "", _(
            "The members changed while the file was being imported; nothing was imported. Try again."
        ))]) from None


class MemberImporter(Importer):
    """Members into `unit` (a province, commune or grassroots union): rows go to its branches."""

    sheet = SHEET

    def __init__(self, unit: OrgUnit):
        self.unit = unit

    def new_plan(self, **kwargs) -> ImportPlan:
        return ImportPlan(unit=self.unit, **kwargs)

    def plan(self, rows: list[ParsedRow]) -> ImportPlan:
        return plan_import(unit=self.unit, rows=rows)

    def apply(self, plan: ImportPlan, actor) -> None:
        _write(plan, actor)
        from . import rollup

        rollup.refresh_within(self.unit)


def members_import(*, unit: OrgUnit, rows: list[ParsedRow], actor) -> ImportPlan:
    """Create and update the members of `rows` under `unit`, all or nothing; raises ImportRejected."""
    return MemberImporter(unit).run(rows, actor)


def import_file(*, unit: OrgUnit, source, actor=None, dry_run: bool = False) -> ImportPlan:
    """Read, check and (unless `dry_run` or the file has errors) write. Errors are in `plan.errors`."""
    return MemberImporter(unit).import_file(source, actor=actor, dry_run=dry_run)

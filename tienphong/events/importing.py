"""Importing an event's participants from a workbook: all or nothing, audited, in bulk.

The file is declared in `excel` (its columns, on the import framework in tienphong/core/imports); here is
what is about participants. `ParticipantImporter(event)` follows the framework's protocol:

    plan = ParticipantImporter(event).import_file(path, dry_run=True)   # the preview: every error
    plan = ParticipantImporter(event).import_file(path, actor=user)     # plans again, then writes

Who a row is (so that importing the same file again adds nobody):
1. a row naming a member (their number or the phone on their member record) is the participant linked to
   that member;
2. else a row with a phone number is the participant with the same full name and phone, or, when there is
   none, the one with the same full name and delegation who has no phone yet (a phone being added);
3. else (no phone) the participant with the same full name and delegation.
A row that matches nobody adds a participant; a matched one is updated (left alone when nothing differs:
importing an export changes nothing). An empty member cell never unlinks a participant from their member.

Refused, every one named by row, column and reason: a member number or phone that names no member of
the province (or several), a member twice, the same person twice (full name + phone, or full name +
delegation without phone), a row matching several participants or one matched by two rows, a connection
point the event does not have, a seat given twice in the file or held by a participant the file leaves
there, a bad phone, a role that is not one.

Writes: seats being given up are freed first, then one bulk UPDATE of the changed participants and one
bulk INSERT of the new ones, with one audit entry each (core.audit), and the check-in figures moved for
checked-in participants whose role changed (as services.participant_save does). 300 rows take a few
tenths of a second.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tienphong.core.audit import audit_context, log_creates
from tienphong.core.imports import CREATE, UNCHANGED, UPDATE, Importer, ImportRejected, Plan, PlannedRow
from tienphong.core.imports import ParsedRow, RowError
from tienphong.core.models import AuditEntry
from tienphong.core.paths import subtree_q
from tienphong.core.text import fold, search_blob
from tienphong.members.models import Member
from tienphong.partners.models import province_path
from tienphong.rollups import services as rollups

from . import excel, rollup
from .models import Event, Participant

__all__ = ["CREATE", "UNCHANGED", "UPDATE", "ImportRejected", "ParticipantImporter", "ParticipantPlan",
           "export_records", "import_file"]

# What an update may change, in the order the audit entry lists it.
FIELDS = ("full_name", "member_id", "organisation", "phone", "delegation", "role", "seat", "point_id")
_EXISTING = ("id", *FIELDS, "first_checkin_at")
_AUDIT_NAMES = {"member_id": "member", "point_id": "point"}


@dataclass
class ParticipantPlan(Plan):
    """The framework's plan with the event imported into (`unit`: the import pages' name for it) and
    whether the file has the phone column. Each PlannedRow's `values`: the fields to write (FIELDS), plus
    `point_name` and `member_name` for the preview."""

    unit: Event | None = None
    with_phone: bool = True


@dataclass
class _Existing:
    id: int
    full_name: str
    member_id: int | None
    organisation: str
    phone: str
    delegation: str
    role: str
    seat: str
    point_id: int
    first_checkin_at: object


def _header(key: str) -> str:
    return excel.COLUMN_BY_KEY[key].header


def _members(event: Event, rows: list[ParsedRow]) -> tuple[dict, dict]:
    """The members the rows name, inside the event's province: {id: name}, {phone: [(id, name)]}."""
    ids, phones = set(), set()
    for r in rows:
        ref = r.values.get("member")
        if ref:
            (ids if ref[0] == "id" else phones).add(ref[1])
    in_province = Member.objects.filter(subtree_q(province_path(event.path)))
    by_id = dict(in_province.filter(pk__in=ids).values_list("pk", "full_name")) if ids else {}
    by_phone: dict[str, list] = defaultdict(list)
    if phones:
        for phone, pk, name in in_province.filter(phone__in=phones).values_list("phone", "pk", "full_name"):
            by_phone[phone].append((pk, name))
    return by_id, by_phone


def plan_import(*, event: Event, rows: list[ParsedRow], with_phone: bool = True) -> ParticipantPlan:
    """Check parsed rows against the event: every row's action and every error. Writes nothing."""
    plan = ParticipantPlan(unit=event, with_phone=with_phone)
    errors: list[RowError] = []
    h_name, h_member, h_phone = _header("full_name"), _header("member"), _header("phone")
    h_deleg, h_seat, h_point = _header("delegation"), _header("seat"), _header("point")

    existing = {row[0]: _Existing(*row) for row in
                event.participants.order_by().values_list(*_EXISTING)}
    by_member = {p.member_id: p.id for p in existing.values() if p.member_id}
    by_name_phone, by_name_deleg = defaultdict(list), defaultdict(list)
    for p in existing.values():
        if p.phone:
            by_name_phone[(p.full_name, p.phone)].append(p.id)
        by_name_deleg[(p.full_name, p.delegation)].append(p.id)
    seat_holder = {p.seat: p.id for p in existing.values() if p.seat}

    points = list(event.points.all())
    main = next((p for p in points if p.is_main), points[0] if points else None)
    point_by_word = {fold(p.name): p for p in points}
    members_by_id, members_by_phone = _members(event, rows)

    member_row: dict[int, int] = {}  # member id → the row naming it
    identity_row: dict[tuple, int] = {}  # (name, phone) or (name, delegation) → the row
    matched_row: dict[int, int] = {}  # participant id → the row matching it
    kept = []  # rows that passed their own checks: (row number, values, participant id or None)

    for parsed in rows:
        n, v = parsed.row, parsed.values
        bad = False
        name = v.get("full_name")

        # 1. The member the row names, if any.
        member_id = None
        ref = v.get("member")
        if ref:
            kind, key = ref
            if kind == "id":
                if key in members_by_id:
                    member_id = key
                else:
                    bad = True
                    errors.append(RowError(n, h_member, _("No member of the province has the number %(number)s.")
                                           % {"number": key}))
            else:
                found = members_by_phone.get(key, [])
                if len(found) == 1:
                    member_id = found[0][0]
                elif not found:
                    bad = True
                    errors.append(RowError(n, h_member, _(
                        "No member of the province has the phone number %(phone)s. For a guest, leave this cell "
                        "empty and write the phone in the column “%(column)s”.") % {"phone": key, "column": h_phone}))
                else:
                    bad = True
                    errors.append(RowError(n, h_member, _(
                        "Several members of the province have the phone number %(phone)s (%(names)s): write the "
                        "member's number instead.") % {"phone": key, "names": ", ".join(sorted(x[1] for x in found))}))
        if member_id is not None:
            if member_id in member_row:
                bad = True
                errors.append(RowError(n, h_member, _(
                    "The member %(name)s is also on row %(other)s; each person appears once.")
                    % {"name": members_by_id.get(member_id) or name, "other": member_row[member_id]}))
            else:
                member_row[member_id] = n

        # 2. The connection point (empty: the main hall).
        point = None
        typed_point = v.get("point")
        if typed_point is not None:
            point = point_by_word.get(fold(typed_point)) if typed_point else main
            if point is None:
                bad = True
                errors.append(RowError(n, h_point, _(
                    "The connection point “%(name)s” is not in this event. Its connection points are: %(points)s.")
                    % {"name": typed_point, "points": ", ".join(p.name for p in points)}))

        # 3. Who the row is: the same person twice in the file, then the participant it updates.
        phone = v.get("phone") if with_phone else None
        delegation = v.get("delegation")
        identity = None
        if name is not None and member_id is None and not ref:
            if phone:
                identity = ("phone", name, phone)
            elif delegation is not None and (phone == "" or not with_phone):
                identity = ("delegation", name, delegation)
        if identity is not None:
            if identity in identity_row:
                bad = True
                column, message = (h_phone, _("%(name)s with the phone number %(value)s is also on row %(other)s; "
                                              "each person appears once.")) if identity[0] == "phone" else \
                    (h_deleg, _("%(name)s of the delegation “%(value)s” is also on row %(other)s: give each a "
                                "phone number or a member number, or remove the repeated row."))
                errors.append(RowError(n, column, message % {"name": name, "value": identity[2],
                                                             "other": identity_row[identity]}))
            else:
                identity_row[identity] = n

        pid = by_member.get(member_id) if member_id is not None else None
        if pid is None and name is not None and not bad:
            if phone:
                candidates = by_name_phone.get((name, phone)) or [
                    c for c in by_name_deleg.get((name, delegation), ()) if not existing[c].phone]
            elif delegation is not None and (phone == "" or not with_phone):
                candidates = by_name_deleg.get((name, delegation), [])
            else:
                candidates = []
            if member_id is not None:  # someone else's member record is another person
                candidates = [c for c in candidates if existing[c].member_id is None]
            if len(candidates) > 1:
                bad = True
                errors.append(RowError(n, h_phone if phone else h_deleg, _(
                    "This row matches %(count)s participants already on the list (%(name)s): add a phone number or a "
                    "member number to tell them apart.") % {"count": len(candidates), "name": name}))
            elif candidates:
                pid = candidates[0]
        if pid is not None:
            if pid in matched_row:
                bad = True
                errors.append(RowError(n, h_name, _(
                    "This row and row %(other)s both match the participant %(name)s; each person appears once.")
                    % {"other": matched_row[pid], "name": existing[pid].full_name}))
            else:
                matched_row[pid] = n

        if bad or point is None or len(v) < (len(excel.COLUMNS) - (0 if with_phone else 1)):
            continue  # reported (a cell that failed to parse is missing from the values)
        kept.append((n, v, pid, member_id, point))

    # 4. Seats: once in the file, and not held by a participant the file leaves in it.
    final_seat = {pid: v["seat"] for n, v, pid, member_id, point in kept if pid is not None}
    seat_row: dict[str, int] = {}
    for n, v, pid, member_id, point in kept:
        seat = v["seat"]
        if not seat:
            continue
        if seat in seat_row:
            errors.append(RowError(n, h_seat, _("The seat %(seat)s is also given on row %(other)s.")
                                   % {"seat": seat, "other": seat_row[seat]}))
            continue
        seat_row[seat] = n
        holder = seat_holder.get(seat)
        if holder is not None and holder != pid and final_seat.get(holder, seat) == seat:
            errors.append(RowError(n, h_seat, _("The seat %(seat)s is already taken by %(name)s.")
                                   % {"seat": seat, "name": existing[holder].full_name}))

    if errors:
        plan.errors[:] = excel.SHEET.sort_errors(errors)
        return plan

    for n, v, pid, member_id, point in kept:
        old = existing.get(pid) if pid is not None else None
        new = {
            "full_name": v["full_name"], "organisation": v["organisation"], "delegation": v["delegation"],
            "role": v["role"], "seat": v["seat"], "point_id": point.pk,
            "member_id": member_id if member_id is not None else (old.member_id if old else None),
            "phone": v["phone"] if with_phone else (old.phone if old else ""),
        }
        shown = {**new, "point_name": point.name, "member_name": members_by_id.get(member_id, "")}
        if old is None:
            plan.rows.append(PlannedRow(n, CREATE, shown))
            continue
        changes = {f: [getattr(old, f), new[f]] for f in FIELDS if getattr(old, f) != new[f]}
        plan.rows.append(PlannedRow(n, UPDATE if changes else UNCHANGED, shown, pid, changes))
    return plan


def _audit_value(field: str, value):
    return None if value is None else str(value)


def _log_updates(event: Event, rows: list[PlannedRow], actor) -> None:
    """One "update" entry per changed participant, as django-auditlog writes them one by one."""
    if not rows:
        return
    common = audit_context(actor)
    content_type = ContentType.objects.get_for_model(Participant)
    now = timezone.now()
    extra = {"unit_path": event.path}
    AuditEntry.objects.bulk_create([AuditEntry(
        content_type=content_type, object_pk=str(r.target_id), object_id=r.target_id,
        object_repr=r.values["full_name"][:255], action=AuditEntry.Action.UPDATE, changes_text="",
        changes={_AUDIT_NAMES.get(f, f): [_audit_value(f, a), _audit_value(f, b)] for f, (a, b) in r.changes.items()},
        timestamp=now, additional_data=extra, unit_path=event.path, **common) for r in rows], batch_size=500)


def _write(event: Event, plan: ParticipantPlan, actor) -> None:
    updating = [r for r in plan.rows if r.action == UPDATE]
    creating = [r for r in plan.rows if r.action == CREATE]
    fields = [f for f in FIELDS if plan.with_phone or f != "phone"] + ["search_text"]

    def record(values: dict, **extra) -> Participant:
        p = Participant(event=event, **{f: values[f] for f in FIELDS}, **extra)
        p.search_text = search_blob(p.full_name, p.delegation, p.organisation, p.seat)
        return p

    try:
        with transaction.atomic():
            # Seats given up first: a seat may pass from one participant to another in the same file.
            freed = [r.target_id for r in updating if "seat" in r.changes and r.changes["seat"][0]]
            if freed:
                Participant.objects.filter(pk__in=freed).update(seat="")
            if updating:
                Participant.objects.bulk_update([record(r.values, pk=r.target_id) for r in updating], fields,
                                                batch_size=500)
            created = Participant.objects.bulk_create([record(r.values) for r in creating], batch_size=500)
    except IntegrityError:
        # Only a race with another writer gets here (the plan checked seats and members).
        raise ImportRejected([RowError(None, "", _(
            "The participants changed while the file was being imported; nothing was imported. Try again."))]) from None
    log_creates([(p, {f: [None, _audit_value(f, getattr(p, f))] for f in ("id", *FIELDS) if getattr(p, f)})
                 for p in created], actor=actor)
    _log_updates(event, updating, actor)

    # Checked-in participants whose role changed move between the figures' roles.
    came = dict(event.participants.filter(pk__in=[r.target_id for r in updating if "role" in r.changes],
                                          first_checkin_at__isnull=False).values_list("pk", "role"))
    if came:
        before, after = [], []
        for r in updating:
            if r.target_id in came:
                before += rollup.checkin_deltas(event, r.changes["role"][0])
                after += rollup.checkin_deltas(event, r.changes["role"][1])
        rollups.replace(before, after)


class ParticipantImporter(Importer):
    """Participants into `event`; the views check the user may manage it."""

    sheet = excel.SHEET

    def __init__(self, event: Event):
        self.event = event
        self.unit = event  # what the import pages and the background job call the place imported into
        self.with_phone = True

    def new_plan(self, **kwargs) -> ParticipantPlan:
        return ParticipantPlan(unit=self.event, with_phone=self.with_phone, **kwargs)

    def read(self, source):
        parsed, self.with_phone = excel.read_workbook_with_phone(source)
        return parsed

    def plan(self, rows: list[ParsedRow]) -> ParticipantPlan:
        return plan_import(event=self.event, rows=rows, with_phone=self.with_phone)

    def apply(self, plan: ParticipantPlan, actor) -> None:
        _write(self.event, plan, actor)


def import_file(*, event: Event, source, actor=None, dry_run: bool = False) -> ParticipantPlan:
    """Read, check and (unless `dry_run` or the file has errors) write. Errors are in `plan.errors`."""
    return ParticipantImporter(event).import_file(source, actor=actor, dry_run=dry_run)


def export_records(event: Event):
    """The event's participants as the export writes them (keyed by each column's `source`)."""
    sources = [c.source for c in excel.COLUMNS]
    return event.participants.order_by("delegation", "full_name", "id").values(*sources).iterator(chunk_size=2000)

"""Writes for support records: one entry from the form, or a batch from a phone's offline queue.

Every entry carries a UUID made where it was written (the form page or the phone), so sending it
again — a double tap, a retry after a lost answer — finds the row it already made and counts nothing.
"""

import datetime as dt
import re
import uuid as uuid_lib
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tienphong.core.choices import AgeBand, CitizenGender, CitizenGroup, join_groups, split_groups
from tienphong.core.errors import DomainError
from tienphong.core.audit import log_creates
from tienphong.members.models import Member
from tienphong.partners.models import Partner
from tienphong.partners.services import MAX_PARTNERS_PER_RECORD
from tienphong.places.models import Place
from tienphong.rollups import services as rollups
from tienphong.teams.models import Team
from tienphong.units.models import OrgUnit

from . import rollup
from .models import MAX_TALLY, Service, SupportRecord

# Phones' clocks drift; a few minutes ahead of the server is not "the future".
CLOCK_SKEW = dt.timedelta(minutes=10)
# An entry written offline may wait days for signal, but a year-old one is a typo.
OLDEST = dt.timedelta(days=366)
MAX_MINUTES = 24 * 60
MAX_BATCH = 100
MAX_SERVICES = 20
MAX_VOLUNTEERS = 50
MAX_PARTNERS = MAX_PARTNERS_PER_RECORD
EDIT_WINDOW = dt.timedelta(hours=24)
# The columns' lengths: a longer text is refused with its reason, never cut.
TEXT_LIMITS = {"place_note": 120, "procedure": 200, "note": 255}
# The canonical form a phone writes (crypto.randomUUID); an entry without one cannot be recognised when
# it is sent again, so it is refused rather than given an id here.
UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# What a database cannot store (NUL: PostgreSQL; lone surrogates: any UTF-8 encoder) and what nobody
# types (other control characters). Refused rather than removed: the entry is stored as written or not at all.
UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
MAX_ID = 2**63 - 1

EDITABLE = ("occurred_at", "setting", "unit", "place", "place_note", "team", "procedure", "outcome",
            "people", "minutes", "age_band", "gender", "groups", "note")


class EntryInvalid(DomainError):
    """One entry broke one or more rules; `errors` maps field → Vietnamese reason."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("invalid", "; ".join(errors.values()))
        self.errors = errors


# --- who may log where -------------------------------------------------------------------------

def author_member(user) -> Member | None:
    try:
        return user.member
    except Member.DoesNotExist:
        return None


def loggable_units_q(scope, user):
    """Units where `user` may log support: communes around their roles, their teams' service points,
    and anything inside an officer's subtree."""
    from django.db.models import Q

    q = Q(kind__in=[OrgUnit.Kind.COMMUNE, OrgUnit.Kind.SERVICE_POINT]) & scope.around_q("path", "log_support")
    member = author_member(user)
    if member is not None:
        q |= Q(kind=OrgUnit.Kind.SERVICE_POINT,
               service_teams__memberships__member=member, service_teams__active=True)
    return q


def may_change(scope, user, record: SupportRecord, now=None) -> bool:
    """The author within 24 hours of entering it, or a commune secretary (or above) of its unit."""
    if scope.allows(record.path, "review_support"):
        return True
    now = now or timezone.now()
    return record.created_by_id == user.pk and now - record.created_at <= EDIT_WINDOW


# --- defaults ----------------------------------------------------------------------------------

@dataclass
class Defaults:
    """What the entry form starts with: the volunteer's team and commune, then their last entry."""

    unit: OrgUnit | None = None
    team: Team | None = None
    setting: str = SupportRecord.Setting.DOOR_TO_DOOR
    place_note: str = ""
    services: list[str] = field(default_factory=list)
    procedure: str = ""
    outcome: str = SupportRecord.Outcome.DONE
    # The co-organising partners of the last entry (a drive with a bank goes on for days).
    partners: list[int] = field(default_factory=list)
    last: SupportRecord | None = None


def entry_defaults(user, scope, *, member=None, with_last: bool = True) -> Defaults:
    """`with_last=False` skips the last entry: the sync API gets every field from the phone."""
    d = Defaults()
    member = member if member is not None else author_member(user)
    if member is not None:
        team = (Team.objects.filter(memberships__member=member, active=True).select_related("commune", "service_point")
                .order_by("-leader_id", "id").first())
        if team is not None:
            d.team = team
            d.unit = team.service_point or team.commune
        elif member.commune_id:
            d.unit = member.commune
    last = (SupportRecord.objects.filter(created_by=user).select_related("unit", "team")
            .prefetch_related("services", "partners").order_by("-created_at", "-id").first()) if with_last else None
    if last is not None:
        d.last = last
        d.unit, d.team = last.unit, last.team or d.team
        d.setting, d.place_note, d.outcome, d.procedure = last.setting, last.place_note, last.outcome, last.procedure
        d.services = [s.code for s in last.services.all()]
        d.partners = [p.pk for p in last.partners.all() if p.active]
    if d.unit is None:
        home = scope.home_unit
        if home is not None and home.kind == OrgUnit.Kind.COMMUNE:
            d.unit = home
        elif home is not None and home.commune_id:
            d.unit = home.commune
    if not d.services:
        d.services = ["vneid"]
    return d


# --- validation --------------------------------------------------------------------------------

def _active_services() -> dict[str, Service]:
    return {s.code: s for s in Service.objects.filter(active=True)}


def _as_aware(value) -> dt.datetime:
    if isinstance(value, str):
        from django.utils.dateparse import parse_datetime

        parsed = parse_datetime(value)
        if parsed is None:
            raise ValueError(value)
        value = parsed
    if timezone.is_naive(value):
        # A time without a zone is the province's wall-clock time (what the form shows), whatever zone
        # the phone that wrote it believes it is in.
        value = timezone.make_aware(value, timezone.get_default_timezone())
    return value


@dataclass
class Context:
    """What validating a batch needs, loaded once per batch rather than once per entry."""

    user: object
    scope: object
    services: dict[str, Service]
    defaults: Defaults
    member: Member | None
    units: dict[int, OrgUnit] = field(default_factory=dict)
    allowed_units: set[int] = field(default_factory=set)
    teams: dict[int, Team] = field(default_factory=dict)
    places: dict[int, Place] = field(default_factory=dict)
    members: dict[int, Member] = field(default_factory=dict)
    partners: dict[int, Partner] = field(default_factory=dict)
    # Partners the entry names already (an edit keeps one that has since been made inactive).
    named_partners: set[int] = field(default_factory=set)

    @classmethod
    def load(cls, *, user, scope, entries: list[dict]) -> "Context":
        member = author_member(user)
        ctx = cls(user=user, scope=scope, services=_active_services(), member=member,
                  defaults=entry_defaults(user, scope, member=member, with_last=False))
        unit_ids = _ids(e.get("unit") for e in entries)
        if ctx.defaults.unit is not None:
            unit_ids.add(ctx.defaults.unit.pk)
        if unit_ids:
            # Only the units one may log at are loaded: any other id reads as "not yours".
            ctx.units = {u.pk: u for u in OrgUnit.objects.filter(loggable_units_q(scope, user), pk__in=unit_ids)
                         .distinct()}
            ctx.allowed_units = set(ctx.units)
        team_ids = _ids(e.get("team") for e in entries)
        if team_ids:
            ctx.teams = {t.pk: t for t in Team.objects.filter(pk__in=team_ids)}
        place_ids = _ids(e.get("place") for e in entries)
        if place_ids:
            ctx.places = {p.pk: p for p in Place.objects.filter(pk__in=place_ids)}
        member_ids = _ids(m for e in entries if len(e.get("volunteers") or []) <= MAX_VOLUNTEERS
                          for m in (e.get("volunteers") or []))
        if member_ids:
            ctx.members = {m.pk: m for m in Member.objects.filter(pk__in=member_ids)}
        partner_ids = _ids(p for e in entries if len(e.get("partners") or []) <= MAX_PARTNERS
                           for p in (e.get("partners") or []))
        if partner_ids:
            ctx.partners = {p.pk: p for p in Partner.objects.filter(pk__in=partner_ids)}
        return ctx


def clean_entry(data: dict, ctx: Context, now=None) -> dict:
    """Check one entry against every rule; return the values to store or raise EntryInvalid."""
    now = now or timezone.now()
    errors: dict[str, str] = {}
    out: dict = {}

    out["uuid"] = parse_uuid(data.get("uuid"))
    if out["uuid"] is None:
        errors["uuid"] = (_("The entry id is not a valid UUID.") if data.get("uuid")
                          else _("The entry has no id: the phone must give each entry a UUID."))

    when = data.get("occurred_at") or now
    try:
        when = _as_aware(when)
        if when > now + CLOCK_SKEW:
            errors["occurred_at"] = _("The time is in the future.")
        elif when < now - OLDEST:
            errors["occurred_at"] = _("The time is more than a year ago.")
    except (ValueError, TypeError, OverflowError):
        # OverflowError: a time at the very edge of the calendar cannot even be compared with now.
        errors["occurred_at"] = _("The time is not a valid date and time.")
    out["occurred_at"] = when

    unit_id = data.get("unit") or (ctx.defaults.unit.pk if ctx.defaults.unit else None)
    unit = ctx.units.get(unit_id) if unit_id else None
    if not unit_id:
        errors["unit"] = _("Choose the commune or service point where citizens were helped.")
    elif unit is None or unit.pk not in ctx.allowed_units:
        errors["unit"] = _("You cannot log support for this unit.")
    out["unit"] = unit

    team = None
    team_id = data.get("team")
    if team_id:
        team = ctx.teams.get(team_id)
        if team is None or unit is None or not (team.commune_id == unit.pk or team.service_point_id == unit.pk
                                                 or team.commune_id == unit.commune_id):
            errors["team"] = _("This team does not work in that commune.")
    elif ctx.defaults.team is not None and unit is not None and (
            ctx.defaults.team.commune_id == unit.pk or ctx.defaults.team.service_point_id == unit.pk):
        team = ctx.defaults.team
    out["team"] = team

    place = None
    if data.get("place"):
        place = ctx.places.get(data["place"])
        if place is None or unit is None or place.commune_id != (unit.commune_id or unit.pk):
            errors["place"] = _("This place is not in that commune.")
    out["place"] = place

    setting = data.get("setting") or SupportRecord.Setting.DOOR_TO_DOOR
    if setting not in SupportRecord.Setting.values:
        errors["setting"] = _("Unknown place kind.")
    out["setting"] = setting
    out["place_note"] = _text(data, "place_note", errors)

    codes = data.get("services") or []
    if isinstance(codes, str):
        codes = [codes]
    services = []
    if len(codes) > MAX_SERVICES:
        errors["services"] = _("Choose at most %(max)s services.") % {"max": MAX_SERVICES}
        codes = []
    for code in dict.fromkeys(str(c) for c in codes):
        service = ctx.services.get(code)
        if service is None:
            shown = code[:40] if not UNSTORABLE.search(code) else "?"
            errors["services"] = _("“%(code)s” is not in the list of services.") % {"code": shown}
            break
        services.append(service)
    if not services and "services" not in errors:
        errors["services"] = _("Choose at least one service.")
    out["services"] = services
    out["procedure"] = _text(data, "procedure", errors)
    if any(s.needs_procedure for s in services) and not out["procedure"]:
        errors["procedure"] = _("Name the online public service's procedure.")

    outcome = data.get("outcome") or SupportRecord.Outcome.DONE
    if outcome not in SupportRecord.Outcome.values:
        errors["outcome"] = _("Unknown outcome.")
    out["outcome"] = outcome

    people = _whole(data.get("people", 1), "people", errors)
    if people is not None and not 1 <= people <= MAX_TALLY:
        errors["people"] = _("The number of citizens must be between 1 and %(max)s.") % {"max": MAX_TALLY}
    out["people"] = people

    minutes = data.get("minutes")
    minutes = None if minutes in (None, "") else _whole(minutes, "minutes", errors)
    if minutes is not None and not 0 <= minutes <= MAX_MINUTES:
        errors["minutes"] = _("Minutes must be between 0 and %(max)s.") % {"max": MAX_MINUTES}
    out["minutes"] = minutes

    age_band = data.get("age_band") or ""
    if age_band not in ("", *AgeBand.values):
        errors["age_band"] = _("Unknown age band.")
    gender = data.get("gender") or ""
    if gender not in ("", *CitizenGender.values):
        errors["gender"] = _("Unknown gender.")
    out["age_band"], out["gender"] = age_band, gender
    groups = data.get("groups") or []
    if isinstance(groups, str):
        groups = split_groups(groups)
    if not isinstance(groups, (list, tuple)) or any(g not in CitizenGroup.values for g in groups):
        errors["groups"] = _("Unknown group of citizens.")
        groups = []
    out["groups"] = join_groups(groups)
    out["note"] = _text(data, "note", errors)

    volunteers = []
    volunteer_ids = data.get("volunteers") or []
    if len(volunteer_ids) > MAX_VOLUNTEERS:
        errors["volunteers"] = _("Name at most %(max)s volunteers.") % {"max": MAX_VOLUNTEERS}
        volunteer_ids = []
    for member_id in dict.fromkeys(volunteer_ids):
        member = ctx.members.get(member_id)
        commune_id = unit.commune_id or unit.pk if unit is not None else None
        in_team = team is not None and member is not None and member.pk in _roster(team)
        if member is None or not (member.commune_id == commune_id or in_team):
            errors["volunteers"] = _("A volunteer is not a member of this commune or team.")
            break
        volunteers.append(member)
    if not volunteers and not data.get("volunteers") and ctx.member is not None:
        volunteers = [ctx.member]
    out["volunteers"] = volunteers

    partners = []
    partner_ids = data.get("partners") or []
    if len(partner_ids) > MAX_PARTNERS:
        errors["partners"] = _("Name at most %(max)s partners.") % {"max": MAX_PARTNERS}
        partner_ids = []
    for partner_id in dict.fromkeys(partner_ids):
        partner = ctx.partners.get(partner_id)
        if (partner is None or unit is None or not unit.path.startswith(partner.province_path)
                or not (partner.active or partner.pk in ctx.named_partners)):
            errors["partners"] = _("A partner is not an active partner of this province.")
            break
        partners.append(partner)
    out["partners"] = partners

    if errors:
        raise EntryInvalid(errors)
    return out


def parse_uuid(value) -> uuid_lib.UUID | None:
    """The entry's id as the phone wrote it: the canonical 36-character form, not the nil UUID."""
    if isinstance(value, uuid_lib.UUID):
        value = str(value)
    if not isinstance(value, str) or not UUID_RE.fullmatch(value):
        return None
    key = uuid_lib.UUID(value)
    return key if key.int not in (0, 2**128 - 1) else None


def _text(data: dict, name: str, errors: dict) -> str:
    """A free text as typed (trimmed): refused, not cut, when it is too long or cannot be stored."""
    value = data.get(name)
    value = "" if value is None else str(value).strip()
    limit = TEXT_LIMITS[name]
    if UNSTORABLE.search(value):
        errors[name] = _("The text contains invisible control characters that cannot be stored; retype it.")
    elif len(value) > limit:
        errors[name] = _("At most %(max)s characters (this text has %(count)s).") % {
            "max": limit, "count": len(value)}
    return value


def _ids(values) -> set[int]:
    """Ids worth looking up: whole numbers a row could have (anything else is simply not found)."""
    return {v for v in values if isinstance(v, int) and not isinstance(v, bool) and 0 < v <= MAX_ID}


def _roster(team: Team) -> set[int]:
    cached = getattr(team, "_roster_ids", None)
    if cached is None:
        cached = team._roster_ids = set(team.memberships.values_list("member_id", flat=True))
    return cached


def _whole(value, name: str, errors: dict) -> int | None:
    if isinstance(value, bool):
        value = None
    try:
        if isinstance(value, float) and not value.is_integer():
            raise ValueError
        return int(value)
    except (TypeError, ValueError):
        errors[name] = _("Enter a whole number.")
        return None


# --- writes ------------------------------------------------------------------------------------

def _audit_changes(record: SupportRecord, values: dict) -> dict:
    """The row and its lists in one audit entry (django-auditlog would write three)."""
    changes = {
        "id": [None, str(record.pk)],
        "uuid": [None, str(record.uuid)],
        "occurred_at": [None, record.occurred_at.isoformat()],
        "unit": [None, str(values["unit"])],
        "setting": [None, record.setting],
        "people": [None, str(record.people)],
        "outcome": [None, record.outcome],
        "services": [None, ", ".join(s.code for s in values["services"])],
    }
    for name in ("team", "place", "place_note", "procedure", "minutes", "age_band", "gender", "groups", "note"):
        value = values.get(name)
        if value not in (None, ""):
            changes[name] = [None, str(value)]
    if values["partners"]:
        changes["partners"] = [None, ", ".join(str(p) for p in values["partners"])]
    if values["volunteers"]:
        changes["volunteers"] = [None, ", ".join(str(m.pk) for m in values["volunteers"])]
    return changes


def _new_record(values: dict, *, author, source: str) -> SupportRecord:
    unit = values["unit"]
    return SupportRecord(
        uuid=values["uuid"], occurred_at=values["occurred_at"], setting=values["setting"], unit=unit,
        commune_id=unit.pk if unit.kind == OrgUnit.Kind.COMMUNE else unit.commune_id, path=unit.path,
        place=values["place"], place_note=values["place_note"], team=values["team"],
        procedure=values["procedure"], outcome=values["outcome"], people=values["people"],
        minutes=values["minutes"], age_band=values["age_band"], gender=values["gender"], groups=values["groups"],
        note=values["note"],
        source=source, created_by=author,
    )


def _insert(batch: list[dict], *, author, source: str, one_by_one: bool = False) -> dict:
    """All new entries of a batch in a few statements: rows, their services, their volunteers, the audit,
    the figures. Returns uuid → record for the rows written.

    Rows go in the order of their ids, so two overlapping batches take the unique index's locks in the
    same order and one waits for the other instead of deadlocking. `one_by_one`: each row alone in a
    savepoint; a row whose id another request stored meanwhile is skipped (the caller reads that one)."""
    pairs = sorted(((_new_record(v, author=author, source=source), v) for v in batch), key=lambda p: p[1]["uuid"])
    if not one_by_one:
        SupportRecord.objects.bulk_create([r for r, _v in pairs])
    else:
        written = []
        for r, v in pairs:
            try:
                with transaction.atomic():
                    SupportRecord.objects.bulk_create([r])
            except IntegrityError:
                if not SupportRecord.objects.filter(uuid=v["uuid"]).exists():
                    raise  # another rule than the unique id: a real error
                continue
            written.append((r, v))
        pairs = written
    records, batch = [r for r, _v in pairs], [v for _r, v in pairs]
    Services, Volunteers = SupportRecord.services.through, SupportRecord.volunteers.through
    Services.objects.bulk_create([Services(supportrecord_id=r.pk, service_id=s.pk)
                                  for r, v in zip(records, batch) for s in v["services"]])
    volunteers = [Volunteers(supportrecord_id=r.pk, member_id=m.pk) for r, v in zip(records, batch)
                  for m in v["volunteers"]]
    if volunteers:
        Volunteers.objects.bulk_create(volunteers)
    Partners = SupportRecord.partners.through
    linked = [Partners(supportrecord_id=r.pk, partner_id=p.pk) for r, v in zip(records, batch) for p in v["partners"]]
    if linked:
        Partners.objects.bulk_create(linked)
    log_creates([(r, _audit_changes(r, v)) for r, v in zip(records, batch)], actor=author)
    rollups.add(d for r, v in zip(records, batch)
                for d in rollup.record_deltas(r, services=[s.code for s in v["services"]],
                                              volunteers=len(v["volunteers"]), team=v["team"],
                                              partners=[p.pk for p in v["partners"]]))
    return {v["uuid"]: r for r, v in pairs}


@dataclass
class Result:
    uuid: str
    status: str  # created | duplicate | conflict | invalid
    record: SupportRecord | None = None
    errors: dict[str, str] = field(default_factory=dict)


# The fields a phone fills in itself when it leaves them out (now, its unit, its team, its author):
# a resend that leaves them out again is the same entry even though the defaults moved on.
DEFAULTED = ("occurred_at", "unit", "team", "volunteers", "partners")


PLAIN = ("setting", "place_note", "procedure", "outcome", "people", "minutes", "age_band", "gender", "groups",
         "note")


def _content(values: dict) -> dict:
    """A cleaned entry in the shape the phone sends it (ids, codes), to compare and to answer with."""
    def pk(obj):
        return obj.pk if obj is not None else None

    return {"occurred_at": values["occurred_at"], "unit": pk(values["unit"]), "team": pk(values["team"]),
            "place": pk(values["place"]), "services": sorted(s.code for s in values["services"]),
            "volunteers": sorted(m.pk for m in values["volunteers"]), "partners": sorted(p.pk for p in values["partners"]),
            **{name: values[name] for name in PLAIN}}


def stored_version(record: SupportRecord) -> dict:
    """What the server keeps for an entry, in the shape the phone sent it."""
    return {"occurred_at": record.occurred_at, "unit": record.unit_id, "team": record.team_id,
            "place": record.place_id, "services": sorted(s.code for s in record.services.all()),
            "volunteers": sorted(m.pk for m in record.volunteers.all()),
            "partners": sorted(p.pk for p in record.partners.all()),
            **{name: getattr(record, name) for name in PLAIN}}


def _same(data: dict, content: dict, stored: dict) -> bool:
    """Whether a resent entry (`data` as sent, `content` as cleaned) says what is stored."""
    return all(content[name] == stored[name] for name in content
               if name not in DEFAULTED or data.get(name))


def _already_stored(key: str, record: SupportRecord, author, values: dict, data: dict) -> Result:
    """An entry whose id is in the database: the same entry again, a changed one, or someone else's id."""
    if record.created_by_id != author.pk:
        return Result(key, "invalid", errors={"uuid": _("This entry id belongs to someone else's entry.")})
    if not _same(data, _content(values), stored_version(record)):
        return Result(key, "conflict", record)
    return Result(key, "duplicate", record)


def record_create(*, author, scope, data: dict, source: str = SupportRecord.Source.WEB) -> tuple[SupportRecord, bool]:
    """Store one entry; returns (record, created). A resent entry returns its row and False.

    Callers on the server (the form, the demo, tests) may leave the id out: it is made here. The sync
    API never does: a phone's entry without its own id is refused."""
    if not data.get("uuid"):
        data = {**data, "uuid": str(uuid_lib.uuid4())}
    [result] = _store_all(author=author, scope=scope, entries=[data], source=source)
    if result.status == "invalid":
        raise EntryInvalid(result.errors)
    return result.record, result.status == "created"


def records_sync(*, author, scope, entries: list[dict]) -> list[Result]:
    """Store a phone's queue: good entries are saved, each bad one comes back with its reasons."""
    if len(entries) > MAX_BATCH:
        raise DomainError("batch_too_big", _("Send at most %(max)s entries at once.") % {"max": MAX_BATCH})
    return _store_all(author=author, scope=scope, entries=entries, source=SupportRecord.Source.SYNC)


def _store_all(*, author, scope, entries: list[dict], source: str) -> list[Result]:
    try:
        return _store_batch(author=author, scope=scope, entries=entries, source=source)
    except IntegrityError:
        # Another request stored one of these ids between our lookup and our insert (two phones' or two
        # tabs' overlapping batches). Again, one entry at a time: each insert that meets a row stored
        # meanwhile is undone alone, and that row is read back to answer duplicate or conflict.
        return _store_batch(author=author, scope=scope, entries=entries, source=source, one_by_one=True)


def _known(uuids: list) -> dict:
    """Entries already stored: uuid → row (with its services and volunteers, to compare a resend)."""
    return {r.uuid: r for r in SupportRecord.objects.filter(uuid__in=uuids)
            .prefetch_related("services", "volunteers", "partners")}


def _stored(key: uuid_lib.UUID) -> SupportRecord | None:
    return SupportRecord.objects.filter(uuid=key).prefetch_related("services", "volunteers", "partners").first()


@transaction.atomic
def _store_batch(*, author, scope, entries: list[dict], source: str, one_by_one: bool = False) -> list[Result]:
    # One transaction per batch: one commit (one disk flush), and the answer is sent only after it.
    ctx = Context.load(user=author, scope=scope, entries=entries)
    known = _known([key for key in (parse_uuid(e.get("uuid")) for e in entries) if key is not None])
    results: list[Result | None] = []
    fresh: dict[uuid_lib.UUID, dict] = {}      # new entries, in order
    slots: dict[uuid_lib.UUID, list[int]] = {}  # where each new entry's answer goes (twice if sent twice)
    sent: list[tuple[dict, dict | None]] = []   # each answer's entry: as sent, as cleaned
    now = timezone.now()
    for data in entries:
        # Answered with the id exactly as sent: the phone finds its queued entry by it.
        key_sent = str(data.get("uuid") or "")
        try:
            values = clean_entry(data, ctx, now=now)
        except EntryInvalid as e:
            sent.append((data, None))
            results.append(Result(key_sent, "invalid", errors=e.errors))
            continue
        sent.append((data, values))
        key = values["uuid"]
        if key in known:
            results.append(_already_stored(key_sent, known[key], author, values, data))
            continue
        fresh.setdefault(key, values)
        slots.setdefault(key, []).append(len(results))
        results.append(None)
    stored = _insert(list(fresh.values()), author=author, source=source, one_by_one=one_by_one) if fresh else {}
    for key in fresh.keys() - stored.keys():
        known[key] = _stored(key)  # stored meanwhile by another request: answered from that row
    for key, places in slots.items():
        for n, i in enumerate(places):
            data, values = sent[i]
            key_sent = str(data.get("uuid"))
            if key not in stored:
                results[i] = _already_stored(key_sent, known[key], author, values, data)
            elif n == 0:
                results[i] = Result(key_sent, "created", stored[key])
            else:
                # The same entry twice in one batch: the first one counts; a changed copy is a conflict.
                same = _same(data, _content(values), _content(fresh[key]))
                results[i] = Result(key_sent, "duplicate" if same else "conflict", stored[key])
    return results


@transaction.atomic
def record_update(*, record: SupportRecord, by, scope, data: dict) -> SupportRecord:
    if not may_change(scope, by, record):
        raise DomainError("edit_window", _("Only the author within 24 hours, or the commune secretary, may change this entry."))
    # Locked, so two edits of one entry move the dashboards' figures one after the other.
    SupportRecord.objects.select_for_update().filter(pk=record.pk).exists()
    before = rollup.stored_deltas(record)
    named = list(record.partners.values_list("pk", flat=True))
    merged = {
        "uuid": record.uuid, "occurred_at": record.occurred_at, "unit": record.unit_id, "setting": record.setting,
        "place": record.place_id, "place_note": record.place_note, "team": record.team_id,
        "services": [s.code for s in record.services.all()], "procedure": record.procedure,
        "outcome": record.outcome, "people": record.people, "minutes": record.minutes,
        "age_band": record.age_band, "gender": record.gender, "groups": record.groups, "note": record.note,
        "volunteers": list(record.volunteers.values_list("pk", flat=True)),
        "partners": named,
    }
    merged.update(data)
    ctx = Context.load(user=by, scope=scope, entries=[merged])
    # A secretary may fix a volunteer's entry where it was logged; nothing is filled in silently on edit.
    ctx.units.setdefault(record.unit_id, record.unit)
    ctx.allowed_units.add(record.unit_id)
    ctx.defaults, ctx.member = Defaults(), None
    ctx.named_partners = set(named)
    # Editing an old entry must not fail the "a year ago" rule it passed when made.
    values = clean_entry(merged, ctx, now=max(timezone.now(), record.occurred_at))
    unit = values["unit"]
    for name in EDITABLE:
        setattr(record, name, values[name])
    record.commune_id = unit.pk if unit.kind == OrgUnit.Kind.COMMUNE else unit.commune_id
    record.path = unit.path
    record.save()
    record.services.set(values["services"])
    record.volunteers.set(values["volunteers"])
    record.partners.set(values["partners"])
    rollups.replace(before, rollup.record_deltas(record, services=[s.code for s in values["services"]],
                                                 volunteers=len(values["volunteers"]), team=values["team"],
                                                 partners=[p.pk for p in values["partners"]]))
    return record


@transaction.atomic
def record_delete(*, record: SupportRecord, by, scope) -> None:
    if not may_change(scope, by, record):
        raise DomainError("edit_window", _("Only the author within 24 hours, or the commune secretary, may change this entry."))
    SupportRecord.objects.select_for_update().filter(pk=record.pk).exists()
    before = rollup.stored_deltas(record)
    record.delete()
    rollups.add(before, sign=-1)

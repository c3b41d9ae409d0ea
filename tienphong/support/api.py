"""Support records over JSON: what the phone's offline queue talks to.

The schema says what a well-formed request is (a malformed one is refused whole, 422); each entry
of a well-formed batch is then judged on its own: `created`, `duplicate` (already stored, counted
once), `conflict` (that id is stored with other content: the stored version comes back) or `invalid`
(with a Vietnamese reason per field). Every answer is JSON.
"""

import datetime as dt
from typing import Annotated, Literal

from ninja import Field, Router, Schema
from ninja.errors import HttpError

from tienphong.core.scope import get_scope
from tienphong.core.apierrors import ERRORS
from tienphong.core.choices import AgeBand, CitizenGender, CitizenGroup
from tienphong.core.errors import DomainError

from . import services
from .models import MAX_TALLY, Service, SupportRecord
from .services import MAX_BATCH, MAX_MINUTES, MAX_PARTNERS, MAX_SERVICES, MAX_VOLUNTEERS, TEXT_LIMITS

router = Router(tags=["support"])

# A database id (BigAutoField): anything larger cannot name a row, and SQLite would refuse to bind it.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
SettingCode = Literal[tuple(SupportRecord.Setting.values)]
OutcomeCode = Literal[tuple(SupportRecord.Outcome.values)]
AgeBandCode = Literal[("", *AgeBand.values)]
GenderCode = Literal[("", *CitizenGender.values)]
GroupCode = Literal[tuple(CitizenGroup.values)]


def _limits(name: str) -> dict:
    """What the schema tells a client about a text field; a longer text is refused per entry."""
    return {"maxLength": TEXT_LIMITS[name]}


class EntryIn(Schema):
    uuid: str = Field(description="Made by the phone when the entry is written; the same entry keeps it "
                      "on every resend. An entry without one is refused.",
                      json_schema_extra={"format": "uuid"})
    occurred_at: dt.datetime | None = None
    unit: Id | None = None
    setting: SettingCode = SupportRecord.Setting.DOOR_TO_DOOR.value
    place: Id | None = None
    place_note: str = Field("", json_schema_extra=_limits("place_note"))
    team: Id | None = None
    # The codes of the active services; the list is the province's (GET /services), published as an enum
    # in the OpenAPI document when it is served.
    services: list[str] = Field([], max_length=MAX_SERVICES)
    procedure: str = Field("", json_schema_extra=_limits("procedure"))
    outcome: OutcomeCode = SupportRecord.Outcome.DONE.value
    people: int = Field(1, json_schema_extra={"minimum": 1, "maximum": MAX_TALLY})
    minutes: int | None = Field(None, json_schema_extra={"minimum": 0, "maximum": MAX_MINUTES})
    age_band: AgeBandCode = ""
    gender: GenderCode = ""
    # Optional: the groups the citizens helped belong to (none, one or several).
    groups: list[GroupCode] = Field([], max_length=len(CitizenGroup.values))
    volunteers: list[Id] = Field([], max_length=MAX_VOLUNTEERS)
    # Optional: the co-organising partners (active partners of the unit's province).
    partners: list[Id] = Field([], max_length=MAX_PARTNERS)
    note: str = Field("", json_schema_extra=_limits("note"))


class SyncIn(Schema):
    # Counted before any entry is looked at: a huge batch is refused at once.
    entries: list[EntryIn] = Field(max_length=MAX_BATCH)


class StoredEntry(Schema):
    """The entry as the server keeps it (answered with `conflict`)."""

    occurred_at: dt.datetime
    unit: int
    setting: str
    place: int | None = None
    place_note: str
    team: int | None = None
    services: list[str]
    procedure: str
    outcome: str
    people: int
    minutes: int | None = None
    age_band: str
    gender: str
    groups: str = ""  # as stored: the codes joined by commas in a fixed order
    volunteers: list[int]
    partners: list[int] = []
    note: str


class EntryResult(Schema):
    uuid: str
    status: Literal["created", "duplicate", "conflict", "invalid"]
    id: int | None = None
    errors: dict[str, str] = {}
    stored: StoredEntry | None = None


class SyncOut(Schema):
    results: list[EntryResult]
    created: int
    duplicates: int
    conflicts: int
    invalid: int


class ServiceOut(Schema):
    code: str
    name: str
    needs_procedure: bool


@router.post("/sync", response={200: SyncOut, **ERRORS}, url_name="support_sync",
             summary="Store a phone's queued support records")
def sync(request, payload: SyncIn):
    """Each entry is stored once, by its `uuid`: a resent entry answers `duplicate` and counts nothing;
    resent with other content it answers `conflict` and the stored version. Good entries are saved even
    when others in the batch are `invalid`; those come back with reasons."""
    scope = get_scope(request)
    if not (scope.is_superuser or scope.paths("log_support")):
        raise HttpError(403, "log_support")
    try:
        results = services.records_sync(author=request.user, scope=scope,
                                         entries=[e.model_dump(exclude_unset=True) for e in payload.entries])
    except DomainError as e:
        raise HttpError(422, e.message) from e
    out = [{"uuid": r.uuid, "status": r.status, "id": r.record.pk if r.record else None, "errors": r.errors,
            "stored": services.stored_version(r.record) if r.status == "conflict" else None}
           for r in results]
    count = {status: sum(r.status == status for r in results) for status in ("created", "duplicate", "conflict",
                                                                               "invalid")}
    return {"results": out, "created": count["created"], "duplicates": count["duplicate"],
            "conflicts": count["conflict"], "invalid": count["invalid"]}


@router.get("/services", response={200: list[ServiceOut], **ERRORS}, summary="The services one may choose")
def service_list(request):
    return [{"code": s.code, "name": s.display_name, "needs_procedure": s.needs_procedure}
            for s in Service.objects.filter(active=True)]


def publish_service_codes(schema: dict) -> None:
    """The OpenAPI document lists the active services' codes as the enum of `EntryIn.services`, read when
    the document is served (officers may add services), so a client or a fuzzer picks real ones."""
    codes = list(Service.objects.filter(active=True).values_list("code", flat=True))
    entry = schema.get("components", {}).get("schemas", {}).get("EntryIn")
    if codes and entry:
        entry["properties"]["services"]["items"]["enum"] = codes

"""Support records over JSON: what the phone's offline queue talks to."""

import datetime as dt
from typing import Literal

from ninja import Router, Schema
from ninja.errors import HttpError

from tienphong.accounts.scope import get_scope
from tienphong.core.errors import DomainError

from . import services
from .models import Service

router = Router(tags=["support"])


class EntryIn(Schema):
    uuid: str
    occurred_at: dt.datetime | None = None
    unit: int | None = None
    setting: str = "door_to_door"
    place: int | None = None
    place_note: str = ""
    team: int | None = None
    services: list[str] = []
    procedure: str = ""
    outcome: str = "done"
    people: int = 1
    minutes: int | None = None
    age_band: str = ""
    gender: str = ""
    volunteers: list[int] = []
    note: str = ""


class SyncIn(Schema):
    entries: list[EntryIn]


class EntryResult(Schema):
    uuid: str
    status: Literal["created", "duplicate", "invalid"]
    id: int | None = None
    errors: dict[str, str] = {}


class SyncOut(Schema):
    results: list[EntryResult]
    created: int
    duplicates: int
    invalid: int


class ServiceOut(Schema):
    code: str
    name: str
    needs_procedure: bool


@router.post("/sync", response=SyncOut, url_name="support_sync", summary="Store a phone's queued support records")
def sync(request, payload: SyncIn):
    """Each entry is stored once, by its `uuid`: a resent entry answers `duplicate` and counts nothing.
    Good entries are saved even when others in the batch are `invalid`; those come back with reasons."""
    scope = get_scope(request)
    if not (scope.is_superuser or scope.paths("log_support")):
        raise HttpError(403, "log_support")
    try:
        results = services.records_sync(author=request.user, scope=scope,
                                         entries=[e.model_dump() for e in payload.entries])
    except DomainError as e:
        raise HttpError(422, e.message) from e
    out = [{"uuid": r.uuid, "status": r.status, "id": r.record.pk if r.record else None, "errors": r.errors}
           for r in results]
    return {"results": out, "created": sum(r.status == "created" for r in results),
            "duplicates": sum(r.status == "duplicate" for r in results),
            "invalid": sum(r.status == "invalid" for r in results)}


@router.get("/services", response=list[ServiceOut], summary="The services one may choose")
def service_list(request):
    return [{"code": s.code, "name": s.display_name, "needs_procedure": s.needs_procedure}
            for s in Service.objects.filter(active=True)]

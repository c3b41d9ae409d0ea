import json
import uuid

import pytest
from django.test import Client

from tienphong.support.models import SupportRecord

from ..personas import build_field_world
from ..scenes import once_per_module

# Built once for the module instead of once per test; see tests/scenes.py.
fworld, _fworld = once_per_module(build_field_world, "fworld")

URL = "/api/v1/support/sync"


def entry(**extra):
    return {"uuid": str(uuid.uuid4()), "services": ["vneid"], "people": 1, **extra}


def post(client, entries, **headers):
    return client.post(URL, json.dumps({"entries": entries}), content_type="application/json", **headers)


def phone(user):
    """A client that logs in like the phone and sends the CSRF token, as the page's script does."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/support/new/")
    return client, {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}


def test_anonymous_is_refused(fworld):
    assert post(Client(), [entry()]).status_code == 401
    assert not SupportRecord.objects.exists()


def test_without_the_csrf_token_nothing_is_stored(fworld):
    client, _ = phone(fworld.volunteer)
    assert post(client, [entry()]).status_code in (401, 403)
    assert not SupportRecord.objects.exists()


def test_sync_stores_each_entry_once(fworld):
    client, headers = phone(fworld.volunteer)
    batch = [entry(people=3), entry(people=4)]
    first = post(client, batch, **headers).json()
    assert [r["status"] for r in first["results"]] == ["created", "created"]
    again = post(client, batch, **headers).json()
    assert [r["status"] for r in again["results"]] == ["duplicate", "duplicate"]
    assert [r["id"] for r in again["results"]] == [r["id"] for r in first["results"]]
    assert SupportRecord.objects.count() == 2
    assert sum(SupportRecord.objects.values_list("people", flat=True)) == 7


def test_a_bad_entry_comes_back_with_its_reason_and_the_rest_is_saved(fworld):
    client, headers = phone(fworld.volunteer)
    body = post(client, [entry(), entry(people=600), entry(services=["astrology"])], **headers).json()
    assert [r["status"] for r in body["results"]] == ["created", "invalid", "invalid"]
    assert body["created"] == 1 and body["invalid"] == 2
    assert "500" in body["results"][1]["errors"]["people"]
    assert "astrology" in body["results"][2]["errors"]["services"]
    assert SupportRecord.objects.count() == 1


def test_the_outsider_cannot_log_into_another_commune(fworld):
    client, headers = phone(fworld.outsider)
    body = post(client, [entry(unit=fworld.commune.pk)], **headers).json()
    assert body["results"][0]["status"] == "invalid" and "unit" in body["results"][0]["errors"]
    assert not SupportRecord.objects.exists()


def test_too_big_a_batch_is_refused_whole(fworld):
    client, headers = phone(fworld.volunteer)
    response = post(client, [entry() for _ in range(101)], **headers)
    assert response.status_code == 422
    assert not SupportRecord.objects.exists()


def test_malformed_json_types_are_refused(fworld):
    client, headers = phone(fworld.volunteer)
    assert post(client, [{"uuid": "x", "people": "many"}], **headers).status_code == 422


def test_services_list_and_openapi_schema(fworld, client_for):
    client = client_for(fworld.volunteer)
    codes = [s["code"] for s in client.get("/api/v1/support/services").json()]
    assert codes[:2] == ["vneid", "public_service"]
    schema = client.get("/api/v1/openapi.json").json()
    assert URL in schema["paths"]
    assert "EntryIn" in schema["components"]["schemas"]


def test_a_database_outage_answers_503_with_retry_after(fworld, monkeypatch):
    from django.db import OperationalError

    from tienphong.support import services

    def down(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "records_sync", down)
    client, headers = phone(fworld.volunteer)
    response = post(client, [entry()], **headers)
    assert response.status_code == 503 and response["Retry-After"] == "5"


# --- exactly once, for every input (issue 10, section 3) ----------------------------------------

def statuses(body):
    return [r["status"] for r in body["results"]]


@pytest.mark.parametrize("key", ["", "   ", "not-a-uuid", "00000000-0000-0000-0000-000000000000",
                                 "urn:uuid:6f1c1f36-4c4a-4b8e-9f4b-8a4b0b3c8a11"])
def test_an_entry_without_a_valid_uuid_is_refused_not_given_one(fworld, key):
    client, headers = phone(fworld.volunteer)
    for _ in range(3):
        body = post(client, [entry(uuid=key), entry()], **headers).json()
        assert statuses(body) == ["invalid", "created"]
        assert body["results"][0]["uuid"] == key and body["results"][0]["errors"]["uuid"]
    assert SupportRecord.objects.count() == 3


def test_the_answer_carries_the_uuid_as_the_phone_wrote_it(fworld):
    client, headers = phone(fworld.volunteer)
    key = str(uuid.uuid4()).upper()
    for expected in ("created", "duplicate"):
        body = post(client, [entry(uuid=key)], **headers).json()
        assert body["results"][0] == {**body["results"][0], "uuid": key, "status": expected}
    assert SupportRecord.objects.get().uuid == uuid.UUID(key)


@pytest.mark.parametrize("field,text", [
    ("note", "Gọi lại\x00sau"), ("place_note", "Thôn\x00 1"), ("procedure", "Khai\x00sinh"),
    ("note", "Gọi lại \ud83d sau"), ("place_note", "Thôn \udc00 1"),
])
def test_unstorable_characters_are_refused_per_entry_with_a_reason(fworld, field, text):
    client, headers = phone(fworld.volunteer)
    extra = {"services": ["public_service"], "procedure": "Đăng ký khai sinh"} if field == "procedure" else {}
    body = post(client, [entry(**{**extra, field: text}), entry()], **headers).json()
    assert statuses(body) == ["invalid", "created"]
    assert "control characters" in body["results"][0]["errors"][field] or \
        "ký tự điều khiển" in body["results"][0]["errors"][field]
    assert SupportRecord.objects.count() == 1


@pytest.mark.parametrize("field,limit", [("note", 255), ("place_note", 120), ("procedure", 200)])
def test_a_text_over_its_column_is_refused_naming_the_limit_not_cut(fworld, field, limit):
    client, headers = phone(fworld.volunteer)
    extra = {"services": ["public_service"], "procedure": "Đăng ký khai sinh"} if field == "procedure" else {}
    exact = post(client, [entry(**{**extra, field: "ê" * limit})], **headers).json()
    assert statuses(exact) == ["created"]
    body = post(client, [entry(**{**extra, field: "ê" * (limit + 1)})], **headers).json()
    assert statuses(body) == ["invalid"]
    assert str(limit) in body["results"][0]["errors"][field]
    assert SupportRecord.objects.count() == 1


def test_a_one_megabyte_note_is_refused_per_entry(fworld):
    client, headers = phone(fworld.volunteer)
    body = post(client, [entry(note="x" * 1_000_000), entry()], **headers).json()
    assert statuses(body) == ["invalid", "created"]
    assert "255" in body["results"][0]["errors"]["note"]
    assert SupportRecord.objects.get().note == ""


def test_a_huge_batch_is_refused_at_once(fworld):
    import time

    client, headers = phone(fworld.volunteer)
    batch = [entry() for _ in range(10_000)]
    started = time.perf_counter()
    response = post(client, batch, **headers)
    elapsed = time.perf_counter() - started
    assert response.status_code == 422 and response["Content-Type"].startswith("application/json")
    assert elapsed < 0.5, elapsed
    assert not SupportRecord.objects.exists()


def test_a_body_over_the_api_limit_is_413_json(fworld, settings):
    client, headers = phone(fworld.volunteer)
    response = post(client, [entry(note="x" * (settings.API_MAX_BODY_BYTES + 1))], **headers)
    assert response.status_code == 413 and response.json() == {"detail": "request_too_large"}


def test_a_resend_with_other_content_is_a_conflict_with_the_stored_version(fworld):
    client, headers = phone(fworld.volunteer)
    original = entry(people=3, note="Bà Lan", place_note="Xóm 4", occurred_at="2026-12-06T09:30:00+07:00")
    first = post(client, [original], **headers).json()
    changed = {**original, "people": 4, "note": "Bà Lan và con"}
    body = post(client, [changed], **headers).json()
    assert statuses(body) == ["conflict"] and body["conflicts"] == 1 and body["duplicates"] == 0
    result = body["results"][0]
    assert result["id"] == first["results"][0]["id"]
    stored = result["stored"]
    assert stored["people"] == 3 and stored["note"] == "Bà Lan" and stored["place_note"] == "Xóm 4"
    assert stored["services"] == ["vneid"] and stored["unit"] == fworld.commune.pk
    assert stored["volunteers"] == [fworld.volunteer_member.pk]
    record = SupportRecord.objects.get()
    assert (record.people, record.note) == (3, "Bà Lan")
    # The very same entry again is still a plain duplicate, with nothing to show.
    again = post(client, [original], **headers).json()
    assert statuses(again) == ["duplicate"] and again["results"][0]["stored"] is None


def test_a_resend_that_leaves_the_defaults_out_is_not_a_conflict(fworld):
    """An entry sent without a time, unit or team got the server's defaults; sent again later the same way,
    it is the same entry even though "now" has moved on."""
    client, headers = phone(fworld.volunteer)
    bare = {"uuid": str(uuid.uuid4()), "services": ["vneid"]}
    assert statuses(post(client, [bare], **headers).json()) == ["created"]
    assert statuses(post(client, [bare], **headers).json()) == ["duplicate"]


def test_the_same_uuid_twice_in_one_batch_with_other_content_is_a_conflict(fworld):
    client, headers = phone(fworld.volunteer)
    first = entry(people=2)
    body = post(client, [first, {**first, "people": 5}, first], **headers).json()
    assert statuses(body) == ["created", "conflict", "duplicate"]
    assert body["results"][1]["stored"]["people"] == 2
    assert SupportRecord.objects.get().people == 2


def test_no_session_is_401_even_without_the_csrf_header(fworld):
    client = Client(enforce_csrf_checks=True)
    assert post(client, [entry()]).status_code == 401
    assert client.get("/api/v1/support/services").status_code == 401
    assert client.get("/api/v1/reports/figures").status_code == 401


def test_the_schema_publishes_the_choices_as_enums(fworld, client_for):
    schema = client_for(fworld.volunteer).get("/api/v1/openapi.json").json()
    props = schema["components"]["schemas"]["EntryIn"]["properties"]
    assert props["setting"]["enum"] == ["door_to_door", "commune_office", "service_center", "class", "other"]
    assert props["outcome"]["enum"] == ["done", "partly", "referred"]
    assert props["age_band"]["enum"] == ["", "u18", "18-35", "36-59", "60+"]
    assert props["gender"]["enum"] == ["", "male", "female"]
    assert props["services"]["items"]["enum"][:2] == ["vneid", "public_service"]
    assert props["uuid"]["format"] == "uuid" and props["note"]["maxLength"] == 255
    status = schema["components"]["schemas"]["EntryResult"]["properties"]["status"]
    assert "conflict" in status["enum"]

import json
import uuid

import pytest
from django.test import Client

from tienphong.support.models import SupportRecord

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

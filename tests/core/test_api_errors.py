"""Every answer under /api/ is JSON; a database outage is 503 with Retry-After on every API route,
wherever the database was first touched (the session, the user, the audit middleware, the view)."""

import json
import uuid
from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from ..personas import build_field_world
from ..scenes import once_per_module

# Built once for the module instead of once per test; see tests/scenes.py.
fworld, _fworld = once_per_module(build_field_world, "fworld")

SYNC = "/api/v1/support/sync"
ROUTES = [
    ("get", "/api/v1/support/services"),
    ("get", "/api/v1/reports/figures"),
    ("post", SYNC),
    ("get", "/api/v1/openapi.json"),
]


@contextmanager
def database_down():
    """Every new cursor fails as it does while PostgreSQL restarts."""
    def refuse(self):
        raise OperationalError("server closed the connection unexpectedly")

    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", refuse):
        yield


def logged_in(user):
    # As a real server: an exception becomes the response, it is not raised into the test.
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def call(client, method, url):
    if method == "post":
        body = {"entries": [{"uuid": str(uuid.uuid4()), "services": ["vneid"], "people": 1}]}
        return client.post(url, json.dumps(body), content_type="application/json")
    return client.get(url)


@pytest.mark.parametrize("method,url", ROUTES)
def test_a_database_outage_is_json_503_with_retry_after_on_every_route(fworld, method, url):
    client = logged_in(fworld.secretary)
    with database_down():
        response = call(client, method, url)
    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/json")
    assert response["Retry-After"] == "5"
    assert response.json() == {"detail": "database_unavailable"}


def test_an_outage_met_by_the_audit_middleware_is_json(fworld):
    """The audit middleware reads request.user (a session and a user query) before any view."""
    client = logged_in(fworld.volunteer)
    with mock.patch("django.contrib.sessions.backends.db.SessionStore.load",
                    side_effect=OperationalError("the database system is starting up")):
        response = call(client, "post", SYNC)
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert response.json() == {"detail": "database_unavailable"}


def test_an_anonymous_call_during_an_outage_is_json_too(db):
    with database_down():
        response = Client(raise_request_exception=False).get("/api/v1/support/services", HTTP_COOKIE="sessionid=" + "a" * 32)
    assert response.status_code == 503 and response.json() == {"detail": "database_unavailable"}


def test_any_other_failure_is_json_500(fworld):
    client = logged_in(fworld.volunteer)
    with mock.patch("tienphong.support.api.Service.objects.filter", side_effect=RuntimeError("boom")):
        response = client.get("/api/v1/support/services")
    assert response.status_code == 500
    assert response.json() == {"detail": "server_error"}


def test_an_unknown_api_address_is_json_404(fworld):
    response = logged_in(fworld.volunteer).get("/api/v1/nothing-here")
    assert response.status_code == 404 and response.json() == {"detail": "not_found"}


def test_a_body_over_the_limit_is_refused_before_it_is_read(fworld, settings):
    settings.API_MAX_BODY_BYTES = 1000
    client = logged_in(fworld.volunteer)
    response = client.post(SYNC, json.dumps({"entries": [], "pad": "x" * 2000}), content_type="application/json")
    assert response.status_code == 413 and response.json() == {"detail": "request_too_large"}


def test_pages_outside_the_api_keep_their_html_error_pages(fworld):
    response = logged_in(fworld.volunteer).get("/no-such-page/")
    assert response.status_code == 404 and "text/html" in response["Content-Type"]


def test_a_body_that_is_not_json_is_415_json(fworld):
    """A form body would be parsed by the CSRF check before the API could refuse it; a multipart one
    without its boundary made that parse fail with a 500."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(fworld.volunteer)
    client.cookies["csrftoken"] = "c" * 32
    response = client.generic("POST", SYNC, b'{"entries": []}', content_type="multipart/form-data",
                              HTTP_X_CSRFTOKEN="c" * 32)
    assert response.status_code == 415 and response.json() == {"detail": "unsupported_media_type"}


def test_a_body_that_is_not_even_json_is_400_json(fworld):
    client = logged_in(fworld.volunteer)
    response = client.generic("POST", SYNC, b"\x00", content_type="application/json")
    assert response.status_code == 400 and response["Content-Type"].startswith("application/json")


def test_a_wrong_method_is_json_405_and_keeps_its_allow_header(fworld):
    response = logged_in(fworld.volunteer).get(SYNC)
    assert response.status_code == 405 and response.json() == {"detail": "method_not_allowed"}
    assert "POST" in response["Allow"]

"""The figures API parses its query strictly: what it cannot read is a 422 with the reason, never a 500
and never a silent fallback. The pages read the same parameters leniently (a bad one falls back to
the current month or the viewer's own unit), but never fail either."""

import pytest
from django.urls import reverse

from ..personas import build_field_world
from ..scenes import once_per_module

# Built once for the module instead of once per test; see tests/scenes.py.
fworld, _fworld = once_per_module(build_field_world, "fworld")

API = "/api/v1/reports/figures"
DASHBOARD = reverse("reports:dashboard")


@pytest.mark.parametrize("params,field", [
    ({"unit": "²"}, "unit"),                      # a superscript digit: str.isdigit() says yes, int() says no
    ({"unit": "١٢"}, "unit"),                     # Arabic-Indic digits
    ({"unit": "9" * 30}, "unit"),                 # no row has such an id; SQLite cannot even bind it
    ({"unit": "-1"}, "unit"),
    ({"team": "²"}, "team"),
    ({"campaign": "²", "period": "campaign"}, "campaign"),
    ({"period": "week", "date": "9999-12-31"}, "date"),
    ({"period": "quarter", "date": "9999-12-01"}, "date"),
    ({"period": "day", "date": "0001-01-01"}, "date"),
    ({"period": "month", "date": "2026-13-01"}, "date"),
    ({"period": "month", "date": "2026-0²-01"}, "date"),
    ({"period": "custom", "start": "2026-01-01", "end": "9999-12-31"}, "end"),
    ({"period": "fortnight"}, "period"),
])
def test_what_cannot_be_read_is_422_with_the_reason(fworld, client_for, params, field):
    response = client_for(fworld.province_admin).get(API, params)
    assert response.status_code == 422, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    detail = response.json()["detail"]
    assert [d["loc"][-1] for d in detail] == [field]
    assert detail[0]["msg"]


@pytest.mark.parametrize("params", [
    {}, {"period": "week", "date": "2026-12-06"}, {"period": "quarter", "date": "2026-11-01"},
    {"period": "custom", "start": "2026-01-01", "end": "2026-06-30"}, {"period": "year", "date": "2100-12-31"},
])
def test_what_can_be_read_still_answers(fworld, client_for, params):
    response = client_for(fworld.province_admin).get(API, {"unit": fworld.province.pk, **params})
    assert response.status_code == 200
    assert set(response.json()) == {"subject", "period", "start", "end", "figures", "stock"}


def test_the_schema_publishes_the_period_kinds(fworld, client_for):
    schema = client_for(fworld.province_admin).get("/api/v1/openapi.json").json()
    params = {p["name"]: p for p in schema["paths"][API]["get"]["parameters"]}
    assert params["period"]["schema"]["enum"] == ["day", "week", "month", "quarter", "year", "campaign", "custom"]


@pytest.mark.parametrize("params", [
    {"unit": "²"}, {"team": "²"}, {"campaign": "²", "period": "campaign"}, {"unit": "9" * 30},
    {"period": "week", "date": "9999-12-31"}, {"period": "quarter", "date": "9999-12-01"},
    {"period": "custom", "start": "0001-01-01", "end": "0001-01-02"},
])
def test_the_dashboard_never_fails_on_the_same_parameters(fworld, client_for, params):
    response = client_for(fworld.province_admin).get(DASHBOARD, params)
    assert response.status_code in (200, 404)


@pytest.mark.parametrize("params", [
    {"period": "campaign"},
    {"period": "custom", "start": "2026-06-30", "end": "2026-01-01"},
    {"period": "custom", "start": "2000-01-01", "end": "2026-01-01"},
])
def test_a_period_that_does_not_hold_together_is_422(fworld, client_for, params):
    response = client_for(fworld.province_admin).get(API, params)
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"]


def test_a_campaign_outside_the_scope_is_404(fworld, client_for):
    response = client_for(fworld.province_admin).get(API, {"period": "campaign", "campaign": "987654"})
    assert response.status_code == 404 and response.json() == {"detail": "Not Found"}

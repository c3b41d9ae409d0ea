"""Dashboard, pivot, exports and the figures API: who may read which unit's figures, and that a
record saved shows at once (the rollups are written in the record's transaction)."""

import pytest
from django.urls import reverse

from tienphong.core.scope import Scope
from tienphong.support import services

from ..factories import UserFactory
from ..personas import build_field_world
from ..scenes import once_per_module

# The personas once for the module (tests/scenes.py): each test gets its own copy in its own savepoint.
fworld, _fworld = once_per_module(build_field_world, "fworld")

DASHBOARD, PIVOT = reverse("reports:dashboard"), reverse("reports:pivot")
XLSX, PDF = reverse("reports:export_xlsx"), reverse("reports:export_pdf")
API = "/api/v1/reports/figures"


def log(world, user=None, **data):
    user = user or world.volunteer
    data.setdefault("services", ["vneid"])
    return services.record_create(author=user, scope=Scope.for_user(user), data=data)[0]


def card(response, code) -> int:
    html = response.content.decode()
    marker = f'id="card-{code}" data-value="'
    start = html.index(marker) + len(marker)
    return int(html[start:html.index('"', start)])


def test_province_admin_sees_the_province_and_a_new_record_at_once(fworld, client_for):
    client = client_for(fworld.province_admin)
    assert card(client.get(DASHBOARD), "support_turns") == 0
    log(fworld, people=12, services=["vneid", "cashless"])
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert card(response, "support_turns") == 12
    assert card(response, "people_reached") == 12
    assert "Phường Phủ Lý" in response.content.decode()  # the communes table
    assert client.get(API, {"unit": fworld.province.pk, "period": "day"}).json()["figures"]["support_turns"] == 12


def test_secretary_reads_their_commune_and_drills_to_its_teams(fworld, client_for):
    log(fworld, people=3)
    client = client_for(fworld.secretary)
    response = client.get(DASHBOARD)
    assert response.status_code == 200 and card(response, "support_turns") == 3
    assert fworld.team.name in response.content.decode()
    team = client.get(DASHBOARD, {"team": fworld.team.pk})
    assert team.status_code == 200 and card(team, "support_turns") == 3


@pytest.mark.parametrize("url", [DASHBOARD, PIVOT, XLSX, PDF, API])
def test_the_outsider_cannot_read_another_communes_figures(fworld, client_for, url):
    client = client_for(fworld.outsider)
    assert client.get(url, {"unit": fworld.commune.pk}).status_code == 404
    assert client.get(url, {"unit": fworld.province.pk}).status_code == 404
    assert client.get(url, {"team": fworld.team.pk}).status_code == 404


@pytest.mark.parametrize("url", [DASHBOARD, PIVOT, API])
def test_only_a_superuser_reads_the_nation(fworld, client_for, url):
    assert client_for(fworld.province_admin).get(url, {"unit": "nation"}).status_code == 404
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    assert client_for(root).get(url, {"unit": "nation"}).status_code == 200


def test_a_volunteer_has_no_dashboard_and_a_team_leader_has_their_team(fworld, client_for):
    assert client_for(fworld.volunteer).get(DASHBOARD).status_code == 404
    response = client_for(fworld.team_leader).get(DASHBOARD)
    assert response.status_code == 200
    assert fworld.team.name in response.content.decode()


def test_pivot_by_service_drills_from_province_to_commune(fworld, client_for):
    log(fworld, people=5, services=["vneid", "cashless"])
    client = client_for(fworld.province_admin)
    response = client.get(PIVOT, {"unit": fworld.province.pk, "columns": "service", "indicator": "support_turns"})
    assert response.status_code == 200
    table = response.context["table"]
    row = next(r for r in table.rows if r.name == "Phường Phủ Lý")
    assert sorted(row.values) == [5, 5] and row.params == {"unit": str(fworld.commune.pk)}
    commune = client.get(PIVOT, {"unit": fworld.commune.pk, "columns": "period"}).context["table"]
    assert [r.name for r in commune.rows] == [fworld.team.name] and commune.rows[0].total == 5


def test_period_picker_accepts_every_kind_and_ignores_nonsense(fworld, client_for):
    client = client_for(fworld.province_admin)
    for params in ({"period": "day"}, {"period": "week"}, {"period": "quarter"}, {"period": "year"},
                   {"period": "custom", "start": "2026-01-01", "end": "2026-03-31"},
                   {"period": "nonsense", "date": "not-a-date"}, {"period": "campaign", "campaign": "x"}):
        assert client.get(DASHBOARD, params).status_code == 200, params
    custom = client.get(DASHBOARD, {"period": "custom", "start": "2026-03-31", "end": "2026-01-01"})
    assert custom.context["period"].start.isoformat() == "2026-01-01"


def test_a_running_month_card_compares_the_same_days_of_the_month_before(fworld, client_for, monkeypatch):
    import datetime as dt

    from django.utils import timezone

    from ..rollups import at, month_start

    m, m0 = month_start(1), month_start(2)
    log(fworld, people=3, occurred_at=at(m + dt.timedelta(days=2)).isoformat())    # the 3rd of M
    log(fworld, people=4, occurred_at=at(m0 + dt.timedelta(days=4)).isoformat())   # the 5th of M0: compared
    log(fworld, people=20, occurred_at=at(m0 + dt.timedelta(days=19)).isoformat())  # the 20th of M0: not
    today = m + dt.timedelta(days=6)  # seen on the 7th of M
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: today)
    response = client_for(fworld.province_admin).get(DASHBOARD)
    html = response.content.decode()
    start = html.index('id="card-support_turns"')
    text = " ".join(html[start:html.index("</div>", start)].split())
    span = f"{m0:%d/%m}–{m0 + dt.timedelta(days=6):%d/%m/%Y}"
    assert "▼ -25% so với " + span in text  # 3 against 4, not against 24 (-88%)


def test_the_pdf_signer_typed_once_is_offered_again(fworld, client_for):
    client = client_for(fworld.province_admin)
    assert client.get(DASHBOARD).context["signing"].title == "Bí thư"
    client.get(PDF, {"doc_number": "7-BC/TĐTN", "signer": "Lê Minh Châu", "signer_title": "Phó Bí thư",
                     "recipients": "- Tỉnh ủy;\n- Lưu VP."})
    signing = client.get(DASHBOARD).context["signing"]
    assert (signing.signer, signing.title, signing.recipients) == ("Lê Minh Châu", "Phó Bí thư",
                                                                   ["- Tỉnh ủy;", "- Lưu VP."])
    assert signing.number == "-BC/TĐTN"  # a number is for one report only
    html = client.get(DASHBOARD).content.decode()
    assert 'name="signer" value="Lê Minh Châu"' in html


def test_a_team_leader_who_leads_no_team_is_told_why_instead_of_a_404(fworld, client_for):
    """The menu offers team leaders the dashboard; one who leads no team yet gets a page that says why
    and where their own work is, not the "page does not exist" answer."""
    world = fworld
    world.team.delete()  # the leader leads no team (undone with the test's savepoint)
    client = client_for(world.team_leader)
    page = client.get(reverse("reports:dashboard"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Bạn chưa phụ trách tổ/đội nào" in text and reverse("today") in text
    # Everywhere else a subject is needed, still nothing to read.
    assert client.get(reverse("reports:pivot")).status_code == 404
    assert client_for(world.volunteer).get(reverse("reports:dashboard")).status_code == 404

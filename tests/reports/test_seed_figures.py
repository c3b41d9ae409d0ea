"""The seed figures (reports.ranking.SEED_FIGURES) and the new indicators behind them: each counts its
records right (running totals equal a rebuild), the seed-figures page lists them all.

The test per figure on the demo (each value in the seeds' range, at demo.figures.SEED_SCALE) runs in
tests/demo/test_demo.py, on the demo that module already loads: a second load here would cost 10–30 s."""

import datetime as dt
import pytest
from django.urls import reverse

from tienphong.core.choices import AgeBand
from tienphong.places import services as places
from tienphong.places.models import Place
from tienphong.reports import indicators as ind
from tienphong.reports import ranking as rk
from tienphong.rollups import services as rollups
from tienphong.teams import services as teams
from tienphong.teams.models import Team

from ..factories import MemberFactory
from ..rollups import approved_work, assert_rebuild_matches, at, log, stock, total
from ..personas import build_field_world
from ..scenes import once_per_module

# Built once for the module instead of once per test; see tests/scenes.py.
fworld, _fworld = once_per_module(build_field_world, "fworld")


# --- the new indicators against their records ------------------------------------------------------

@pytest.fixture
def fw(fworld):
    rollups.rebuild()
    return fworld


def _stock(unit, code, key="", level="u"):
    return stock(unit, code, key=key, level=level)


def test_members_on_teams_count_each_person_once_in_all_and_once_per_kind(fw):
    C = fw.commune
    extra = MemberFactory(branch=fw.branch)
    volunteer_team = teams.team_create(name="Đội hình tình nguyện Phủ Lý", kind=Team.Kind.VOLUNTEER, commune=C)
    teams.team_add_member(team=volunteer_team, member=fw.volunteer_member)  # on two teams: one person
    teams.team_add_member(team=volunteer_team, member=extra)
    assert _stock(C, "team_members") == 3
    assert _stock(C, "team_members_kind", "community_tech") == 2
    assert _stock(C, "team_members_kind", "volunteer") == 2
    assert _stock(fw.province, "team_members", level="p") == 3
    teams.team_remove_member(team=volunteer_team, member=extra)
    assert _stock(C, "team_members") == 2
    extra.delete()
    teams.team_update(team=volunteer_team, active=False)  # an inactive team's roster no longer counts
    assert _stock(C, "team_members_kind", "volunteer") == 0
    assert_rebuild_matches()


def test_dx_activities_and_people_reached_count_approved_works_of_a_digital_kind(fw):
    d = dt.date.today().replace(day=1) - dt.timedelta(days=20)
    approved_work(fw.team_leader, fw.secretary, fw.commune, completed_on=d, beneficiaries=300, kind="wifi_point")
    approved_work(fw.team_leader, fw.secretary, fw.commune, completed_on=d, beneficiaries=40, kind="training")
    approved_work(fw.team_leader, fw.secretary, fw.commune, completed_on=d, beneficiaries=999, kind="other")
    approved_work(fw.team_leader, fw.secretary, fw.commune, completed_on=d, beneficiaries=77, kind="training",
                  approve=False)
    assert total(fw.commune, "dx_activities") == 2
    assert total(fw.commune, "dx_reached") == 340
    assert total(fw.commune, "works") == 3
    assert_rebuild_matches()


def test_places_in_use_by_kind_follow_creates_and_edits(fw):
    before = _stock(fw.commune, "places", Place.Kind.WIFI_POINT)
    wifi = places.place_create(name="Điểm wifi Tổ dân phố 1", commune=fw.commune, kind=Place.Kind.WIFI_POINT)
    assert _stock(fw.commune, "places", Place.Kind.WIFI_POINT) == before + 1
    places.place_update(place=wifi, by=fw.province_admin, active=False)
    assert _stock(fw.commune, "places", Place.Kind.WIFI_POINT) == before
    assert_rebuild_matches()


def test_citizen_turns_by_age_band(fw):
    d = dt.date.today() - dt.timedelta(days=3)
    log(fw.volunteer, people=1, age_band=AgeBand.AGE_60_PLUS, occurred_at=at(d))
    log(fw.volunteer, people=4, occurred_at=at(d))  # no band given: in no band
    from ..rollups import cells

    assert cells(fw.commune, "support_turns", dim="age_band") == {"60+": 1}
    assert_rebuild_matches()


def test_citizen_turns_by_group_through_the_sync_api_and_the_form(fw, client_for):
    """Groups are optional: an entry names none, one or several; it counts under each it names."""
    import json
    import uuid

    from django.test import Client

    from tienphong.support.models import SupportRecord

    from ..rollups import cells

    client = Client(enforce_csrf_checks=True)
    client.force_login(fw.volunteer)
    client.get("/support/new/")
    headers = {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}

    def send(entries):
        return client.post("/api/v1/support/sync", json.dumps({"entries": entries}), content_type="application/json",
                           **headers)

    def post(entries):
        return send(entries).json()["results"]

    both = {"uuid": str(uuid.uuid4()), "services": ["vneid"], "people": 3, "groups": ["ethnic_minority", "elderly"]}
    plain = {"uuid": str(uuid.uuid4()), "services": ["vneid"], "people": 2}  # an older phone: no groups at all
    bad = {"uuid": str(uuid.uuid4()), "services": ["vneid"], "people": 1, "groups": ["veterans"]}
    results = post([both, plain])
    assert [r["status"] for r in results] == ["created", "created"]
    assert SupportRecord.objects.get(uuid=both["uuid"]).groups == "elderly,ethnic_minority"
    assert post([both])[0]["status"] == "duplicate"  # resent in another order: the same entry
    assert send([bad]).status_code == 422  # an unknown group: the schema refuses it, nothing stored
    assert not SupportRecord.objects.filter(uuid=bad["uuid"]).exists()
    assert cells(fw.commune, "support_turns", dim="group") == {"elderly": 3, "ethnic_minority": 3}
    pivot = client_for(fw.province_admin).get(reverse("reports:pivot"), {
        "unit": fw.province.pk, "indicator": "support_turns", "columns": "group"}).content.decode()
    assert "Người cao tuổi" in pivot and "Đồng bào dân tộc thiểu số" in pivot
    page = client_for(fw.volunteer).get("/support/new/").content.decode()
    assert 'name="groups"' in page and 'value="household_business"' in page
    assert_rebuild_matches()


def test_seed_figures_page_lists_every_figure_with_its_ranking_link(fw, client_for):
    client = client_for(fw.province_admin)
    page = client.get(reverse("reports:seed_figures"), {"unit": fw.province.pk}).content.decode()
    for f in rk.SEED_FIGURES:
        assert f'id="seed-{f.slug}"' in page
        assert f"measure={f.measure}" in page
    dashboard = client.get(reverse("reports:dashboard"), {"unit": fw.province.pk}).content.decode()
    assert 'id="seed-figures-link"' in dashboard and 'id="ranking-link"' in dashboard
    assert client_for(fw.outsider).get(reverse("reports:seed_figures"), {"unit": fw.province.pk}).status_code == 404

"""Every figure the seeds quote comes out of the dashboards (reports.ranking.SEED_FIGURES), and the new
indicators behind them count their records right: running totals equal a rebuild.

The demo is loaded once for the module (as tests/demo does; about 15–35 s on a loaded machine: it now
holds last year's desk tallies and classes) inside a transaction rolled back at the end; its tests come
last, since the unit tests above build their own Ninh Bình."""

import datetime as dt
from io import StringIO

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tienphong.core.choices import AgeBand
from tienphong.places import services as places
from tienphong.places.models import Place
from tienphong.reports import indicators as ind
from tienphong.reports import ranking as rk
from tienphong.reports.selectors import subject_for
from tienphong.rollups import services as rollups
from tienphong.teams import services as teams
from tienphong.teams.models import Team
from tienphong.units.models import OrgUnit

from ..factories import MemberFactory
from ..rollups import approved_work, assert_rebuild_matches, at, log, stock, total

# The demo's scale for each figure (demo value × scale is held against the seeds' range): the community
# digital-technology teams stay at the demo tree's size, about 1:10 of Ninh Bình's members (its 377 active
# teams are 1:12 of the 4,500); everything else is at full size.
DEMO_SCALE = {"core_members_on_teams": 10, "community_teams": 12}


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


# --- the demo: last in the module, since its data stays until the module ends --------------------

@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    from tienphong.demo.loader import load_demo

    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), transaction.atomic(), override_settings(MEDIA_ROOT=str(media)):
        load_demo(stdout=StringIO())
        province = OrgUnit.objects.get(code="37", kind=OrgUnit.Kind.PROVINCE)
        yield {row.figure.slug: row for row in rk.seed_rows(subject_for(province), timezone.localdate())}
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize("figure", rk.SEED_FIGURES, ids=lambda f: f.slug)
def test_each_seed_figure_comes_out_of_the_demo_in_its_range(demo, figure):
    row = demo[figure.slug]
    assert ind.measure(figure.measure) is row.measure and row.measure is not None
    scaled = row.value * DEMO_SCALE.get(figure.slug, 1)
    assert figure.low <= scaled <= figure.high, (figure.slug, row.value)


def test_every_seed_figure_names_a_known_measure_and_a_vietnamese_label():
    assert len(rk.SEED_FIGURES) == 13
    for f in rk.SEED_FIGURES:
        assert ind.measure(f.measure) is not None, f.slug
        assert str(f.label) and f.low <= f.high

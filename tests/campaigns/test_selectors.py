"""Progress figures against hand-counted fixtures: March 2026 in Phủ Lý, Phù Vân and a service point."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tienphong.core.scope import Scope
from tienphong.campaigns.models import YouthWork
from tienphong.campaigns.selectors import (
    METRICS, actuals, campaign_progress, held_classes, running_campaign, visible_campaigns, visible_works,
    volunteer_turns,
)
from tienphong.literacy.models import LiteracyClass
from tests.factories import MemberFactory, make_unit

from .factories import local, make_campaign, make_class, make_record, make_target, make_work
from ..personas import build_field_world
from ..scenes import once_per_module

# Built once for the module instead of once per test; see tests/scenes.py.
fworld, _fworld = once_per_module(build_field_world, "fworld")

MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
# Progress is read on 20 March: a scheduled class of the 25th has not happened yet.
NOW = local(2026, 3, 20, 12)
S = YouthWork.Status


@pytest.fixture
def march(fworld):
    """The campaign and what happened around it; the expected figures are counted by hand below."""
    w = fworld
    campaign = make_campaign(w.province, *MARCH)
    lm, vm = w.leader_member, w.volunteer_member
    far = MemberFactory(full_name="Hoàng Thị Lan", branch=w.other_branch)

    # Phủ Lý works: A and B count (B by its campaign, though finished in February).
    make_work(w.commune, title="A", value_vnd=15_000_000, completed_on=dt.date(2026, 3, 5), volunteers=[lm, vm])
    make_work(w.commune, title="B", value_vnd=5_000_000, completed_on=dt.date(2026, 2, 20), campaign=campaign,
              volunteers=[vm])
    make_work(w.commune, title="C April", value_vnd=9_000_000, completed_on=dt.date(2026, 4, 2), volunteers=[lm])
    make_work(w.commune, title="D waiting", status=S.SUBMITTED, value_vnd=7_000_000,
              completed_on=dt.date(2026, 3, 6), volunteers=[lm])
    make_work(w.commune, title="E draft", status=S.DRAFT, value_vnd=1_000_000, completed_on=dt.date(2026, 3, 7))
    make_work(w.commune, title="F returned", status=S.REJECTED, value_vnd=2_000_000,
              completed_on=dt.date(2026, 3, 8), campaign=campaign)

    # Phủ Lý support: the first and the last hour of the period count, the hours around them do not.
    make_record(w.commune, local(2026, 3, 1, 0, 5), people=12, volunteers=[lm, vm])
    make_record(w.commune, local(2026, 3, 31, 23, 30), people=3, volunteers=[vm])
    make_record(w.commune, local(2026, 4, 1, 0, 10), people=50, volunteers=[lm])
    make_record(w.commune, local(2026, 2, 28, 23, 59), people=40, volunteers=[lm])

    # Phủ Lý classes: held (K1), started and not cancelled (K2) count; cancelled, future and April do not.
    make_class(w.commune, local(2026, 3, 10), status=LiteracyClass.Status.DONE, teachers=[lm], present=3, absent=2)
    make_class(w.commune, local(2026, 3, 12), teachers=[lm, vm], present=1)
    make_class(w.commune, local(2026, 3, 15), status=LiteracyClass.Status.CANCELLED, teachers=[vm], present=4)
    make_class(w.commune, local(2026, 3, 25), teachers=[lm], present=6)
    make_class(w.commune, local(2026, 4, 5), status=LiteracyClass.Status.DONE, teachers=[lm], present=9)

    # Phù Vân: one work, one record, one held class without a teacher.
    make_work(w.other_commune, title="G", value_vnd=1_000_000, completed_on=dt.date(2026, 3, 9), volunteers=[far])
    make_record(w.other_commune, local(2026, 3, 9), people=7, volunteers=[far])
    make_class(w.other_commune, local(2026, 3, 11), status=LiteracyClass.Status.DONE, present=2)

    # The provincial service center: no commune.
    make_record(w.service_point, local(2026, 3, 3), people=4, volunteers=[far])

    make_target(campaign, w.commune, works=4, value_vnd=40_000_000, citizens_supported=30, classes=2,
                attendees=10, volunteer_turns=18)
    make_target(campaign, w.other_commune, works=2, value_vnd=2_000_000)
    return campaign


PHU_LY = {"works": 2, "value_vnd": 20_000_000, "citizens_supported": 15, "classes": 2, "attendees": 4,
          # records 2 + 1, works A 2 + B 1, classes K1 1 + K2 2
          "volunteer_turns": 9}
PHU_VAN = {"works": 1, "value_vnd": 1_000_000, "citizens_supported": 7, "classes": 1, "attendees": 2,
           "volunteer_turns": 2}
SERVICE_POINT = {"works": 0, "value_vnd": 0, "citizens_supported": 4, "classes": 0, "attendees": 0,
                 "volunteer_turns": 1}


def _rows(progress):
    return {(r.commune.name if r.commune else None): r.actual for r in progress.rows}


def test_province_sees_every_commune_the_service_point_and_totals(fworld, march):
    progress = campaign_progress(march, Scope.for_user(fworld.province_admin), now=NOW)
    assert _rows(progress) == {"Phường Phủ Lý": PHU_LY, "Phường Phù Vân": PHU_VAN, None: SERVICE_POINT}
    assert progress.total_actual == {m: PHU_LY[m] + PHU_VAN[m] + SERVICE_POINT[m] for m in METRICS}
    assert progress.total_target == {"works": 6, "value_vnd": 42_000_000, "citizens_supported": 30, "classes": 2,
                                     "attendees": 10, "volunteer_turns": 18}
    # Vietnamese order (letters first, tones only break ties): Phủ Lý, Phù Vân; the service point last.
    assert [r.commune for r in progress.rows] == [fworld.commune, fworld.other_commune, None]
    phu_ly = progress.rows[0]
    cell = {c["metric"]: c for c in phu_ly.cells}
    assert (cell["works"]["actual"], cell["works"]["target"], cell["works"]["percent"]) == (2, 4, 50)
    assert cell["value_vnd"]["money"] and cell["value_vnd"]["percent"] == 50


def test_secretary_sees_only_their_commune(fworld, march):
    progress = campaign_progress(march, Scope.for_user(fworld.secretary), now=NOW)
    assert _rows(progress) == {"Phường Phủ Lý": PHU_LY}
    assert progress.total_actual == PHU_LY
    assert progress.total_target["works"] == 4
    outsider = campaign_progress(march, Scope.for_user(fworld.outsider), now=NOW)
    assert _rows(outsider) == {"Phường Phù Vân": PHU_VAN}


def test_a_branch_volunteer_reads_their_communes_figures(fworld, march):
    progress = campaign_progress(march, Scope.for_user(fworld.volunteer), now=NOW)
    assert _rows(progress) == {"Phường Phủ Lý": PHU_LY}


def test_volunteer_turns_is_one_reusable_count(fworld, march):
    ids = [fworld.commune.pk, fworld.other_commune.pk]
    assert volunteer_turns(starts_on=MARCH[0], ends_on=MARCH[1], commune_ids=ids, campaign=march, now=NOW) == {
        fworld.commune.pk: 9, fworld.other_commune.pk: 2}
    # Without the campaign, work B (finished in February) is not in March; with every unit, the service point is.
    assert volunteer_turns(starts_on=MARCH[0], ends_on=MARCH[1], include_unassigned=True, now=NOW) == {
        fworld.commune.pk: 8, fworld.other_commune.pk: 2, None: 1}
    assert volunteer_turns(starts_on=MARCH[0], ends_on=MARCH[1], within=fworld.commune.path, now=NOW) == {
        fworld.commune.pk: 8}


def test_held_classes_and_actuals_for_any_period(fworld, march):
    held = held_classes(starts_on=MARCH[0], ends_on=MARCH[1], now=NOW)
    assert held.filter(commune=fworld.commune).count() == 2
    # On 30 March the class of the 25th has taken place (scheduled, started, not cancelled).
    later = local(2026, 3, 30)
    assert held_classes(starts_on=MARCH[0], ends_on=MARCH[1], now=later).filter(commune=fworld.commune).count() == 3
    april = actuals(starts_on=dt.date(2026, 4, 1), ends_on=dt.date(2026, 4, 30), now=later)
    # Work C, the record of 1 April 00:10 and the class held on 5 April, each with one volunteer.
    assert april == {fworld.commune.pk: {"works": 1, "value_vnd": 9_000_000, "citizens_supported": 50, "classes": 1,
                                         "attendees": 9, "volunteer_turns": 3}}


def test_progress_takes_the_same_number_of_queries_for_2_or_12_communes(fworld, march):
    scope = Scope.for_user(fworld.province_admin)
    with CaptureQueriesContext(connection) as two:
        campaign_progress(march, scope, now=NOW)
    for i in range(10):
        commune = make_unit(fworld.province, "commune", f"Xã Thử {i}", f"99{i:03d}")
        make_work(commune, value_vnd=1000, completed_on=dt.date(2026, 3, 2))
        make_record(commune, local(2026, 3, 2), people=2)
    scope = Scope.for_user(fworld.province_admin)
    with CaptureQueriesContext(connection) as twelve:
        progress = campaign_progress(march, scope, now=NOW)
    assert len(progress.rows) == 13
    assert len(twelve) == len(two) <= 12


def test_campaign_visibility_follows_the_tree(fworld):
    province_campaign = make_campaign(fworld.province, *MARCH, title="Tỉnh")
    ward_campaign = make_campaign(fworld.commune, *MARCH, title="Phủ Lý")
    other_ward_campaign = make_campaign(fworld.other_commune, *MARCH, title="Phù Vân")

    def titles(user):
        return set(visible_campaigns(Scope.for_user(user)).values_list("title", flat=True))

    assert titles(fworld.province_admin) == {"Tỉnh", "Phủ Lý", "Phù Vân"}
    assert titles(fworld.secretary) == titles(fworld.volunteer) == {"Tỉnh", "Phủ Lý"}
    assert titles(fworld.outsider) == {"Tỉnh", "Phù Vân"}
    assert running_campaign(fworld.commune, dt.date(2026, 3, 10)) == ward_campaign  # the narrowest one
    assert running_campaign(fworld.other_commune, dt.date(2026, 3, 10)) == other_ward_campaign
    assert running_campaign(fworld.commune, dt.date(2026, 5, 1)) is None
    assert province_campaign.pk


def test_others_drafts_stay_private(fworld):
    draft = make_work(fworld.commune, title="Nháp", status=S.DRAFT, created_by=fworld.team_leader)
    sent = make_work(fworld.commune, title="Đã gửi", status=S.SUBMITTED, created_by=fworld.team_leader,
                     volunteers=[fworld.volunteer_member])

    def seen(user):
        return set(visible_works(Scope.for_user(user)).values_list("title", flat=True))

    assert seen(fworld.team_leader) == {"Nháp", "Đã gửi"}
    assert seen(fworld.secretary) == seen(fworld.province_admin) == {"Đã gửi"}
    assert seen(fworld.volunteer) == {"Đã gửi"}  # on its volunteer list, though their role sits on a branch
    assert seen(fworld.outsider) == set()
    assert draft.pk and sent.pk

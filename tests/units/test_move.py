"""A unit moved in the tree: a commune merged into another province, a service point put under a
commune, a union moved to another commune. Its subtree, every copy of its paths, who sees it and
the dashboards' figures follow; a move into its own subtree is refused."""

import datetime as dt

import pytest
from django.utils.timezone import localdate as today

from tienphong.core.scope import Scope
from tienphong.campaigns.models import Campaign, CampaignTarget, YouthWork
from tienphong.core.errors import DomainError
from tienphong.core.models import AuditEntry
from tienphong.core.paths import path_columns
from tienphong.literacy.models import LiteracyClass
from tienphong.members import services as members
from tienphong.members.models import Member
from tienphong.places.models import Place
from tienphong.reports import selectors as rs
from tienphong.reports.periods import period_of
from tienphong.rollups import services as rollups
from tienphong.support.models import SupportRecord
from tienphong.teams import services as teams
from tienphong.teams.models import Team
from tienphong.units.models import OrgUnit
from tienphong.units.services import unit_move

from ..campaigns.factories import make_campaign, make_target
from ..factories import Role, UserFactory, give_role, make_unit
from ..personas import build_field_world
from ..rollups import (
    approved_work, assert_provinces_sum_their_units, assert_rebuild_matches, at, facts, held_class, log, month_start,
    stocks,
)
from ..scenes import once_per_module

K = OrgUnit.Kind


def _build_two():
    """Ninh Bình (P) with Phủ Lý (C: a desk, two teams, three members, entries, a class, a work) and
    Phù Vân (O); Hà Nam (Q) with one ward and its own entry."""
    w = build_field_world()
    C, L, V = w.commune, w.leader_member, w.volunteer_member
    rollups.rebuild()  # the factories' members and team
    w.ha_nam = make_unit(None, K.PROVINCE, "Tỉnh Hà Nam", "35")
    w.ha_nam_ward = make_unit(w.ha_nam, K.COMMUNE, "Phường Châu Sơn", "13321")
    w.ha_nam_admin = UserFactory(username="tinhdoan.hanam")
    give_role(w.ha_nam_admin, w.ha_nam, Role.PROVINCE_ADMIN)
    w.desk = make_unit(C, K.SERVICE_POINT, "Bộ phận một cửa phường Phủ Lý", "13285-PV")
    w.hcc = teams.team_create(name="Đội hình TNTN một cửa", kind=Team.Kind.VOLUNTEER, commune=C, service_point=w.desk,
                              leader=V)
    w.son = members.member_create(full_name="Đinh Văn Sơn", gender="male", branch=w.branch, digital_skill=3,
                                  is_core=True, phone="0912000222")
    w.tam = members.member_create(full_name="Ngô Thị Tâm", gender="female", branch=w.other_branch, phone="0912000333")
    campaign = make_campaign(w.province, month_start(1), month_start(0) - dt.timedelta(days=1))
    make_target(campaign, C, works=3)

    m = w.m = month_start(1)
    log(w.volunteer, unit=C.pk, team=w.team.pk, people=10, services=["vneid", "cashless"], occurred_at=at(m))
    log(w.volunteer, unit=w.desk.pk, team=w.hcc.pk, people=6, setting="service_center", occurred_at=at(m, 15))
    log(w.province_admin, unit=w.other_commune.pk, people=3, occurred_at=at(m + dt.timedelta(days=2)))
    log(w.ha_nam_admin, unit=w.ha_nam_ward.pk, people=7, occurred_at=at(m + dt.timedelta(days=3)))
    held_class(C, w.place, at(m + dt.timedelta(days=5), 8), teachers=[L], team=w.team, present=4)
    held_class(w.other_commune, w.other_place, at(m + dt.timedelta(days=5), 8), present=2)
    approved_work(w.team_leader, w.secretary, C, completed_on=m + dt.timedelta(days=1), value_vnd=20_000_000,
                  beneficiaries=50, volunteers=[L, V], team=w.team)
    approved_work(w.province_admin, w.province_admin, w.other_commune, completed_on=m + dt.timedelta(days=1),
                  value_vnd=5_000_000, beneficiaries=10)
    return w


# Built once for the module (it took most of each test's time); see tests/scenes.py.
two, _two = once_per_module(_build_two, "two")


def month(w):
    return period_of("month", w.m)


def figures(w):
    subjects = {"P": rs.subject_for(w.province), "Q": rs.subject_for(w.ha_nam), "C": rs.subject_for(w.commune)}
    return {name: rs.flows(s, month(w)) for name, s in subjects.items()}


def test_a_commune_moves_to_another_province_with_everything_under_it(two):
    w = two
    C = w.commune
    old_path = C.path
    start_facts, start_stock = facts(), stocks()
    before = figures(w)
    # By hand: Phủ Lý's month is 16 citizen-turns (10 + 6 at its desk), a class of 4, a work of 20 million
    # and 1 + 1 + 1 + 2 volunteer-turns; Ninh Bình adds Phù Vân's 3, its class of 2 and its work of 5 million.
    assert before["C"] == {"support_turns": 16, "people_reached": 20, "classes_held": 1, "class_attendees": 4,
                           "works": 1, "works_value": 20_000_000, "beneficiaries": 50, "volunteer_turns": 5, "qr_scans": 0}
    assert before["P"]["support_turns"] == 19 and before["Q"]["support_turns"] == 7
    stock_p, stock_q = rs.stock(rs.subject_for(w.province)), rs.stock(rs.subject_for(w.ha_nam))
    assert (stock_p.members, stock_p.teams_total, stock_p.communes, stock_p.communes_covered) == (4, 2, 2, 1)
    assert (stock_q.members, stock_q.teams_total, stock_q.communes, stock_q.communes_covered) == (0, 0, 1, 0)

    unit_move(unit=C, new_parent=w.ha_nam)

    # The tree.
    for u in (C, w.grassroots, w.branch, w.desk):
        u.refresh_from_db()
    new_path = f"{w.ha_nam.path}{C.pk}/"
    assert (C.path, C.depth, C.parent, C.commune) == (new_path, 1, w.ha_nam, C)
    assert w.grassroots.path == f"{new_path}{w.grassroots.pk}/" and w.grassroots.depth == 2
    assert w.branch.path == f"{w.grassroots.path}{w.branch.pk}/" and w.branch.depth == 3
    assert w.desk.path == f"{new_path}{w.desk.pk}/" and w.desk.commune == C
    assert not OrgUnit.objects.filter(path__startswith=old_path).exists()
    moved = AuditEntry.objects.filter(content_type__model="orgunit", object_pk=str(C.pk)).order_by("-pk").first()
    assert moved.changes_dict["parent"][1] == str(w.ha_nam) and moved.unit_path == new_path

    # Every copy of the paths, and nothing left at the old ones.
    for model, field, _commune in path_columns():
        assert not model.objects.filter(**{f"{field}__startswith": old_path}).exists(), model
    under = {"path__startswith": new_path}
    assert Member.objects.filter(**under).count() == 3
    assert Team.objects.filter(**under).count() == 2
    assert SupportRecord.objects.filter(**under).count() == 2
    assert LiteracyClass.objects.filter(**under).count() == 1
    assert YouthWork.objects.filter(**under).count() == 1
    assert Place.objects.filter(**under).count() == 1
    assert CampaignTarget.objects.filter(**under).count() == 1
    assert Campaign.objects.get().path == w.province.path  # run by Ninh Bình, which did not move
    assert AuditEntry.objects.filter(unit_path__startswith=new_path).exists()
    assert Member.objects.get(pk=w.son.pk).commune_id == C.pk

    # Who sees it: the old province no longer, the new one and the commune's own officers yes.
    def seen_by(user, model=Member):
        return set(model.objects.filter(Scope.for_user(user).q()).values_list("pk", flat=True))

    phu_ly = {w.leader_member.pk, w.volunteer_member.pk, w.son.pk}
    assert seen_by(w.province_admin) == {w.tam.pk}
    assert seen_by(w.ha_nam_admin) == phu_ly
    assert seen_by(w.secretary) == phu_ly
    assert len(seen_by(w.ha_nam_admin, SupportRecord)) == 3 and len(seen_by(w.province_admin, SupportRecord)) == 1
    assert not AuditEntry.objects.filter(Scope.for_user(w.province_admin).q("unit_path"),
                                         unit_path__startswith=new_path).exists()

    # The dashboards: Phủ Lý's month left Ninh Bình and joined Hà Nam, exactly.
    after = figures(w)
    assert after["C"] == before["C"]
    assert after["P"] == {k: before["P"][k] - before["C"][k] for k in before["P"]}
    assert after["Q"] == {k: before["Q"][k] + before["C"][k] for k in before["Q"]}
    assert after["P"]["support_turns"] == 3 and after["Q"]["support_turns"] == 23
    stock_p, stock_q = rs.stock(rs.subject_for(w.province)), rs.stock(rs.subject_for(w.ha_nam))
    assert (stock_p.members, stock_p.teams, stock_p.communes, stock_p.communes_covered) == (1, {}, 1, 0)
    assert (stock_q.members, stock_q.core_members, stock_q.by_skill) == (3, 1, {1: 2, 3: 1})
    assert stock_q.teams == {"community_tech": 1, "volunteer": 1}
    assert (stock_q.communes, stock_q.communes_covered) == (2, 1)
    rows = {r.unit: r.values["support_turns"] for r in rs.children(rs.subject_for(w.ha_nam), month(w), today())}
    assert rows == {C: 16, w.ha_nam_ward: 7}  # its desk still folded into it
    assert_provinces_sum_their_units()
    assert_rebuild_matches()

    # And back: every figure as it was.
    unit_move(unit=C, new_parent=w.province)
    C.refresh_from_db()
    assert C.path == old_path
    assert facts() == start_facts and stocks() == start_stock


def test_new_records_after_the_move_count_in_the_new_province(two):
    w = two
    unit_move(unit=w.commune, new_parent=w.ha_nam)
    day = w.m + dt.timedelta(days=9)
    log(w.volunteer, unit=w.commune.pk, team=w.team.pk, people=5, occurred_at=at(day))
    members.member_create(full_name="Hà Thị Lụa", gender="female", branch=w.branch)
    assert rs.flows(rs.subject_for(w.ha_nam), month(w))["support_turns"] == 7 + 16 + 5
    assert rs.stock(rs.subject_for(w.ha_nam)).members == 4
    assert_provinces_sum_their_units()
    assert_rebuild_matches()


def test_a_service_point_moves_under_a_commune(two):
    w = two
    point = w.service_point  # the province's own centre, under Ninh Bình itself
    record = log(w.province_admin, unit=point.pk, people=2, setting="service_center",
                 occurred_at=at(w.m + dt.timedelta(days=4)))
    assert record.commune is None
    start = facts()
    before = {r.unit: r.values["support_turns"] for r in rs.children(rs.subject_for(w.province), month(w), today())}
    # The province's own service point is a row of its own, listed apart from the communes (issue 12).
    assert before == {w.commune: 16, w.other_commune: 3, point: 2}

    unit_move(unit=point, new_parent=w.other_commune)

    point.refresh_from_db()
    record.refresh_from_db()
    assert (point.commune, point.depth, point.path) == (w.other_commune, 2, f"{w.other_commune.path}{point.pk}/")
    assert (record.commune, record.path) == (w.other_commune, point.path)
    # Same province: no figure moves; the centre's entry now counts in Phù Vân's row.
    assert facts() == start
    after = {r.unit: r.values["support_turns"] for r in rs.children(rs.subject_for(w.province), month(w), today())}
    assert after == {w.commune: 16, w.other_commune: 3 + 2}
    assert rs.flows(rs.subject_for(w.other_commune), month(w))["support_turns"] == 5
    assert_rebuild_matches()


def test_a_union_moves_to_another_commune_with_its_members(two):
    w = two
    unit_move(unit=w.grassroots, new_parent=w.other_commune)
    w.branch.refresh_from_db()
    assert w.branch.commune == w.other_commune and w.branch.path.startswith(w.other_commune.path)
    assert set(Member.objects.filter(commune=w.other_commune).values_list("pk", flat=True)) == {
        w.leader_member.pk, w.volunteer_member.pk, w.son.pk, w.tam.pk}
    assert rs.stock(rs.subject_for(w.commune)).members == 0
    assert rs.stock(rs.subject_for(w.other_commune)).members == 4
    assert rs.stock(rs.subject_for(w.province)).members == 4
    assert_provinces_sum_their_units()
    assert_rebuild_matches()


def test_a_move_that_would_put_two_members_on_one_phone_is_refused(two):
    w = two
    members.member_update(member=w.tam, phone="0912000222")  # Sơn's number, in the other commune
    old = w.grassroots.path
    with pytest.raises(DomainError) as e:
        unit_move(unit=w.grassroots, new_parent=w.other_commune)
    assert e.value.code == "unit_move_conflict"
    w.grassroots.refresh_from_db()
    assert w.grassroots.path == old and Member.objects.get(pk=w.son.pk).commune == w.commune


@pytest.mark.parametrize("unit, parent, code", [
    ("commune", "grassroots", "unit_move_into_itself"),
    ("commune", "commune", "unit_move_into_itself"),
    ("grassroots", "branch", "unit_move_into_itself"),
    ("commune", "other_commune", "unit_bad_parent"),
    ("branch", "province", "unit_bad_parent"),
    ("province", "ha_nam", "unit_move_province"),
])
def test_a_move_into_its_own_subtree_or_to_a_wrong_level_is_refused(two, unit, parent, code):
    w = two
    unit, parent = getattr(w, unit), getattr(w, parent)
    paths = dict(OrgUnit.objects.values_list("pk", "path"))
    start = facts()
    with pytest.raises(DomainError) as e:
        unit_move(unit=unit, new_parent=parent)
    assert e.value.code == code
    assert str(e.value)  # a message for the officer, not just a code
    assert dict(OrgUnit.objects.values_list("pk", "path")) == paths and facts() == start


def test_moving_to_the_same_parent_changes_nothing(two):
    w = two
    start, paths = facts(), dict(OrgUnit.objects.values_list("pk", "path"))
    unit_move(unit=w.commune, new_parent=w.province)
    assert facts() == start and dict(OrgUnit.objects.values_list("pk", "path")) == paths

"""Administering the union tree: create, rename, move, merge, deactivate and reactivate grassroots unions,
branches and service points (services: each rule and refusal), the tree pages per role (an outsider gets
404 on every address), and the audit entries every change leaves."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from tienphong.core.errors import DomainError
from tienphong.core.models import AuditEntry
from tienphong.members.models import Member
from tienphong.support.models import SupportRecord
from tienphong.units import services
from tienphong.units.models import OrgUnit

from ..factories import MemberFactory, make_unit

K = OrgUnit.Kind
B = OrgUnit.BranchType


def entries(unit):
    return AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(OrgUnit), object_id=unit.pk)


def refused(expected, fn, **kwargs):
    with pytest.raises(DomainError) as e:
        fn(**kwargs)
    assert e.value.code == expected, e.value.message
    return e.value.message


# --- services -----------------------------------------------------------------------------------------

def test_add_makes_a_code_needs_a_branch_type_and_a_union_kind(world):
    g = services.unit_add(parent=world.commune, kind=K.GRASSROOTS, name="  Đoàn cơ sở  Trường THPT A ")
    assert (g.name, g.code, g.commune_id, g.path) == ("Đoàn cơ sở Trường THPT A", "13285-02", world.commune.pk,
                                                      f"{world.commune.path}{g.pk}/")
    b = services.unit_add(parent=g, kind=K.BRANCH, name="Chi đoàn 10A1", branch_type=B.SCHOOL)
    assert (b.code, b.branch_type) == ("13285-02-01", "school")
    sp = services.unit_add(parent=world.commune, kind=K.SERVICE_POINT, name="Bộ phận một cửa", code="PL-1C")
    assert sp.code == "PL-1C"
    assert services.next_code(world.commune, K.SERVICE_POINT) == "13285-DV02"  # one is there already
    # The create entry is filed under the unit's real path, so the commune's trail shows it.
    assert entries(b).get(action=AuditEntry.Action.CREATE).unit_path == b.path
    assert "loại chi đoàn" in refused("unit_branch_type_missing", services.unit_add, parent=g, kind=K.BRANCH,
                                      name="Chi đoàn 10A2").lower()
    refused("unit_branch_type_not_branch", services.unit_add, parent=world.commune, kind=K.GRASSROOTS, name="X",
            branch_type=B.RURAL)
    refused("unit_kind_not_allowed", services.unit_add, parent=world.province, kind=K.COMMUNE, name="Xã Mới")
    refused("unit_bad_parent", services.unit_add, parent=world.commune, kind=K.BRANCH, name="Chi đoàn lạc",
            branch_type=B.RURAL)
    refused("unit_code_taken", services.unit_add, parent=g, kind=K.BRANCH, name="Y", code="13285-02-01",
            branch_type=B.OTHER)
    refused("unit_name_missing", services.unit_add, parent=g, kind=K.BRANCH, name="  ", branch_type=B.OTHER)
    refused("unit_position_half", services.unit_add, parent=g, kind=K.BRANCH, name="Z", branch_type=B.OTHER,
            latitude=20.5)
    refused("unit_position_range", services.unit_add, parent=g, kind=K.BRANCH, name="Z", branch_type=B.OTHER,
            latitude=120, longitude=105)


def test_rename_changes_name_code_type_and_position_audited(world):
    b = world.branch
    services.unit_rename(unit=b, name="Chi đoàn Tổ dân phố Một", code="PL-TDP1", branch_type=B.RURAL,
                         latitude=20.54, longitude=105.92)
    b.refresh_from_db()
    assert (b.name, b.code, b.branch_type, b.latitude) == ("Chi đoàn Tổ dân phố Một", "PL-TDP1", "rural", 20.54)
    assert " mot" in b.search_text  # found without diacritics
    entry = entries(b).filter(action=AuditEntry.Action.UPDATE).latest("timestamp")
    assert entry.unit_path == b.path and entry.changes["name"][1] == "Chi đoàn Tổ dân phố Một"
    assert entry.changes["branch_type"] == ["", "rural"]
    refused("unit_code_taken", services.unit_rename, unit=b, name="X", code="13291-01-01", branch_type=B.RURAL)
    refused("unit_code_missing", services.unit_rename, unit=b, name="X", code=" ", branch_type=B.RURAL)
    refused("unit_branch_type_missing", services.unit_rename, unit=b, name="X", code="PL-TDP1")
    msg = refused("unit_not_union_own", services.unit_rename, unit=world.commune, name="Phường Mới", code="13285")
    assert "Phường Phủ Lý" in msg


def test_deactivate_is_refused_while_members_or_units_are_in_it_and_says_how_many(world):
    for _ in range(2):
        MemberFactory(branch=world.branch)
    MemberFactory(branch=world.branch, status=Member.Status.LEFT)  # history: does not hold it
    msg = refused("unit_not_empty", services.unit_deactivate, unit=world.grassroots)
    assert "2 đoàn viên" in msg and "1 đơn vị" in msg
    msg = refused("unit_not_empty", services.unit_deactivate, unit=world.branch)
    assert "2 đoàn viên" in msg and "đang hoạt động" not in msg.split(":")[1]
    refused("unit_not_union_own", services.unit_deactivate, unit=world.commune)
    empty = make_unit(world.grassroots, K.BRANCH, "Chi đoàn trống", "13285-01-09")
    services.unit_deactivate(unit=empty)
    empty.refresh_from_db()
    assert not empty.active and OrgUnit.objects.filter(pk=empty.pk).exists()
    assert [str(v) for v in entries(empty).latest("timestamp").changes["active"]] == ["True", "False"]
    refused("unit_inactive", services.unit_deactivate, unit=empty)
    services.unit_reactivate(unit=empty)
    empty.refresh_from_db()
    assert empty.active
    refused("unit_active", services.unit_reactivate, unit=empty)


def test_nothing_is_added_under_nor_reactivated_below_a_deactivated_unit(world):
    g = make_unit(world.commune, K.GRASSROOTS, "Đoàn cơ sở tạm", "13285-05")
    b = make_unit(g, K.BRANCH, "Chi đoàn tạm", "13285-05-01")
    services.unit_deactivate(unit=b)
    services.unit_deactivate(unit=g)
    refused("unit_parent_inactive", services.unit_add, parent=g, kind=K.BRANCH, name="X", branch_type=B.RURAL)
    msg = refused("unit_parent_inactive", services.unit_reactivate, unit=b)
    assert "Đoàn cơ sở tạm" in msg


def test_merge_moves_children_members_and_records_then_deactivates(world):
    # Two grassroots unions of Phủ Lý: A (with a branch, two members and a support record) into B.
    a = make_unit(world.commune, K.GRASSROOTS, "Đoàn cơ sở A", "13285-0A")
    a_branch = make_unit(a, K.BRANCH, "Chi đoàn A1", "13285-0A-01", branch_type=B.RURAL)
    members = [MemberFactory(branch=a_branch) for _ in range(2)]
    b = world.grassroots
    assert services.merge_summary(a) == {"units": 1, "members": 2}
    services.unit_merge(unit=a, into=b)
    a.refresh_from_db()
    a_branch.refresh_from_db()
    assert not a.active and a_branch.parent_id == b.pk and a_branch.path == f"{b.path}{a_branch.pk}/"
    for m in members:
        m.refresh_from_db()
        assert m.path == a_branch.path and m.branch_id == a_branch.pk
    assert services.members_still_in(b) == 2 and services.members_still_in(a) == 0
    merge = entries(a).filter(changes__has_key="sáp nhập vào").get()
    assert merge.unit_path == a.path and "Đoàn cơ sở phường Phủ Lý" in merge.changes["sáp nhập vào"][1]
    assert merge.changes["đoàn viên chuyển đi"] == ["", "2"]
    # A's own history stays with it.
    assert entries(a).filter(unit_path=a.path).count() >= 3


def test_merging_branches_moves_their_members_and_service_points_their_records(world):
    a = make_unit(world.grassroots, K.BRANCH, "Chi đoàn cũ", "13285-01-07", branch_type=B.RURAL)
    m = MemberFactory(branch=a)
    services.unit_merge(unit=a, into=world.branch)
    m.refresh_from_db()
    assert (m.branch_id, m.path) == (world.branch.pk, world.branch.path)
    sp_a = make_unit(world.commune, K.SERVICE_POINT, "Điểm cũ", "13285-DV07")
    sp_b = make_unit(world.commune, K.SERVICE_POINT, "Điểm mới", "13285-DV08")
    rec = SupportRecord.objects.create(unit=sp_a, commune=world.commune, path=sp_a.path, people=3,
                                       occurred_at=timezone.now(), created_by=world.secretary)
    services.unit_merge(unit=sp_a, into=sp_b)
    rec.refresh_from_db()
    assert (rec.unit_id, rec.path) == (sp_b.pk, sp_b.path)


def test_roles_on_a_merged_unit_follow_it(world):
    from tienphong.accounts.models import RoleAssignment

    from ..factories import Role, UserFactory, give_role

    a = make_unit(world.grassroots, K.BRANCH, "Chi đoàn sáp nhập", "13285-01-06", branch_type=B.RURAL)
    give_role(world.volunteer, a, Role.VOLUNTEER)  # already a volunteer of the other branch: dropped
    leader = UserFactory(username="totruong.a")
    give_role(leader, a, Role.TEAM_LEADER)
    services.unit_merge(unit=a, into=world.branch)
    assert not RoleAssignment.objects.filter(unit=a).exists()
    assert RoleAssignment.objects.filter(user=world.volunteer, unit=world.branch, role=Role.VOLUNTEER).count() == 1
    moved = RoleAssignment.objects.get(user=leader)
    assert moved.unit == world.branch
    assert AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(RoleAssignment),
                                     object_id=moved.pk, action=AuditEntry.Action.UPDATE).exists()


def test_merge_refusals(world):
    refused("unit_merge_kind", services.unit_merge, unit=world.branch, into=world.grassroots)
    refused("unit_merge_itself", services.unit_merge, unit=world.branch, into=world.branch)
    refused("unit_not_union_own", services.unit_merge, unit=world.commune, into=world.other_commune)
    gone = make_unit(world.grassroots, K.BRANCH, "Chi đoàn đã giải thể", "13285-01-08")
    services.unit_deactivate(unit=gone)
    refused("unit_inactive", services.unit_merge, unit=world.branch, into=gone)


def test_admin_rows_is_public_and_setup_uses_it():
    from tienphong.accounts.services import province_find

    assert any(r["provinceCode"] == "37" for r in services.admin_rows())
    assert province_find("ninh binh")[0] == "37"


# --- pages, per role ----------------------------------------------------------------------------------

UNIT_PAGES = ["tree_unit", "tree_unit_move", "tree_unit_merge", "tree_unit_active"]


def test_secretary_sees_and_changes_their_commune_only(world, client_for):
    c = client_for(world.secretary)
    html = c.get(reverse("tree")).content.decode()
    assert "Chi đoàn Tổ dân phố 1" in html and "Chi đoàn Thôn Kim Lũ" not in html
    assert c.get(reverse("tree"), {"q": "to dan pho"}).context["rows"][0]["unit"] == world.branch
    [row] = [r for r in c.get(reverse("tree")).context["rows"] if r["unit"] == world.commune]
    assert not row["editable"] and row["can_add"]  # the commune itself: add under it, never change it
    MemberFactory(branch=world.branch)
    rows = {r["unit"].pk: r["members"] for r in c.get(reverse("tree")).context["rows"]}
    assert rows[world.branch.pk] == rows[world.grassroots.pk] == rows[world.commune.pk] == 1
    # Create: under the commune, a branch type required for a branch, code made when blank.
    r = c.post(reverse("tree_unit_new"), {"parent": world.commune.pk, "kind": K.GRASSROOTS,
                                          "name": "Đoàn cơ sở Trường THCS Lê Lợi"})
    g = OrgUnit.objects.get(name="Đoàn cơ sở Trường THCS Lê Lợi")
    assert r.status_code == 302 and g.code == "13285-02" and g.parent == world.commune
    r = c.post(reverse("tree_unit_new"), {"parent": g.pk, "kind": K.BRANCH, "name": "Chi đoàn 9A"})
    assert r.status_code == 200 and "branch_type" in r.context["form"].errors
    c.post(reverse("tree_unit_new"), {"parent": g.pk, "kind": K.BRANCH, "name": "Chi đoàn 9A", "branch_type": "school"})
    b = OrgUnit.objects.get(name="Chi đoàn 9A")
    assert b.branch_type == "school" and b.code == "13285-02-01"
    assert "Thôn Kim Lũ" not in str(c.get(reverse("tree_unit_new")).context["form"]["parent"])
    # Not under the other ward: not even the form.
    r = c.post(reverse("tree_unit_new"), {"parent": world.other_commune.pk, "kind": K.GRASSROOTS, "name": "Lạc"})
    assert r.status_code == 200 and "parent" in r.context["form"].errors
    assert c.get(reverse("tree_unit_new"), {"parent": world.other_commune.pk}).status_code == 404
    # Rename, move, merge, deactivate.
    r = c.post(reverse("tree_unit", args=[b.pk]), {"name": "Chi đoàn 9A1", "code": b.code, "branch_type": "school"})
    assert r.status_code == 302
    b.refresh_from_db()
    assert b.name == "Chi đoàn 9A1"
    assert entries(b).latest("timestamp").actor == world.secretary
    r = c.post(reverse("tree_unit_move", args=[b.pk]), {"new_parent": world.grassroots.pk})
    b.refresh_from_db()
    assert r.status_code == 302 and b.parent == world.grassroots
    r = c.post(reverse("tree_unit_move", args=[b.pk]), {"new_parent": world.other_branch.parent_id})
    assert r.status_code == 200 and "new_parent" in r.context["form"].errors
    r = c.post(reverse("tree_unit_merge", args=[g.pk]), {"into": world.grassroots.pk})
    assert r.status_code == 200 and r.context["confirm"]["into"] == world.grassroots  # asks first
    assert OrgUnit.objects.get(pk=g.pk).active
    r = c.post(reverse("tree_unit_merge", args=[g.pk]), {"into": world.grassroots.pk, "confirm": "1"})
    assert r.status_code == 302 and not OrgUnit.objects.get(pk=g.pk).active
    html = c.get(reverse("tree_unit_active", args=[world.grassroots.pk])).content.decode()
    assert "1 đoàn viên" in html and "đang hoạt động" in html  # still in it: the page says so, no button
    html = c.get(reverse("tree_unit_active", args=[world.branch.pk])).content.decode()
    assert "Vẫn còn 1 đoàn viên" in html and "Vẫn còn 0" not in html and "Đồng ý ngừng hoạt động" not in html
    c.post(reverse("tree_unit_active", args=[world.grassroots.pk]))
    assert OrgUnit.objects.get(pk=world.grassroots.pk).active
    assert c.get(reverse("tree_unit_active", args=[b.pk])).status_code == 200
    r = c.post(reverse("tree_unit_active", args=[b.pk]), follow=True)
    assert not OrgUnit.objects.get(pk=b.pk).active
    c.post(reverse("tree_unit_active", args=[b.pk]))
    assert OrgUnit.objects.get(pk=b.pk).active
    # The commune itself and the other ward's units: 404 on every page.
    for unit in (world.commune, world.other_branch, world.province):
        for name in UNIT_PAGES:
            assert c.get(reverse(name, args=[unit.pk])).status_code == 404, (unit, name)
            assert c.post(reverse(name, args=[unit.pk]), {"name": "X"}).status_code == 404, (unit, name)


def test_province_admin_manages_the_whole_province(world, client_for):
    c = client_for(world.province_admin)
    html = c.get(reverse("tree")).content.decode()
    assert "Chi đoàn Tổ dân phố 1" in html and "Chi đoàn Thôn Kim Lũ" in html
    r = c.get(reverse("tree"), {"commune": world.other_commune.pk})
    assert {row["unit"].commune_id for row in r.context["rows"]} == {world.other_commune.pk}
    r = c.post(reverse("tree_unit_move", args=[world.branch.pk]), {"new_parent": world.other_branch.parent_id})
    world.branch.refresh_from_db()
    assert r.status_code == 302 and world.branch.commune == world.other_commune
    moved = entries(world.branch).latest("timestamp")  # the move: one entry, filed where the unit now is
    assert "parent" in moved.changes and moved.unit_path == world.branch.path and moved.actor == world.province_admin
    c.post(reverse("tree_unit_new"), {"parent": world.province.pk, "kind": K.SERVICE_POINT, "name": "Điểm tỉnh 2"})
    assert OrgUnit.objects.get(name="Điểm tỉnh 2").code == "37-DV02"
    for name in UNIT_PAGES:  # communes come from the official list
        assert c.get(reverse(name, args=[world.commune.pk])).status_code == 404


@pytest.mark.parametrize("who", ["team_leader", "volunteer"])
def test_team_leaders_and_volunteers_get_404_everywhere(world, client_for, who):
    c = client_for(getattr(world, who))
    assert c.get(reverse("tree")).status_code == 404
    assert c.get(reverse("tree_unit_new")).status_code == 404
    assert c.post(reverse("tree_unit_new"), {"parent": world.commune.pk, "kind": K.GRASSROOTS,
                                             "name": "X"}).status_code == 404
    for name in UNIT_PAGES:
        assert c.get(reverse(name, args=[world.branch.pk])).status_code == 404
        assert c.post(reverse(name, args=[world.branch.pk])).status_code == 404
    assert OrgUnit.objects.get(pk=world.branch.pk).active


def test_the_other_wards_secretary_gets_404_for_each_address(world, client_for):
    c = client_for(world.outsider)
    assert "Chi đoàn Tổ dân phố 1" not in c.get(reverse("tree")).content.decode()
    for unit in (world.grassroots, world.branch):
        for name in UNIT_PAGES:
            assert c.get(reverse(name, args=[unit.pk])).status_code == 404
            assert c.post(reverse(name, args=[unit.pk]), {"into": world.other_branch.pk, "confirm": "1",
                                                          "new_parent": world.other_branch.parent_id,
                                                          "name": "X", "code": "X"}).status_code == 404
    assert c.get(reverse("tree_unit_new"), {"parent": world.commune.pk}).status_code == 404
    r = c.post(reverse("tree_unit_merge", args=[world.other_branch.pk]), {"into": world.branch.pk, "confirm": "1"})
    assert r.status_code == 200 and "into" in r.context["form"].errors
    world.branch.refresh_from_db()
    assert world.branch.active and world.branch.name == "Chi đoàn Tổ dân phố 1"


def test_anonymous_is_sent_to_login(client, world):
    assert client.get(reverse("tree")).status_code == 302


def test_the_dashboards_figures_follow_a_merge(fworld):
    """What the merged unit's records added to the figures is the other unit's now, as a recount says."""
    from tienphong.rollups import services as rollups
    from tienphong.rollups.models import Fact

    from ..rollups import assert_rebuild_matches, log

    rollups.rebuild()
    a = make_unit(fworld.commune, K.SERVICE_POINT, "Điểm A", "13285-DV07")
    b = make_unit(fworld.commune, K.SERVICE_POINT, "Điểm B", "13285-DV08")
    log(fworld.secretary, unit=a.pk, people=3)
    log(fworld.secretary, unit=b.pk, people=2)
    services.unit_merge(unit=a, into=b)
    total = Fact.objects.get(unit=b, level="u", grain="d", indicator="support_turns", dim="")
    assert total.value == 5 and not Fact.objects.filter(unit=a).exists()
    # A union of the other ward, members and all, merged into Phủ Lý's: the wards' counts follow.
    other = make_unit(fworld.other_commune, K.GRASSROOTS, "Đoàn cơ sở cũ", "13291-09")
    MemberFactory(branch=make_unit(other, K.BRANCH, "Chi đoàn cũ", "13291-09-01", branch_type=B.RURAL))
    rollups.rebuild()
    services.unit_merge(unit=other, into=fworld.grassroots)
    assert_rebuild_matches()

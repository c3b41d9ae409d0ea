from django.urls import reverse

from tienphong.core.models import AuditEntry
from tienphong.core.selectors import audit_for_object
from tienphong.members.models import Member

from ..factories import MemberFactory
from ..personas import build_world
from ..scenes import once_per_module

# Built once for the module instead of once per test; see tests/scenes.py.
world, _world = once_per_module(build_world, "world")


def _names(response):
    return [m.full_name for m in response.context["page"].object_list]


def test_search_ignores_diacritics_and_case(world, client_for):
    for name in ["Nguyễn Văn An", "Nguyễn Văn Anh", "Trần Thị Bích Ngọc", "Đặng Đức An"]:
        MemberFactory(full_name=name, branch=world.branch)
    client = client_for(world.secretary)
    assert _names(client.get(reverse("member_list"), {"q": "nguyen van a"})) == ["Nguyễn Văn An", "Nguyễn Văn Anh"]
    # Words match at their start: "an" is not found inside "Văn" or "Lan".
    assert _names(client.get(reverse("member_list"), {"q": "an"})) == ["Đặng Đức An", "Nguyễn Văn An", "Nguyễn Văn Anh"]
    assert _names(client.get(reverse("member_list"), {"q": "NGOC"})) == ["Trần Thị Bích Ngọc"]
    assert _names(client.get(reverse("member_list"), {"q": "dang duc"})) == ["Đặng Đức An"]
    assert _names(client.get(reverse("member_list"), {"q": "Đặng"})) == ["Đặng Đức An"]


def test_list_is_in_vietnamese_name_order_and_paginated(world, client_for):
    for i in range(55):
        MemberFactory(full_name=f"Nguyễn Văn Bình {i:02d}", branch=world.branch)
    MemberFactory(full_name="Trần Thị An", branch=world.branch)
    MemberFactory(full_name="Lê Văn An", branch=world.branch)
    client = client_for(world.secretary)
    page1 = client.get(reverse("member_list"))
    # Given name first: both "An" before every "Bình"; then family name: Lê before Trần.
    assert _names(page1)[:2] == ["Lê Văn An", "Trần Thị An"]
    assert len(_names(page1)) == 25 and page1.context["page"].paginator.count == 57
    page3 = client.get(reverse("member_list"), {"page": 3})
    assert len(_names(page3)) == 7


def test_filters(world, client_for):
    MemberFactory(full_name="Hoàng Văn Core", branch=world.branch, is_core=True, digital_skill=4, gender="male")
    MemberFactory(full_name="Hoàng Thị Moved", branch=world.branch, status=Member.Status.MOVED, gender="female")
    client = client_for(world.secretary)
    assert _names(client.get(reverse("member_list"), {"core": "1"})) == ["Hoàng Văn Core"]
    assert _names(client.get(reverse("member_list"), {"skill": "4"})) == ["Hoàng Văn Core"]
    assert _names(client.get(reverse("member_list"), {"status": "moved"})) == ["Hoàng Thị Moved"]
    assert _names(client.get(reverse("member_list"), {"branch": world.branch.pk, "gender": "female"})) == ["Hoàng Thị Moved"]


def test_unit_filter_outside_scope_is_404(world, client_for):
    response = client_for(world.secretary).get(reverse("member_list"), {"unit": world.other_commune.pk})
    assert response.status_code == 404


def test_create_edit_delete_through_pages(world, client_for):
    client = client_for(world.secretary)
    response = client.post(reverse("member_create"), {
        "full_name": "Bùi Thị Hoa", "gender": "female", "birth_date": "2001-03-15", "phone": "0987 654 321",
        "email": "", "branch": world.branch.pk, "joined_on": "2016-03-26", "status": "active",
        "digital_skill": 2})
    member = Member.objects.get(full_name="Bùi Thị Hoa")
    assert response.status_code == 302 and response["Location"] == reverse("member_detail", args=[member.pk])
    assert member.phone == "0987654321"
    detail = client.get(reverse("member_detail", args=[member.pk])).content.decode()
    assert "15/03/2001" in detail  # dd/mm/yyyy

    response = client.post(reverse("member_edit", args=[member.pk]), {
        "full_name": "Bùi Thị Hoa", "gender": "female", "birth_date": "15/03/2001", "phone": "0987654321",
        "branch": world.branch.pk, "status": "active", "digital_skill": 3, "is_core": "on"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.digital_skill == 3 and member.is_core
    entries = audit_for_object(member).order_by("timestamp", "id")
    assert [e.action for e in entries] == [AuditEntry.Action.CREATE, AuditEntry.Action.UPDATE]
    assert all(e.actor == world.secretary for e in entries)

    response = client.post(reverse("member_delete", args=[member.pk]))
    assert response.status_code == 302 and not Member.objects.filter(pk=member.pk).exists()


def test_form_errors_are_shown_and_nothing_saved(world, client_for):
    MemberFactory(full_name="Đã Có", branch=world.branch, phone="0911111111")
    client = client_for(world.secretary)
    response = client.post(reverse("member_create"), {
        "full_name": "Người Mới", "gender": "male", "phone": "0911111111", "branch": world.branch.pk,
        "status": "active", "digital_skill": 1})
    assert response.status_code == 200
    assert response.context["form"].errors["phone"]
    assert not Member.objects.filter(full_name="Người Mới").exists()


def test_secretary_cannot_put_a_member_in_another_commune(world, client_for):
    client = client_for(world.secretary)
    response = client.post(reverse("member_create"), {
        "full_name": "Lạc Chỗ", "gender": "male", "branch": world.other_branch.pk, "status": "active",
        "digital_skill": 1})
    assert response.status_code == 200 and "branch" in response.context["form"].errors
    assert not Member.objects.filter(full_name="Lạc Chỗ").exists()

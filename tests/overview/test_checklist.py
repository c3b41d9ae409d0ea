"""A fresh province's admin sees a short checklist on the home page until each first step is done."""

from django.urls import reverse

from tienphong.accounts.models import Role
from tienphong.units.models import OrgUnit

from ..factories import MemberFactory, UserFactory, give_role, make_unit


def steps(client):
    return [s["url"] for s in client.get(reverse("home")).context["checklist"]]


def test_each_line_disappears_when_its_step_is_done(db, client_for):
    province = make_unit(name="Tỉnh Mới", code="99")
    admin = UserFactory(username="tinhdoan.moi")
    give_role(admin, province, Role.PROVINCE_ADMIN)
    client = client_for(admin)
    html = client.get(reverse("home")).content.decode()
    assert "Bắt đầu sử dụng" in html and f'href="{reverse("member_import")}"' in html
    assert steps(client) == [reverse("tree"), reverse("user_create"), reverse("member_import")]
    commune = make_unit(province, OrgUnit.Kind.COMMUNE, name="Xã Một", code="99001")
    assert steps(client) == [reverse("tree"), reverse("user_create"), reverse("member_import")]
    give_role(UserFactory(username="bithu.mot"), commune, Role.COMMUNE_SECRETARY)
    assert steps(client) == [reverse("tree"), reverse("member_import")]
    grassroots = make_unit(commune, OrgUnit.Kind.GRASSROOTS, name="Đoàn cơ sở xã Một", code="99001-01")
    branch = make_unit(grassroots, name="Chi đoàn Một")
    assert steps(client) == [reverse("member_import")]
    assert client.get(reverse("tree")).status_code == 200  # the step's link works for the admin
    MemberFactory(full_name="Nguyễn Văn Một", branch=branch)
    assert steps(client) == []
    assert "Bắt đầu sử dụng" not in client.get(reverse("home")).content.decode()


def test_not_shown_to_a_secretary_nor_once_all_is_done(world, client_for):
    assert client_for(world.secretary).get(reverse("home")).context["checklist"] == []
    assert [s["url"] for s in client_for(world.province_admin).get(reverse("home")).context["checklist"]] == [
        reverse("member_import")]
    MemberFactory(full_name="Nguyễn Văn Một", branch=world.branch)
    assert client_for(world.province_admin).get(reverse("home")).context["checklist"] == []

"""Account management: who may create accounts and hand out which roles, where."""

import pytest
from django.urls import reverse

from tienphong.accounts.models import Role, RoleAssignment, User
from tienphong.core.selectors import audit_for_object

from ..personas import build_world
from ..scenes import once_per_module

# Built once for the module instead of once per test; see tests/scenes.py.
world, _world = once_per_module(build_world, "world")

NEW = {"username": "tnv.phuly.an", "full_name": "Nguyễn Văn An", "password": "Tinh-nguyen-2026"}


def test_secretary_creates_a_volunteer_on_a_branch(world, client_for):
    client = client_for(world.secretary)
    response = client.post(reverse("user_create"), {**NEW, "role": Role.VOLUNTEER, "unit": world.branch.pk})
    user = User.objects.get(username="tnv.phuly.an")
    assert response.status_code == 302 and response["Location"] == reverse("user_detail", args=[user.pk])
    assert user.check_password("Tinh-nguyen-2026")
    assert list(user.roles.values_list("role", "unit")) == [(Role.VOLUNTEER, world.branch.pk)]
    assert audit_for_object(user).first().actor == world.secretary


@pytest.mark.parametrize("role", [Role.PROVINCE_ADMIN, Role.COMMUNE_SECRETARY])
def test_secretary_cannot_hand_out_higher_roles(world, client_for, role):
    client = client_for(world.secretary)
    response = client.post(reverse("user_create"), {**NEW, "role": role, "unit": world.commune.pk})
    assert response.status_code == 200 and response.context["form"].errors
    assert not User.objects.filter(username="tnv.phuly.an").exists()


def test_nobody_hands_out_roles_outside_their_subtree(world, client_for):
    response = client_for(world.outsider).post(reverse("user_create"),
                                               {**NEW, "role": Role.VOLUNTEER, "unit": world.branch.pk})
    assert response.status_code == 200 and "unit" in response.context["form"].errors
    assert not User.objects.filter(username="tnv.phuly.an").exists()


def test_province_admin_makes_a_secretary(world, client_for):
    client = client_for(world.province_admin)
    client.post(reverse("user_create"), {**NEW, "username": "bithu.phuvan2", "role": Role.COMMUNE_SECRETARY,
                                         "unit": world.other_commune.pk})
    assert RoleAssignment.objects.filter(user__username="bithu.phuvan2", role=Role.COMMUNE_SECRETARY).exists()


def test_weak_password_and_taken_username_are_refused(world, client_for):
    client = client_for(world.secretary)
    response = client.post(reverse("user_create"), {**NEW, "password": "123", "role": Role.VOLUNTEER,
                                                    "unit": world.branch.pk})
    assert "password" in response.context["form"].errors
    response = client.post(reverse("user_create"), {**NEW, "username": "TNV.PHULY", "role": Role.VOLUNTEER,
                                                    "unit": world.branch.pk})
    assert "username" in response.context["form"].errors


@pytest.mark.parametrize("persona", ["team_leader", "volunteer"])
def test_team_leaders_and_volunteers_do_not_manage_accounts(world, client_for, persona):
    client = client_for(getattr(world, persona))
    assert client.get(reverse("user_list")).status_code == 404
    assert client.get(reverse("user_create")).status_code == 404


def test_outsider_neither_sees_nor_changes_an_account_of_another_commune(world, client_for):
    client = client_for(world.outsider)
    listed = [u.username for u in client.get(reverse("user_list")).context["page"].object_list]
    assert "tnv.phuly" not in listed and "bithu.phuvan" in listed
    assert client.get(reverse("user_detail", args=[world.volunteer.pk])).status_code == 404
    role = world.volunteer.roles.get()
    assert client.post(reverse("role_revoke", args=[world.volunteer.pk, role.pk])).status_code == 404
    assert client.post(reverse("user_active", args=[world.volunteer.pk]), {"active": "0"}).status_code == 404
    world.volunteer.refresh_from_db()
    assert world.volunteer.is_active and world.volunteer.roles.exists()


def test_secretary_gives_and_takes_roles_and_locks_accounts(world, client_for):
    client = client_for(world.secretary)
    client.post(reverse("user_detail", args=[world.volunteer.pk]), {"role": Role.TEAM_LEADER, "unit": world.commune.pk})
    assert world.volunteer.roles.filter(role=Role.TEAM_LEADER, unit=world.commune).exists()
    role = world.volunteer.roles.get(role=Role.VOLUNTEER)
    client.post(reverse("role_revoke", args=[world.volunteer.pk, role.pk]))
    assert not world.volunteer.roles.filter(role=Role.VOLUNTEER).exists()
    client.post(reverse("user_active", args=[world.volunteer.pk]), {"active": "0"})
    world.volunteer.refresh_from_db()
    assert not world.volunteer.is_active
    own = world.secretary.roles.get()
    client.post(reverse("role_revoke", args=[world.secretary.pk, own.pk]))
    assert world.secretary.roles.exists()  # nobody removes their own role


def test_accounts_search_ignores_diacritics(world, client_for):
    page = client_for(world.province_admin).get(reverse("user_list"), {"q": "pham thu"}).context["page"]
    assert [u.username for u in page.object_list] == ["tnv.phuly"]

"""Every scope rule, for every role, with the outsider refused."""

import pytest
from django.urls import reverse

from tienphong.core.scope import Scope
from tienphong.members.models import Member

from ..factories import MemberFactory, TeamFactory
from ..personas import build_world
from ..scenes import once_per_module

# Built once for the module instead of once per test; see tests/scenes.py.
world, _world = once_per_module(build_world, "world")


@pytest.fixture
def member(world):
    return MemberFactory(full_name="Nguyễn Văn An", branch=world.branch)


@pytest.fixture
def team(world, member):
    team = TeamFactory(commune=world.commune, leader=member)
    team.memberships.create(member=member)
    return team


def test_scope_reaches_the_subtree(world):
    admin = Scope.for_user(world.province_admin)
    secretary = Scope.for_user(world.secretary)
    outsider = Scope.for_user(world.outsider)
    assert admin.allows(world.other_branch.path)
    assert secretary.allows(world.branch.path) and not secretary.allows(world.other_branch.path)
    assert outsider.allows(world.other_branch.path) and not outsider.allows(world.branch.path)
    assert not secretary.allows(world.province.path)
    assert secretary.allows(world.branch.path, "manage_members")
    assert not Scope.for_user(world.team_leader).allows(world.branch.path, "manage_members")
    assert not Scope.for_user(world.volunteer).allows(world.branch.path, "manage_members")


VIEWERS = ["province_admin", "secretary", "team_leader", "volunteer"]
MANAGERS = ["province_admin", "secretary"]
EVERYONE = VIEWERS + ["outsider"]


@pytest.mark.parametrize("persona", EVERYONE)
def test_member_page(world, member, client_for, persona):
    response = client_for(getattr(world, persona)).get(reverse("member_detail", args=[member.pk]))
    assert response.status_code == (200 if persona in VIEWERS else 404)


@pytest.mark.parametrize("persona", EVERYONE)
def test_member_edit_page(world, member, client_for, persona):
    response = client_for(getattr(world, persona)).get(reverse("member_edit", args=[member.pk]))
    assert response.status_code == (200 if persona in MANAGERS else 404)


@pytest.mark.parametrize("persona", ["team_leader", "volunteer", "outsider"])
def test_member_delete_refused(world, member, client_for, persona):
    response = client_for(getattr(world, persona)).post(reverse("member_delete", args=[member.pk]))
    assert response.status_code == 404
    assert Member.objects.filter(pk=member.pk).exists()


@pytest.mark.parametrize("persona", ["team_leader", "volunteer", "outsider"])
def test_member_edit_post_refused(world, member, client_for, persona):
    client = client_for(getattr(world, persona))
    response = client.post(reverse("member_edit", args=[member.pk]),
                           {"full_name": "Bị sửa trộm", "gender": "male", "branch": world.branch.pk,
                            "status": "active", "digital_skill": 1})
    assert response.status_code == 404
    member.refresh_from_db()
    assert member.full_name == "Nguyễn Văn An"


@pytest.mark.parametrize("persona", EVERYONE)
def test_member_list_shows_only_the_subtree(world, member, client_for, persona):
    MemberFactory(full_name="Trần Thị Bình", branch=world.other_branch)
    content = client_for(getattr(world, persona)).get(reverse("member_list")).content.decode()
    assert ("Nguyễn Văn An" in content) == (persona in VIEWERS)
    assert ("Trần Thị Bình" in content) == (persona in ["province_admin", "outsider"])


@pytest.mark.parametrize("persona", EVERYONE)
def test_unit_page(world, client_for, persona):
    response = client_for(getattr(world, persona)).get(reverse("unit_detail", args=[world.branch.pk]))
    assert response.status_code == (200 if persona in VIEWERS else 404)


@pytest.mark.parametrize("persona", EVERYONE)
def test_team_page(world, team, client_for, persona):
    # The volunteer's role sits on a branch, below the commune the team hangs on.
    response = client_for(getattr(world, persona)).get(reverse("team_detail", args=[team.pk]))
    assert response.status_code == (200 if persona in ["province_admin", "secretary", "team_leader"] else 404)


def test_a_volunteer_sees_the_teams_they_belong_to(world, team, client_for):
    volunteer_member = MemberFactory(full_name="Phạm Thu Trang", branch=world.branch, user=world.volunteer)
    team.memberships.create(member=volunteer_member)
    client = client_for(world.volunteer)
    assert client.get(reverse("team_detail", args=[team.pk])).status_code == 200
    assert [t.pk for t in client.get(reverse("team_list")).context["page"].object_list] == [team.pk]


@pytest.mark.parametrize("persona", EVERYONE)
def test_team_edit(world, team, client_for, persona):
    response = client_for(getattr(world, persona)).get(reverse("team_edit", args=[team.pk]))
    assert response.status_code == (200 if persona in MANAGERS else 404)


@pytest.mark.parametrize("persona", EVERYONE)
def test_audit_trail_only_for_province_admin(world, client_for, persona):
    response = client_for(getattr(world, persona)).get(reverse("audit_list"))
    assert response.status_code == (200 if persona == "province_admin" else 404)


def test_anonymous_is_sent_to_login(client, world, member):
    for url in [reverse("home"), reverse("member_list"), reverse("member_detail", args=[member.pk]),
                reverse("team_list"), reverse("audit_list")]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))

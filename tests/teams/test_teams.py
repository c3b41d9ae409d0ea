import pytest
from django.urls import reverse

from tienphong.core.errors import DomainError
from tienphong.teams import services
from tienphong.teams.models import Team, TeamMembership

from ..factories import MemberFactory, TeamFactory
from ..personas import build_world
from ..scenes import once_per_module

# Built once for the module instead of once per test; see tests/scenes.py.
world, _world = once_per_module(build_world, "world")


@pytest.fixture
def people(world):
    return [MemberFactory(full_name=n, branch=world.branch) for n in ["Nguyễn Văn An", "Lê Thị Hoa", "Vũ Đức Minh"]]


def test_create_team_adds_leader_to_roster(world, people):
    team = services.team_create(name="Tổ công nghệ số cộng đồng Tổ dân phố 1", kind=Team.Kind.COMMUNITY_TECH,
                                commune=world.commune, leader=people[0])
    assert team.path == world.commune.path
    assert list(team.members.all()) == [people[0]]


def test_a_member_may_be_in_several_teams_but_once_each(world, people):
    t1 = services.team_create(name="Tổ 1", kind=Team.Kind.COMMUNITY_TECH, commune=world.commune)
    t2 = services.team_create(name="Đội hình 1", kind=Team.Kind.VOLUNTEER, commune=world.commune,
                              service_point=world.service_point)
    for t in (t1, t2, t1):
        services.team_add_member(team=t, member=people[1])
    assert TeamMembership.objects.filter(member=people[1]).count() == 2


def test_team_rules(world, people):
    outsider_member = MemberFactory(full_name="Ngoài Xã", branch=world.other_branch)
    team = services.team_create(name="Tổ 2", kind=Team.Kind.COMMUNITY_TECH, commune=world.commune, leader=people[0])
    with pytest.raises(DomainError) as e:
        services.team_add_member(team=team, member=outsider_member)
    assert e.value.code == "member_outside"
    with pytest.raises(DomainError) as e:
        services.team_create(name="Tổ 2", kind=Team.Kind.COMMUNITY_TECH, commune=world.commune)
    assert e.value.code == "name_taken"
    with pytest.raises(DomainError) as e:
        services.team_create(name="Tổ 3", kind=Team.Kind.COMMUNITY_TECH, commune=world.commune, leader=outsider_member)
    assert e.value.code == "leader_outside"
    with pytest.raises(DomainError) as e:
        services.team_remove_member(team=team, member=people[0])
    assert e.value.code == "leader_removal"


def test_team_list_counts_per_commune(world, people, client_for):
    TeamFactory(commune=world.commune, name="Tổ A")
    TeamFactory(commune=world.commune, name="Đội B", kind=Team.Kind.VOLUNTEER)
    TeamFactory(commune=world.other_commune, name="Tổ C")
    response = client_for(world.province_admin).get(reverse("team_list"))
    rows = {r["commune__name"]: (r["ct"], r["vt"]) for r in response.context["per_commune"]}
    assert rows == {"Phường Phủ Lý": (1, 1), "Phường Phù Vân": (1, 0)}
    secretary_view = client_for(world.outsider).get(reverse("team_list"))
    assert [t.name for t in secretary_view.context["page"].object_list] == ["Tổ C"]


def test_team_leader_edits_only_the_roster_of_their_own_team(world, people, client_for):
    people[0].user = world.team_leader
    people[0].save()
    mine = services.team_create(name="Tổ của tôi", kind=Team.Kind.COMMUNITY_TECH, commune=world.commune,
                                leader=people[0])
    other = services.team_create(name="Tổ khác", kind=Team.Kind.COMMUNITY_TECH, commune=world.commune,
                                 leader=people[2])
    client = client_for(world.team_leader)
    response = client.post(reverse("team_add_member", args=[mine.pk]), {"member": people[1].pk})
    assert response.status_code == 302 and mine.members.filter(pk=people[1].pk).exists()
    response = client.post(reverse("team_add_member", args=[other.pk]), {"member": people[1].pk})
    assert response.status_code == 404 and not other.members.filter(pk=people[1].pk).exists()
    assert client.get(reverse("team_edit", args=[mine.pk])).status_code == 404


def test_outsider_cannot_touch_a_roster(world, people, client_for):
    team = services.team_create(name="Tổ 5", kind=Team.Kind.COMMUNITY_TECH, commune=world.commune, leader=people[0])
    response = client_for(world.outsider).post(reverse("team_add_member", args=[team.pk]), {"member": people[1].pk})
    assert response.status_code == 404
    assert team.members.count() == 1


def test_create_and_edit_team_through_pages(world, people, client_for):
    client = client_for(world.secretary)
    response = client.post(reverse("team_create"), {
        "name": "Đội hình thanh niên tình nguyện phường Phủ Lý", "kind": "volunteer", "commune": world.commune.pk,
        "service_point": world.service_point.pk, "active": "on"})
    team = Team.objects.get(name="Đội hình thanh niên tình nguyện phường Phủ Lý")
    assert response.status_code == 302
    assert team.service_point == world.service_point and team.leader is None
    client.post(reverse("team_add_member", args=[team.pk]), {"member": people[2].pk})
    detail = client.get(reverse("team_detail", args=[team.pk]), {"q": "hoa"})
    assert [m.full_name for m in detail.context["candidates"]] == ["Lê Thị Hoa"]
    response = client.post(reverse("team_edit", args=[team.pk]), {
        "name": team.name, "kind": "volunteer", "commune": world.commune.pk, "leader": people[2].pk})
    team.refresh_from_db()
    assert response.status_code == 302 and team.active is False and team.service_point is None


def test_secretary_cannot_create_a_team_in_another_commune(world, client_for):
    response = client_for(world.secretary).post(reverse("team_create"), {
        "name": "Tổ lạc", "kind": "community_tech", "commune": world.other_commune.pk, "active": "on"})
    assert response.status_code == 200 and "commune" in response.context["form"].errors
    assert not Team.objects.filter(name="Tổ lạc").exists()

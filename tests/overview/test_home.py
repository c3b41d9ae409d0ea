from django.urls import reverse

from tienphong.members.models import Member
from tienphong.teams.models import Team

from ..factories import MemberFactory, TeamFactory
from ..personas import build_world
from ..scenes import once_per_module

# The personas once for the module (tests/scenes.py): each test gets its own copy in its own savepoint.
world, _world = once_per_module(build_world, "world")


def _setup(world):
    for i in range(3):
        MemberFactory(full_name=f"Phủ Lý {i}", branch=world.branch, is_core=(i == 0))
    MemberFactory(full_name="Đã chuyển", branch=world.branch, status=Member.Status.MOVED)
    MemberFactory(full_name="Phù Vân", branch=world.other_branch)
    TeamFactory(commune=world.commune, name="Tổ A")
    TeamFactory(commune=world.commune, name="Đội B", kind=Team.Kind.VOLUNTEER)
    TeamFactory(commune=world.commune, name="Tổ ngừng", active=False)


def test_province_home_counts_by_commune(world, client_for):
    _setup(world)
    response = client_for(world.province_admin).get(reverse("home"))
    counts = response.context["counts"]
    assert (counts.members, counts.core_members, counts.community_tech_teams, counts.volunteer_teams) == (4, 1, 1, 1)
    by_commune = {u.name: c for u, c in response.context["children"]}
    assert by_commune["Phường Phủ Lý"].members == 3 and by_commune["Phường Phủ Lý"].teams == 2
    assert by_commune["Phường Phù Vân"].members == 1
    assert "Tỉnh Đoàn Ninh Bình" in response.content.decode() or "Provincial Youth Union" in response.content.decode()


def test_commune_home_shows_only_its_commune(world, client_for):
    _setup(world)
    response = client_for(world.secretary).get(reverse("home"))
    assert response.context["unit"] == world.commune
    assert response.context["counts"].members == 3
    assert [u for u, _ in response.context["children"]] == [world.grassroots]


def test_user_without_role_gets_a_welcome_page(db, client_for):
    from ..factories import UserFactory

    response = client_for(UserFactory()).get(reverse("home"))
    assert response.status_code == 200 and response.context["unit"] is None


def test_the_no_signal_page_opens_without_login_and_carries_no_user_data(world, client, client_for):
    page = client.get(reverse("offline"))
    assert page.status_code == 200 and "Không có sóng" in page.content.decode()
    html = client_for(world.volunteer).get(reverse("offline")).content.decode()
    assert world.volunteer.username not in html and world.volunteer.full_name not in html


def test_every_signed_in_page_carries_the_hidden_offline_stamp_of_its_user(world, client_for):
    html = client_for(world.volunteer).get(reverse("today")).content.decode()
    assert f'id="offline-stamp" data-user="{world.volunteer.username}"' in html
    assert "cập nhật lúc" in html and 'role="status" hidden>' in html


def test_the_province_home_searches_sorts_and_pages_its_communes(world, client_for):
    from tests.factories import make_communes

    make_communes(world.province, [f"Xã Số {i:02}" for i in range(30)] + ["Phường Hoa Lư"],
                  [f"9{i:04}" for i in range(30)] + ["14359"])
    _setup(world)
    admin = client_for(world.province_admin)
    first = admin.get(reverse("home"))
    assert first.context["children"].paginator.count == 33 and len(first.context["children"]) == 25
    found = admin.get(reverse("home"), {"q": "hoa lu"})           # no diacritics, any case
    assert [u.name for u, _ in found.context["children"]] == ["Phường Hoa Lư"]
    assert "Phường Hoa Lư" in found.content.decode()
    by_members = admin.get(reverse("home"), {"sort": "members"})
    assert [u.name for u, _ in by_members.context["children"]][:2] == ["Phường Phủ Lý", "Phường Phù Vân"]
    assert 'aria-sort="descending"' in by_members.content.decode()
    assert admin.get(reverse("home"), {"sort": "junk", "page": "2"}).status_code == 200

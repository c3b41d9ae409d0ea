"""The team list of a province: paged, searchable without diacritics, sortable, and the per-commune table folded."""
from django.conf import settings
from django.urls import reverse

from tienphong.core.text import search_blob
from tienphong.teams import services
from tienphong.teams.models import Team, TeamMembership

from ..factories import MemberFactory, TeamFactory, make_communes


def demo_teams(world, communes=12, per_commune=4):
    """A province-sized list: many communes, a few teams each (the demo has 129 communes, 532 teams)."""
    teams = []
    for c, commune in enumerate(make_communes(world.province, [f"Xã Thử Nghiệm {c:02d}" for c in range(communes)])):
        for t in range(per_commune):
            name = f"Tổ công nghệ số cộng đồng thôn {t + 1} xã {c:02d}"
            teams.append(TeamFactory(name=name, commune=commune, search_text=search_blob(name)))
    return teams


def test_a_page_shows_at_most_page_size_teams_and_a_search_without_diacritics_narrows_it(world, client_for):
    demo_teams(world)
    services.team_create(name="Đội hình thanh niên tình nguyện Châu Sơn", kind=Team.Kind.VOLUNTEER,
                         commune=world.commune)
    client = client_for(world.province_admin)
    page = client.get(reverse("team_list")).context["page"]
    assert page.paginator.count == 49 and len(page.object_list) == settings.PAGE_SIZE
    found = client.get(reverse("team_list"), {"q": "doi hinh chau son"}).context["page"]
    assert [t.name for t in found.object_list] == ["Đội hình thanh niên tình nguyện Châu Sơn"]


def test_teams_sort_by_name_or_by_members(world, client_for):
    small = services.team_create(name="Tổ A nhỏ", kind=Team.Kind.COMMUNITY_TECH, commune=world.commune)
    big = services.team_create(name="Tổ B lớn", kind=Team.Kind.COMMUNITY_TECH, commune=world.other_commune)
    for i in range(3):
        TeamMembership.objects.create(team=big, member=MemberFactory(branch=world.other_branch))
    TeamMembership.objects.create(team=small, member=MemberFactory(branch=world.branch))
    client = client_for(world.province_admin)
    by_members = client.get(reverse("team_list"), {"sort": "members"}).context["page"].object_list
    assert [t.name for t in by_members] == ["Tổ B lớn", "Tổ A nhỏ"]
    by_name = client.get(reverse("team_list"), {"sort": "name"}).context["page"].object_list
    assert [t.name for t in by_name] == ["Tổ A nhỏ", "Tổ B lớn"]
    html = client.get(reverse("team_list"), {"sort": "members"}).content.decode()
    assert '<option value="members" selected>' in html


def test_the_per_commune_table_is_folded(world, client_for):
    demo_teams(world, communes=3, per_commune=1)
    html = client_for(world.province_admin).get(reverse("team_list")).content.decode()
    assert '<details class="per-commune">' in html

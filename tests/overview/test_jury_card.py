"""The home page's way in for a juror: a card "Bài cần chấm: N" linking to /jury/, read in one query on the
home page only (never on every page), and nothing for someone who judges nothing."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tienphong.accounts.models import RoleAssignment, User
from tienphong.contests import services
from tienphong.core.scope import Role

from ..factories import add_entry, make_contest
from ..personas import build_world
from ..scenes import once_per_module

world, _world = once_per_module(build_world, "world")


def _juror(world, username="gk.trangchu"):
    """A juror given three entries of a contest being judged; one sheet already complete."""
    contest = make_contest(world.province, world.province_admin)
    entries = [add_entry(contest, world.other_branch, title=f"Ý tưởng {i}") for i in range(3)]
    user = User.objects.create_user(username=username, password="x" * 12, full_name="Giám khảo Trang Chủ")
    juror = services.juror_add(contest=contest, user=user, unit=world.province, categories=contest.categories.all(),
                               by=world.province_admin)
    services.set_status(contest=contest, status="judging", by=world.province_admin)
    prelim = contest.rounds.get(kind="preliminary")
    sheets = [services.assign(juror=juror, entry=e, round=prelim, by=world.province_admin) for e in entries]
    services.score(assignment=sheets[0], values={c.pk: 7 for c in prelim.criteria.all()}, by=user)
    return user, contest


def _jury_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if "contests_assignment" in q["sql"]]


def test_a_juror_without_a_role_finds_the_entries_to_score_on_the_home_page(world, client_for):
    user, _contest = _juror(world)
    client = client_for(user)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("home")).content.decode()
    card = html.split('id="jury-card"')[1].split("</div>")[0]
    assert 'href="/jury/"' in card and '<span class="n">2</span>' in card
    assert "Bài cần chấm" in card and "3 bài được giao" in card
    assert len(_jury_queries(queries.captured_queries)) == 1
    assert "chưa được phân quyền" not in html  # no role, but something to do: not told to ask for one


def test_staff_and_field_roles_who_judge_see_it_too(world, client_for):
    user, _contest = _juror(world, "gk.canbo")

    RoleAssignment.objects.create(user=user, unit=world.commune, role=Role.COMMUNE_SECRETARY)
    assert 'id="jury-card"' in client_for(user).get(reverse("home")).content.decode()
    volunteer, _other = _juror(world, "gk.tnv")
    RoleAssignment.objects.create(user=volunteer, unit=world.branch, role=Role.VOLUNTEER)
    html = client_for(volunteer).get(reverse("home")).content.decode()  # their home is their day
    assert 'id="jury-card"' in html and 'href="/jury/"' in html


def test_no_card_and_no_jury_query_elsewhere(world, client_for):
    user, contest = _juror(world, "gk.khac")
    html = client_for(world.province_admin).get(reverse("home")).content.decode()
    assert 'id="jury-card"' not in html  # judges nothing
    client = client_for(user)
    for page in (reverse("today"), reverse("jury_home")):
        with CaptureQueriesContext(connection) as queries:
            html = client.get(page).content.decode()
        assert 'id="jury-card"' not in html
        if page == reverse("today"):
            assert not _jury_queries(queries.captured_queries)
    # Results published: the card stays (the sheets are theirs), with nothing left to score.
    services.approve(contest=contest, by=world.province_admin)
    html = client.get(reverse("home")).content.decode()
    assert '<span class="n">0</span>' in html.split('id="jury-card"')[1]

"""Contests through their services: setup, entries, the jury's conflicts, blind scoring and results."""

import pytest

from tienphong.accounts.models import User
from tienphong.contests import selectors, services
from tienphong.contests.models import Assignment, Contest, Result, Round
from tienphong.core.errors import DomainError

from ..factories import add_entry, make_contest
from ..personas import build_world
from ..scenes import once_per_module

world, _world = once_per_module(build_world, "world")


def juror_user(name):
    return User.objects.create_user(username=name, password="x" * 12)


def test_a_contest_has_its_rounds_and_one_rubric_per_judged_round(world):
    contest = make_contest(world.province, world.province_admin)
    assert [r.kind for r in contest.rounds.all()] == ["submission", "preliminary", "final", "results"]
    prelim = contest.rounds.get(kind="preliminary")
    assert [(c.name, c.weight) for c in prelim.criteria.all()] == [
        ("Tính mới", 40), ("Tính khả thi", 30), ("Hiệu quả", 30)]
    with pytest.raises(DomainError) as e:
        make_contest(world.province, world.province_admin, name="Khác", rubric=(("Tính mới", 50, ""),))
    assert e.value.code == "weights_100" and "100%" in e.value.message


def test_an_outsider_cannot_set_up_a_contest_above_their_unit(world):
    with pytest.raises(DomainError) as e:
        make_contest(world.province, world.secretary)
    assert e.value.code == "not_allowed"
    assert make_contest(world.commune, world.secretary).path == world.commune.path


def test_entries_close_with_the_submission_round_and_teams_have_a_size(world):
    contest = make_contest(world.province, world.province_admin, team_max=2)
    entry = add_entry(contest, world.branch, submit=False)
    assert entry.status == "draft" and entry.submitted_at is None
    entry.team = "Trần Thị Bình\nLê Văn Cường"
    with pytest.raises(DomainError) as e:
        services.entry_save(entry=entry, submit=True)
    assert e.value.code == "team_too_large"
    entry.team = "Trần Thị Bình"
    assert services.entry_save(entry=entry, submit=True).status == "submitted"
    services.set_status(contest=contest, status="judging", by=world.province_admin)
    with pytest.raises(DomainError) as e:
        services.entry_save(entry=entry)
    assert e.value.code == "closed"


def test_a_juror_never_gets_an_entry_of_their_own_commune_nor_one_they_declared(world):
    contest = make_contest(world.province, world.province_admin)
    own = add_entry(contest, world.branch, title="Ý tưởng của Phủ Lý")  # a branch inside the juror's commune
    declared = add_entry(contest, world.other_branch, title="Ý tưởng của người quen")
    free = add_entry(contest, world.other_commune, title="Ý tưởng Phù Vân")
    prelim = contest.rounds.get(kind="preliminary")
    juror = services.juror_add(contest=contest, user=juror_user("gk.phuly"), unit=world.commune,
                               categories=contest.categories.all(), conflicts=[declared], by=world.province_admin)
    with pytest.raises(DomainError) as e:
        services.assign(juror=juror, entry=own, round=prelim, by=world.province_admin)
    assert e.value.code == "conflict"
    services.set_status(contest=contest, status="judging", by=world.province_admin)
    assert services.assign_automatically(round=prelim, per_entry=3, by=world.province_admin) == 1
    assert list(Assignment.objects.values_list("entry", flat=True)) == [free.pk]
    # A province juror is excluded only from the province office's own entries.
    province_juror = services.juror_add(contest=contest, user=juror_user("gk.tinh"), unit=world.province,
                                        categories=contest.categories.all(), by=world.province_admin)
    assert not services.in_conflict(province_juror, own)


def scored_contest(world, jurors=2, entries=("A", "B")):
    contest = make_contest(world.province, world.province_admin)
    made = [add_entry(contest, world.other_commune, title=t) for t in entries]
    people = [services.juror_add(contest=contest, user=juror_user(f"gk{i}"), unit=world.province,
                                 categories=contest.categories.all(), by=world.province_admin) for i in range(jurors)]
    services.set_status(contest=contest, status="judging", by=world.province_admin)
    prelim = contest.rounds.get(kind="preliminary")
    services.assign_automatically(round=prelim, per_entry=jurors, by=world.province_admin)
    return contest, prelim, made, people


def sheet(juror, entry, round, *values):
    a = Assignment.objects.get(juror=juror, entry=entry, round=round)
    criteria = list(round.criteria.values_list("pk", flat=True))
    return services.score(assignment=a, values=dict(zip(criteria, values)), by=juror.user)


def test_scores_make_the_ranking_and_a_tie_is_broken_by_the_first_criterion(world):
    contest, prelim, (a, b), (j1, j2) = scored_contest(world)
    sheet(j1, a, prelim, 8, 6, 7)  # 0.4×8 + 0.3×6 + 0.3×7 = 7.1
    assert Result.objects.get(entry=a).score == pytest.approx(7.1)
    sheet(j2, a, prelim, 6, 8, 8)  # 7.2: A = 7.15, first criterion 7.0
    sheet(j1, b, prelim, 7.6, 6.8, 6.9)  # 7.15
    sheet(j2, b, prelim, 7.6, 6.8, 6.9)  # 7.15: B = 7.15, first criterion 7.6
    ra, rb = Result.objects.get(entry=a), Result.objects.get(entry=b)
    assert ra.score == rb.score == pytest.approx(7.15) and ra.sheets == rb.sheets == 2
    assert [(x.key, x.place, x.tie_broken_by) for x, _r in selectors.standings(prelim)] == [
        (b.pk, 1, "first_criterion"), (a.pk, 2, "first_criterion")]


def test_a_juror_scores_only_their_own_sheet_on_the_round_scale(world):
    contest, prelim, (a, _b), (j1, j2) = scored_contest(world)
    assignment = Assignment.objects.get(juror=j1, entry=a, round=prelim)
    first = prelim.criteria.first()
    with pytest.raises(DomainError) as e:
        services.score(assignment=assignment, values={first.pk: 5}, by=j2.user)
    assert e.value.code == "not_your_sheet"
    with pytest.raises(DomainError) as e:
        services.score(assignment=assignment, values={first.pk: 11}, by=j1.user)
    assert e.value.code == "score_range" and "từ 0 đến 10" in e.value.message
    services.score(assignment=assignment, values={first.pk: "7,5"}, by=j1.user)  # a Vietnamese comma
    assert assignment.scores.get().value == 7.5 and Assignment.objects.get(pk=assignment.pk).completed_at is None


def test_results_are_approved_by_the_board_then_published(world):
    contest, *_ = scored_contest(world)
    with pytest.raises(DomainError) as e:
        services.publish(contest=contest, by=world.province_admin)
    assert e.value.code == "not_approved"
    services.approve(contest=contest, by=world.province_admin)
    assert services.publish(contest=contest, by=world.province_admin).status == Contest.Status.PUBLISHED
    assert Round.objects.filter(contest=contest).count() == 4


def test_contest_figures_follow_every_write_and_equal_a_rebuild(world):
    from django.db.models import Sum

    from tienphong.rollups import services as rollups
    from tienphong.rollups.models import Fact

    codes = ["contests_held", "contest_entries", "contest_entrants", "contest_scores"]

    def figures():
        return dict(Fact.objects.filter(level="p", grain="d", indicator__in=codes).values_list("indicator")
                    .annotate(v=Sum("value")).order_by())

    contest = make_contest(world.province, world.province_admin, status="draft")
    assert figures() == {}
    services.set_status(contest=contest, status="open", by=world.province_admin)
    add_entry(contest, world.branch, team="Trần Thị Bình\nLê Văn Cường")
    draft = add_entry(contest, world.other_branch, title="Bản nháp", submit=False)
    assert figures() == {"contests_held": 1, "contest_entries": 1, "contest_entrants": 3}
    draft.team = "Đỗ Văn Dũng"
    services.entry_save(entry=draft, submit=True)  # submitted with a team of two
    assert figures() == {"contests_held": 1, "contest_entries": 2, "contest_entrants": 5}
    juror = services.juror_add(contest=contest, user=juror_user("gk.hinh"), unit=world.province,
                               categories=contest.categories.all(), by=world.province_admin)
    services.set_status(contest=contest, status="judging", by=world.province_admin)
    prelim = contest.rounds.get(kind="preliminary")
    services.assign_automatically(round=prelim, per_entry=1, by=world.province_admin)
    sheet(juror, draft, prelim, 7, 7, 7)
    assert figures()["contest_scores"] == 1 and figures()["contests_held"] == 1
    expected = figures()
    rollups.rebuild()
    assert figures() == expected

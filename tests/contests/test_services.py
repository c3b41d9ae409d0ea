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


def test_a_contest_is_edited_until_its_results_are_approved_and_a_new_trim_rule_reworks_the_results(world,
                                                                                                       client_for):
    import datetime as dt

    from django.urls import reverse

    contest, prelim, (a, _b), jurors = scored_contest(world, jurors=3, entries=("A", "B"))
    for juror, values in zip(jurors, ((9, 9, 9), (5, 5, 5), (7, 7, 7))):
        sheet(juror, a, prelim, *values)
    assert Result.objects.get(entry=a, round=prelim).score == 7.0 and not Result.objects.get(entry=a).trimmed
    client = client_for(world.province_admin)
    url = reverse("contests:edit", args=[contest.pk])
    page = client.get(url).content.decode()
    assert "Sửa cuộc thi" in page and 'name="rubric"' not in page and contest.name in page
    rounds = {r.kind: r for r in contest.rounds.all()}
    day = dt.timedelta(days=1)
    data = {"name": "Cuộc thi đã đổi tên", "theme": "", "prizes": "Giải nhất 10.000.000 ₫", "age_min": 16,
            "age_max": 30, "team_max": 4, "trim_from": 3, "disagreement": "1,5",
            "submission_from": rounds["submission"].starts_on.strftime("%d/%m/%Y"),
            "submission_to": rounds["submission"].ends_on.strftime("%d/%m/%Y"),
            "preliminary_from": rounds["preliminary"].starts_on.strftime("%d/%m/%Y"),
            "preliminary_to": (rounds["preliminary"].ends_on + day).strftime("%d/%m/%Y"),
            "final_from": (rounds["final"].starts_on + day).strftime("%d/%m/%Y"),
            "final_to": rounds["final"].ends_on.strftime("%d/%m/%Y")}
    r = client.post(url, data)
    assert r.status_code == 302, r.content.decode()[:2000]
    contest.refresh_from_db()
    assert contest.name == "Cuộc thi đã đổi tên" and contest.age_max == 30 and contest.trim_from == 3
    result = Result.objects.get(entry=a, round=prelim)
    assert result.trimmed and result.score == 7.0  # 9 and 5 dropped: the middle juror's 7
    r = client.post(url, {**data, "preliminary_to": data["final_to"]})  # overlaps the final
    assert r.status_code == 200 and "Mỗi vòng phải kết thúc trước khi vòng sau bắt đầu." in r.content.decode()
    services.approve(contest=contest, by=world.province_admin)
    with pytest.raises(DomainError) as e:
        services.contest_update(contest=contest, by=world.province_admin, submission=(dt.date(2026, 1, 1),) * 2,
                                preliminary=(dt.date(2026, 1, 2),) * 2, name="X")
    assert e.value.code == "results_fixed"
    assert client_for(world.outsider).get(url).status_code == 404

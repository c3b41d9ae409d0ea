"""The demo's self-assessments and courses: three rounds, AI the weakest area, a second run adds nothing."""

from tienphong.competence.models import Assessment, Course
from tienphong.competence.selectors import dashboard
from tienphong.demo.competence import load_competence

from ..factories import MemberFactory


def test_demo_competence_is_believable_and_idempotent(world):
    for i in range(60):
        MemberFactory(branch=world.branch if i % 2 else world.other_branch, digital_skill=1 + i % 4,
                      is_core=i % 5 == 0)
    first = load_competence(world.province, seed=2026)
    assert first["created"]["assessments"] > 60 and first["created"]["courses"] > 0
    assert load_competence(world.province, seed=2026)["created"] == {"assessments": 0, "courses": 0}
    assert Assessment.objects.filter(is_latest=True).count() == Assessment.objects.values("member").distinct().count()
    assert sorted({a.month for a in Assessment.objects.dates("taken_on", "month")}) == [3, 7, 11]
    import datetime as dt

    board = dashboard(unit=world.province, today=dt.date(2026, 12, 1))
    assert board.weakest == "ai" and board.total.levels["ai"] < board.total.levels["communication"] - 0.5
    spring, summer, autumn = [v for v in board.trend["ai"] if v is not None]
    assert spring < autumn  # the trend rises
    assert Course.objects.filter(member__is_core=True).count() >= 2 * 12 * 0.9

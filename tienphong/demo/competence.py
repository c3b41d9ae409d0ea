"""The demo's digital competence: three rounds of self-assessments and some courses (fixed seed, idempotent).

About three active members in five take part, most of them in the spring round (Tháng Thanh niên), more
in the summer and all in the autumn one, each on a day of the round's month. A member's answers sit
around their digital skill (tree.py gave it), a little lower in the earlier rounds (so the trend
rises), shifted by the area — artificial intelligence clearly the weakest, then digital content
creation — and by the commune (some communes are behind: the dashboard shows which). The newest
round is centred on the member's skill; written in bulk, it leaves every member's digital skill (and so
every other figure) as the tree made it. Core members and some others have a course or two.
Written in bulk (the loader disables auditing), keyed by (member, day) and (member, course, day):
running it again adds nothing.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from tienphong.competence.framework import QUESTIONS, area_levels, overall_level
from tienphong.competence.models import Assessment, Course
from tienphong.core.paths import subtree_q
from tienphong.members.models import Member
from tienphong.units.models import OrgUnit

SHARE = 0.6
# (first day of the round's month, share of the panel taking part, how far below their level today)
ROUNDS = ((date(2026, 3, 1), 0.6, 0.6), (date(2026, 7, 1), 0.8, 0.3), (date(2026, 11, 1), 1.0, 0.0))
AREA_SHIFT = {"data": 0.25, "communication": 0.35, "content": -0.45, "safety": 0.1, "problems": -0.1, "ai": -1.0}
COURSES = (
    ("Bồi dưỡng kỹ năng số cho cán bộ Đoàn cơ sở", "Tỉnh Đoàn Ninh Bình", 16),
    ("Tập huấn hướng dẫn dịch vụ công trực tuyến và VNeID", "Công an tỉnh Ninh Bình", 8),
    ("An toàn thông tin và phòng chống lừa đảo trực tuyến", "Sở Khoa học và Công nghệ", 6),
    ("Thanh toán không dùng tiền mặt cho hộ kinh doanh", "Agribank Ninh Bình", 4),
    ("Ứng dụng trí tuệ nhân tạo trong công tác Đoàn", "Trung ương Đoàn", 12),
    ("Làm video ngắn quảng bá sản phẩm OCOP", "Viettel Ninh Bình", 8),
)


def _answers(rng: random.Random, centre: float) -> dict[str, int]:
    return {q.code: max(1, min(4, round(centre + AREA_SHIFT[q.area] + rng.gauss(0, 0.55)))) for q in QUESTIONS}


def load_competence(province: OrgUnit, *, seed: int) -> dict:
    rng = random.Random(f"{seed}:competence")
    members = list(Member.objects.filter(subtree_q(province.path), status=Member.Status.ACTIVE)
                   .order_by("pk").values_list("pk", "commune_id", "digital_skill", "is_core"))
    panel = [m for m in members if rng.random() < SHARE + (0.3 if m[3] else 0)]
    behind = {c: rng.gauss(0, 0.3) for c in sorted({m[1] for m in members if m[1]})}
    have = set(Assessment.objects.filter(member__in=[m[0] for m in panel]).values_list("member_id", "taken_on"))
    new, latest = [], {}
    for pk, commune, skill, _core in panel:
        taken = []
        for month, share, below in ROUNDS:
            if rng.random() >= share and month != ROUNDS[-1][0]:
                continue
            day = month.replace(day=rng.randint(1, 28))
            answers = _answers(rng, skill + behind.get(commune, 0) - below + 0.25)
            levels = area_levels(answers)
            taken.append(Assessment(member_id=pk, taken_on=day, answers=answers, overall=overall_level(levels),
                                    by_self=rng.random() < 0.7, is_latest=False, **levels))
        taken[-1].is_latest = True
        for a in taken:
            if (pk, a.taken_on) not in have:
                new.append(a)
    Assessment.objects.bulk_create(new, batch_size=1000)

    have = set(Course.objects.filter(member__in=[m[0] for m in panel]).values_list("member_id", "name", "held_on"))
    courses = []
    for pk, _commune, skill, core in panel:
        for _ in range(2 if core else 1):
            if not core and rng.random() > 0.25:
                continue
            name, organiser, hours = COURSES[rng.randrange(len(COURSES))]
            day = date(2025, rng.randint(6, 12), rng.randint(1, 28)) if rng.random() < 0.5 else \
                date(2026, rng.randint(1, 10), rng.randint(1, 28))
            certificate = rng.random() < 0.6  # drawn whether written or not: a second run draws the same
            if (pk, name, day) not in have:
                have.add((pk, name, day))
                courses.append(Course(member_id=pk, name=name, organiser=organiser, held_on=day,
                                      hours=Decimal(hours), certificate=certificate))
    Course.objects.bulk_create(courses, batch_size=1000)
    return {"created": {"assessments": len(new), "courses": len(courses)},
            "totals": {"assessed_members": Assessment.objects.filter(is_latest=True).count(),
                       "assessments": Assessment.objects.count(), "courses": Course.objects.count()}}


def competence_summary(result: dict) -> str:
    t, c = result["totals"], result["created"]
    return (f"Digital competence: created {c['assessments']:,} self-assessments and {c['courses']:,} courses. "
            f"Now: {t['assessments']:,} self-assessments of {t['assessed_members']:,} members, {t['courses']:,} courses.")

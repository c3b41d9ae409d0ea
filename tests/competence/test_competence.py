"""Digital competence: the framework's levels, self-assessments (own and for a member), courses,
training history, the dashboard's figures, and scope (outsiders 404 on every URL, per role)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tienphong.competence import framework, selectors, services
from tienphong.competence.framework import QUESTIONS, Area
from tienphong.competence.models import Assessment, Course
from tienphong.core.errors import DomainError
from tienphong.core.models import AuditEntry
from tienphong.literacy import services as classes

from ..factories import MemberFactory
from ..personas import build_field_world
from ..scenes import once_per_module

# The personas once for the module (tests/scenes.py): each test gets its own copy in its own savepoint.
fworld, _fworld = once_per_module(build_field_world, "fworld")

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def answers(level=2, **per_area):
    """Every question at `level`, or at per_area[area] for the questions of that area."""
    return {q.code: per_area.get(q.area, level) for q in QUESTIONS}


def form_data(level=2, **per_area):
    return {code: str(v) for code, v in answers(level, **per_area).items()}


def test_framework_has_six_areas_of_two_or_three_questions_with_four_answers():
    assert [a.label for a in Area] and len(Area.values) == 6
    for area in Area.values:
        qs = framework.questions_of(area)
        assert 2 <= len(qs) <= 3 and all(len(q.answers) == 4 for q in qs)
    # An area rounds a half up; the whole rounds a half down (one strong area does not lift it).
    levels = framework.area_levels(answers(2, data=3) | {"data_files": 4})
    assert levels["data"] == 4 and levels["safety"] == 2
    assert framework.area_levels({**answers(2), "ai_use": 3})["ai"] == 3
    assert framework.overall_level({"a": 2, "b": 3}) == 2 and framework.overall_level({"a": 3, "b": 3, "c": 4}) == 3


def test_a_member_assesses_themself_and_the_skill_follows_the_newest(fworld, client_for):
    me = fworld.volunteer_member
    client = client_for(fworld.volunteer)
    page = client.get(reverse("competence:assess", args=[me.pk]))
    assert page.status_code == 200 and page.content.decode().count('type="radio"') == 4 * len(QUESTIONS)
    # A missing answer: the page again, nothing stored.
    partial = form_data(3)
    del partial["ai_use"]
    response = client.post(reverse("competence:assess", args=[me.pk]), partial)
    assert response.status_code == 200 and not Assessment.objects.exists()
    response = client.post(reverse("competence:assess", args=[me.pk]), form_data(3, ai=1))
    assert response.status_code == 302
    a = Assessment.objects.get()
    assert (a.ai, a.data, a.overall, a.by_self, a.filled_by, a.taken_on) == (1, 3, 3, True, fworld.volunteer, TODAY)
    me.refresh_from_db()
    assert me.digital_skill == 3
    # The member's page shows it; a second one the same day replaces it.
    page = client.get(reverse("competence:member", args=[me.pk])).content.decode()
    assert "Overall level 3" in page
    client.post(reverse("competence:assess", args=[me.pk]), form_data(4))
    assert Assessment.objects.get().overall == 4
    # An older one entered late is history only: today's stays the newest, the skill stays.
    services.assessment_submit(member=me, answers=answers(1), actor=fworld.secretary,
                               taken_on=TODAY - dt.timedelta(days=60))
    me.refresh_from_db()
    assert me.digital_skill == 4
    assert [x.is_latest for x in Assessment.objects.order_by("taken_on")] == [False, True]
    assert AuditEntry.objects.filter(object_repr__startswith=me.full_name).exists()


def test_an_officer_fills_in_for_a_member_and_refusals(fworld, client_for):
    m = MemberFactory(full_name="Bùi Văn Khánh", branch=fworld.branch)
    for officer in (fworld.secretary, fworld.team_leader, fworld.province_admin):
        response = client_for(officer).post(reverse("competence:assess", args=[m.pk]),
                                            {**form_data(2), "taken_on": "01/03/2026"})
        assert response.status_code == 302
    a = Assessment.objects.get(member=m)
    assert (a.by_self, a.filled_by, a.taken_on) == (False, fworld.province_admin, dt.date(2026, 3, 1))
    with pytest.raises(DomainError) as e:
        services.assessment_submit(member=m, answers=answers(2), actor=fworld.secretary,
                                   taken_on=TODAY + dt.timedelta(days=1))
    assert e.value.code == "date_future"
    with pytest.raises(DomainError) as e:
        services.assessment_submit(member=m, answers={**answers(2), "ai_use": 5}, actor=fworld.secretary)
    assert e.value.code == "unanswered"
    left = MemberFactory(branch=fworld.branch, status="left")
    with pytest.raises(DomainError):
        services.assessment_submit(member=left, answers=answers(2), actor=fworld.secretary)


def test_training_history_lists_classes_taught_and_courses(fworld, client_for):
    me = fworld.volunteer_member
    start = timezone.now() - dt.timedelta(days=10)
    held = classes.class_create(title="VNeID mức 2 cho người cao tuổi", commune=fworld.commune, venue=fworld.place,
                                starts_at=start, ends_at=start + dt.timedelta(hours=2), teachers=[me], status="done")
    classes.class_create(title="Lớp sắp tới", commune=fworld.commune, venue=fworld.place,
                         starts_at=timezone.now() + dt.timedelta(days=3), teachers=[me])
    client = client_for(fworld.volunteer)
    response = client.post(reverse("competence:course_new", args=[me.pk]), {
        "name": "Kỹ năng số cho cán bộ Đoàn", "organiser": "Tỉnh Đoàn Ninh Bình", "held_on": "15/02/2026",
        "hours": "7,5", "certificate": "on"})
    assert response.status_code == 302
    course = Course.objects.get()
    assert (course.hours, course.certificate, course.created_by) == (7.5, True, fworld.volunteer)
    items = selectors.trainings_of(me)
    assert [(t.kind, t.title) for t in items] == [("class_teacher", held.title), ("course", course.name)]
    assert items[0].hours == 2.0
    page = client.get(reverse("competence:member", args=[me.pk])).content.decode()
    assert held.title in page and "Kỹ năng số cho cán bộ Đoàn" in page and "Lớp sắp tới" not in page
    bad = client.post(reverse("competence:course_new", args=[me.pk]),
                      {"name": "X", "held_on": "15/02/2026", "hours": "0"})
    assert bad.status_code == 200 and Course.objects.count() == 1
    assert client.post(reverse("competence:course_delete", args=[course.pk])).status_code == 302
    assert not Course.objects.exists()


def test_dashboard_figures_by_commune_area_and_month(fworld, client_for):
    C, O = fworld.commune, fworld.other_commune
    here = [MemberFactory(branch=fworld.branch) for _ in range(3)]
    there = MemberFactory(branch=fworld.other_branch)
    last_month = (TODAY.replace(day=1) - dt.timedelta(days=1)).replace(day=5)
    services.assessment_submit(member=here[0], answers=answers(2, ai=1), actor=fworld.secretary, taken_on=last_month)
    services.assessment_submit(member=here[0], answers=answers(3, ai=2), actor=fworld.secretary, taken_on=TODAY)
    services.assessment_submit(member=here[1], answers=answers(4, ai=2), actor=fworld.secretary, taken_on=TODAY)
    services.assessment_submit(member=there, answers=answers(1), actor=fworld.province_admin, taken_on=TODAY)
    board = selectors.dashboard(unit=fworld.province, today=TODAY)
    # Newest per member only: here[0] counts its today's 3, not last month's 2.
    assert board.total.assessed == 3 and board.total.skilled == 2
    assert board.total.levels["ai"] == round((2 + 2 + 1) / 3, 2) and board.weakest == "ai"
    assert board.area_shares["data"] == 67 and board.area_shares["ai"] == 0
    rows = {r.name: r for r in board.communes}
    assert [r.name for r in board.communes][:2] == [O.name, C.name]  # weakest first
    assert (rows[C.name].assessed, rows[C.name].members, rows[C.name].overall) == (2, 5, 3.5)
    assert rows[C.name].skilled_share == 100 and rows[O.name].skilled_share == 0
    assert board.months[-2:] == [f"{last_month:%m/%Y}", f"{TODAY:%m/%Y}"]
    assert board.trend["ai"][-2:] == [1.0, round((2 + 2 + 1) / 3, 2)]
    client = client_for(fworld.province_admin)
    page = client.get(reverse("competence:dashboard")).content.decode()
    assert 'id="competence-data"' in page and C.name in page and "Using artificial intelligence" in page
    own = client_for(fworld.secretary).get(reverse("competence:dashboard"))
    assert own.context["unit"] == C and own.context["board"].total.assessed == 2


def test_scope_outsiders_get_404_and_volunteers_see_only_their_own(fworld, client_for):
    me, leader = fworld.volunteer_member, fworld.leader_member
    other = MemberFactory(branch=fworld.other_branch)
    course = services.course_add(member=me, name="An toàn thông tin", held_on=TODAY, hours=4)
    mine_urls = [reverse("competence:member", args=[me.pk]), reverse("competence:assess", args=[me.pk]),
                 reverse("competence:course_new", args=[me.pk])]
    # The other ward's secretary: 404 on every URL of a Phủ Lý member, and on Phủ Lý's dashboard.
    outsider = client_for(fworld.outsider)
    for url in mine_urls:
        assert outsider.get(url).status_code == 404
    assert outsider.post(reverse("competence:course_delete", args=[course.pk])).status_code == 404
    assert outsider.get(reverse("competence:dashboard"), {"unit": fworld.commune.pk}).status_code == 404
    assert outsider.get(reverse("competence:dashboard"), {"unit": fworld.province.pk}).status_code == 404
    assert outsider.get(reverse("competence:member", args=[other.pk])).status_code == 200
    # The volunteer: their own pages, nobody else's, no dashboard (they are sent to their own page).
    volunteer = client_for(fworld.volunteer)
    for url in mine_urls:
        assert volunteer.get(url).status_code == 200
    assert volunteer.get(reverse("competence:member", args=[leader.pk])).status_code == 404
    assert volunteer.get(reverse("competence:assess", args=[leader.pk])).status_code == 404
    assert volunteer.get(reverse("competence:dashboard")).url == reverse("competence:mine")
    assert volunteer.get(reverse("competence:dashboard"), {"unit": fworld.commune.pk}).status_code == 404
    assert volunteer.get(reverse("competence:mine")).url == mine_urls[0]
    # The team leader acts for members of their commune; the secretary and the province admin too.
    for officer in (fworld.team_leader, fworld.secretary, fworld.province_admin):
        assert client_for(officer).get(mine_urls[0]).status_code == 200
    assert client_for(fworld.team_leader).get(reverse("competence:member", args=[other.pk])).status_code == 404
    # A user with no role and no member record: 404 everywhere.
    from ..factories import UserFactory

    nobody = client_for(UserFactory(username="khach"))
    for url in [*mine_urls, reverse("competence:dashboard"), reverse("competence:mine")]:
        assert nobody.get(url).status_code == 404


def test_a_team_leader_without_a_member_record_is_told_why(fworld, client_for):
    world = fworld
    type(world.leader_member).objects.filter(pk=world.leader_member.pk).update(user=None)  # no member record
    response = client_for(world.team_leader).get(reverse("competence:dashboard"))
    assert response.status_code == 200 and "not linked to a member record" in response.content.decode()
    assert client_for(world.team_leader).get(reverse("competence:mine")).status_code == 404
    # Asking for a unit's figures without reading its reports: 404, as for an outsider.
    assert client_for(world.team_leader).get(reverse("competence:dashboard"),
                                              {"unit": world.commune.pk}).status_code == 404


def test_training_history_lists_held_classes_the_member_sat_in_recognised_by_phone(fworld):
    """A class's attendee is the member when the same (normalised) phone was marked present at a held
    class; a namesake with another phone, an absent sign-up or a class not yet held is not."""
    from tienphong.literacy.models import Attendee

    me = MemberFactory(branch=fworld.branch, full_name="Lê Thị Học", phone="0912345678")

    def held_class(title, days_ago=20):
        begin = timezone.now() - dt.timedelta(days=days_ago)
        return classes.class_create(title=title, commune=fworld.commune, venue=fworld.place, starts_at=begin,
                                    ends_at=begin + dt.timedelta(hours=3), status="done")

    sat_in = held_class("Thanh toán không dùng tiền mặt")
    Attendee.objects.create(literacy_class=sat_in, full_name="Học", phone="0912345678", attended=True)
    absent = held_class("An toàn trên mạng", days_ago=15)
    Attendee.objects.create(literacy_class=absent, full_name="Lê Thị Học", phone="0912345678", attended=False)
    namesake = held_class("VNeID mức 2", days_ago=12)
    Attendee.objects.create(literacy_class=namesake, full_name="Lê Thị Học", phone="0987654321", attended=True)
    upcoming = classes.class_create(title="Lớp sắp tới", commune=fworld.commune, venue=fworld.place,
                                    starts_at=timezone.now() + dt.timedelta(days=3))
    Attendee.objects.create(literacy_class=upcoming, full_name="Lê Thị Học", phone="0912345678")
    items = selectors.trainings_of(me)
    assert [(t.kind, t.title, t.hours) for t in items] == [("class_learner", sat_in.title, 3.0)]
    assert items[0].class_id == sat_in.pk
    assert selectors.trainings_of(MemberFactory(branch=fworld.branch, phone="")) == []

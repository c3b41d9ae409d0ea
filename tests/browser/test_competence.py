"""Digital competence on a 360 px phone: a volunteer fills in their self-assessment (twelve questions,
radio buttons, one page) and the province admin reads the dashboard by area, commune and month."""

import datetime as dt

import pytest
expect = pytest.importorskip("playwright.sync_api", reason="needs the test extra: pip install -e .[test]").expect

from django.utils import timezone

from tienphong.competence import services
from tienphong.competence.framework import QUESTIONS
from tienphong.competence.models import Assessment

from ..factories import MemberFactory
from .helpers import scroll_width

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]


def test_member_fills_the_self_assessment_and_the_province_reads_the_dashboard(bfield, page, login, shot):
    me = bfield.volunteer_member
    login(bfield.volunteer)
    page.goto("/competence/")  # no figures to read: the volunteer lands on their own page
    expect(page.locator("h1")).to_have_text("Năng lực số")
    page.click("#assess-link")
    form = page.locator("#assessment-form")
    expect(form.locator("fieldset.question")).to_have_count(len(QUESTIONS))
    assert scroll_width(page) <= 360
    for i, q in enumerate(QUESTIONS):
        # Each answer is a whole row to tap; level 3 everywhere but artificial intelligence (2).
        level = 2 if q.area == "ai" else 3
        row = page.locator(f"#q-{q.code} label.answer").nth(level - 1)
        assert row.bounding_box()["height"] >= 32
        row.click()
    shot("360-form")
    page.click("#assessment-save")
    expect(page.locator("#latest-assessment")).to_contain_text("Mức chung 3")
    assert scroll_width(page) <= 360
    shot("360-member")
    a = Assessment.objects.get(member=me)
    assert (a.overall, a.ai, a.data, a.by_self) == (3, 2, 3, True)

    # Others in both wards, some last month, so the dashboard has communes to compare and a trend.
    today = timezone.localdate()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=10)
    for i in range(6):
        m = MemberFactory(branch=bfield.branch if i % 2 else bfield.other_branch)
        for day, lift in ((last_month, 0), (today, 1)):
            answers = {q.code: min(4, 1 + (i % 3) + lift - (q.area == "ai")) or 1 for q in QUESTIONS}
            services.assessment_submit(member=m, answers=answers, actor=bfield.province_admin, taken_on=day)

    page.context.clear_cookies()
    login(bfield.province_admin)
    page.goto("/competence/")
    expect(page.locator("#card-weakest")).to_contain_text("Ứng dụng trí tuệ nhân tạo")
    table = page.locator("#communes")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(page.locator("#chart-trend svg")).to_have_count(1)
    assert scroll_width(page) <= 360
    # The communes' names and their overall level are on screen at 360 px.
    cell = table.locator("tbody tr").first.locator("td").nth(2)
    assert cell.is_visible() and cell.bounding_box()["x"] + cell.bounding_box()["width"] <= 360
    shot("360-dashboard")


def test_secretary_chooses_a_core_member_on_the_member_page(bfield, page, login, shot):
    m = bfield.volunteer_member
    login(bfield.secretary)
    page.goto(f"/members/{m.pk}/")
    page.fill("#core-form [name=on]", "02/03/2026")
    page.click("#core-form button")
    expect(page.locator("#core-member")).to_contain_text("Từ ngày 02/03/2026")
    expect(page.locator("#core-member")).to_contain_text(bfield.secretary.full_name)
    expect(page.locator("h1 .tag.core")).to_be_visible()
    assert scroll_width(page) <= 360
    shot("360")

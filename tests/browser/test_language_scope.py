"""Switching the UI language, and an outsider meeting a 404."""

import pytest
expect = pytest.importorskip("playwright.sync_api", reason="needs the test extra: pip install -e .[test]").expect

from tests.factories import MemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]  # WhiteNoise, no collectstatic


def test_switch_language_en_then_vi(page, bworld, login, shot):
    login(bworld.secretary, home=True)
    nav = page.locator("header nav")
    # Vietnamese first (the browser asks for vi-VN and the site's default is vi).
    expect(nav).to_contain_text("Trang chủ")
    expect(nav).to_contain_text("Đoàn viên")
    shot("1-vi")

    page.click("header .lang button:has-text('EN')")
    expect(nav).to_contain_text("Members")
    expect(nav).to_contain_text("Home")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    shot("2-en")

    page.click("header .lang button:has-text('VI')")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(nav).to_contain_text("Đoàn viên")
    expect(nav).to_contain_text("Trang chủ")
    expect(nav).not_to_contain_text("Members")
    shot("3-back-to-vi")

    # The choice sticks for the session: the login page of a logged-out user is Vietnamese too.
    page.click("header form button.link")
    expect(page.locator("h1")).to_have_text("Đăng nhập")


def test_outsider_gets_404_for_a_member_of_another_commune(page, bworld, login, shot):
    member = MemberFactory(full_name="Nguyễn Văn An", branch=bworld.branch)
    login(bworld.outsider)
    response = page.goto(f"/members/{member.pk}/")
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text("Nguyễn Văn An")
    shot("1-404")
    # The edit page and the member list do not leak the member either.
    assert page.goto(f"/members/{member.pk}/edit/").status == 404
    page.goto("/members/?q=nguyen")
    expect(page.locator("#results")).not_to_contain_text("Nguyễn Văn An")

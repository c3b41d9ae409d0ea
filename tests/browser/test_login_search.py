"""Logging in, the home page, and finding a member by a name typed without diacritics."""

import re

import pytest
expect = pytest.importorskip("playwright.sync_api", reason="needs the test extra: pip install -e .[test]").expect

from .helpers import make_members

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]  # WhiteNoise, no collectstatic


def test_login_lands_on_home_with_unit_and_counts(page, bworld, live_server, shot):
    make_members(bworld.branch)
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/"))
    shot("1-login-form")

    page.fill("#id_username", bworld.secretary.username)
    page.fill("#id_password", "sai-mat-khau")
    page.click("form button[type=submit]")
    error = page.locator(".login .errorlist")
    expect(error).to_be_visible()
    # Django's own Vietnamese message: "Vui lòng điền vào … và mật khẩu chính xác. …"
    expect(error).to_contain_text("mật khẩu")
    expect(error).to_contain_text("Vui lòng")
    shot("2-wrong-password")

    page.fill("#id_password", bworld.password)
    page.click("form button[type=submit]")
    expect(page).to_have_url(live_server.url + "/")
    expect(page.locator("h1")).to_contain_text("Phường Phủ Lý")
    first_card = page.locator(".cards .card").first
    expect(first_card.locator(".n")).to_have_text("3")  # three active members in the ward
    expect(page.locator(".cards").first.locator(".card")).to_have_count(4)
    expect(page.locator(".cards").nth(1)).to_contain_text("lượt người dân được hỗ trợ")  # field work, 30 days
    expect(page.locator("table")).to_contain_text("Đoàn cơ sở phường Phủ Lý")
    shot("3-home")


def test_search_without_diacritics_live_and_with_enter(page, bworld, login, shot):
    members = make_members(bworld.branch)
    login(bworld.secretary)
    page.goto("/members/")
    results = page.locator("#results")
    for name in members:
        expect(results).to_contain_text(name)

    # Live search (htmx): typing is enough, no button press.
    page.fill("input[name=q]", "nguyen van an")
    expect(results.locator("tbody tr")).to_have_count(1)
    expect(results).to_contain_text("Nguyễn Văn An")
    expect(results).not_to_contain_text("Trần Thị Bích Ngọc")
    expect(results).not_to_contain_text("Đặng Đức Anh")
    expect(page).to_have_url(re.compile(r"[?&]q=nguyen(\+|%20)van(\+|%20)an"))
    shot("1-live-search")

    # Without JavaScript's help: a fresh page, type, press Enter.
    page.goto("/members/")
    page.fill("input[name=q]", "dang duc anh")
    page.press("input[name=q]", "Enter")
    expect(results.locator("tbody tr")).to_have_count(1)
    expect(results).to_contain_text("Đặng Đức Anh")
    page.fill("input[name=q]", "nguyen van an")
    page.press("input[name=q]", "Enter")
    expect(results.locator("tbody tr")).to_have_count(1)
    expect(results).to_contain_text("Nguyễn Văn An")
    expect(results).not_to_contain_text("Đặng Đức Anh")
    shot("2-enter-search")

    page.click("#results a:has-text('Nguyễn Văn An')")
    expect(page).to_have_url(re.compile(rf"/members/{members['Nguyễn Văn An'].pk}/$"))
    expect(page.locator("h1")).to_contain_text("Nguyễn Văn An")
    expect(page.locator("dl.facts")).to_contain_text("Chi đoàn Tổ dân phố 1")
    shot("3-member-page")

"""The province's live member search on a phone tells namesakes apart: commune, birth year, branch."""
import datetime as dt

from playwright.sync_api import expect

from tests.factories import MemberFactory


def test_namesakes_are_told_apart_in_the_live_search_at_360px(page, bworld, login, shot):
    MemberFactory(full_name="Nguyễn Văn Anh", branch=bworld.branch, birth_date=dt.date(1998, 3, 4))
    MemberFactory(full_name="Nguyễn Văn Anh", branch=bworld.other_branch, birth_date=dt.date(2003, 7, 9))
    MemberFactory(full_name="Trần Thị Hoa", branch=bworld.branch)
    login(bworld.province_admin)
    page.goto("/members/")
    results = page.locator("#results")
    page.fill("input[name=q]", "nguyen van anh")              # live search: no button
    expect(results.locator("tbody tr")).to_have_count(2)
    rows = [results.locator("tbody tr").nth(i).inner_text() for i in range(2)]
    assert any("1998" in r and "Chi đoàn Tổ dân phố 1" in r and "Phường Phủ Lý" in r for r in rows), rows
    assert any("2003" in r and "Chi đoàn Thôn Kim Lũ" in r and "Phường Phù Vân" in r for r in rows), rows
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot("360")
    page.set_viewport_size({"width": 1280, "height": 800})
    shot("1280")

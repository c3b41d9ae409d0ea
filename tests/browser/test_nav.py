"""The menu on a phone: grouped, every page two taps away, and each role sees only what it can open."""

import pytest

ROLES = ["province_admin", "secretary", "team_leader", "volunteer"]


def _menu_links(page):
    return page.eval_on_selector_all("nav.nav a", "links => links.map(a => [a.textContent.trim(), a.getAttribute('href')])")


def test_province_admin_reaches_the_dashboard_in_two_taps_at_360px(page, bworld, login, shot):
    login(bworld.province_admin)
    page.goto("/members/")
    page.click("nav.nav summary:has-text('Báo cáo')")                 # tap 1: the group
    shot("menu-open")
    page.click("nav.nav a:has-text('Bảng điều khiển')")               # tap 2: the page
    page.wait_for_load_state("domcontentloaded")
    assert page.url.endswith("/reports/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # Every page of the menu: a direct link, or one tap on its group then the link.
    links = _menu_links(page)
    assert len(links) == 20  # 14, then partners, competence, the union tree, events, contests and innovation
    page.goto("/")
    for text, href in links:
        # Each link from a closed menu, as on a fresh page (closing the groups spares reloading the page).
        page.eval_on_selector_all("nav.nav details", "groups => { groups.forEach(d => d.open = false); "
                                  "window.scrollTo(0, 0); }")
        link = page.locator(f"nav.nav a[href='{href}']")
        if not link.is_visible():
            page.locator("nav.nav details", has=page.locator(f"a[href='{href}']")).locator("summary").click()
        assert link.is_visible(), text
        # the opened group sits within the phone's screen
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360 and box["y"] + box["height"] <= 740, text
    header = page.locator("header.top").bounding_box()
    assert header["height"] < 160  # no more a sideways strip of 14 items: two short rows at most


@pytest.mark.parametrize("role", ROLES)
def test_every_menu_link_opens_for_its_role(page, bfield, login, role):
    user = getattr(bfield, role)  # the field world: the team leader leads a team
    login(user, home=True)
    links = _menu_links(page)
    assert links
    for text, href in links:
        response = page.request.get(href)
        assert response.status == 200, f"{role}: {text} {href} → {response.status}"
    hrefs = {href for _text, href in links}
    if role == "volunteer":
        assert "/accounts/" not in " ".join(hrefs) and "/audit/" not in " ".join(hrefs)
        assert not any(h.startswith("/reports") for h in hrefs)


def test_menu_at_1280px(page, bworld, login, shot):
    page.set_viewport_size({"width": 1280, "height": 800})
    login(bworld.province_admin, home=True)
    page.click("nav.nav summary:has-text('Tổ chức')")
    shot("organisation-open")
    page.click("nav.nav a:has-text('Đoàn viên')")
    page.wait_for_load_state("domcontentloaded")
    assert "/members/" in page.url
    assert page.locator("header.top").bounding_box()["height"] < 80

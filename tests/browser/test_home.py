"""The home page on a phone: a volunteer's home is their day; the province's home is a list that fits."""

from tienphong.core.scope import Scope
from tienphong.support import services

from .helpers import scroll_width


def test_a_volunteers_home_shows_the_log_button_first_and_the_figures_of_today(page, bfield, login, shot):
    for people in (12, 3):
        services.record_create(author=bfield.volunteer, scope=Scope.for_user(bfield.volunteer),
                               data={"services": ["vneid"], "people": people, "team": bfield.team.pk})
    login(bfield.volunteer)
    page.goto("/")
    button = page.locator("#log-button")
    assert button.is_visible()
    box, first_card = button.bounding_box(), page.locator(".card").first.bounding_box()
    assert box["y"] + box["height"] <= 740 and box["y"] < first_card["y"]
    home_today = page.inner_text("#my-today .n")
    assert home_today == "15" and "Tổ công nghệ số cộng đồng Tổ dân phố 1" in page.inner_text("main")
    assert page.inner_text("#team-today .n") == "15"
    assert scroll_width(page) <= 360
    shot("360")
    page.goto("/today/")
    assert page.inner_text("#my-today .n") == home_today
    page.goto("/")
    page.set_viewport_size({"width": 1280, "height": 800})
    shot("1280")


def test_the_province_home_is_a_searchable_list_that_fits_a_phone(page, bworld, login, shot):
    from tests.factories import make_communes

    # With Phủ Lý, Phù Vân and Hoa Lư: the province's 129 communes.
    make_communes(bworld.province, [f"Xã Liên Minh Thượng Nguyên Số {i:03}" for i in range(126)] + ["Phường Hoa Lư"],
                  [f"9{i:04}" for i in range(126)] + ["14359"])
    login(bworld.province_admin)
    page.goto("/")
    assert page.evaluate("document.documentElement.scrollHeight") < 4000
    assert scroll_width(page) <= 360
    table = page.locator("table.units")
    assert table.bounding_box()["width"] <= page.locator(".table-wrap").bounding_box()["width"]
    shot("360")
    page.fill("input[name=q]", "hoa lu")
    page.click("form[role=search] button")
    page.wait_for_url("**q=hoa+lu**")
    assert page.locator("table.units tbody tr").all_inner_texts()[0].startswith("Phường Hoa Lư")
    assert page.locator("table.units tbody tr").count() == 1
    shot("search-360")
    page.goto("/?sort=members")
    page.set_viewport_size({"width": 1280, "height": 800})
    assert page.locator("th.wide").first.is_visible() and not page.locator("th.phone").is_visible()
    assert page.locator("th[aria-sort=descending]").inner_text().startswith("Đoàn viên")
    shot("1280")

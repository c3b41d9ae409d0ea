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

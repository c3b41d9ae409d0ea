"""The ranking of communes and the seed figures on a 360 px phone: one click from the province
dashboard, a figure and an order chosen in the form, the table fits the screen."""

import pytest
expect = pytest.importorskip("playwright.sync_api", reason="needs the test extra: pip install -e .[test]").expect

from tienphong.core.scope import Scope
from tienphong.support import services

from .helpers import scroll_width

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]


def test_ranking_and_seed_figures_from_the_province_dashboard_at_360(bfield, page, login, shot):
    services.record_create(author=bfield.volunteer, scope=Scope.for_user(bfield.volunteer),
                           data={"services": ["vneid"], "people": 9, "groups": ["elderly"]})
    login(bfield.province_admin)
    page.goto("/reports/")
    page.click("#ranking-link")
    table = page.locator("#ranking")
    expect(table.locator("tbody tr").first).to_contain_text(bfield.commune.name)  # 9 turns: first
    expect(table.locator("tbody tr").first.locator("td").nth(1)).to_have_text("9")
    value = table.locator("tbody tr").first.locator("td").nth(2)  # per 100 members: on screen
    assert value.is_visible() and value.bounding_box()["x"] + value.bounding_box()["width"] <= 360
    assert scroll_width(page) <= 360
    shot("360")

    page.select_option("#ranking-measure", "support_turns.elderly")
    page.select_option("#period-form [name=order]", "per_100")
    page.click("#period-form button")
    expect(page.locator("h1 + .sub")).to_contain_text("Người cao tuổi")
    expect(table.locator("tbody tr").first).to_contain_text(bfield.commune.name)
    assert scroll_width(page) <= 360
    shot("360-elderly-per-100")

    page.goto("/reports/")
    page.click("#seed-figures-link")
    rows = page.locator("#seed-figures li")
    expect(rows).to_have_count(17)  # 13, then the forum, its online views, the training's points and cadres
    expect(page.locator("#seed-citizen_turns")).to_contain_text("trên 110.000")
    assert scroll_width(page) <= 360
    shot("360-seed-figures")
    page.click("#seed-volunteer_teams a")
    expect(page.locator("#ranking-measure")).to_have_value("teams.volunteer")

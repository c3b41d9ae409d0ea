"""/teams/ on a phone for the province: one page of teams, not metres of cards."""
from django.conf import settings

from tests.teams.test_team_list import demo_teams


def test_province_team_list_fits_a_phone(page, bworld, login, shot):
    demo_teams(bworld, communes=40, per_commune=4)   # 160 teams in 40 communes
    login(bworld.province_admin)
    page.goto("/teams/")
    assert page.locator("table.stack tbody tr").count() == settings.PAGE_SIZE
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 4000, height
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot("360")
    page.fill("input[name=q]", "thon 2 xa 07")
    page.click("form.filters button")
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("table.stack tbody tr").count() == 1
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/teams/?sort=name")
    shot("1280")

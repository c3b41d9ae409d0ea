"""The virtual exhibition on a 360 px phone: a visitor browses the standing gallery, filters it and opens
a youth work's page; an organiser ticks items for an event, and the event's gallery shows them."""

import pytest
expect = pytest.importorskip("playwright.sync_api", reason="needs the test extra: pip install -e .[test]").expect

from tests.exhibition.conftest import build_expo
from tests.factories import make_event

from .helpers import scroll_width

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]  # WhiteNoise, no collectstatic


def test_exhibition_at_360px(page, bworld, login, shot):
    expo = build_expo(bworld)
    event = make_event(bworld.commune, name="Ngày hội thanh niên sáng tạo Phủ Lý")

    page.goto("/visit/exhibition/")
    expect(page.locator("h1")).to_have_text("Triển lãm trực tuyến")
    expect(page.locator("#items > li")).to_have_count(5)
    expect(page.locator("#items a.code")).to_have_count(5)  # every card has its /q/ code
    assert page.evaluate("document.querySelector('#items img').complete")
    assert page.locator("script").count() == 0
    assert scroll_width(page) <= 360
    shot("1-gallery")

    page.select_option("select[name=kind]", "works")
    page.click("form.search button")
    page.wait_for_url("**kind=works*")
    expect(page.locator("#items > li")).to_have_count(2)
    expect(page.locator("#items .t").first).to_have_text("Điểm wifi chợ Phủ Lý")
    assert scroll_width(page) <= 360
    shot("2-works")

    # A work's card opens its page: the work and the QR code printed next to it, at 360 px.
    page.click("#items li.work > a >> nth=0")
    page.wait_for_url(f"**/visit/work/{expo.wifi.pk}/")
    expect(page.locator("h1")).to_have_text("Điểm wifi chợ Phủ Lý")
    expect(page.locator("#unit")).to_have_text("Tổ công nghệ số Phủ Lý · Đoàn Phường Phủ Lý")
    expect(page.locator("#qr img")).to_be_visible()
    assert page.evaluate("document.querySelector('#qr img').naturalWidth") > 0  # the data: image is allowed (CSP)
    assert page.locator("script").count() == 0
    assert scroll_width(page) <= 360
    shot("3-work")

    # The organiser ticks a product and a work; the event's gallery shows those only.
    login(bworld.secretary)
    page.goto(f"/events/{event.pk}/exhibition/")
    expect(page.locator("main h1")).to_have_text("Triển lãm trực tuyến")
    page.check(f"#pick-products input[value='{expo.by_team.pk}']")
    page.check(f"#pick-works input[value='{expo.library.pk}']")
    assert scroll_width(page) <= 360
    shot("4-organiser")
    page.click("form.panel button[type=submit]")
    expect(page.locator("#public-link")).to_be_visible()
    page.click("#public-link")
    page.wait_for_url(f"**/e/{event.pk}/exhibition/")
    expect(page.locator("h1")).to_have_text("Ngày hội thanh niên sáng tạo Phủ Lý")
    expect(page.locator("#items .t")).to_have_text(["Cơm cháy Phủ Lý", "Thư viện số Kim Lũ"])
    assert scroll_width(page) <= 360
    shot("5-event")

    page.click("nav.langs a[hreflang=en]")
    page.wait_for_url("**?lang=en")
    expect(page.locator(".kicker")).to_have_text("Virtual exhibition")
    page.click("#items a.code")  # the product's /q/ code opens its page
    page.wait_for_url(f"**/visit/product/{expo.by_team.pk}/")
    expect(page.locator("h1")).to_have_text("Cơm cháy Phủ Lý")

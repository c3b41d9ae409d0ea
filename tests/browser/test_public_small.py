"""What a visitor and an editor notice first: no 404 for the favicon or robots.txt, a sample's photo
captioned in the page's language, and the editor warned before printing codes that carry a local
address."""

import pytest
expect = pytest.importorskip("playwright.sync_api", reason="needs the test extra: pip install -e .[test]").expect

from tests.factories import PublicPlaceFactory, add_photo, add_story

from .helpers import scroll_width

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]  # WhiteNoise, no collectstatic


def test_a_sample_relic_reads_in_one_language_with_no_404(page, bworld, shot):
    place = PublicPlaceFactory(name="Đền Lảnh Giang", commune=bworld.commune, sample=True,
                               latitude=20.25, longitude=105.97)
    add_story(place, "vi", body="Đền Lảnh Giang bên sông Hồng.")
    add_story(place, "en", title="Lảnh Giang Temple", body="A temple on the Red River.")
    add_photo(place, caption="", position=0)
    missing = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    page.goto(f"/visit/place/{place.pk}/")
    expect(page.locator(".hero figcaption")).to_have_text("Ảnh minh họa")
    expect(page.locator("h1")).to_have_text("Đền Lảnh Giang")
    assert page.get_by_text("Sample illustration").count() == 0
    assert page.evaluate("fetch('/favicon.ico').then(r => r.status)") == 200
    assert page.evaluate("fetch('/robots.txt').then(r => r.status)") == 200
    assert scroll_width(page) <= 360
    shot("1-vi")
    page.locator(".langs a", has_text="English").click()
    expect(page.locator(".hero figcaption")).to_have_text("Sample illustration")
    expect(page.locator("h1")).to_have_text("Lảnh Giang Temple")
    expect(page.locator("dd[lang=vi]")).to_have_text("Đền Lảnh Giang")
    assert page.get_by_text("Ảnh minh họa").count() == 0
    page.set_viewport_size({"width": 1280, "height": 800})
    shot("2-en-wide")
    assert missing == [], missing


def test_the_qr_panel_warns_the_editor_before_printing_a_local_address(page, bworld, login, shot, settings):
    settings.PUBLIC_BASE_URL = ""
    place = PublicPlaceFactory(name="Đền Lảnh Giang", commune=bworld.commune)
    add_story(place, "vi", body="Đền Lảnh Giang bên sông Hồng.")
    login(bworld.secretary)
    page.goto(f"/places/{place.pk}/")
    warning = page.locator("#base-url-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Chưa đặt địa chỉ công khai của trang")
    expect(warning.locator("code")).to_have_text("PUBLIC_BASE_URL=https://tienphong.ninhbinh.gov.vn")
    assert scroll_width(page) <= 360
    warning.scroll_into_view_if_needed()
    shot("1-warning")

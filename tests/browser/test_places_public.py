"""A visitor scans a relic's QR code on a 360 px phone, reads it in Vietnamese, switches to
English, plays the audio guide; the map of places draws its points with no tile server."""

import io
import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from PIL import Image, ImageDraw
expect = pytest.importorskip("playwright.sync_api", reason="needs the test extra: pip install -e .[test]").expect

from tests.factories import PublicPlaceFactory, add_story, audio_upload
from tienphong.places import services
from tienphong.qr.services import code_for

from .helpers import scroll_width

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]  # WhiteNoise, no collectstatic

VI_BODY = ("Đền thờ Trương Hán Siêu thờ danh nhân đời Trần, người có công lớn với đất nước.\n\n"
           "Di tích được xếp hạng di tích quốc gia. Nội dung này là mẫu để trình diễn.")
EN_BODY = ("The temple honours Trương Hán Siêu, a scholar and mandarin of the Trần dynasty.\n\n"
           "It is ranked a national relic. This text is a sample for the demonstration.")


def _temple_photo():
    """A 1600×1000 JPEG that looks like a temple gate: sky, roof, walls, steps."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    image = Image.new("RGB", (1600, 1000), (150, 196, 232))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 760, 1600, 1000], fill=(120, 120, 110))
    draw.rectangle([420, 420, 1180, 780], fill=(205, 170, 120))
    draw.polygon([(340, 440), (800, 230), (1260, 440)], fill=(140, 40, 30))
    draw.rectangle([720, 560, 880, 780], fill=(90, 50, 30))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return SimpleUploadedFile("cong-den.jpg", out.getvalue(), content_type="image/jpeg")


@pytest.fixture
def relic(bworld):
    commune = bworld.commune
    place = services.place_create(name="Đền thờ Trương Hán Siêu", kind="relic", commune=commune,
                                  address="Phố Trương Hán Siêu", latitude=20.2506, longitude=105.9745,
                                  ranking="national", recognised_year=1962, opening_hours="7:00–17:00",
                                  sample=True)
    add_story(place, "vi", body=VI_BODY, audio=audio_upload("thuyet-minh.wav", seconds=2))
    add_story(place, "en", title="Temple of Trương Hán Siêu", body=EN_BODY,
              audio=audio_upload("guide-en.wav", seconds=2))
    services.photo_add(place=place, photos=[_temple_photo()], caption="Cổng đền")
    services.place_publish(place=place)
    PublicPlaceFactory(name="Đền Lảnh Giang", commune=commune, latitude=20.2596, longitude=105.9745)
    PublicPlaceFactory(name="Điểm wifi Nhà văn hóa Tổ dân phố 1", kind="wifi_point", commune=commune,
                       latitude=20.2550, longitude=105.9690, wifi_name="DoanPhuLy-Free")
    PublicPlaceFactory(name="Thư viện số phường Phủ Lý", kind="digital_library", commune=commune,
                       latitude=20.2480, longitude=105.9800)
    PublicPlaceFactory(name="Đền bản nháp", commune=commune, latitude=20.2500, longitude=105.9700, status="draft")
    return place


def test_visitor_scans_the_relic_reads_vietnamese_then_english_and_plays_the_guide(page, relic, shot):
    code = code_for(relic).code
    page.goto(f"/q/{code}")
    expect(page).to_have_url(f"{page.url.split('/visit/')[0]}/visit/place/{relic.pk}/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("h1")).to_have_text("Đền thờ Trương Hán Siêu")
    expect(page.locator(".story")).to_contain_text("danh nhân đời Trần")
    expect(page.locator(".kicker")).to_have_text("Di tích")
    expect(page.locator(".badge.sample")).to_have_text("Nội dung mẫu")
    expect(page.locator("#nearby li")).to_have_count(3)
    expect(page.locator(".hero img")).to_be_visible()
    assert page.evaluate("document.querySelector('.hero img').naturalWidth") > 0
    assert page.locator("script").count() == 0
    assert scroll_width(page) <= 360
    shot("1-vietnamese")

    page.locator(".langs a", has_text="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Temple of Trương Hán Siêu")
    expect(page.locator(".story")).to_contain_text("a scholar and mandarin of the Trần dynasty")
    expect(page.locator("#guide-h")).to_have_text("Audio guide")
    expect(page.locator(".langs strong")).to_have_text("English")
    assert "?lang=en" in page.url
    assert scroll_width(page) <= 360

    audio = page.locator("audio")
    expect(audio.locator("source")).to_have_attribute("type", "audio/wav")
    page.locator("h1").click()  # a tap on the page: the browser lets it play sound
    page.eval_on_selector("audio", "a => a.play()")
    # The sound really plays: time moves on (not only "not paused", which play() sets at once).
    page.wait_for_function("() => document.querySelector('audio').currentTime > 0", timeout=5000)
    assert page.eval_on_selector("audio", "a => a.error") is None
    shot("2-english-playing")

    page.locator("a", has_text="Map of places").click()
    expect(page.locator("h1")).to_have_text("Places to visit")


def test_map_shows_its_points_without_a_tile_server(page, relic, shot, settings):
    settings.MAP_TILE_URL = ""
    page.goto("/visit/map/")
    expect(page.locator("#map")).to_be_visible()
    # Four published places with coordinates (the draft is not on the map), each a circle marker.
    expect(page.locator("#map .leaflet-interactive")).to_have_count(4)
    expect(page.locator(".leaflet-tile")).to_have_count(0)
    expect(page.locator("h2", has_text="Di tích")).to_be_visible()
    assert page.locator("text=Đền bản nháp").count() == 0
    assert scroll_width(page) <= 360
    shot("1-map")
    page.locator("#map .leaflet-interactive").first.click(force=True)
    popup = page.locator(".leaflet-popup-content a")
    expect(popup).to_be_visible()
    # The popup fades in and the map pans to show it whole: wait until it is inside the screen AND at rest
    # (the same place two frames apart; a click during the pan's animation can miss the link).
    page.wait_for_function("""() => new Promise(done => {
        const at = () => document.querySelector('.leaflet-popup-content a').getBoundingClientRect();
        const first = at();
        requestAnimationFrame(() => requestAnimationFrame(() => {
            const r = at();
            done(r.left === first.left && r.top === first.top && r.left >= 0 && r.right <= 360);
        }));
    })""")
    box = popup.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    shot("2-popup")
    popup.click()
    # On a slow machine the first tap can land while Leaflet still settles the popup (the map takes it and
    # nothing opens); a person taps again, and so does the test, once.
    try:
        page.wait_for_url(re.compile(r"/visit/place/\d+/$"), timeout=2_000)
    except PlaywrightTimeoutError:
        popup.click()
    expect(page.locator("h1")).not_to_have_text("Places to visit")
    expect(page).to_have_url(re.compile(r"/visit/place/\d+/$"))


def test_team_leader_adds_a_relic_writes_its_story_and_publishes_it_on_a_phone(page, bworld, login, shot, tmp_path):
    from tests.factories import wav_bytes

    login(bworld.team_leader)
    page.goto("/places/")
    page.locator("a.btn", has_text="Thêm địa điểm").click()
    expect(page.locator("#id_commune")).to_be_hidden()  # one ward: nothing to pick
    page.select_option("#id_kind", "relic")
    expect(page.locator("#id_ranking")).to_be_visible()
    expect(page.locator("#id_wifi_name")).to_be_hidden()
    page.fill("#id_name", "Đền thờ Nguyễn Công Trứ")
    page.fill("#id_address", "Phường Phủ Lý")
    page.fill("#id_coordinates", "20.2541, 105.9702")
    page.select_option("#id_ranking", "provincial")
    page.fill("#id_recognised_year", "1995")
    assert scroll_width(page) <= 360
    shot("1-form")
    page.locator("button[type=submit]", has_text="Lưu").click()
    expect(page.locator("h1")).to_have_text("Đền thờ Nguyễn Công Trứ")
    expect(page.locator("#status")).to_have_text("Bản nháp")

    page.locator("form[action$='/publish/'] button").click()
    expect(page.locator(".msg-error")).to_contain_text("tiếng Việt")

    page.locator("#stories tr", has_text="Tiếng Việt").locator("a", has_text="Viết").click()
    page.fill("#id_body", "Đền thờ Nguyễn Công Trứ, nhà thơ, nhà quân sự.\n\nNội dung mẫu.")
    guide = tmp_path / "thuyet-minh.wav"
    guide.write_bytes(wav_bytes(2))
    page.set_input_files("#id_audio", str(guide))
    page.locator("button[type=submit]", has_text="Lưu").click()
    expect(page.locator(".msg")).to_contain_text("Đã lưu bài giới thiệu")
    page.locator("form[action$='/publish/'] button").click()
    expect(page.locator("#status")).to_have_text("Đã công khai")
    expect(page.locator("#qr-panel svg")).to_be_visible()
    assert scroll_width(page) <= 360
    shot("2-published")

    page.locator("a.btn", has_text="Thêm ảnh").click()
    photo = tmp_path / "cong-den.jpg"
    photo.write_bytes(_temple_photo().read())
    page.set_input_files("#id_photos", [str(photo), str(photo)])
    page.fill("#id_caption", "Cổng đền")
    page.locator("button[type=submit]", has_text="Thêm ảnh").click()
    expect(page.locator(".photo-edit li")).to_have_count(2)
    assert scroll_width(page) <= 360
    shot("3-photos")
    page.locator("a.btn", has_text="Xong").click()
    with page.expect_navigation():
        page.locator("#public-link").click()
    expect(page.locator("h1")).to_have_text("Đền thờ Nguyễn Công Trứ")
    expect(page.locator("audio source")).to_have_attribute("type", "audio/wav")

    page.goto("/places/?q=nguyen cong tru")
    expect(page.locator("#places tbody tr")).to_have_count(1)
    expect(page.locator("p.muted.small", has_text="địa điểm")).to_have_text("1 địa điểm")
    expect(page.locator("#places tbody tr").first).to_contain_text("Đã công khai")
    assert scroll_width(page) <= 360
    shot("4-list")


def test_map_without_tiles_labels_its_points_and_lists_them_beside_or_below(page, relic, shot, settings):
    settings.MAP_TILE_URL = ""
    page.goto("/visit/map/")
    expect(page.locator(".leaflet-tile")).to_have_count(0)
    labels = page.locator("#map .map-label")
    expect(labels).to_have_count(4)
    temple = labels.filter(has_text="Đền thờ Trương Hán Siêu")
    expect(temple).to_be_visible()
    expect(temple.locator(".map-label-commune")).to_have_text(relic.commune.name)
    # Text nodes, never HTML from the data.
    assert temple.locator("b").inner_html() == "Đền thờ Trương Hán Siêu"
    # On a phone the list is visible with JavaScript on, below the map, compact.
    items = page.locator("#places-list li")
    expect(items).to_have_count(4)
    expect(items.first).to_be_visible()
    map_box, list_box = page.locator("#map").bounding_box(), page.locator("#places-list").bounding_box()
    assert list_box["y"] >= map_box["y"] + map_box["height"]
    assert items.first.bounding_box()["height"] < 70
    assert scroll_width(page) <= 360
    shot("1-phone")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.wait_for_function("""() => document.querySelector('#places-list').getBoundingClientRect().left >=
        document.querySelector('#map').getBoundingClientRect().right""")  # the layout has followed the width
    map_box, list_box = page.locator("#map").bounding_box(), page.locator("#places-list").bounding_box()
    assert list_box["x"] >= map_box["x"] + map_box["width"]  # beside the map
    expect(temple).to_be_visible()
    shot("2-wide")

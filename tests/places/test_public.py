"""The public pages: a place's page (what its QR code opens) and the map of places."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tienphong.places import services
from tienphong.places.models import Place

from ..factories import PublicPlaceFactory, add_photo, add_story, audio_upload
from ..personas import build_world
from ..scenes import once_per_module

# Built once for the module instead of once per test; see tests/scenes.py.
world, _world = once_per_module(build_world, "world")

pytestmark = pytest.mark.django_db

VI_BODY = "Đền thờ Trương Hán Siêu, danh nhân đời Trần.\n\nĐoạn thứ hai của câu chuyện."
EN_BODY = "The temple of Truong Han Sieu, a scholar of the Tran dynasty.\n\nSecond paragraph."


@pytest.fixture
def relic(world):
    place = PublicPlaceFactory(name="Đền thờ Trương Hán Siêu", commune=world.commune, address="Phố Trương Hán Siêu",
                               ranking="national", recognised_year=1962, opening_hours="7:00–17:00",
                               latitude=20.2506, longitude=105.9745)
    add_story(place, "vi", body=VI_BODY, audio=audio_upload("vi.wav"))
    add_story(place, "en", title="Temple of Truong Han Sieu", body=EN_BODY, audio=audio_upload("en.wav", seconds=3))
    return place


def _get(client, place, lang=""):
    url = reverse("visit_place", args=[place.pk]) + (f"?lang={lang}" if lang else "")
    return client.get(url)


def test_published_place_reads_in_vietnamese_with_audio_and_facts(client, relic):
    response = _get(client, relic)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "<h1>Đền thờ Trương Hán Siêu</h1>" in html
    assert "<p>Đền thờ Trương Hán Siêu, danh nhân đời Trần.</p>" in html  # paragraphs from blank lines
    assert "<p>Đoạn thứ hai của câu chuyện.</p>" in html
    assert re.search(r'<audio controls preload="none"><source src="[^"]+\.wav" type="audio/wav">', html)
    assert "Di tích quốc gia" in html and "1962" in html
    assert "Phố Trương Hán Siêu, Phường Phủ Lý" in html and "7:00–17:00" in html
    assert "Not yet translated" not in html and "Chưa được dịch" not in html
    assert response["Cache-Control"] == "public, max-age=300" or "max-age=300" in response["Cache-Control"]


def test_english_switch_shows_english_story_and_english_interface(client, relic):
    html = _get(client, relic).content.decode()
    assert f'href="/visit/place/{relic.pk}/?lang=en"' in html
    response = _get(client, relic, "en")
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Temple of Truong Han Sieu</h1>" in html
    assert "The temple of Truong Han Sieu" in html and "danh nhân đời Trần" not in html
    assert "National relic" in html and "Audio guide" in html  # the interface is English too
    assert re.search(r'<source src="[^"]+" type="audio/wav">', html)
    story = relic.stories.get(language="en")
    assert story.audio.url in html
    # The Vietnamese link goes back without ?lang.
    assert f'href="/visit/place/{relic.pk}/" lang="vi"' in html


def test_a_language_without_story_falls_back_to_vietnamese_with_a_note(client, relic):
    relic.stories.filter(language="en").delete()
    html = _get(client, relic, "en").content.decode()
    assert "Not yet translated" in html
    assert "danh nhân đời Trần" in html
    assert '<section class="story" lang="vi">' in html
    # The Vietnamese audio guide plays, labelled with its language.
    assert "Tiếng Việt" in html and relic.stories.get(language="vi").audio.url in html


def test_other_story_languages_appear_in_the_switch_with_an_english_interface(client, relic):
    add_story(relic, "fr", title="Temple de Truong Han Sieu", body="Le temple d'un lettré.")
    html = _get(client, relic).content.decode()
    assert "?lang=fr" in html and "Français" in html
    html = _get(client, relic, "fr").content.decode()
    assert "Le temple d&#x27;un lettré." in html and "Audio guide" in html


def test_draft_inactive_and_unknown_places_are_404(client, world, relic):
    draft = services.place_create(name="Đền nháp", kind=Place.Kind.RELIC, commune=world.commune)
    assert _get(client, draft).status_code == 404
    inactive = PublicPlaceFactory(name="Nhà văn hóa cũ", kind="culture_house", commune=world.commune, active=False)
    assert _get(client, inactive).status_code == 404
    assert client.get("/visit/place/999999/").status_code == 404


def test_sample_badge(client, relic):
    assert "Nội dung mẫu" not in _get(client, relic).content.decode()
    relic.sample = True
    relic.save()
    from django.core.cache import cache

    from tienphong.core.pagecache import forget_local

    cache.clear()  # saved directly, not through a service: nothing bumped the generation
    forget_local()
    assert "Nội dung mẫu" in _get(client, relic).content.decode()


def test_photos_hero_with_srcset_and_a_lazy_gallery_linking_to_large(client, relic):
    hero = add_photo(relic, caption="Cổng đền", position=0, size=(2000, 1500))
    other = add_photo(relic, caption="Sân đền", position=1, size=(1500, 2000))
    html = _get(client, relic).content.decode()
    hero_tag = re.search(r'<figure class="hero"><img [^>]+>', html).group(0)
    assert f'srcset="{hero.small.url} 480w, {hero.image.url} 1280w"' in hero_tag
    assert 'sizes="' in hero_tag and 'width="1280" height="960"' in hero_tag and "lazy" not in hero_tag
    assert f'<meta property="og:image" content="http://testserver{hero.image.url}">' in html
    gallery = re.search(r'<div class="gallery">.*?</div>', html, re.S).group(0)
    assert f'<a href="{other.image.url}"><img src="{other.small.url}" width="360" height="480"' in gallery
    assert 'loading="lazy"' in gallery


def test_wifi_point_shows_network_hours_and_who_installed_it(client, world):
    from tienphong.campaigns.models import YouthWork
    from tests.factories import TeamFactory

    wifi = PublicPlaceFactory(name="Điểm wifi Nhà văn hóa Tổ 1", kind="wifi_point", commune=world.commune,
                              wifi_name="DoanPhuLy-Free", opening_hours="6:00–22:00")
    team = TeamFactory(name="Tổ công nghệ số Tổ dân phố 1", commune=world.commune)
    import datetime as dt

    work = YouthWork.objects.create(title="Lắp điểm wifi công cộng", kind="wifi_point", commune=world.commune,
                                    path=world.commune.path, place=wifi, team=team, status="approved",
                                    completed_on=dt.date(2026, 3, 26))
    YouthWork.objects.create(title="Công trình chưa duyệt", commune=world.commune, path=world.commune.path,
                             place=wifi, status="submitted")
    html = _get(client, wifi).content.decode()
    assert '<b class="wifi" id="wifi-name">DoanPhuLy-Free</b>' in html
    assert "Giờ phát wifi" in html and "6:00–22:00" in html
    works = re.search(r'<ul class="works" id="works">.*?</ul>', html, re.S).group(0)
    assert "Lắp điểm wifi công cộng" in works and "Tổ công nghệ số Tổ dân phố 1" in works and "26/03/2026" in works
    assert f'<a href="/visit/work/{work.pk}/"><b>Lắp điểm wifi công cộng</b></a>' in works  # the work's own page
    assert "Công trình chưa duyệt" not in html


def test_nearby_lists_the_closest_published_places_within_10_km(client, world, relic):
    def at(name, lat, lon, **extra):
        return PublicPlaceFactory(name=name, commune=world.commune, latitude=lat, longitude=lon, **extra)

    close = at("Đền Lảnh Giang", 20.2596, 105.9745)  # 1.0 km north
    closer = at("Chùa Bà Đanh", 20.2506, 105.9793)  # 0.5 km east
    at("Xa quá", 20.4, 105.9745)  # 16.6 km
    at("Bản nháp gần", 20.2510, 105.9750, status="draft")
    at("Không có tọa độ", None, None)
    for i in range(5):
        at(f"Điểm {i}", 20.2506 + 0.02 + i * 0.001, 105.9745)
    nearby = _get(client, relic).context["nearby"]
    assert [n["place"] for n in nearby][:2] == [closer, close]
    assert len(nearby) == 5
    assert abs(nearby[0]["km"] - 0.5) < 0.02 and abs(nearby[1]["km"] - 1.0) < 0.02
    html = _get(client, relic).content.decode()
    assert "0,5 km" in html and "Xa quá" not in html and "Bản nháp gần" not in html
    html = _get(client, relic, "en").content.decode()
    assert "0,5 km" in html  # English pages keep the Vietnamese number conventions (tienphong/formats/en)
    assert f"/visit/place/{closer.pk}/?lang=en" in html


def test_script_in_name_and_story_is_escaped_on_the_public_page(client, world):
    place = PublicPlaceFactory(name="<script>alert('ten')</script>", commune=world.commune)
    add_story(place, "vi", title="<img src=x onerror=alert(1)>", body="<script>alert('truyen')</script>\n\n<b>đậm</b>")
    html = _get(client, place).content.decode()
    assert "<script" not in html and "<img src=x" not in html and "<b>đậm</b>" not in html
    assert "&lt;script&gt;alert(" in html and "&lt;b&gt;đậm&lt;/b&gt;" in html


def test_the_page_is_served_from_the_cache_until_content_changes(client, relic, django_assert_max_num_queries,
                                                                 django_capture_on_commit_callbacks):
    _get(client, relic)
    with django_assert_max_num_queries(0):
        assert _get(client, relic).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        services.place_update(place=relic, opening_hours="8:00–16:00")
    assert "8:00–16:00" in _get(client, relic).content.decode()


# --- weight ---------------------------------------------------------------------------------------

def _static_bytes(url: str) -> int:
    from django.conf import settings

    path = url.split("?")[0].removeprefix("/" + settings.STATIC_URL.lstrip("/"))
    found = finders.find(path)
    assert found, url
    with open(found, "rb") as f:
        return len(f.read())


def test_the_page_weighs_under_50_kb_with_its_css_and_has_no_script(client, relic):
    for i in range(6):
        add_photo(relic, caption=f"Ảnh {i}", position=i, size=(800, 600))
    html = _get(client, relic).content
    text = html.decode()
    assert "<script" not in text
    assets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', text) + re.findall(r'<script[^>]+src="([^"]+)"', text)
    assert assets  # the layout's stylesheet at least
    total = len(html) + sum(_static_bytes(url) for url in assets)
    print(f"place page: {len(html)} B of HTML, {total} B with {assets}")
    assert total < 50_000, total


# --- map ------------------------------------------------------------------------------------------

def test_map_embeds_only_published_places_with_coordinates_and_lists_all_published(client, world, relic):
    wifi = PublicPlaceFactory(name="Điểm wifi Tổ 1", kind="wifi_point", commune=world.commune,
                              latitude=20.26, longitude=105.97)
    no_coords = PublicPlaceFactory(name="Thư viện số xã", kind="digital_library", commune=world.commune)
    services.place_create(name="Đền nháp", kind=Place.Kind.RELIC, commune=world.commune, latitude=20.25,
                          longitude=105.97)
    PublicPlaceFactory(name="Điểm ngừng", kind="wifi_point", commune=world.commune, latitude=20.2, longitude=105.9,
                       active=False)
    response = client.get(reverse("visit_map"))
    html = response.content.decode()
    data = json.loads(re.search(r'<script id="places-data" type="application/json">(.*?)</script>', html, re.S)
                      .group(1))
    assert {p["name"] for p in data["points"]} == {"Đền thờ Trương Hán Siêu", "Điểm wifi Tổ 1"}
    point = next(p for p in data["points"] if p["kind"] == "wifi_point")
    assert point["url"] == f"/visit/place/{wifi.pk}/" and point["lat"] == 20.26
    assert data["tiles"] == ""
    assert "Đền nháp" not in html and "Điểm ngừng" not in html
    assert f'href="/visit/place/{no_coords.pk}/"' in html  # the list holds places without coordinates too
    assert "leaflet.js" in html and "visit_map.js" in html


def test_map_kind_filter_and_english(client, world, relic):
    PublicPlaceFactory(name="Điểm wifi Tổ 1", kind="wifi_point", commune=world.commune, latitude=20.26,
                       longitude=105.97)
    response = client.get(reverse("visit_map"), {"kind": "wifi_point", "lang": "en"})
    html = response.content.decode()
    assert [g["kind"] for g in response.context["groups"]] == ["wifi_point"]
    assert "Trương Hán Siêu" not in html and "Public wifi point" in html
    assert 'href="/visit/map/?kind=wifi_point" lang="vi"' in html
    data = json.loads(re.search(r'<script id="places-data" type="application/json">(.*?)</script>', html, re.S)
                      .group(1))
    assert data["points"][0]["url"].endswith("?lang=en")
    assert client.get(reverse("visit_map"), {"kind": "castle"}).status_code == 200


def test_map_without_places_has_no_leaflet(client, world):
    html = client.get(reverse("visit_map")).content.decode()
    assert "leaflet" not in html


def _fresh_pages():
    from django.core.cache import cache

    from tienphong.core.pagecache import forget_local

    cache.clear()  # saved directly, not through a service: nothing bumped the generation
    forget_local()


def test_a_samples_photo_is_captioned_in_the_page_language(client, relic):
    relic.sample = True
    relic.save()
    add_photo(relic, caption="", position=0)
    add_photo(relic, caption="", position=1)
    _fresh_pages()
    vi = _get(client, relic).content.decode()
    assert vi.count("<figcaption>Ảnh minh họa</figcaption>") == 2 and 'alt="Ảnh minh họa"' in vi
    assert "Sample illustration" not in vi
    en = _get(client, relic, "en").content.decode()
    assert en.count("<figcaption>Sample illustration</figcaption>") == 2 and "Ảnh minh họa" not in en


def test_the_title_shows_once_and_the_vietnamese_name_is_a_labelled_fact(client, relic):
    vi = _get(client, relic).content.decode()
    head = re.sub(r"<[^>]+>", " ", vi.split("<body>")[1].split('<section class="story"')[0])
    assert vi.count("<h1") == 1 and head.count("Đền thờ Trương Hán Siêu") == 1
    assert "Tên tiếng Việt" not in vi
    en = _get(client, relic, "en").content.decode()
    assert en.count("<h1") == 1 and '<p class="muted" lang="vi">' not in en
    assert '<dt>Vietnamese name</dt><dd lang="vi">Đền thờ Trương Hán Siêu</dd>' in en


def test_the_demo_photo_carries_no_words_the_page_already_says():
    """The relic's name was drawn in white across its demo photo, right above the same name in the h1
    (the title read twice), with a bilingual note that could not follow the page's language."""
    import io

    from PIL import Image

    from tienphong.demo.public import sample_card

    for title in ("Núi Non Nước (Dục Thúy sơn)", "Cơm cháy chà bông Ninh Bình"):
        with Image.open(io.BytesIO(sample_card(title, "★★★★ OCOP", (200, 16, 46)))) as card:
            assert card.convert("L").point(lambda v: 255 if v > 235 else 0).getbbox() is None  # no white lettering


def test_the_maps_meta_description_counts_its_places(client, world, relic):
    PublicPlaceFactory(name="Điểm wifi", kind="wifi_point", commune=world.commune, latitude=20.25, longitude=105.97)
    html = client.get(reverse("visit_map")).content.decode()
    description = re.search(r'<meta name="description" content="([^"]*)">', html).group(1)
    assert description.endswith("Di tích: 1; Điểm wifi công cộng: 1.")
    place = re.search(r'<meta name="description" content="([^"]*)">', _get(client, relic).content.decode()).group(1)
    assert place.startswith("Di tích · Phường Phủ Lý — Đền thờ Trương Hán Siêu, danh nhân đời Trần.")

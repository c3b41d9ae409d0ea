"""Staff pages of places: list, detail, create/edit, stories, photos, publishing; who may do what."""

import pytest
from django.urls import reverse

from tienphong.places import services
from tienphong.places.models import Place, PlacePhoto

from ..factories import PublicPlaceFactory, add_story, audio_upload, photo_upload
from ..personas import build_world
from ..scenes import once_per_module

# Built once for the module instead of once per test; see tests/scenes.py.
world, _world = once_per_module(build_world, "world")

pytestmark = pytest.mark.django_db


@pytest.fixture
def relic(world):
    place = services.place_create(name="Đền thờ Trương Hán Siêu", kind=Place.Kind.RELIC, commune=world.commune,
                                  address="Phường Phủ Lý")
    return place


# --- list -----------------------------------------------------------------------------------------

def test_list_filters_by_kind_status_and_search_without_diacritics(world, client_for, relic):
    services.place_create(name="Điểm wifi Nhà văn hóa Tổ 1", kind=Place.Kind.WIFI_POINT, commune=world.commune)
    PublicPlaceFactory(name="Đền Lảnh Giang", commune=world.commune)
    PublicPlaceFactory(name="Đền thờ ở Phù Vân", commune=world.other_commune)
    client = client_for(world.secretary)
    url = reverse("place_list")

    def names(**params):
        page = client.get(url, params).context["page"]
        return [p.name for p in page.object_list]

    assert names() == ["Điểm wifi Nhà văn hóa Tổ 1", "Đền Lảnh Giang", "Đền thờ Trương Hán Siêu"]
    assert names(kind="wifi_point") == ["Điểm wifi Nhà văn hóa Tổ 1"]
    assert names(status="published") == ["Đền Lảnh Giang"]
    assert names(q="truong han sieu") == ["Đền thờ Trương Hán Siêu"]
    assert names(q="DEN") == ["Đền Lảnh Giang", "Đền thờ Trương Hán Siêu"]


def test_list_paginates(world, client_for, settings):
    settings.PAGE_SIZE = 2
    for i in range(5):
        services.place_create(name=f"Nhà văn hóa thôn {i}", commune=world.commune)
    response = client_for(world.team_leader).get(reverse("place_list"), {"page": 3})
    assert response.context["page"].number == 3 and len(response.context["page"].object_list) == 1
    assert b'rel="prev"' in response.content


def test_nav_has_a_places_link(world, client_for):
    response = client_for(world.volunteer).get(reverse("home"))
    assert reverse("place_list").encode() in response.content


def test_outsider_does_not_see_another_ward_s_places(world, client_for, relic):
    response = client_for(world.outsider).get(reverse("place_list"))
    assert response.status_code == 200
    assert "Trương Hán Siêu" not in response.content.decode()


# --- scope ----------------------------------------------------------------------------------------

def _staff_urls(place, photo):
    return [
        ("get", reverse("place_detail", args=[place.pk])),
        ("get", reverse("place_edit", args=[place.pk])),
        ("get", reverse("place_story", args=[place.pk, "vi"])),
        ("get", reverse("place_photos", args=[place.pk])),
        ("post", reverse("place_edit", args=[place.pk])),
        ("post", reverse("place_publish", args=[place.pk])),
        ("post", reverse("place_unpublish", args=[place.pk])),
        ("post", reverse("place_story", args=[place.pk, "vi"])),
        ("post", reverse("place_photos", args=[place.pk])),
        ("post", reverse("place_photo_update", args=[place.pk, photo.pk])),
        ("post", reverse("place_photo_delete", args=[place.pk, photo.pk])),
    ]


def test_outsider_gets_404_on_everything_of_another_ward(world, client_for, relic):
    photo, = services.photo_add(place=relic, photos=[photo_upload(size=(300, 200))])
    client = client_for(world.outsider)
    for method, url in _staff_urls(relic, photo):
        assert getattr(client, method)(url).status_code == 404, (method, url)
    relic.refresh_from_db()
    assert relic.status == "draft" and PlacePhoto.objects.count() == 1


def test_volunteer_sees_the_place_but_cannot_change_it(world, client_for, relic):
    photo, = services.photo_add(place=relic, photos=[photo_upload(size=(300, 200))])
    client = client_for(world.volunteer)
    response = client.get(reverse("place_detail", args=[relic.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("place_edit", args=[relic.pk]) not in html
    assert reverse("place_publish", args=[relic.pk]) not in html
    for method, url in _staff_urls(relic, photo)[1:]:
        assert getattr(client, method)(url).status_code == 404, (method, url)
    assert client.get(reverse("place_create")).status_code == 404


def test_anonymous_is_sent_to_login(client, relic):
    response = client.get(reverse("place_detail", args=[relic.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


# --- create / edit --------------------------------------------------------------------------------

def test_team_leader_adds_a_place_with_the_commune_preselected(world, client_for):
    client = client_for(world.team_leader)
    response = client.get(reverse("place_create") + "?kind=relic")
    form = response.context["form"]
    assert list(form.fields["commune"].queryset) == [world.commune]
    assert form.initial["kind"] == "relic"
    assert response.context["one_commune"]
    response = client.post(reverse("place_create"), {
        "name": "Đền thờ Nguyễn Công Trứ", "kind": "relic", "commune": world.commune.pk,
        "address": "Phường Phủ Lý", "coordinates": "20,2506; 105,9745", "opening_hours": "7:00–17:00",
        "ranking": "national", "recognised_year": "1990", "wifi_name": ""})
    place = Place.objects.get(name="Đền thờ Nguyễn Công Trứ")
    assert response.status_code == 302 and response["Location"] == reverse("place_detail", args=[place.pk])
    assert (place.latitude, place.longitude, place.ranking, place.recognised_year) == (20.2506, 105.9745,
                                                                                         "national", 1990)
    assert place.status == "draft"


def test_province_admin_picks_among_communes(world, client_for):
    response = client_for(world.province_admin).get(reverse("place_create"))
    assert set(response.context["form"].fields["commune"].queryset) == {world.commune, world.other_commune}
    assert not response.context["one_commune"]


@pytest.mark.parametrize("field, value, message", [
    ("name", "Đ" * 300, "300"),
    ("coordinates", "95, 105", "Vĩ độ"),
    ("coordinates", "hai mươi", "20.2506, 105.9745"),
    ("recognised_year", "1850", "1900"),
])
def test_create_shows_the_error_under_its_field(world, client_for, field, value, message):
    data = {"name": "Đền thờ", "kind": "relic", "commune": world.commune.pk, "coordinates": "",
            "recognised_year": ""}
    data[field] = value
    response = client_for(world.secretary).post(reverse("place_create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors[field])
    assert not Place.objects.exists()


def test_edit_keeps_values_and_clears_coordinates(world, client_for, relic):
    services.place_update(place=relic, latitude=20.25, longitude=105.97)
    client = client_for(world.secretary)
    response = client.get(reverse("place_edit", args=[relic.pk]))
    assert response.context["form"].initial["coordinates"] == "20.25, 105.97"
    response = client.post(reverse("place_edit", args=[relic.pk]), {
        "name": "Đền thờ Trương Hán Siêu", "kind": "relic", "commune": world.commune.pk, "coordinates": "",
        "address": "Phường Phủ Lý", "active": "on"})
    assert response.status_code == 302
    relic.refresh_from_db()
    assert relic.latitude is None and relic.longitude is None and relic.active


# --- detail ---------------------------------------------------------------------------------------

def test_detail_shows_facts_stories_photos_works_qr_and_history(world, client_for, relic):
    from tienphong.campaigns.models import YouthWork

    services.story_save(place=relic, language="vi", body="Đền thờ danh nhân.", audio=audio_upload(), by=None)
    services.story_save(place=relic, language="fr", body="Le temple.")
    services.photo_add(place=relic, photos=[photo_upload(size=(640, 480))], caption="Cổng đền")
    YouthWork.objects.create(title="Số hóa di tích Đền Trương Hán Siêu", kind="relic_digitisation",
                             commune=world.commune, path=world.commune.path, place=relic, status="approved")
    response = client_for(world.secretary).get(reverse("place_detail", args=[relic.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    rows = [r["code"] for r in response.context["story_rows"]]
    assert rows == ["vi", "en", "fr"]  # Vietnamese and English always, then the others written
    assert "Deutsch" in {m["name"] for m in response.context["more_languages"]}
    assert 'type="audio/wav"' in html and "Cổng đền" in html
    assert "Số hóa di tích Đền Trương Hán Siêu" in html
    assert 'id="qr-panel"' in html
    assert f"/visit/place/{relic.pk}/" in html
    assert response.context["history"]


def test_detail_warns_a_relic_without_vietnamese_story_and_publish_explains(world, client_for, relic):
    client = client_for(world.secretary)
    response = client.get(reverse("place_detail", args=[relic.pk]))
    assert response.context["needs_story"]
    response = client.post(reverse("place_publish", args=[relic.pk]), follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any("bài bằng tiếng Việt" in m for m in messages)
    relic.refresh_from_db()
    assert relic.status == "draft"


def test_publish_then_unpublish(world, client_for, relic, django_capture_on_commit_callbacks):
    add_story(relic, "vi", body="Đền thờ.")
    client = client_for(world.team_leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("place_publish", args=[relic.pk]))
    relic.refresh_from_db()
    assert relic.status == "published"
    assert client.get(reverse("visit_place", args=[relic.pk])).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):  # the cached page is dropped once committed
        client.post(reverse("place_unpublish", args=[relic.pk]))
    relic.refresh_from_db()
    assert relic.status == "draft"
    assert client.get(reverse("visit_place", args=[relic.pk])).status_code == 404
    assert client.get(reverse("place_publish", args=[relic.pk])).status_code == 405


# --- stories and photos through the pages ---------------------------------------------------------

def test_story_page_saves_text_and_audio_then_removes_audio(world, client_for, relic):
    client = client_for(world.secretary)
    url = reverse("place_story", args=[relic.pk, "en"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "Temple of Truong Han Sieu", "body": "A great scholar.",
                                 "audio": audio_upload("guide-en.wav")})
    assert response.status_code == 302
    story = relic.stories.get(language="en")
    assert story.audio and story.audio_type == "audio/wav"
    response = client.get(url)
    assert "remove_audio" in response.context["form"].fields
    client.post(url, {"title": story.title, "body": story.body, "remove_audio": "on"})
    story.refresh_from_db()
    assert not story.audio


def test_story_page_refuses_an_unknown_language(world, client_for, relic):
    assert client_for(world.secretary).get(reverse("place_story", args=[relic.pk, "xx"])).status_code == 404


def test_photos_page_adds_several_at_once_and_edits_and_deletes(world, client_for, relic):
    client = client_for(world.team_leader)
    url = reverse("place_photos", args=[relic.pk])
    response = client.post(url, {"photos": [photo_upload("a.jpg", size=(900, 600)),
                                            photo_upload("b.png", size=(500, 500), fmt="PNG")],
                                 "caption": "Đền"})
    assert response.status_code == 302
    first, second = relic.photos.all()
    prefix = f"p{second.pk}"
    client.post(reverse("place_photo_update", args=[relic.pk, second.pk]),
                {f"{prefix}-caption": "Sân đền", f"{prefix}-position": "0"})
    assert [p.caption for p in relic.photos.all()] == ["Sân đền", "Đền"]
    client.post(reverse("place_photo_delete", args=[relic.pk, first.pk]))
    assert list(relic.photos.all()) == [second]


# --- bad uploads ----------------------------------------------------------------------------------

def test_a_text_file_as_photo_gets_a_clear_error(world, client_for, relic):
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = SimpleUploadedFile("anh.jpg", b"Day khong phai la anh.\n" * 40, content_type="image/jpeg")
    response = client_for(world.secretary).post(reverse("place_photos", args=[relic.pk]), {"photos": [text]})
    assert response.status_code == 200
    assert "anh.jpg: Tệp này không phải là ảnh" in " ".join(response.context["form"].errors["photos"])
    assert not relic.photos.exists()


def test_a_30_mb_image_is_refused_by_its_size_before_decoding(world, client_for, relic, monkeypatch, tmp_path):
    import io
    import os

    from PIL import Image

    # 3,400 × 3,200 RGB pixels stored without compression (random noise would not compress anyway; level 0
    # skips zlib's second of work on 32 MB) make a PNG of over 30 MB.
    noise = Image.frombytes("RGB", (3400, 3200), os.urandom(3400 * 3200 * 3))
    out = io.BytesIO()
    noise.save(out, "PNG", compress_level=0)
    data = out.getvalue()
    assert len(data) > 30 * 1024 * 1024
    from django.core.files.uploadedfile import SimpleUploadedFile

    opened = []
    real_open = Image.open
    monkeypatch.setattr("tienphong.core.images.Image.open", lambda *a, **k: opened.append(a) or real_open(*a, **k))
    big = SimpleUploadedFile("to-qua.png", data, content_type="image/png")
    response = client_for(world.secretary).post(reverse("place_photos", args=[relic.pk]), {"photos": [big]})
    assert response.status_code == 200
    message = " ".join(response.context["form"].errors["photos"])
    assert message.startswith("to-qua.png: Ảnh nặng 31 MB; tối đa 12 MB.")
    assert opened == []  # refused on its size, never decoded
    assert not relic.photos.exists()


@pytest.mark.parametrize("kind", ["png", "text"])
def test_audio_that_is_a_png_or_text_is_refused(world, client_for, relic, kind):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = (photo_upload("guide.mp3", size=(200, 200), fmt="PNG") if kind == "png"
              else SimpleUploadedFile("guide.mp3", b"Loi thuyet minh\n" * 100, content_type="audio/mpeg"))
    response = client_for(world.secretary).post(reverse("place_story", args=[relic.pk, "vi"]),
                                                {"body": "Đền thờ.", "audio": upload})
    assert response.status_code == 200
    assert "không phải bản ghi âm thanh" in " ".join(response.context["form"].errors["audio"])
    assert not relic.stories.exists()


def test_script_in_name_and_story_is_escaped_on_the_staff_page(world, client_for):
    place = services.place_create(name="<script>alert('ten')</script>", kind=Place.Kind.RELIC,
                                  commune=world.commune)
    services.story_save(place=place, language="vi", body="<script>alert('truyen')</script>\n\n<b>đậm</b>")
    html = client_for(world.secretary).get(reverse("place_detail", args=[place.pk])).content.decode()
    assert "<script>alert(" not in html
    assert "&lt;script&gt;alert(" in html
    html = client_for(world.secretary).get(reverse("place_list")).content.decode()
    assert "<script>alert(" not in html and "&lt;script&gt;alert(" in html

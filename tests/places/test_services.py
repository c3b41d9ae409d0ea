"""places.services: validation, the publish rule, stories with audio, photos and the page cache."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tienphong.core.errors import DomainError
from tienphong.core.images import LARGE_PX, SMALL_PX
from tienphong.core.pagecache import GENERATION_KEY, cached_page
from tienphong.places import services
from tienphong.places.models import Place, PlacePhoto, PlaceStory
from tienphong.qr.services import code_for

from ..factories import audio_upload, photo_upload
from ..personas import build_world
from ..scenes import once_per_module

# Built once for the module instead of once per test; see tests/scenes.py.
world, _world = once_per_module(build_world, "world")

pytestmark = pytest.mark.django_db


def _relic(world, **extra):
    values = dict(name="Đền thờ Trương Hán Siêu", commune=world.commune, kind=Place.Kind.RELIC,
                  address="Phường Phủ Lý", by=world.secretary)
    values.update(extra)
    return services.place_create(**values)


def _code(excinfo):
    return excinfo.value.code


# --- create / update ------------------------------------------------------------------------------

def test_create_cleans_the_name_and_starts_as_a_draft(world):
    place = _relic(world, name="  Đền thờ   Trương Hán Siêu ", latitude=20.2506, longitude=105.9745,
                   ranking=Place.Ranking.NATIONAL, recognised_year=1962)
    assert place.name == "Đền thờ Trương Hán Siêu"
    assert place.status == "draft" and place.published_at is None
    assert place.path == world.commune.path
    assert (place.latitude, place.longitude, place.recognised_year) == (20.2506, 105.9745, 1962)


@pytest.mark.parametrize("changes, code", [
    ({"name": "   "}, "name_required"),
    ({"name": "Đ" * 201}, "name_too_long"),
    ({"kind": "castle"}, "kind_invalid"),
    ({"ranking": "world"}, "ranking_invalid"),
    ({"latitude": 20.25}, "coordinates_incomplete"),
    ({"latitude": 91.0, "longitude": 105.0}, "latitude_invalid"),
    ({"latitude": 20.0, "longitude": -181.0}, "longitude_invalid"),
    ({"recognised_year": 1899}, "year_invalid"),
    ({"address": "x" * 256}, "address_too_long"),
    ({"wifi_name": "w" * 65}, "wifi_name_too_long"),
])
def test_create_refuses_bad_values_with_a_code(world, changes, code):
    with pytest.raises(DomainError) as e:
        _relic(world, **changes)
    assert _code(e) == code
    assert not Place.objects.exists()


def test_a_300_character_name_says_how_long_it_is_and_the_limit(world):
    with pytest.raises(DomainError) as e:
        _relic(world, name="Đ" * 300)
    assert "300" in e.value.message and "200" in e.value.message


def test_year_recognised_up_to_this_year(world):
    this_year = timezone.localdate().year
    assert _relic(world, recognised_year=this_year).recognised_year == this_year
    with pytest.raises(DomainError) as e:
        _relic(world, name="Đền khác", recognised_year=this_year + 1)
    assert _code(e) == "year_invalid" and str(this_year) in e.value.message


def test_the_same_name_twice_in_a_commune_is_refused_but_not_in_another(world):
    _relic(world)
    with pytest.raises(DomainError) as e:
        _relic(world)
    assert _code(e) == "name_taken"
    assert _relic(world, commune=world.other_commune, by=world.province_admin).commune == world.other_commune


def test_only_someone_who_keeps_the_commune_s_places_may_create_there(world):
    with pytest.raises(DomainError) as e:
        _relic(world, by=world.outsider)
    assert _code(e) == "not_allowed"
    with pytest.raises(DomainError):
        _relic(world, by=world.volunteer)
    assert _relic(world, by=world.team_leader).pk


def test_update_changes_facts_and_moves_the_qr_code_with_the_commune(world):
    place = _relic(world)
    code = code_for(place)
    assert code.commune_id == world.commune.pk
    services.place_update(place=place, commune=world.other_commune, opening_hours="7:00–17:00",
                          by=world.province_admin)
    code.refresh_from_db()
    place.refresh_from_db()
    assert place.opening_hours == "7:00–17:00" and place.path == world.other_commune.path
    assert (code.commune_id, code.path) == (world.other_commune.pk, world.other_commune.path)


def test_update_cannot_move_a_place_out_of_the_user_s_scope(world):
    place = _relic(world)
    with pytest.raises(DomainError) as e:
        services.place_update(place=place, commune=world.other_commune, by=world.secretary)
    assert _code(e) == "not_allowed"
    with pytest.raises(DomainError):
        services.place_update(place=place, name="Tên mới", by=world.outsider)


def test_update_rejects_unknown_fields(world):
    with pytest.raises(TypeError):
        services.place_update(place=_relic(world), status="published")


# --- publishing -----------------------------------------------------------------------------------

def test_a_relic_needs_a_vietnamese_story_to_publish(world):
    place = _relic(world)
    with pytest.raises(DomainError) as e:
        services.place_publish(place=place, by=world.secretary)
    assert _code(e) == "story_required" and "tiếng Việt" in e.value.message
    services.story_save(place=place, language="en", body="The temple of Trương Hán Siêu.", by=world.secretary)
    with pytest.raises(DomainError):
        services.place_publish(place=place, by=world.secretary)
    services.story_save(place=place, language="vi", body="Đền thờ danh nhân Trương Hán Siêu.", by=world.secretary)
    services.place_publish(place=place, by=world.secretary)
    place.refresh_from_db()
    assert place.is_public and place.published_at is not None


def test_a_red_address_needs_it_too_a_wifi_point_does_not(world):
    red = services.place_create(name="Địa chỉ đỏ Chi bộ đầu tiên", kind=Place.Kind.RED_ADDRESS,
                                commune=world.commune)
    with pytest.raises(DomainError):
        services.place_publish(place=red)
    wifi = services.place_create(name="Điểm wifi Tổ dân phố 1", kind=Place.Kind.WIFI_POINT, commune=world.commune,
                                 wifi_name="TienPhong-Free")
    assert services.place_publish(place=wifi).is_public


def test_an_inactive_place_is_not_published(world):
    wifi = services.place_create(name="Điểm wifi", kind=Place.Kind.WIFI_POINT, commune=world.commune, active=False)
    with pytest.raises(DomainError) as e:
        services.place_publish(place=wifi)
    assert _code(e) == "inactive"


def test_unpublish_and_the_published_vietnamese_story_cannot_be_emptied(world):
    place = _relic(world)
    services.story_save(place=place, language="vi", body="Đền thờ.")
    services.place_publish(place=place)
    with pytest.raises(DomainError) as e:
        services.story_save(place=place, language="vi", body="  ")
    assert _code(e) == "story_required"
    services.place_unpublish(place=place, by=world.team_leader)
    place.refresh_from_db()
    assert place.status == "draft" and not place.is_public
    with pytest.raises(DomainError):
        services.place_unpublish(place=place, by=world.outsider)


def test_every_public_change_clears_the_cached_pages(world, django_capture_on_commit_callbacks):
    place = _relic(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.story_save(place=place, language="vi", body="Đền thờ.")
    renders = []

    def render():
        from django.http import HttpResponse

        renders.append(1)
        return HttpResponse("page")

    cached_page("k", render)
    cached_page("k", render)
    assert len(renders) == 1
    for change in (lambda: services.place_publish(place=place),
                   lambda: services.place_update(place=place, opening_hours="8:00–17:00"),
                   lambda: services.story_save(place=place, language="en", body="Temple."),
                   lambda: services.photo_add(place=place, photos=[photo_upload()]),
                   lambda: services.place_unpublish(place=place)):
        before = cache.get(GENERATION_KEY)
        with django_capture_on_commit_callbacks(execute=True):
            change()
        assert cache.get(GENERATION_KEY) != before
        cached_page("k", render)
    assert len(renders) == 6


# --- stories and audio ----------------------------------------------------------------------------

def test_story_keeps_paragraphs_and_stores_audio_type_and_length(world):
    place = _relic(world)
    story = services.story_save(place=place, language="vi", title=" Đền  Trương Hán Siêu ",
                                body="Đoạn một.\r\n\r\nĐoạn hai.", audio=audio_upload(seconds=2))
    assert story.title == "Đền Trương Hán Siêu" and story.body == "Đoạn một.\n\nĐoạn hai."
    assert story.audio.name.startswith("places/audio/") and story.audio.name.endswith(".wav")
    assert story.audio_type == "audio/wav" and story.audio_seconds == 2
    assert story.audio.storage.exists(story.audio.name)


def test_a_new_audio_replaces_the_old_file_and_remove_deletes_it(world, django_capture_on_commit_callbacks):
    place = _relic(world)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.story_save(place=place, language="en", body="Temple.", audio=audio_upload(seconds=2))
    old_name, storage = first.audio.name, first.audio.storage
    with django_capture_on_commit_callbacks(execute=True):
        second = services.story_save(place=place, language="en", body="Temple.", audio=audio_upload(seconds=3))
    assert second.pk == first.pk and second.audio.name != old_name
    assert not storage.exists(old_name) and storage.exists(second.audio.name)
    assert second.audio_seconds == 3
    with django_capture_on_commit_callbacks(execute=True):
        third = services.story_save(place=place, language="en", body="Temple.", remove_audio=True)
    assert not third.audio and third.audio_type == "" and third.audio_seconds == 0
    assert not storage.exists(second.audio.name)


def test_saving_text_alone_keeps_the_audio(world):
    place = _relic(world)
    services.story_save(place=place, language="vi", body="A", audio=audio_upload())
    story = services.story_save(place=place, language="vi", body="B")
    assert story.audio and story.body == "B"


def _text_as_mp3():
    return SimpleUploadedFile("guide.mp3", b"This is a text file, not a recording.\n" * 50, content_type="audio/mpeg")


@pytest.mark.parametrize("upload", [lambda: photo_upload(name="guide.mp3", fmt="PNG"), _text_as_mp3],
                         ids=["png", "text"])
def test_audio_that_is_not_audio_is_refused_and_nothing_saved(world, upload):
    place = _relic(world)
    with pytest.raises(DomainError) as e:
        services.story_save(place=place, language="vi", body="Đền thờ.", audio=upload())
    assert _code(e) == "audio_not_audio"
    assert not PlaceStory.objects.exists()


def test_story_language_title_and_length_are_checked(world):
    place = _relic(world)
    with pytest.raises(DomainError) as e:
        services.story_save(place=place, language="xx", body="?")
    assert _code(e) == "language_invalid"
    with pytest.raises(DomainError) as e:
        services.story_save(place=place, language="vi", title="T" * 201)
    assert _code(e) == "title_too_long"
    with pytest.raises(DomainError) as e:
        services.story_save(place=place, language="vi", body="x" * 20001)
    assert _code(e) == "body_too_long"


def test_an_emptied_story_is_removed(world):
    place = _relic(world)
    services.story_save(place=place, language="fr", body="Le temple.")
    assert services.story_save(place=place, language="fr", body="") is None
    assert not place.stories.exists()


# --- photos ---------------------------------------------------------------------------------------

def test_photos_are_resized_on_upload(world):
    place = _relic(world)
    added = services.photo_add(place=place, photos=[photo_upload(size=(4000, 3000)),
                                                    photo_upload(name="doc.png", size=(600, 900), fmt="PNG")],
                               caption="Cổng đền")
    assert [p.position for p in added] == [1, 2]
    from PIL import Image

    big, tall = added
    with Image.open(big.image.path) as large, Image.open(big.small.path) as small:
        assert large.size == (LARGE_PX, 960) and small.size == (SMALL_PX, 360)
        assert large.format == small.format == "JPEG"
    with Image.open(tall.image.path) as large, Image.open(tall.small.path) as small:
        assert large.size == (600, 900)  # never enlarged
        assert small.size == (320, SMALL_PX)
    assert (big.width, big.height) == (LARGE_PX, 960)
    assert big.srcset == f"{big.small.url} {SMALL_PX}w, {big.image.url} {LARGE_PX}w"
    assert {p.caption for p in added} == {"Cổng đền"}


def test_one_bad_photo_refuses_the_set_naming_the_file(world):
    place = _relic(world)
    text = SimpleUploadedFile("ghi-chu.jpg", b"not a photo at all\n" * 100, content_type="image/jpeg")
    with pytest.raises(DomainError) as e:
        services.photo_add(place=place, photos=[photo_upload(), text])
    assert _code(e) == "photo_not_image" and "ghi-chu.jpg" in e.value.message
    assert not PlacePhoto.objects.exists()


def test_photo_count_is_capped(world, monkeypatch):
    monkeypatch.setattr(services, "MAX_PHOTOS", 2)
    place = _relic(world)
    services.photo_add(place=place, photos=[photo_upload(size=(200, 150))])
    with pytest.raises(DomainError) as e:
        services.photo_add(place=place, photos=[photo_upload(size=(200, 150)), photo_upload(size=(200, 150))])
    assert _code(e) == "too_many_photos"


def test_photo_update_and_delete_removes_both_files(world, django_capture_on_commit_callbacks):
    place = _relic(world)
    photo, = services.photo_add(place=place, photos=[photo_upload(size=(800, 600))])
    services.photo_update(photo=photo, caption="  Sân  đền ", position=5)
    photo.refresh_from_db()
    assert (photo.caption, photo.position) == ("Sân đền", 5)
    with pytest.raises(DomainError) as e:
        services.photo_update(photo=photo, position=1000)
    assert _code(e) == "position_invalid"
    with pytest.raises(DomainError):
        services.photo_delete(photo=photo, by=world.outsider)
    names = [photo.image.name, photo.small.name]
    storage = photo.image.storage
    with django_capture_on_commit_callbacks(execute=True):
        services.photo_delete(photo=photo, by=world.team_leader)
    assert not PlacePhoto.objects.exists()
    assert not any(storage.exists(n) for n in names)


def test_history_lists_the_place_its_stories_and_photos_even_deleted(world):
    from tienphong.places.selectors import place_history

    place = _relic(world)
    story = services.story_save(place=place, language="vi", body="Đền thờ.")
    photo, = services.photo_add(place=place, photos=[photo_upload(size=(300, 200))])
    services.photo_delete(photo=photo)
    entries = place_history(place)
    kinds = {(e.content_type.model, e.action) for e in entries}
    assert ("place", 0) in kinds and ("placestory", 0) in kinds
    assert ("placephoto", 0) in kinds and ("placephoto", 2) in kinds
    assert story.pk

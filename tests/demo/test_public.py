"""The demo's public pages: four relics (a red address among them), a dozen wifi points and digital
libraries, twenty OCOP products; all sample content, published, each with its QR code; idempotent.

Ninh Bình's communes and the loader run once for the module, inside a transaction rolled back at
the end (the full demo, field work included, is tested in test_demo.py); each test runs in a
savepoint of it.
"""

import os
from collections import Counter
from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import override_settings
from PIL import Image

from tienphong.campaigns.models import Campaign, YouthWork
from tienphong.demo import public_data as D
from tienphong.demo.field import YOUTH_MONTH_TITLE
from tienphong.demo.public import WIFI_KINDS, load_public, public_summary, sample_card
from tienphong.places.models import Place, PlacePhoto, PlaceStory
from tienphong.products.models import Producer, Product, ProductPhoto
from tienphong.qr.models import ShortCode
from tienphong.units.models import OrgUnit
from tienphong.units.services import load_units

ROWS = (Place, PlaceStory, PlacePhoto, Producer, Product, ProductPhoto, ShortCode)


@pytest.fixture(scope="module")
def public(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), transaction.atomic(), override_settings(MEDIA_ROOT=str(media)):
        load_units(province_codes=["37"])
        province = OrgUnit.objects.get(code="37", kind=OrgUnit.Kind.PROVINCE)
        communes = list(OrgUnit.objects.filter(parent=province, kind=OrgUnit.Kind.COMMUNE))
        result = load_public(province, communes)
        yield {"result": result, "media": media, "province": province, "communes": communes}
        transaction.set_rollback(True)


def _counts():
    return {m.__name__: m.objects.count() for m in ROWS}


def _media_files(media):
    return sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())


@pytest.mark.django_db
def test_four_relics_and_red_addresses_with_stories_in_two_languages(public):
    places = list(Place.objects.filter(kind__in=Place.STORY_KINDS).select_related("commune"))
    assert len(places) == 4
    assert Counter(p.kind for p in places) == {"relic": 3, "red_address": 1}
    where = {p.name: p.commune.name for p in places}
    assert where == {"Núi Non Nước (Dục Thúy sơn)": "Phường Hoa Lư", "Đền thờ Trương Hán Siêu": "Phường Hoa Lư",
                     "Khu căn cứ cách mạng Quỳnh Lưu": "Xã Quỳnh Lưu", "Đền Nguyễn Công Trứ": "Xã Quang Thiện"}
    for p in places:
        assert p.is_public and p.sample and p.published_at is not None
        assert p.ranking == Place.Ranking.NATIONAL and p.recognised_year is None
        assert p.path == p.commune.path and p.address
        # Near the commune's own point: inside the merged commune, a few kilometres at most.
        assert abs(p.latitude - p.commune.latitude) < 0.05 and abs(p.longitude - p.commune.longitude) < 0.05
        stories = {s.language: s for s in p.stories.all()}
        assert set(stories) == {"vi", "en"}
        assert all(s.title and len(s.body) > 150 and not s.audio for s in stories.values())
        assert "gần đúng" in stories["vi"].body and "approximate" in stories["en"].body
        assert stories["vi"].title == p.name  # the page shows one name, not two
    mountain = next(p for p in places if p.name.startswith("Núi Non Nước"))
    assert "Dục Thúy" in mountain.stories.get(language="vi").body
    assert "Dục Thúy" in mountain.stories.get(language="en").body
    # The mountain and the temple at its foot do not hide each other on the map.
    temple = next(p for p in places if p.name == "Đền thờ Trương Hán Siêu")
    assert (mountain.latitude, mountain.longitude) != (temple.latitude, temple.longitude)


@pytest.mark.django_db
def test_illustrations_are_honest_placeholders_in_media_root(public):
    media = public["media"]
    photos = list(PlacePhoto.objects.select_related("place")) + list(ProductPhoto.objects.all())
    assert PlacePhoto.objects.count() == 4 and ProductPhoto.objects.count() == 20
    assert {p.place.kind for p in PlacePhoto.objects.select_related("place")} <= set(Place.STORY_KINDS)
    for photo in photos:
        assert photo.caption == ""  # the page captions a sample's photo in its own language
        assert (photo.width, photo.height) == (1200, 800)
        for f in (photo.image, photo.small):
            assert os.path.isfile(media / f.name), f.name
        with Image.open(media / photo.small.name) as small:
            assert small.format == "JPEG" and small.width == 480
    assert len(_media_files(media)) == 2 * len(photos)
    card = sample_card("Cơm cháy chà bông Ninh Bình", "★★★★ OCOP", (196, 140, 40))
    assert card[:3] == b"\xff\xd8\xff"  # a JPEG


@pytest.mark.django_db
def test_a_dozen_wifi_points_and_digital_libraries_in_real_communes(public):
    spots = list(Place.objects.filter(kind__in=WIFI_KINDS).select_related("commune"))
    assert len(spots) >= 12
    assert len({p.commune_id for p in spots}) >= 6
    assert Counter(p.kind for p in spots)["digital_library"] >= 3
    for p in spots:
        assert p.is_public and p.sample and p.commune.kind == OrgUnit.Kind.COMMUNE
        assert p.wifi_name.startswith("ThanhNien_") and " " not in p.wifi_name and p.wifi_name.isascii()
        assert p.opening_hours and p.address and p.latitude and p.longitude
    # The seeds' own: "Wifi công cộng và Thư viện số tại xóm 4, xã Đồng Hướng", now in Quang Thiện.
    seed = Place.objects.get(name=D.SEED_WIFI["name"])
    assert seed.commune.name == "Xã Quang Thiện" and seed.kind == "digital_library" and seed.wifi_name
    assert "Đồng Hướng" in seed.address


@pytest.mark.django_db
def test_twenty_ocop_and_farm_products_with_sample_producers(public):
    products = list(Product.objects.select_related("producer", "commune"))
    assert len(products) == 20
    assert len({p.commune_id for p in products}) >= 12
    phones = set()
    for p in products:
        producer = p.producer
        assert p.is_public and p.sample and producer.is_public and producer.sample
        assert producer.name.endswith("(mẫu)") and producer.phone.startswith("0900000")
        phones.add(producer.phone)
        assert p.commune_id == producer.commune_id and p.path == producer.commune.path
        if p.ocop_stars is not None:
            assert 3 <= p.ocop_stars <= 5 and p.category == Product.Category.OCOP
            assert 2018 <= p.ocop_year <= date.today().year
        else:
            assert p.ocop_year is None and p.category in (Product.Category.FARM, Product.Category.CRAFT)
        assert p.price_vnd > 0 and p.price_unit and p.season
        assert 0 < p.description.count(".") <= 3
    assert len(phones) == Producer.objects.count() == 20
    assert sum(p.ocop_stars is not None for p in products) >= 15
    names = {p.name for p in products}
    assert {"Nem chua Yên Mạc", "Chiếu cói Kim Sơn", "Bánh đa nem làng Chều", "Muối biển Bạch Long"} <= names


@pytest.mark.django_db
def test_every_published_object_has_its_qr_code(public):
    for model in (Place, Producer, Product):
        content_type = ContentType.objects.get_for_model(model)
        published = list(model.objects.filter(status="published"))
        assert published
        codes = {c.object_id: c for c in ShortCode.objects.filter(content_type=content_type)}
        for obj in published:
            code = codes[obj.pk]
            assert code.commune_id == obj.commune_id and code.path == obj.path
    # The culture houses of a bare database are none of the loader's business.
    assert not Place.objects.filter(status="draft").exists()
    relic = Place.objects.get(name=public["result"]["relic"])
    assert ShortCode.objects.get(object_id=relic.pk,
                                 content_type=ContentType.objects.get_for_model(Place)).code == \
        public["result"]["relic_code"]
    summary = public_summary(public["result"], "http://127.0.0.1:8000/")
    assert f"http://127.0.0.1:8000/q/{public['result']['relic_code']}" in summary


@pytest.mark.django_db
def test_old_addresses_map_to_todays_communes(public, monkeypatch):
    """Every address of before July 2025 in the data converts, offline, to the commune it names."""
    from vietnamadminunits import convert_address
    from vietnamadminunits.converter import converter_2025

    def offline(address):
        raise AssertionError(f"{address} needs a geocoder: pick an address that converts offline")

    monkeypatch.setattr(converter_2025, "get_geo_location", offline)
    entries = [(s["old"], s["commune"], s.get("point")) for s in D.STORY_PLACES]
    entries.append((D.SEED_WIFI["old"], D.SEED_WIFI["commune"], D.SEED_WIFI["point"]))
    entries += [(old, code, None) for _name, _kind, old, code in D.PRODUCERS.values()]
    communes = {c.code: c for c in public["communes"]}
    for old, code, point in entries:
        converted = convert_address(old)
        assert converted.ward_code == code, old
        assert converted.OldAdminUnit.ward == old.split(",")[0], old
        assert code in communes
        if point is not None:  # the former commune's point, approximately
            assert abs(point[0] - converted.OldAdminUnit.latitude) < 0.002, old
            assert abs(point[1] - converted.OldAdminUnit.longitude) < 0.002, old
    for code, _kind in D.WIFI_FALLBACK:
        assert code in communes


@pytest.mark.django_db
def test_tháng_thanh_niên_works_are_linked_to_the_points_they_installed(public):
    province, communes = public["province"], public["communes"]
    commune = next(c for c in communes if c.name == "Xã Yên Mạc")
    house = Place.objects.create(name="Nhà văn hóa thôn Yên Thổ", kind=Place.Kind.CULTURE_HOUSE, commune=commune,
                                 address="thôn Yên Thổ, xã Yên Mạc", latitude=20.09, longitude=106.01)
    campaign = Campaign.objects.create(title=YOUTH_MONTH_TITLE, theme="", starts_on=date(2026, 3, 1),
                                       ends_on=date(2026, 3, 31), unit=province, path=province.path)
    work = YouthWork.objects.create(campaign=campaign, title="Lắp đặt wifi miễn phí tại nhà văn hóa thôn Yên Thổ",
                                    kind="wifi_point", commune=commune, path=commune.path, place=house,
                                    status="approved")
    other = YouthWork.objects.create(campaign=campaign, title="Thư viện số đang chờ duyệt", kind="digital_library",
                                     commune=commune, path=commune.path, place=house, status="submitted")
    with override_settings(MEDIA_ROOT=str(public["media"])):
        result = load_public(province, communes)
    assert result["created"]["places"] == 1 and result["created"]["works_linked"] == 1
    assert result["created"]["qr_codes"] == 1
    work.refresh_from_db()
    spot = work.place
    assert spot.kind == "wifi_point" and spot.name == "Điểm wifi miễn phí nhà văn hóa thôn Yên Thổ"
    assert (spot.commune, spot.address, spot.latitude, spot.longitude) == (
        commune, house.address, house.latitude, house.longitude)
    assert spot.wifi_name == "ThanhNien_ThonYenTho" and spot.is_public and spot.sample
    other.refresh_from_db()
    assert other.place == house  # only approved works
    before = _counts()
    with override_settings(MEDIA_ROOT=str(public["media"])):
        again = load_public(province, communes)
    assert not any(again["created"].values()) and _counts() == before


@pytest.mark.django_db
def test_a_second_run_changes_nothing(public):
    first = public["result"]
    assert first["created"]["places"] == 16 and first["created"]["products"] == 20
    before = _counts()
    files = _media_files(public["media"])
    stamps = dict(Place.objects.values_list("pk", "updated_at"))
    with override_settings(MEDIA_ROOT=str(public["media"])):
        result = load_public(public["province"], public["communes"])
    assert not any(result["created"].values())
    assert _counts() == before and _media_files(public["media"]) == files
    assert dict(Place.objects.values_list("pk", "updated_at")) == stamps
    assert result["totals"] == first["totals"]
    assert result["totals"]["relics_and_red_addresses"] == 4
    assert "nothing created" in public_summary(result, "http://127.0.0.1:8000/")

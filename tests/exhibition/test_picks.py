"""The organiser's page: ticks the youth-made products and works of the event's province; scoped as
every event page (an outsider gets a 404); each pick audited; the public page follows."""

import pytest
from django.urls import reverse

from tienphong.core.errors import DomainError
from tienphong.core.models import AuditEntry
from tienphong.exhibition import selectors, services
from tienphong.exhibition.models import ExhibitionItem
from tienphong.units.models import OrgUnit

from tests.factories import ProducerFactory, ProductFactory, make_event, make_unit

from .conftest import youth_work

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(expo):
    return make_event(expo.world.commune, name="Ngày hội thanh niên Phủ Lý")


@pytest.fixture
def elsewhere(world):
    """A youth-made product and a work of another province: never a candidate here."""
    province = make_unit(None, OrgUnit.Kind.PROVINCE, "Thành phố Hà Nội", "01")
    commune = make_unit(province, OrgUnit.Kind.COMMUNE, "Phường Ba Đình", "00004")
    producer = ProducerFactory(commune=commune, status="published")
    product = ProductFactory(name="Sản phẩm Ba Đình", producer=producer, status="published", youth_maker="member")
    return product, youth_work(commune, "Điểm wifi Ba Đình")


def test_the_page_is_for_who_may_manage_the_event(expo, event, client_for, client):
    url = reverse("event_exhibition", args=[event.pk])
    assert client.get(url).status_code == 302  # to the login
    w = expo.world
    assert client_for(w.outsider).get(url).status_code == 404
    assert client_for(w.team_leader).get(url).status_code == 404  # may check in, not manage events
    assert client_for(w.volunteer).get(url).status_code == 404
    assert client_for(w.outsider).post(url, {"products": [expo.by_team.pk]}).status_code == 404
    assert not ExhibitionItem.objects.exists()
    assert client_for(w.secretary).get(url).status_code == 200
    assert client_for(w.province_admin).get(url).status_code == 200


def test_candidates_are_the_provinces_youth_made_products_and_works_with_photos(expo, event, elsewhere,
                                                                                 client_for):
    page = client_for(expo.world.secretary).get(reverse("event_exhibition", args=[event.pk])).content.decode()
    for shown in ("Cơm cháy Phủ Lý", "Trà hoa sen Kim Lũ", "Miến lươn Phủ Lý", "Điểm wifi chợ Phủ Lý",
                  "Thư viện số Kim Lũ"):
        assert shown in page
    for hidden in ("Sản phẩm Ba Đình", "Điểm wifi Ba Đình", "Bánh đa bản nháp", "Gạo nếp không đánh dấu",
                   "Số hóa di tích chờ duyệt", "Lớp tập huấn không có ảnh"):
        assert hidden not in page
    assert "checked" not in page


def test_ticking_saves_the_picks_and_opens_the_public_gallery(expo, event, client_for, client,
                                                               django_capture_on_commit_callbacks):
    staff = client_for(expo.world.secretary)
    url = reverse("event_exhibition", args=[event.pk])
    gallery = reverse("event_gallery", args=[event.pk])
    assert client.get(gallery).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(url, {"products": [expo.by_startup.pk, expo.by_team.pk], "works": [expo.wifi.pk]})
    assert response.status_code == 302 and response["Location"] == url
    # Picks of one save go in the lists' order: products by name, then works.
    assert [(i.product_id, i.work_id, i.position) for i in selectors.picks(event)] == [
        (expo.by_team.pk, None, 1), (expo.by_startup.pk, None, 2), (None, expo.wifi.pk, 3)]
    page = staff.get(url).content.decode()
    assert page.count(" checked>") == 3 and f'href="{gallery}"' in page
    assert client.get(gallery).status_code == 200
    # Untick one, tick another: the kept picks keep their place.
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(url, {"products": [expo.by_team.pk, expo.by_member.pk], "works": [expo.wifi.pk]})
    assert [(i.product_id, i.work_id) for i in selectors.picks(event)] == [
        (expo.by_team.pk, None), (None, expo.wifi.pk), (expo.by_member.pk, None)]
    entries = AuditEntry.objects.filter(content_type__model="exhibitionitem")
    assert entries.count() == 5  # three added, one removed, one added
    assert set(entries.values_list("unit_path", flat=True)) == {event.path}


def test_a_search_lists_the_picks_and_the_matches_and_keeps_the_picks(expo, event, client_for):
    staff = client_for(expo.world.secretary)
    url = reverse("event_exhibition", args=[event.pk])
    services.picks_set(event=event, products=[expo.by_startup], works=[], by=expo.world.secretary)
    page = staff.get(url, {"q": "com chay"}).content.decode()
    assert "Trà hoa sen Kim Lũ" in page and "Cơm cháy Phủ Lý" in page and "Miến lươn" not in page
    assert "Điểm wifi" not in page


def test_what_is_not_a_candidate_cannot_be_picked(expo, event, elsewhere, client_for):
    product, work = elsewhere
    w = expo.world
    response = client_for(w.secretary).post(reverse("event_exhibition", args=[event.pk]),
                                            {"products": [product.pk, expo.draft.pk]})
    assert response.status_code == 200 and response.context["form"].errors
    assert not ExhibitionItem.objects.exists()
    for products, works in (([product], []), ([], [work]), ([expo.unmarked], []), ([], [expo.no_photo])):
        with pytest.raises(DomainError) as e:
            services.picks_set(event=event, products=products, works=works, by=w.secretary)
        assert e.value.code == "pick_invalid"
    with pytest.raises(DomainError) as e:
        services.picks_set(event=event, products=[expo.by_team], by=w.outsider)
    assert e.value.code == "not_allowed"


def test_the_database_holds_one_thing_per_item_and_each_once(expo, event):
    from django.db import IntegrityError, transaction

    for fields in ({}, {"product": expo.by_team, "work": expo.wifi}):
        with pytest.raises(IntegrityError), transaction.atomic():
            ExhibitionItem.objects.create(event=event, **fields)
    ExhibitionItem.objects.create(event=event, product=expo.by_team)
    with pytest.raises(IntegrityError), transaction.atomic():
        ExhibitionItem.objects.create(event=event, product=expo.by_team)

"""The public galleries: the standing one and an event's; what shows, the filters, the language, the
cache, the codes, and the weight a phone on 3G downloads (a youth work's page too)."""

import datetime as dt
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tienphong.campaigns.models import YouthWork
from tienphong.campaigns.services import DESCRIPTION_MAX, MAX_PHOTOS_PER_WORK
from tienphong.exhibition import services
from tienphong.products import services as products
from tienphong.qr.models import ShortCode

from tests.campaigns.factories import make_campaign
from tests.factories import ProductFactory, make_event, photo_upload

from .conftest import youth_work
from ..personas import build_world
from ..scenes import once_per_module

# The personas once for the module (tests/scenes.py): each test gets its own copy in its own savepoint.
world, _world = once_per_module(build_world, "world")

pytestmark = pytest.mark.django_db

GALLERY = "/visit/exhibition/"


def _text(response) -> str:
    return response.content.decode().replace("\u00a0", " ")


def _titles(response) -> list[str]:
    return re.findall(r'<span class="t">([^<]+)</span>', _text(response))


def test_urls():
    assert reverse("exhibition") == GALLERY
    assert reverse("event_gallery", args=[7]) == "/e/7/exhibition/"
    assert reverse("event_exhibition", args=[7]) == "/events/7/exhibition/"


def test_the_gallery_shows_youth_made_published_products_and_approved_works_with_photos(expo, client):
    response = client.get(GALLERY)
    assert response.status_code == 200
    # Products first (by name), then works (newest first).
    assert _titles(response) == ["Cơm cháy Phủ Lý", "Miến lươn Phủ Lý", "Trà hoa sen Kim Lũ",
                                 "Điểm wifi chợ Phủ Lý", "Thư viện số Kim Lũ"]
    page = _text(response)
    for hidden in ("Bánh đa bản nháp", "Gạo nếp không đánh dấu", "Số hóa di tích chờ duyệt",
                   "Lớp tập huấn không có ảnh"):
        assert hidden not in page
    assert "5 mục" in page
    assert "Do Tổ công nghệ số Phủ Lý làm ra" in page
    assert "Khởi nghiệp thanh niên: Sen Việt Startup" in page
    assert "Do một đoàn viên làm ra" in page
    assert "Điểm wifi công cộng" in page  # the work's kind


def test_each_card_has_its_q_code_and_links_to_its_page(expo, client):
    page = _text(client.get(GALLERY))
    codes = {(c.content_type.model, c.object_id): c.code for c in ShortCode.objects.select_related("content_type")}
    assert set(codes) == {("product", expo.by_team.pk), ("product", expo.by_startup.pk),
                          ("product", expo.by_member.pk), ("youthwork", expo.wifi.pk), ("youthwork", expo.library.pk)}
    for product in (expo.by_team, expo.by_startup, expo.by_member):
        assert f'href="/q/{codes["product", product.pk]}"' in page
        assert f'href="/visit/product/{product.pk}/"' in page
    for work in (expo.wifi, expo.library):
        assert f'href="/q/{codes["youthwork", work.pk]}"' in page
        assert f'href="/visit/work/{work.pk}/"' in page
    assert page.count('href="/q/') == 5
    # Shown again: the same codes, none made twice.
    client.get(GALLERY + "?kind=products")
    client.get(GALLERY + "?kind=works")
    assert ShortCode.objects.count() == 5


def test_photos_are_lazy_renditions_with_srcset(expo, client):
    page = _text(client.get(GALLERY))
    imgs = re.findall(r"<img [^>]+>", page)
    assert len(imgs) == 3  # the team's product and the two works; the others have no photo
    for n, img in enumerate(imgs):
        assert 'srcset="' in img and 'decoding="async"' in img
        # Cards 1 and 2 load at once, the others (here the 4th and 5th: the works) when in sight.
        assert ('loading="lazy"' in img) == (n >= 1)
    product_img = imgs[0]
    assert re.search(r'srcset="/media/products/photos/\S+-s\.jpg 480w, /media/products/photos/\S+\.jpg 1280w"',
                     product_img)
    assert "/media/works/thumbs/" in imgs[1]


@pytest.mark.parametrize("query, expected", [
    ({"kind": "products"}, ["Cơm cháy Phủ Lý", "Miến lươn Phủ Lý", "Trà hoa sen Kim Lũ"]),
    ({"kind": "works"}, ["Điểm wifi chợ Phủ Lý", "Thư viện số Kim Lũ"]),
    ({"kind": "digital_library"}, ["Thư viện số Kim Lũ"]),
    ({"kind": "training"}, []),
    ({"commune": "OTHER"}, ["Trà hoa sen Kim Lũ", "Thư viện số Kim Lũ"]),
    ({"commune": "COMMUNE", "kind": "works"}, ["Điểm wifi chợ Phủ Lý"]),
    ({"kind": "no-such-kind"}, ["Cơm cháy Phủ Lý", "Miến lươn Phủ Lý", "Trà hoa sen Kim Lũ",
                                "Điểm wifi chợ Phủ Lý", "Thư viện số Kim Lũ"]),
], ids=["products", "works", "work-kind", "kind-with-nothing", "commune", "commune-and-kind", "unknown-kind"])
def test_filters(expo, client, query, expected):
    communes = {"OTHER": expo.world.other_commune.pk, "COMMUNE": expo.world.commune.pk}
    query = {k: communes.get(v, v) for k, v in query.items()}
    assert _titles(client.get(GALLERY, query)) == expected


def test_commune_filter_lists_only_communes_with_something_to_show(expo, client):
    page = _text(client.get(GALLERY))
    options = re.findall(r'<option value="(\d+)"[^>]*>([^<]+)</option>', page)
    # Vietnamese order: tones only break ties ("Phủ Lý" before "Phù Vân": l < v).
    assert options == [(str(expo.world.commune.pk), "Phường Phủ Lý"),
                       (str(expo.world.other_commune.pk), "Phường Phù Vân")]


def test_english_and_language_links_keep_only_the_filters(expo, client):
    page = _text(client.get(GALLERY, {"lang": "en", "kind": "works", "utm_source": "zalo"}))
    assert '<html lang="en">' in page and "Virtual exhibition" in page and "2 items" in page
    assert 'href="/visit/exhibition/?kind=works"' in page  # the Vietnamese link
    assert "utm_source" not in page
    page = _text(client.get(GALLERY))
    assert '<html lang="vi">' in page and "Triển lãm trực tuyến" in page


def test_pages_of_twelve(world, client):
    from tests.factories import ProducerFactory

    coop = ProducerFactory(commune=world.commune, status="published")
    for n in range(13):
        ProductFactory(name=f"Sản phẩm {n:02d}", producer=coop, status="published", youth_maker="member")
    youth_work(world.commune, "Điểm wifi thôn Đông")
    first = client.get(GALLERY)
    assert len(_titles(first)) == 12 and 'rel="next"' in _text(first)
    second = client.get(GALLERY, {"page": 2})
    assert _titles(second) == ["Sản phẩm 12", "Điểm wifi thôn Đông"]


def test_the_gallery_costs_the_same_queries_for_2_or_12_cards(world, client):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tienphong.core.pagecache import forget_local

    from tests.factories import ProducerFactory

    coop = ProducerFactory(commune=world.commune, status="published")

    def add(n):
        for i in range(n):
            p = ProductFactory(producer=coop, status="published", youth_maker="member")
            products.photo_add(product=p, photos=[photo_upload(size=(64, 48))])
            youth_work(world.commune, f"Công trình {p.pk}")

    def count():
        queries = []
        for _ in range(2):  # the first showing makes the new products' codes
            cache.clear()
            forget_local()
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(GALLERY).status_code == 200
            queries.append(len(ctx))
        return queries[-1]

    add(1)
    few = count()
    add(5)
    assert count() == few == 10


def test_the_page_is_cached_and_cleared_by_an_edit(expo, client, django_capture_on_commit_callbacks):
    assert "Cơm cháy Phủ Lý" in _text(client.get(GALLERY))
    with django_capture_on_commit_callbacks(execute=True):
        products.product_update(product=expo.by_team, youth_maker="")
    assert "Cơm cháy Phủ Lý" not in _text(client.get(GALLERY))


def _weight(client, url) -> tuple[int, str]:
    """Bytes of the page's HTML plus every stylesheet and script it links (before images)."""
    page = client.get(url).content.decode()
    total = len(page.encode())
    for ref in re.findall(r'<link rel="stylesheet" href="([^"]+)"', page) + re.findall(r'<script[^>]+src="([^"]+)"',
                                                                                       page):
        path = finders.find(ref.split("/static/", 1)[1])
        with open(path, "rb") as f:
            total += len(f.read())
    return total, page


def test_page_weight_under_50_kb_before_images(world, client):
    from tests.factories import ProducerFactory, TeamFactory

    long = "Hợp tác xã thanh niên khởi nghiệp sản xuất nông sản sạch xã Phủ Lý tỉnh Ninh Bình"
    coop = ProducerFactory(name=long, commune=world.commune, status="published")
    team = TeamFactory(name="Đội hình thanh niên tình nguyện chuyển đổi số cộng đồng " + "Phủ Lý " * 5,
                       commune=world.commune)
    for n in range(14):
        p = ProductFactory(name=f"{long} sản phẩm {n}"[:200], producer=coop, status="published",
                           youth_maker="team", youth_team=team)
        products.photo_add(product=p, photos=[photo_upload(size=(64, 48))])
    for n in range(14):
        youth_work(world.commune, f"Công trình thanh niên số hóa di tích lịch sử văn hóa cấp tỉnh {n}", team=team)
    # A work's page at its longest: the longest title and description, a campaign, the most photos.
    campaign = make_campaign(world.province, dt.date(2026, 3, 1), dt.date(2026, 3, 31),
                             title="Tháng Thanh niên 2026 — Tuổi trẻ tiên phong chuyển đổi số")
    work = youth_work(world.commune, (long + " Công trình" * 20)[:200], team=team, photos=MAX_PHOTOS_PER_WORK,
                      campaign=campaign, value_vnd=99_999_999_999, beneficiaries=1_000_000, completed_on="2026-03-26",
                      place_note="Thôn Đông, " * 18,
                      description=(("Mô tả công trình. " * 40 + "\n\n") * 10)[:DESCRIPTION_MAX])
    event = make_event(world.province, name="Ngày hội thanh niên sáng tạo " * 5)
    services.picks_set(event=event, products=list(services.selectors.candidate_products(event)),
                       works=list(services.selectors.candidate_works(event)), by=None)
    for url, images in ((GALLERY, 12), (reverse("event_gallery", args=[event.pk]), 12),
                        (reverse("visit_work", args=[work.pk]), MAX_PHOTOS_PER_WORK + 1)):  # and its QR code
        total, page = _weight(client, url)
        print(f"{url}: {total} B with its CSS")
        assert total < 50 * 1024, (url, total)
        assert "<script" not in page
        assert page.count("<img ") == images


def test_event_gallery_shows_only_the_picked_items_in_the_organisers_order(expo, client):
    event = make_event(expo.world.commune, name="Ngày hội thanh niên Phủ Lý")
    url = reverse("event_gallery", args=[event.pk])
    assert client.get(url).status_code == 404  # nothing picked yet
    services.picks_set(event=event, products=[expo.by_startup], works=[expo.wifi], by=expo.world.secretary)
    services.picks_set(event=event, products=[expo.by_startup, expo.by_team], works=[expo.wifi],
                       by=expo.world.secretary)
    response = client.get(url)
    assert response.status_code == 200
    assert _titles(response) == ["Trà hoa sen Kim Lũ", "Điểm wifi chợ Phủ Lý", "Cơm cháy Phủ Lý"]
    page = _text(response)
    assert "Ngày hội thanh niên Phủ Lý" in page and "Miến lươn" not in page
    assert _titles(client.get(url, {"kind": "works"})) == ["Điểm wifi chợ Phủ Lý"]
    assert _titles(client.get(url, {"commune": expo.world.other_commune.pk})) == ["Trà hoa sen Kim Lũ"]


def test_a_pick_that_stops_being_public_drops_out(expo, client):
    event = make_event(expo.world.commune)
    services.picks_set(event=event, products=[expo.by_team, expo.by_member], works=[expo.wifi], by=None)
    products.product_unpublish(product=expo.by_member)
    YouthWork.objects.filter(pk=expo.wifi.pk).update(status=YouthWork.Status.REJECTED)
    assert _titles(client.get(reverse("event_gallery", args=[event.pk]))) == ["Cơm cháy Phủ Lý"]


def test_hostile_names_are_escaped(world, client):
    from tests.factories import ProducerFactory

    coop = ProducerFactory(name="<b>HTX</b>", commune=world.commune, status="published")
    ProductFactory(name="<script>alert(1)</script>", producer=coop, status="published", youth_maker="startup",
                   youth_maker_name='"><img src=x onerror=alert(1)>')
    page = client.get(GALLERY).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>HTX" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page

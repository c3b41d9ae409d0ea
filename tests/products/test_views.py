"""Staff pages: who sees and who changes what (scope), and the forms' errors."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tienphong.products.models import Producer, Product

from tests.factories import ProducerFactory, ProductFactory, photo_upload

from ..personas import build_world
from ..scenes import once_per_module

# Built once for the module instead of once per test; see tests/scenes.py.
world, _world = once_per_module(build_world, "world")

pytestmark = pytest.mark.django_db


def test_list_shows_only_the_users_scope_and_searches_without_diacritics(shop, client_for):
    w = shop.world
    page = client_for(w.volunteer).get(reverse("product_list")).content.decode()
    assert "Cơm cháy chà bông" in page and "Miến lươn khô" in page and "Mật ong Kim Lũ" not in page
    page = client_for(w.secretary).get(reverse("product_list"), {"q": "com chay"}).content.decode()
    assert "Cơm cháy chà bông" in page and "Miến lươn khô" not in page
    page = client_for(w.province_admin).get(reverse("product_list"), {"status": "draft"}).content.decode()
    assert "Miến lươn khô" in page and "Cơm cháy chà bông" not in page
    page = client_for(w.province_admin).get(reverse("product_list"),
                                            {"commune": w.other_commune.pk}).content.decode()
    assert "Mật ong Kim Lũ" in page and "Cơm cháy chà bông" not in page
    page = client_for(w.province_admin).get(reverse("product_list"), {"category": "farm"}).content.decode()
    assert "Miến lươn khô" in page and "Mật ong Kim Lũ" not in page


def test_outsider_gets_404_everywhere(shop, client_for):
    c = client_for(shop.world.outsider)
    p = shop.product
    for name, args in [("product_detail", [p.pk]), ("product_edit", [p.pk]), ("product_photos", [p.pk]),
                       ("producer_detail", [shop.producer.pk]), ("producer_edit", [shop.producer.pk])]:
        assert c.get(reverse(name, args=args)).status_code == 404, name
    for name, args in [("product_publish", [p.pk]), ("product_unpublish", [p.pk]), ("product_link_add", [p.pk]),
                       ("producer_publish", [shop.producer.pk]), ("producer_unpublish", [shop.producer.pk])]:
        assert c.post(reverse(name, args=args), {"kind": "website", "url": "https://a.vn"}).status_code == 404, name
    p.refresh_from_db()
    assert p.status == "published" and not p.links.exists()


def test_volunteer_sees_but_cannot_change(shop, client_for):
    c = client_for(shop.world.volunteer)
    p = shop.product
    assert c.get(reverse("product_detail", args=[p.pk])).status_code == 200
    assert c.get(reverse("producer_detail", args=[shop.producer.pk])).status_code == 200
    for name in ("product_create", "producer_create"):
        assert c.get(reverse(name)).status_code == 404
    assert c.get(reverse("product_edit", args=[p.pk])).status_code == 404
    assert c.post(reverse("product_edit", args=[p.pk]), {"name": "Đổi tên"}).status_code == 404
    assert c.post(reverse("product_unpublish", args=[p.pk])).status_code == 404
    assert c.post(reverse("product_photos", args=[p.pk]), {"photos": [photo_upload()]}).status_code == 404
    p.refresh_from_db()
    assert p.name == "Cơm cháy chà bông" and p.status == "published" and not p.photos.exists()


def test_team_leader_edits_a_product_of_the_ward(shop, client_for):
    c = client_for(shop.world.team_leader)
    p = shop.product
    url = reverse("product_edit", args=[p.pk])
    assert c.get(url).status_code == 200
    response = c.post(url, {"name": "Cơm cháy chà bông Phủ Lý", "producer": shop.producer.pk, "category": "ocop",
                            "ocop_stars": "5", "ocop_year": "2024", "price_vnd": "135.000", "price_unit": "hộp 300 g",
                            "season": "Quanh năm", "description": "Giòn"})
    assert response.status_code == 302
    p.refresh_from_db()
    assert (p.name, p.ocop_stars, p.price_vnd, p.price_unit) == ("Cơm cháy chà bông Phủ Lý", 5, 135000, "hộp 300 g")
    page = c.get(reverse("product_detail", args=[p.pk])).content.decode()
    assert "135.000" in page and "Lịch sử" in page  # the audit trail


def test_form_errors_are_shown_on_the_field(shop, client_for):
    c = client_for(shop.world.secretary)
    url = reverse("product_edit", args=[shop.product.pk])
    base = {"name": "Cơm cháy", "producer": shop.producer.pk, "category": "farm", "ocop_stars": "4"}
    page = c.post(url, base).content.decode()
    assert "Chỉ sản phẩm OCOP" in page
    page = c.post(url, {**base, "name": "Cơm cháy " * 30, "category": "ocop"}).content.decode()
    assert "tối đa 200" in page
    page = c.post(url, {**base, "category": "ocop", "price_vnd": "-5"}).content.decode()
    assert "không thể âm" in page
    page = c.post(url, {**base, "category": "ocop", "price_vnd": "mười nghìn"}).content.decode()
    assert "15.000.000" in page  # "write the amount in đồng, e.g. 15.000.000"
    shop.product.refresh_from_db()
    assert shop.product.name == "Cơm cháy chà bông"


def test_new_product_with_its_producer_inline(world, client_for):
    c = client_for(world.team_leader)
    page = c.get(reverse("product_create")).content.decode()
    assert "new_producer_name" in page
    response = c.post(reverse("product_create"), {
        "name": "Miến lươn Phủ Lý", "producer": "", "new_producer_name": "Hộ bà Nguyễn Thị Lan",
        "new_producer_kind": "household", "new_producer_commune": world.commune.pk, "category": "farm",
        "price_vnd": "80000", "price_unit": "gói 500 g"})
    assert response.status_code == 302
    product = Product.objects.get(name="Miến lươn Phủ Lý")
    assert response["Location"] == reverse("product_photos", args=[product.pk])
    assert product.producer.name == "Hộ bà Nguyễn Thị Lan" and product.commune == world.commune
    assert product.status == "draft" and product.producer.status == "draft"
    # Neither a producer from the list nor a new one: asked for.
    page = c.post(reverse("product_create"), {"name": "Gạo", "category": "farm"}).content.decode()
    assert "Chọn nhà sản xuất" in page


def test_new_producer_of_another_ward_is_refused(world, client_for):
    c = client_for(world.secretary)
    c.post(reverse("product_create"), {"name": "Gạo", "new_producer_name": "HTX Kim Lũ",
                                       "new_producer_kind": "cooperative",
                                       "new_producer_commune": world.other_commune.pk, "category": "farm"})
    assert not Producer.objects.exists() and not Product.objects.exists()


def test_publish_from_the_staff_page_publishes_the_producer_too(world, client_for):
    product = ProductFactory(producer=ProducerFactory(commune=world.commune, name="HTX Đồng Xanh"))
    c = client_for(world.secretary)
    page = c.get(reverse("product_detail", args=[product.pk])).content.decode()
    assert "xuất bản luôn nhà sản xuất" in page  # the page says what publishing will do
    response = c.post(reverse("product_publish", args=[product.pk]), follow=True)
    assert "cùng với nhà sản xuất HTX Đồng Xanh" in response.content.decode()
    product.refresh_from_db()
    assert product.status == "published" and product.producer.status == "published"
    c.post(reverse("producer_unpublish", args=[product.producer.pk]))
    product.refresh_from_db()
    assert product.status == "draft"


def test_photo_uploads_several_at_once_and_bad_ones_get_clear_errors(shop, client_for):
    c = client_for(shop.world.secretary)
    url = reverse("product_photos", args=[shop.product.pk])
    response = c.post(url, {"photos": [photo_upload("a.jpg"), photo_upload("b.jpg")]})
    assert response.status_code == 302 and shop.product.photos.count() == 2

    not_image = SimpleUploadedFile("menu.jpg", b"just text, not a photo", content_type="image/jpeg")
    page = c.post(url, {"photos": [not_image]}).content.decode()
    assert "menu.jpg" in page and "không phải là ảnh" in page
    huge = SimpleUploadedFile("to.jpg", b"\0" * (30 * 1024 * 1024), content_type="image/jpeg")
    page = c.post(url, {"photos": [huge]}).content.decode()
    assert "to.jpg" in page and "30 MB" in page and "12 MB" in page
    assert shop.product.photos.count() == 2

    first, second = shop.product.photos.order_by("position")
    c.post(reverse("product_photo_move", args=[shop.product.pk, second.pk]), {"to": "up"})
    assert list(shop.product.photos.order_by("position")) == [second, first]
    c.post(reverse("product_photo_update", args=[shop.product.pk, first.pk]),
           {f"p{first.pk}-caption": "Hộp quà", f"p{first.pk}-position": first.position})
    first.refresh_from_db()
    assert first.caption == "Hộp quà"
    c.post(reverse("product_photo_delete", args=[shop.product.pk, first.pk]))
    assert list(shop.product.photos.all()) == [second]


def test_links_add_and_remove(shop, client_for):
    c = client_for(shop.world.team_leader)
    p = shop.product
    c.post(reverse("product_link_add", args=[p.pk]), {"kind": "shopee", "url": "https://shopee.vn/com-chay"})
    link = p.links.get()
    response = c.post(reverse("product_link_add", args=[p.pk]), {"kind": "website", "url": "javascript:alert(1)"})
    assert response.status_code == 400 and "https://" in response.content.decode()
    assert p.links.count() == 1
    c.post(reverse("product_link_remove", args=[p.pk, link.pk]))
    assert not p.links.exists()


def test_producer_pages(shop, client_for):
    c = client_for(shop.world.secretary)
    page = c.get(reverse("producer_list"), {"q": "hop tac xa"}).content.decode()
    assert "Hợp tác xã Nông nghiệp Phủ Lý" in page and "Kim Lũ" not in page
    page = c.get(reverse("producer_detail", args=[shop.producer.pk])).content.decode()
    assert "Cơm cháy chà bông" in page and "Miến lươn khô" in page
    response = c.post(reverse("producer_create"), {"name": "HTX Rau sạch", "kind": "cooperative",
                                                   "commune": shop.world.commune.pk, "phone": "0987 654 321"})
    producer = Producer.objects.get(name="HTX Rau sạch")
    assert response.status_code == 302 and producer.phone == "0987654321"
    page = c.post(reverse("producer_edit", args=[producer.pk]), {
        "name": "HTX Rau sạch", "kind": "cooperative", "commune": shop.world.commune.pk,
        "website": "ftp://rau.vn"}).content.decode()
    assert "https://" in page
    c.post(reverse("producer_publish", args=[producer.pk]))
    producer.refresh_from_db()
    assert producer.status == "published"


def test_staff_pages_fit_a_phone_and_escape_text(world, client_for):
    producer = ProducerFactory(commune=world.commune, name="<b>HTX</b>")
    product = ProductFactory(producer=producer, name="<script>alert(1)</script>", description="<img src=x onerror=1>")
    page = client_for(world.secretary).get(reverse("product_detail", args=[product.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "<b>HTX</b>" not in page

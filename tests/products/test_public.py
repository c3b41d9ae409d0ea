"""Public pages: no login, published only, escaped, light, cached and cleared on change."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tienphong.products import services

from tests.factories import ProducerFactory, ProductFactory, photo_upload

from ..personas import build_world
from ..scenes import once_per_module

# Built once for the module instead of once per test; see tests/scenes.py.
world, _world = once_per_module(build_world, "world")

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode().replace("\u00a0", " ")


def test_draft_is_not_found_published_is_shown(shop, client):
    assert client.get(reverse("visit_product", args=[shop.draft.pk])).status_code == 404
    response = client.get(reverse("visit_product", args=[shop.product.pk]))
    assert response.status_code == 200
    page = _text(response)
    assert "Cơm cháy chà bông" in page
    assert "1.250.000 ₫ / hộp" in page
    assert "★★★★" in page and "2023" in page
    assert f'href="{reverse("visit_producer", args=[shop.producer.pk])}"' in page
    assert 'href="tel:0912345678"' in page and 'href="https://zalo.me/0912345678"' in page
    assert "Giòn, thơm.<br>Đóng hộp 500 g." in page  # description with its line breaks
    assert "Phường Phủ Lý" in page


def test_product_of_a_draft_producer_is_not_public(world, client):
    product = ProductFactory(producer=ProducerFactory(commune=world.commune, status="draft"), status="published")
    assert client.get(reverse("visit_product", args=[product.pk])).status_code == 404
    assert client.get(reverse("visit_producer", args=[product.producer.pk])).status_code == 404


def test_shop_links_zalo_and_sample_badge(world, client):
    producer = ProducerFactory(commune=world.commune, phone="0912345678", zalo="0987654321", status="published",
                               sample=True)
    product = ProductFactory(producer=producer, status="published", sample=True)
    services.link_add(product=product, kind="shopee", url="https://shopee.vn/com-chay")
    page = _text(client.get(reverse("visit_product", args=[product.pk])))
    assert re.search(r'<a [^>]*href="https://shopee.vn/com-chay" rel="noopener nofollow"', page)
    assert 'href="https://zalo.me/0987654321"' in page
    assert "nội dung mẫu" in page


def test_language_links_and_english(shop, client):
    url = reverse("visit_product", args=[shop.product.pk])
    page = _text(client.get(url))
    assert 'lang="vi"' in page and f'href="{url}?lang=en"' in page and "Nơi mua" in page
    page = _text(client.get(url, {"lang": "en", "utm_source": "zalo"}))
    assert '<html lang="en">' in page and "Where to buy" in page
    assert f'href="{url}"' in page and "utm_source" not in page  # stray parameters stay out of the cache


def test_producer_page_lists_its_published_products(shop, client):
    page = _text(client.get(reverse("visit_producer", args=[shop.producer.pk])))
    assert "Hợp tác xã Nông nghiệp Phủ Lý" in page and "Cơm cháy chà bông" in page
    assert "Miến lươn khô" not in page and 'href="tel:0912345678"' in page


def test_html_in_names_and_descriptions_is_escaped(world, client):
    producer = ProducerFactory(commune=world.commune, name='HTX "><script>x()</script>', status="published",
                               description="<b>bold</b>")
    product = ProductFactory(producer=producer, name="<script>alert('x')</script>", status="published",
                             description='<img src=x onerror="alert(1)">\n<a href="javascript:1">x</a>')
    for url in (reverse("visit_product", args=[product.pk]), reverse("visit_producer", args=[producer.pk]),
                reverse("product_catalogue")):
        page = _text(client.get(url))
        assert "<script>" not in page and "<img src=x" not in page and "<b>bold</b>" not in page, url
        assert 'href="javascript:' not in page, url
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in _text(client.get(reverse("visit_product",
                                                                                            args=[product.pk])))


def test_photos_have_srcset_sizes_and_lazy_loading_below_the_fold(shop, client):
    services.photo_add(product=shop.product, photos=[photo_upload("a.jpg"), photo_upload("b.jpg"),
                                                     photo_upload("c.jpg")])
    page = _text(client.get(reverse("visit_product", args=[shop.product.pk])))
    imgs = re.findall(r"<img [^>]+>", page)
    assert len(imgs) == 3
    hero, *rest = imgs
    assert "srcset=" in hero and " 480w" in hero and 'width="1280"' in hero and 'height="960"' in hero
    assert 'loading="lazy"' not in hero
    assert all('loading="lazy"' in img and "width=" in img and "height=" in img for img in rest)


# --- the catalogue --------------------------------------------------------------------------------

def _names(response) -> list[str]:
    return re.findall(r'<span class="t">([^<]+)</span>', response.content.decode())


def test_catalogue_search_ignores_diacritics_both_ways(shop, client):
    plain = ProductFactory(name="Mien luon Phu Ly", producer=shop.producer, status="published")
    url = reverse("product_catalogue")
    assert _names(client.get(url, {"q": "com chay"})) == ["Cơm cháy chà bông"]
    assert _names(client.get(url, {"q": "CƠM CHÁY"})) == ["Cơm cháy chà bông"]
    assert _names(client.get(url, {"q": "miến lươn"})) == [plain.name]
    # The producer's name is searched too; a draft never shows.
    assert sorted(_names(client.get(url, {"q": "hop tac xa phu ly"}))) == ["Cơm cháy chà bông", plain.name]
    assert _names(client.get(url, {"q": "mien luon kho"})) == []
    assert "Không có sản phẩm nào phù hợp" in _text(client.get(url, {"q": "xyz"}))


def test_catalogue_filters(shop, client):
    url = reverse("product_catalogue")
    farm = ProductFactory(name="Gạo nếp cái hoa vàng", producer=shop.producer, category="farm", ocop_stars=None,
                          ocop_year=None, status="published")
    assert sorted(_names(client.get(url))) == sorted(["Cơm cháy chà bông", "Mật ong Kim Lũ", farm.name])
    assert _names(client.get(url, {"category": "farm"})) == [farm.name]
    assert _names(client.get(url, {"stars": "3"})) == ["Mật ong Kim Lũ"]
    assert sorted(_names(client.get(url, {"commune": shop.world.commune.pk}))) == sorted(
        ["Cơm cháy chà bông", farm.name])
    # Junk in the query is ignored, not an error.
    assert client.get(url, {"stars": "9", "commune": "abc", "page": "x"}).status_code == 200


def _commune_options(client) -> set[str]:
    page = _text(client.get(reverse("product_catalogue")))
    select = page.split('name="commune"')[1].split("</select>")[0]
    return {name for _pk, name in re.findall(r'<option value="(\d+)"[^>]*>([^<]+)</option>', select)}


def test_catalogue_lists_only_communes_with_published_products(shop, client, django_capture_on_commit_callbacks):
    assert _commune_options(client) == {"Phường Phủ Lý", "Phường Phù Vân"}
    with django_capture_on_commit_callbacks(execute=True):
        services.product_unpublish(product=shop.other)
    assert _commune_options(client) == {"Phường Phủ Lý"}


def test_catalogue_cards_show_photo_price_stars_producer_commune(shop, client):
    services.photo_add(product=shop.product, photos=[photo_upload()])
    page = _text(client.get(reverse("product_catalogue")))
    card = page.split('<ul class="grid" id="products">')[1].split("</li>")[0]
    assert "Cơm cháy chà bông" in card and "1.250.000 ₫ / hộp" in card and "★★★★" in card
    assert "Hợp tác xã Nông nghiệp Phủ Lý" in card and "Phường Phủ Lý" in card
    assert "srcset=" in card and 'sizes="' in card


def test_catalogue_is_paginated_with_plain_links(world, client):
    producer = ProducerFactory(commune=world.commune, status="published")
    for n in range(30):
        ProductFactory(name=f"Sản phẩm {n:02d}", producer=producer, status="published")
    page = _text(client.get(reverse("product_catalogue"), {"q": "san pham"}))
    assert len(_names(client.get(reverse("product_catalogue"), {"q": "san pham"}))) == 12
    assert 'href="?q=san+pham&amp;page=2"' in page
    assert len(_names(client.get(reverse("product_catalogue"), {"q": "san pham", "page": 3}))) == 6


def test_public_pages_are_cached_and_cleared_by_edits(shop, client, django_capture_on_commit_callbacks,
                                                      django_assert_max_num_queries):
    url = reverse("visit_product", args=[shop.product.pk])
    client.get(url)
    with django_assert_max_num_queries(0):
        assert "Cơm cháy chà bông" in _text(client.get(url))
    with django_capture_on_commit_callbacks(execute=True):
        services.product_update(product=shop.product, name="Cơm cháy Phủ Lý")
    assert "Cơm cháy Phủ Lý" in _text(client.get(url))
    with django_capture_on_commit_callbacks(execute=True):
        services.product_unpublish(product=shop.product)
    assert client.get(url).status_code == 404


def _weight(client, url) -> tuple[int, str]:
    """Bytes of the page's HTML plus every stylesheet and script it links."""
    page = client.get(url).content.decode()
    total = len(page.encode())
    for ref in re.findall(r'<link rel="stylesheet" href="([^"]+)"', page) + re.findall(r'<script[^>]+src="([^"]+)"', page):
        path = finders.find(ref.split("/static/", 1)[1])
        with open(path, "rb") as f:
            total += len(f.read())
    return total, page


def test_page_weight_product_page_and_catalogue(shop, client):
    services.photo_add(product=shop.product, photos=[photo_upload() for _ in range(6)])
    for n in range(12):
        services.link_add(product=shop.product, kind="website", url=f"https://shop{n}.vn/com-chay-cha-bong")
    for n in range(30):
        ProductFactory(name=f"Sản phẩm đặc sản số {n}", producer=shop.producer, status="published",
                       description="Mô tả " * 300)
    for url in (reverse("visit_product", args=[shop.product.pk]), reverse("product_catalogue"),
                reverse("visit_producer", args=[shop.producer.pk])):
        total, page = _weight(client, url)
        assert total < 50 * 1024, (url, total)
        assert "<script" not in page, url
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page


def _description(client, url):
    html = client.get(url).content.decode()
    return re.search(r'<meta name="description" content="([^"]*)">', html).group(1)


def test_meta_descriptions_come_from_the_pages_content(shop, client):
    product = _description(client, reverse("visit_product", args=[shop.product.pk]))
    assert product.startswith("Cơm cháy chà bông · ") and "OCOP 4★" in product
    assert "Hợp tác xã Nông nghiệp Phủ Lý, Phường Phủ Lý" in product and "Giòn, thơm." in product
    producer = _description(client, reverse("visit_producer", args=[shop.producer.pk]))
    assert producer.startswith("Hợp tác xã Nông nghiệp Phủ Lý · ") and "Phường Phủ Lý" in producer
    catalogue = _description(client, reverse("product_catalogue"))
    assert catalogue.startswith("2 sản phẩm") and "Cơm cháy chà bông" in catalogue and "Mật ong Kim Lũ" in catalogue

"""The product catalogue and a product's page on a 360 px phone, as a visitor from a QR label sees them."""

import pytest
expect = pytest.importorskip("playwright.sync_api", reason="needs the test extra: pip install -e .[test]").expect

from tests.factories import ProducerFactory, ProductFactory, photo_upload

from .helpers import scroll_width

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]  # WhiteNoise, no collectstatic


def _shop(world):
    from tienphong.products import services

    coop = ProducerFactory(name="Hợp tác xã Nông nghiệp và Dịch vụ Thương mại Phủ Lý", commune=world.commune,
                           phone="0912345678", address="Thôn Đông, phường Phủ Lý", status="published",
                           description="Hợp tác xã làm cơm cháy và miến lươn từ năm 2010.")
    household = ProducerFactory(name="Hộ kinh doanh Đỗ Thị Mai", kind="household", commune=world.other_commune,
                                zalo="0987654321", phone="", status="published")
    product = ProductFactory(
        name="Cơm cháy chà bông Phủ Lý", producer=coop, ocop_stars=4, ocop_year=2023, price_vnd=1250000,
        price_unit="thùng 20 hộp", season="Quanh năm", status="published", sample=True,
        description="Cơm cháy giòn, chà bông heo.\nĐóng hộp 200 g, bảo quản 6 tháng.")
    services.photo_add(product=product, photos=[photo_upload("a.jpg", colour=(214, 160, 60)),
                                                photo_upload("b.jpg", colour=(90, 140, 80))])
    services.link_add(product=product, kind="shopee", url="https://shopee.vn/com-chay-phu-ly")
    services.link_add(product=product, kind="postmart", url="https://postmart.vn/com-chay-phu-ly")
    others = [
        ("Miến lươn Phủ Lý", coop, 3, 85000, "gói 500 g"),
        ("Mật ong hoa nhãn rừng Kim Bảng đặc biệt thượng hạng", household, 5, 250000, "chai 1 lít"),
        ("Gạo nếp cái hoa vàng", household, None, 45000, "kg"),
    ]
    for name, producer, stars, price, unit in others:
        p = ProductFactory(name=name, producer=producer, ocop_stars=stars, ocop_year=2022 if stars else None,
                           category="ocop" if stars else "farm", price_vnd=price, price_unit=unit,
                           status="published")
        if stars == 5:
            services.photo_add(product=p, photos=[photo_upload("m.jpg", size=(900, 1200), colour=(230, 190, 40))])
    ProductFactory(name="Cơm cháy bản nháp", producer=coop, status="draft")
    return product


def test_catalogue_search_and_product_page_at_360px(page, bworld, shot):
    product = _shop(bworld)
    page.goto("/visit/products/")
    expect(page.locator("h1")).to_have_text("Sản phẩm địa phương")
    expect(page.locator("#products li")).to_have_count(4)
    assert scroll_width(page) <= 360
    shot("catalogue")

    page.fill("input[name=q]", "com chay")
    page.keyboard.press("Enter")
    page.wait_for_url("**/visit/products/?q=com+chay*")
    expect(page.locator("#products li")).to_have_count(1)
    expect(page.locator("#products li .t")).to_have_text("Cơm cháy chà bông Phủ Lý")
    expect(page.locator("#count")).to_contain_text("Tìm thấy 1 sản phẩm")
    shot("search")

    page.click("#products li a")
    page.wait_for_url(f"**/visit/product/{product.pk}/")
    expect(page.locator("h1")).to_have_text("Cơm cháy chà bông Phủ Lý")
    expect(page.locator("#price")).to_have_text("1.250.000\u00a0₫ / thùng 20 hộp")
    expect(page.locator("a[href='tel:0912345678']")).to_be_visible()
    expect(page.locator(".badge.sample")).to_be_visible()
    hero = page.locator(".hero img")
    assert hero.evaluate("img => img.complete && img.naturalWidth > 0")
    assert scroll_width(page) <= 360
    shot("product")

    page.click("nav.langs a[hreflang=en]")
    page.wait_for_url("**?lang=en")
    expect(page.locator("h2").first).to_have_text("Where to buy")
    assert page.evaluate("document.documentElement.lang") == "en"
    shot("product-en")

    page.click("a[href^='/visit/producer/']")
    expect(page.locator("h1")).to_have_text("Hợp tác xã Nông nghiệp và Dịch vụ Thương mại Phủ Lý")
    expect(page.locator("#products li")).to_have_count(2)
    assert "lang=en" in page.url and scroll_width(page) <= 360
    shot("producer-en")


def test_catalogue_filters_work_with_javascript_off(browser, live_server, bworld):
    from .conftest import PHONE, SCREENSHOTS

    _shop(bworld)
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, base_url=live_server.url,
                                  locale="vi-VN")
    page = context.new_page()
    try:
        page.goto("/visit/products/")
        page.select_option("select[name=stars]", "5")
        page.click("form.search button")
        page.wait_for_url("**stars=5*")
        expect(page.locator("#products li")).to_have_count(1)
        expect(page.locator("#products li .t")).to_have_text("Mật ong hoa nhãn rừng Kim Bảng đặc biệt thượng hạng")
        assert scroll_width(page) <= 360
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "catalogue_filters_work_with_javascript_off.png"), full_page=True)
    finally:
        context.close()


def test_staff_product_pages_at_360px(page, bworld, login, shot):
    product = _shop(bworld)
    login(bworld.team_leader)
    for step, url in [("list", "/products/"), ("detail", f"/products/{product.pk}/"),
                      ("photos", f"/products/{product.pk}/photos/"), ("new", "/products/new/"),
                      ("labels", "/products/labels/"), ("producers", "/products/producers/")]:
        response = page.goto(url)
        assert response.status == 200, url
        expect(page.locator("main h1").first).to_be_visible()
        assert scroll_width(page) <= 360, url
        shot(step)


def test_catalogue_on_a_phone_fetches_only_the_photos_in_sight(page, bworld, shot):
    """Lighthouse found the catalogue at 211 KB with 434 ms blocking time: each of the 24 cards'
    photos was fetched, decoded and painted on load. Twelve cards a page now, those out of sight
    not laid out or painted until the visitor scrolls near them."""
    from tienphong.products import services

    producer = ProducerFactory(name="Hợp tác xã Phủ Lý", commune=bworld.commune, status="published")
    for n in range(16):
        product = ProductFactory(name=f"Đặc sản số {n:02d}", producer=producer, status="published")
        # A phone photo's shape at 640 px: what is tested is which photos the page fetches, not the resizing of
        # 16 camera-sized files (8 s of the test's 11 under load; tests/products cover the resizing).
        services.photo_add(product=product, photos=[photo_upload(f"{n}.jpg", size=(640, 480),
                                                                 colour=(20 * n % 255, 120, 80))])
    photos = []
    page.on("request", lambda r: photos.append(r.url) if "/media/products/" in r.url else None)
    page.goto("/visit/products/")
    page.wait_for_load_state("networkidle")
    expect(page.locator("#products li")).to_have_count(12)
    expect(page.locator("a[rel=next]")).to_be_visible()
    assert 2 <= len(photos) <= 12, photos
    hidden = page.evaluate("getComputedStyle(document.querySelectorAll('#products li')[6]).contentVisibility")
    assert hidden == "auto"
    imgs = page.locator("#products img")
    for i in range(imgs.count()):
        img = imgs.nth(i)
        assert img.get_attribute("width") and img.get_attribute("height") and img.get_attribute("decoding") == "async"
        assert (img.get_attribute("loading") == "lazy") == (i >= 2)
    assert page.locator("link[rel=stylesheet]").count() == 1
    shot("1-top")
    page.locator("#products li").last.scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#products li").last.locator("img")).to_be_visible()
    page.wait_for_function("() => [...document.querySelectorAll('#products img')].pop().naturalWidth > 0")
    assert len(photos) == 12
    assert scroll_width(page) <= 360

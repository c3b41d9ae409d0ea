import pytest
from django.core.cache import cache
from django.utils import timezone

from tienphong.core.errors import DomainError
from tienphong.core.pagecache import GENERATION_KEY
from tienphong.products import services
from tienphong.products.models import Producer, Product
from tienphong.qr.services import code_for

from tests.factories import ProducerFactory, ProductFactory, photo_upload

from ..personas import build_world
from ..scenes import once_per_module

# Built once for the module instead of once per test; see tests/scenes.py.
world, _world = once_per_module(build_world, "world")

pytestmark = pytest.mark.django_db


def _error(call, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as info:
        call(**kwargs)
    return info.value


# --- producers ------------------------------------------------------------------------------------

def test_producer_create_cleans_and_checks(world):
    producer = services.producer_create(name="  HTX   Nông sản  Phủ Lý ", kind="cooperative", commune=world.commune,
                                        phone="+84 912.345.678", website="htxphuly.vn", by=world.secretary)
    assert producer.name == "HTX Nông sản Phủ Lý"
    assert producer.phone == "0912345678" and producer.website == "https://htxphuly.vn"
    assert producer.path == world.commune.path and producer.status == "draft"

    e = _error(services.producer_create, name="htx nông sản phủ lý", commune=world.commune, by=world.secretary)
    assert e.code == "producer_exists"
    assert _error(services.producer_create, name="X", commune=world.commune, phone="12345").code == "phone_invalid"
    assert _error(services.producer_create, name="X", commune=world.commune,
                  website="javascript:alert(1)").code == "website_invalid"
    # A branch is not a commune, and the outsider cannot add producers to Phủ Lý.
    assert _error(services.producer_create, name="X", commune=world.branch).code == "commune_invalid"
    assert _error(services.producer_create, name="X", commune=world.commune, by=world.outsider).code == "not_allowed"
    assert _error(services.producer_create, name="X", commune=world.commune, by=world.volunteer).code == "not_allowed"


def test_moving_a_producer_moves_its_products_and_their_codes(world):
    producer = ProducerFactory(commune=world.commune)
    product = ProductFactory(producer=producer)
    code = code_for(product)
    services.producer_update(producer=producer, commune=world.other_commune, by=world.province_admin)
    product.refresh_from_db()
    code.refresh_from_db()
    assert product.commune == world.other_commune and product.path == world.other_commune.path
    assert code.commune_id == world.other_commune.pk and code.path == world.other_commune.path
    # The secretary of Phủ Lý cannot move a producer into the outsider's ward.
    mine = ProducerFactory(commune=world.commune)
    e = _error(services.producer_update, producer=mine, commune=world.other_commune, by=world.secretary)
    assert e.code == "not_allowed"


def test_renaming_a_producer_updates_its_products_search(world):
    producer = ProducerFactory(commune=world.commune, name="HTX Một")
    product = ProductFactory(producer=producer, name="Gạo")
    services.producer_update(producer=producer, name="Hợp tác xã Đồng Xanh", by=world.secretary)
    product.refresh_from_db()
    assert "dong xanh" in product.search_text


# --- products -------------------------------------------------------------------------------------

def test_product_name_rules(world):
    producer = ProducerFactory(commune=world.commune)
    e = _error(services.product_create, name="Cơm cháy " * 40, producer=producer)
    assert e.code == "name_too_long" and "200" in e.message and "359" in e.message  # trailing space dropped
    assert _error(services.product_create, name="   ", producer=producer).code == "name_required"
    services.product_create(name="Cơm cháy", producer=producer)
    assert _error(services.product_create, name="cơm  cháy", producer=producer).code == "product_exists"


def test_ocop_rating_rules(world):
    producer = ProducerFactory(commune=world.commune)
    make = lambda **kw: services.product_create(name=f"P{Product.objects.count()}", producer=producer, **kw)  # noqa: E731
    this_year = timezone.localdate().year
    assert make(category="ocop", ocop_stars=5, ocop_year=2018).ocop_stars == 5
    assert make(category="ocop", ocop_stars=3, ocop_year=this_year).ocop_year == this_year
    assert make(category="ocop").ocop_stars is None  # an OCOP product waiting for its rating
    assert _error(make, category="ocop", ocop_stars=2).code == "stars_invalid"
    assert _error(make, category="ocop", ocop_stars=6).code == "stars_invalid"
    assert _error(make, category="farm", ocop_stars=4).code == "stars_not_ocop"
    assert _error(make, category="farm", ocop_year=2020).code == "year_not_ocop"
    assert _error(make, category="ocop", ocop_stars=4, ocop_year=2017).code == "year_invalid"
    assert _error(make, category="ocop", ocop_stars=4, ocop_year=this_year + 1).code == "year_invalid"
    assert _error(make, category="ocop", ocop_year=2020).code == "stars_required"
    assert _error(make, category="vegetable").code == "category_invalid"


def test_price_rules(world):
    producer = ProducerFactory(commune=world.commune)
    assert services.product_create(name="Free", producer=producer, price_vnd=0).price_vnd == 0
    assert _error(services.product_create, name="Neg", producer=producer, price_vnd=-1).code == "price_negative"
    assert _error(services.product_create, name="Big", producer=producer,
                  price_vnd=services.PRICE_MAX + 1).code == "price_too_large"


def test_product_with_a_new_producer_is_made_at_once_or_not_at_all(world):
    product = services.product_create(name="Miến lươn", new_producer_name="Hộ bà Lan", new_producer_kind="household",
                                      new_producer_commune=world.commune, category="farm", by=world.team_leader)
    assert product.producer.name == "Hộ bà Lan" and product.producer.kind == "household"
    assert product.commune == world.commune and product.path == world.commune.path
    # The product is refused: the new producer is not left behind.
    with pytest.raises(DomainError):
        services.product_create(name="x" * 201, new_producer_name="Hộ ông Ba", new_producer_commune=world.commune)
    assert not Producer.objects.filter(name="Hộ ông Ba").exists()
    assert _error(services.product_create, name="Y", new_producer_name="Hộ ông Tư").code == "new_producer_commune"
    assert _error(services.product_create, name="Y").code == "producer_required"


def test_changing_a_products_producer_to_another_commune_moves_its_code(world):
    here = ProducerFactory(commune=world.commune)
    there = ProducerFactory(commune=world.other_commune)
    product = ProductFactory(producer=here)
    code = code_for(product)
    services.product_update(product=product, producer=there, by=world.province_admin)
    code.refresh_from_db()
    assert product.commune == world.other_commune and code.path == world.other_commune.path
    # A secretary cannot hand a product to another ward's producer.
    mine = ProductFactory(producer=ProducerFactory(commune=world.commune))
    assert _error(services.product_update, product=mine, producer=there, by=world.secretary).code == "not_allowed"


def test_publishing_a_product_publishes_its_producer(world):
    product = ProductFactory(producer=ProducerFactory(commune=world.commune))
    services.product_publish(product=product, by=world.team_leader)
    product.refresh_from_db()
    assert product.status == "published" and product.producer.status == "published"
    assert _error(services.product_publish, product=product, by=world.volunteer).code == "not_allowed"


def test_unpublishing_a_producer_takes_its_products_down(world):
    producer = ProducerFactory(commune=world.commune, status="published")
    a = ProductFactory(producer=producer, status="published")
    b = ProductFactory(producer=producer, status="draft")
    assert services.producer_unpublish(producer=producer, by=world.secretary) == 1
    a.refresh_from_db()
    b.refresh_from_db()
    assert (producer.status, a.status, b.status) == ("draft", "draft", "draft")


def test_a_published_product_cannot_move_to_a_draft_producer(world):
    product = ProductFactory(producer=ProducerFactory(commune=world.commune, status="published"), status="published")
    draft = ProducerFactory(commune=world.commune)
    e = _error(services.product_update, product=product, producer=draft, by=world.secretary)
    assert e.code == "producer_not_published"


def test_every_public_change_clears_the_page_cache(world, django_capture_on_commit_callbacks):
    producer = ProducerFactory(commune=world.commune)
    product = ProductFactory(producer=producer)
    calls = [
        lambda: services.producer_update(producer=producer, address="Thôn Đông"),
        lambda: services.product_update(product=product, season="Quanh năm"),
        lambda: services.product_publish(product=product),
        lambda: services.link_add(product=product, kind="shopee", url="https://shopee.vn/x"),
        lambda: services.link_remove(link=product.links.get()),
        lambda: services.photo_add(product=product, photos=[photo_upload()]),
        lambda: services.photo_update(photo=product.photos.get(), caption="Hộp quà"),
        lambda: services.photo_delete(photo=product.photos.get()),
        lambda: services.product_unpublish(product=product),
        lambda: services.producer_unpublish(producer=producer),
    ]
    for call in calls:
        cache.set(GENERATION_KEY, 1, timeout=None)
        with django_capture_on_commit_callbacks(execute=True):
            call()
        assert cache.get(GENERATION_KEY) != 1, call


# --- photos and links -----------------------------------------------------------------------------

def test_photos_are_resized_and_ordered(world):
    product = ProductFactory(producer=ProducerFactory(commune=world.commune))
    a, b = services.photo_add(product=product, photos=[photo_upload("a.jpg", size=(3000, 2000)),
                                                       photo_upload("b.png", fmt="PNG", size=(800, 600))])
    assert (a.width, a.height) == (1280, 853) and a.position < b.position
    assert a.small.url.endswith(".jpg") and "480w" in a.srcset
    services.photo_move(photo=b, up=True)
    assert list(product.photos.order_by("position").values_list("pk", flat=True)) == [b.pk, a.pk]
    services.photo_update(photo=a, caption="Hộp quà Tết")
    assert product.photos.get(pk=a.pk).caption == "Hộp quà Tết"
    assert _error(services.photo_update, photo=a, caption="x" * 201).code == "caption_too_long"


def test_bad_photo_uploads_are_refused_clearly(world, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    product = ProductFactory(producer=ProducerFactory(commune=world.commune))
    not_image = SimpleUploadedFile("bang-gia.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    e = _error(services.photo_add, product=product, photos=[photo_upload(), not_image])
    assert e.code == "photo_not_image" and "bang-gia.jpg" in e.message
    big = SimpleUploadedFile("huge.jpg", b"\xff" * (30 * 1024 * 1024), content_type="image/jpeg")
    e = _error(services.photo_add, product=product, photos=[big])
    assert e.code == "photo_too_large" and "30 MB" in e.message and "12 MB" in e.message
    assert product.photos.count() == 0  # the good photo sent with the bad one was not kept


def test_links_only_http_and_https(world):
    product = ProductFactory(producer=ProducerFactory(commune=world.commune))
    link = services.link_add(product=product, kind="shopee", url="shopee.vn/com-chay-phu-ly")
    assert link.url == "https://shopee.vn/com-chay-phu-ly"
    for bad in ("javascript:alert(1)", "ftp://files.example.com/x", "data:text/html,hi", "http://", "not a url"):
        assert _error(services.link_add, product=product, kind="website", url=bad).code == "url_invalid", bad
    assert _error(services.link_add, product=product, kind="shopee",
                  url="https://shopee.vn/com-chay-phu-ly").code == "link_exists"
    assert _error(services.link_add, product=product, kind="amazon", url="https://a.vn").code == "link_kind_invalid"
    assert _error(services.link_add, product=product, kind="website", url="https://b.vn",
                  by=world.outsider).code == "not_allowed"


import pytest

from tests.factories import ProducerFactory, ProductFactory


@pytest.fixture
def shop(world):
    """A published cooperative in Phủ Lý with a published OCOP product, and a draft one; a producer
    of the outsider's ward with a published product."""

    class Shop:
        pass

    s = Shop()
    s.world = world
    s.producer = ProducerFactory(name="Hợp tác xã Nông nghiệp Phủ Lý", commune=world.commune,
                                 phone="0912345678", status="published")
    s.product = ProductFactory(name="Cơm cháy chà bông", producer=s.producer, ocop_stars=4, ocop_year=2023,
                               price_vnd=1250000, price_unit="hộp", status="published",
                               description="Giòn, thơm.\nĐóng hộp 500 g.")
    s.draft = ProductFactory(name="Miến lươn khô", producer=s.producer, ocop_stars=None, ocop_year=None,
                             category="farm", price_vnd=None, status="draft")
    s.other_producer = ProducerFactory(name="Hộ kinh doanh Kim Lũ", kind="household", commune=world.other_commune,
                                       status="published")
    s.other = ProductFactory(name="Mật ong Kim Lũ", producer=s.other_producer, ocop_stars=3, ocop_year=2022,
                             price_vnd=250000, price_unit="chai", status="published")
    return s

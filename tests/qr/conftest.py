import pytest

from tienphong.places.models import Place

BASE = "https://tienphong.example.vn"


@pytest.fixture(autouse=True)
def _public_base(settings):
    settings.PUBLIC_BASE_URL = BASE


@pytest.fixture
def relic(world):
    return Place.objects.create(name="Đền thờ Trương Hán Siêu", kind="relic", commune=world.commune,
                                status="published", address="Phường Phủ Lý")


@pytest.fixture
def draft(world):
    return Place.objects.create(name="Nhà văn hóa Tổ dân phố 2", kind="culture_house", commune=world.commune)


@pytest.fixture
def other_relic(world):
    """A published relic in the outsider's ward."""
    return Place.objects.create(name="Đình Kim Lũ", kind="relic", commune=world.other_commune, status="published")

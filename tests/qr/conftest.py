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


REDIS_URL = "redis://127.0.0.1:6379/6"


@pytest.fixture
def redis_cache(settings):
    """The default cache in Redis, as in production (scans counted there: tienphong/qr/pending.py),
    under a key prefix of this test's own; its keys are deleted after. Skipped where no Redis answers
    (.ci/run starts one when redis-server is installed)."""
    import uuid

    import redis

    from tienphong.core.pagecache import forget_local

    raw = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5)
    try:
        raw.ping()
    except redis.RedisError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    prefix = f"tp-test-{uuid.uuid4().hex[:12]}"
    before = settings.CACHES
    settings.CACHES = {"default": {"BACKEND": "tienphong.core.cache.RedisCache", "LOCATION": REDIS_URL,
                                   "KEY_PREFIX": prefix}}
    forget_local()
    yield raw, prefix
    for key in raw.scan_iter(f"{prefix}:*"):
        raw.delete(key)
    raw.close()
    # Back to the per-process cache before the common fixture clears it (a Redis clear empties the db).
    settings.CACHES = before
    forget_local()

import pytest

from .personas import build_field_world, build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def fworld(db):
    """The personas with a team in Phủ Lý (leader and volunteer as members) and a place in each ward."""
    return build_field_world()


@pytest.fixture
def client_for(client):
    """client_for(user) → a test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def _fresh_cache_and_media(settings, tmp_path):
    """Public pages are cached whole and uploads land in MEDIA_ROOT (pending imports in the private
    storage): none of it may leak between tests (SQLite reuses ids after a rollback, so a cached page
    could show another test's place), nor into var/ of the working copy."""
    from django.core.cache import cache

    from tienphong.core.pagecache import forget_local

    cache.clear()
    forget_local()
    settings.MEDIA_ROOT = str(tmp_path / "media")
    private = settings.STORAGES["private"]
    settings.STORAGES = {**settings.STORAGES, "private": {
        **private, "OPTIONS": {**private.get("OPTIONS", {}), "location": str(tmp_path / "private")}}}
    yield
    cache.clear()
    forget_local()


@pytest.fixture(autouse=True)
def _vietnamese_first():
    """Each test starts in the platform's default language. A request with the English cookie leaves
    English active in the thread it ran in (the test client runs requests in the test's own thread), and
    code called directly afterwards (an exporter, a PDF) would speak English in whatever test ran next on
    that worker."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()

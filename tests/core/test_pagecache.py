"""The public-page cache: one render per generation, a per-process copy, and how edits reach it."""

from django.core.cache import cache
from django.http import HttpResponse

from tienphong.core import pagecache


def _page(texts):
    def render():
        texts.append(f"v{len(texts) + 1}")
        return HttpResponse(texts[-1])
    return render


def test_rendered_once_until_public_content_changes(db, django_capture_on_commit_callbacks):
    texts = []
    assert pagecache.cached_page("p", _page(texts)).content == b"v1"
    assert pagecache.cached_page("p", _page(texts)).content == b"v1"
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.public_content_changed()
    assert pagecache.cached_page("p", _page(texts)).content == b"v2"
    assert texts == ["v1", "v2"]


def test_an_edit_in_another_process_shows_here_after_the_recheck(settings):
    """Another server process bumps the shared generation; this one keeps its copy until it next
    asks the shared cache (PUBLIC_PAGE_RECHECK seconds), then renders anew."""
    settings.PUBLIC_PAGE_RECHECK = 3600
    texts = []
    assert pagecache.cached_page("p", _page(texts)).content == b"v1"
    cache.incr(pagecache.GENERATION_KEY)  # what public_content_changed does in the other process
    assert pagecache.cached_page("p", _page(texts)).content == b"v1"
    settings.PUBLIC_PAGE_RECHECK = 0
    assert pagecache.cached_page("p", _page(texts)).content == b"v2"


def test_the_shared_copy_serves_a_process_that_has_none(settings):
    settings.PUBLIC_PAGE_RECHECK = 0
    texts = []
    pagecache.cached_page("p", _page(texts))
    pagecache.forget_local()  # a fresh process
    assert pagecache.cached_page("p", _page(texts)).content == b"v1"
    assert texts == ["v1"]


def test_errors_are_not_kept_and_none_values_are():
    calls = []

    def missing():
        calls.append(1)
        return HttpResponse("gone", status=404)

    assert pagecache.cached_page("gone", missing).status_code == 404
    assert pagecache.cached_page("gone", missing).status_code == 404
    assert len(calls) == 2
    looked = []
    assert pagecache.cached_value("scan:X", lambda: looked.append(1)) is None
    assert pagecache.cached_value("scan:X", lambda: looked.append(1)) is None
    assert looked == [1]


def test_public_pages_may_be_kept_by_browsers_a_few_minutes():
    response = pagecache.cached_page("p", lambda: HttpResponse("x"))
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]


def test_redis_backend_keeps_one_client_per_pool():
    """CACHE_URL=redis://… selects core.cache.RedisCache; skipped where no Redis answers."""
    import socket

    import pytest

    from tienphong.core.cache import RedisCache

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    backend = RedisCache("redis://127.0.0.1:6379/5", {"KEY_PREFIX": "tienphong-test"})
    backend.set("k", {"a": 1})
    assert backend.get("k") == {"a": 1}
    client = backend._cache.get_client()
    assert backend._cache.get_client() is client and backend._cache.get_client(write=True) is client
    backend.delete("k")

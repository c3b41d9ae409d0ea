"""Public pages (places, products) rendered once and served from the cache to every visitor.

A scan at a relic gate brings bursts of visitors to one page; rendering it once per edit instead
of once per visitor is what keeps `/q/<code>` fast on a small server. Every key carries a
generation number, and any change to public content bumps it, so one edit clears every public
page at once (a place's page also lists its neighbours, a producer's page its products).

Two levels: the shared cache (CACHE_URL: Redis when several server processes run; the default
per-process cache is right for `make run`'s single process), and in front of it a small copy in
each process's memory, so a popular page costs no network round trip at all. A process asks the
shared cache for the generation at most once every PUBLIC_PAGE_RECHECK seconds (default 1), so an
edit made through another process shows there within that second; the process that made the edit
drops its copies at once.
"""

import threading
import time
from collections import OrderedDict
from typing import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

GENERATION_KEY = "public:generation"
LOCAL_PAGES = 500  # ~10 KB each: a few MB per process at most


class _Local:
    """This process's copies: the generation it last saw, when, and pages of that generation."""

    def __init__(self):
        self.lock = threading.Lock()
        self.forget()

    def forget(self):
        self.generation = None
        self.checked = float("-inf")
        self.pages: OrderedDict[str, object] = OrderedDict()


_local = _Local()


def _fresh() -> int:
    # A lost counter (evicted, cache restarted) restarts from the clock: never a number used before.
    return int(time.time() * 1000)


def _shared_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # add() so that two processes starting at once agree on one number.
        cache.add(GENERATION_KEY, _fresh(), timeout=None)
        generation = cache.get(GENERATION_KEY) or _fresh()
    return generation


def _generation() -> int:
    now = time.monotonic()
    recheck = getattr(settings, "PUBLIC_PAGE_RECHECK", 1.0)
    if now - _local.checked >= recheck:
        generation = _shared_generation()
        with _local.lock:
            if generation != _local.generation:
                _local.pages.clear()
                _local.generation = generation
            _local.checked = now
    return _local.generation


def _remember(key: str, stored) -> None:
    with _local.lock:
        _local.pages[key] = stored
        _local.pages.move_to_end(key)
        while len(_local.pages) > LOCAL_PAGES:
            _local.pages.popitem(last=False)


def _lookup(full_key: str):
    stored = _local.pages.get(full_key)
    if stored is None:
        stored = cache.get(full_key)
        if stored is not None:
            _remember(full_key, stored)
    return stored


_NOTHING = ("nothing",)  # what a cached None is stored as (the cache's own None means a miss)


def cached_value(key: str, compute: Callable[[], object]):
    """`compute()`'s (picklable) result, reused until public content changes, like the pages:
    what a scan needs to know about its code, for instance."""
    full_key = f"public:{_generation()}:{key}"
    stored = _lookup(full_key)
    if stored is None:
        value = compute()
        stored = _NOTHING if value is None else value
        cache.set(full_key, stored, settings.PUBLIC_PAGE_SECONDS)
        _remember(full_key, stored)
    return None if stored == _NOTHING else stored


def cached_page(key: str, render: Callable[[], HttpResponse]) -> HttpResponse:
    """The response `render()` gives, reused until public content changes. Only 200s are kept."""
    full_key = f"public:{_generation()}:{key}"
    stored = _lookup(full_key)
    if stored is not None:
        content, content_type = stored
        response = HttpResponse(content, content_type=content_type)
    else:
        response = render()
        if response.status_code == 200 and not response.streaming:
            stored = (response.content, response["Content-Type"])
            cache.set(full_key, stored, settings.PUBLIC_PAGE_SECONDS)
            _remember(full_key, stored)
    # Phones and Zalo's browser may keep it a few minutes; a visitor who reloads gets the new text soon.
    patch_cache_control(response, public=True, max_age=300)
    return response


def forget_local() -> None:
    """Drop this process's copies (the next request asks the shared cache again)."""
    with _local.lock:
        _local.forget()


def public_content_changed() -> None:
    """Call from any service that changes what a public page shows (after the transaction commits)."""

    def bump():
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # not set yet, or evicted
            cache.set(GENERATION_KEY, _fresh(), timeout=None)
        forget_local()

    transaction.on_commit(bump)

"""Public pages (places, products) rendered once and served from the cache to every visitor.

A scan at a relic gate brings bursts of visitors to one page; rendering it once per edit instead
of once per visitor is what keeps `/q/<code>` fast on a small server. Every key carries a
generation number, and any change to public content bumps it, so one edit clears every public
page at once (a place's page also lists its neighbours, a producer's page its products).

With several server processes, CACHE_URL must point at a shared cache (Redis); the per-process
default is right for `make run`'s single process.
"""

import time
from typing import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

GENERATION_KEY = "public:generation"


def _fresh() -> int:
    # A lost counter (evicted, cache restarted) restarts from the clock: never a number used before.
    return int(time.time() * 1000)


def _generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # add() so that two processes starting at once agree on one number.
        cache.add(GENERATION_KEY, _fresh(), timeout=None)
        generation = cache.get(GENERATION_KEY) or _fresh()
    return generation


def cached_page(key: str, render: Callable[[], HttpResponse]) -> HttpResponse:
    """The response `render()` gives, reused until public content changes. Only 200s are kept."""
    full_key = f"public:{_generation()}:{key}"
    stored = cache.get(full_key)
    if stored is not None:
        content, content_type = stored
        response = HttpResponse(content, content_type=content_type)
    else:
        response = render()
        if response.status_code == 200 and not response.streaming:
            cache.set(full_key, (response.content, response["Content-Type"]), settings.PUBLIC_PAGE_SECONDS)
    # Phones and Zalo's browser may keep it a few minutes; a visitor who reloads gets the new text soon.
    patch_cache_control(response, public=True, max_age=300)
    return response


def public_content_changed() -> None:
    """Call from any service that changes what a public page shows (after the transaction commits)."""

    def bump():
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # not set yet, or evicted
            cache.set(GENERATION_KEY, _fresh(), timeout=None)

    transaction.on_commit(bump)

"""Who is asking (the client's address) and how often: small limits kept in the shared cache.

- `client_ip(request)`: the client's address, the one rule used everywhere (login lockouts through
  django-axes' AXES_CLIENT_IP_CALLABLE, public sign-ups, QR scans).
- `hit(...)` / `undo(...)`: a counter per client and purpose in a fixed time window (`cache.add`
  then `cache.incr`: both atomic in Redis and in the per-process cache, so concurrent requests
  never pass more than the limit).
- `first_in_window(...)`: true once per client and purpose in a window (`cache.add` alone);
  `window_mark(...)` is its key, for a Redis script that sets the mark and counts in one call.

No address is ever stored: a cache key is a keyed hash (HMAC with the SECRET_KEY) of the address,
what is limited and the window, and the cached value is a number. The key lives in the cache only,
until its window ends. Without the SECRET_KEY the key cannot be traced back to an address, and a
new window gives the same client a new, unrelated key.

With several server processes the cache must be shared (CACHE_URL=redis://…), as for public pages.
"""

import ipaddress
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

_SALT = "tienphong.core.ratelimit"


def _address(value: str):
    try:
        return ipaddress.ip_address((value or "").strip())
    except ValueError:
        return None


def client_ip(request) -> str:
    """The client's address.

    REMOTE_ADDR, unless settings.PROXY_COUNT says how many reverse proxies stand in front of the
    app: then the address the outermost proxy saw, read from X-Forwarded-For counted from the
    right (each proxy appends whom it heard from; whatever stands further left was written by the
    client and can be forged). An IPv6 address is cut to its /64 network, which one home or one
    phone gets whole: rotating addresses inside it is no new client. An IPv4 address written as
    IPv6 (::ffff:1.2.3.4) is the IPv4 address.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    address = _address(remote)
    proxies = getattr(settings, "PROXY_COUNT", 0)
    if proxies > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if hops:
            hop = _address(hops[-proxies] if len(hops) >= proxies else hops[0])
            address = hop or address
    if address is None:
        return remote or "0.0.0.0"
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def _key(purpose: str, parts, window_start: int) -> str:
    text = "|".join([purpose, *(str(p) for p in parts), str(window_start)])
    return f"rl:{purpose}:{salted_hmac(_SALT, text, algorithm='sha256').hexdigest()}"


def _window(seconds: int, now: float | None) -> tuple[int, int]:
    """(start of the current window, seconds until it ends); windows are aligned on the clock."""
    now = time.time() if now is None else now
    start = int(now // seconds) * seconds
    return start, max(1, int(start + seconds - now + 0.999))


@dataclass(frozen=True)
class Hit:
    allowed: bool
    count: int
    retry_after: int  # seconds until the window ends
    key: str


def hit(purpose: str, *parts, limit: int, window: int, now: float | None = None) -> Hit:
    """Count one more for (purpose, parts) in this window; allowed while the count is ≤ limit."""
    start, left = _window(window, now)
    key = _key(purpose, parts, start)
    timeout = left + 1
    if cache.add(key, 1, timeout=timeout):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # the window ended between add and incr
            count = 1 if cache.add(key, 1, timeout=timeout) else cache.incr(key)
    return Hit(allowed=count <= limit, count=count, retry_after=left, key=key)


def undo(*hits: Hit) -> None:
    """Give back what `hit` counted (nothing was done after all)."""
    for h in hits:
        try:
            cache.decr(h.key)
        except ValueError:  # expired meanwhile: nothing to give back
            pass


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # when refused: seconds until the refusing window ends
    hits: tuple[Hit, ...]


def hit_all(limits, *, now: float | None = None) -> Verdict:
    """Several limits at once, each (purpose, parts, limit, window): allowed only if every one is.

    When one refuses, none of them keeps the count, so the counters hold only what was let through
    (`undo(*verdict.hits)` gives the count back when the request ends up doing nothing)."""
    hits = tuple(hit(purpose, *parts, limit=limit, window=window, now=now) for purpose, parts, limit, window in limits)
    refused = [h for h in hits if not h.allowed]
    if refused:
        undo(*hits)
        return Verdict(False, max(h.retry_after for h in refused), hits)
    return Verdict(True, 0, hits)


def window_mark(purpose: str, *parts, window: int, now: float | None = None) -> tuple[str, int]:
    """(cache key, seconds to keep it) of the once-per-window mark of (purpose, parts): what
    `first_in_window` adds, for a caller that sets it itself in a script (qr/pending.py)."""
    start, left = _window(window, now)
    return _key(purpose, parts, start), left + 1


def first_in_window(purpose: str, *parts, window: int, now: float | None = None) -> bool:
    """True for the first call with (purpose, parts) in this window, False for the others."""
    key, timeout = window_mark(purpose, *parts, window=window, now=now)
    return cache.add(key, 1, timeout=timeout)

"""A scan counts once per client and code in QR_SCAN_ONCE_SECONDS (10 minutes), and nobody's address
is kept: the cache holds a keyed hash of (address, code, window) and a number, until the window ends.
Every scan is still redirected."""

import pytest
from django.conf import settings as live_settings
from django.core.cache import caches

from tienphong.core import ratelimit
from tienphong.qr import services
from tienphong.qr.models import ScanDay
from tienphong.rollups.models import Fact, Level

pytestmark = pytest.mark.django_db

CLIENTS = ["203.0.113.31", "198.51.100.32", "2001:db8:5:6:1:2:3:4"]


def scans():
    row = ScanDay.objects.first()
    return row.count if row else 0


def scan(client, code, address=CLIENTS[0], **extra):
    return client.get(f"/q/{code.code}", REMOTE_ADDR=address, **extra)


def test_the_window_is_ten_minutes():
    assert live_settings.QR_SCAN_ONCE_SECONDS == 600


def test_a_hundred_scans_from_one_client_count_once(client, relic):
    code = services.code_for(relic)
    responses = [scan(client, code) for _ in range(100)]
    assert {r.status_code for r in responses} == {302}
    assert {r["Location"] for r in responses} == {relic.get_public_url()}
    assert scans() == 1
    assert Fact.objects.get(indicator="qr_scans", dim="", level=Level.UNIT, grain=Fact.Grain.DAY).value == 1


def test_three_clients_count_three(client, relic):
    code = services.code_for(relic)
    for address in CLIENTS:
        for _ in range(5):
            assert scan(client, code, address).status_code == 302
    assert scans() == 3


def test_one_client_counts_once_per_code(client, relic, other_relic):
    first, second = services.code_for(relic), services.code_for(other_relic)
    for _ in range(3):
        scan(client, first)
        scan(client, second)
    assert dict(ScanDay.objects.values_list("shortcode", "count")) == {first.pk: 1, second.pk: 1}


def test_an_ipv6_phone_moving_inside_its_network_is_one_client(client, relic):
    code = services.code_for(relic)
    scan(client, code, "2001:db8:5:6::1")
    scan(client, code, "2001:db8:5:6:ffff::9")
    assert scans() == 1
    scan(client, code, "2001:db8:5:7::1")
    assert scans() == 2


def test_after_the_window_the_client_counts_again(client, relic, monkeypatch):
    code = services.code_for(relic)
    scan(client, code)
    scan(client, code)
    later = ratelimit.time.time() + 600
    monkeypatch.setattr(ratelimit.time, "time", lambda: later)
    scan(client, code)
    scan(client, code)
    assert scans() == 2


def test_zero_seconds_counts_every_scan(client, relic, settings):
    settings.QR_SCAN_ONCE_SECONDS = 0
    code = services.code_for(relic)
    for _ in range(4):
        scan(client, code)
    assert scans() == 4


def test_behind_a_proxy_clients_are_told_apart_by_the_forwarded_address(client, relic, settings):
    settings.PROXY_COUNT = 1
    code = services.code_for(relic)
    proxy = "192.0.2.10"
    for address in CLIENTS:
        for forged in ("1.1.1.1", "8.8.8.8"):  # what a client writes itself does not make it new
            scan(client, code, proxy, HTTP_X_FORWARDED_FOR=f"{forged}, {address}")
    assert scans() == 3


def test_the_cache_keeps_no_address(client, relic):
    code = services.code_for(relic)
    for address in CLIENTS:
        scan(client, code, address)
    store = caches["default"]
    keys = [k for k in store._cache if ":rl:scan:" in k]
    assert len(keys) == 3
    for address in CLIENTS + ["2001:db8:5:6::"]:
        for key, value in store._cache.items():
            assert address not in key and address.encode() not in value
    # Keys are hashes of the window too: the same client gets an unrelated key in the next one.
    now = ratelimit.time.time()
    assert (ratelimit._key("scan", (CLIENTS[0], code.pk), int(now // 600) * 600)
            != ratelimit._key("scan", (CLIENTS[0], code.pk), int(now // 600) * 600 + 600))


def test_client_ip_rules(rf, settings):
    assert ratelimit.client_ip(rf.get("/", REMOTE_ADDR="203.0.113.9")) == "203.0.113.9"
    assert ratelimit.client_ip(rf.get("/", REMOTE_ADDR="::ffff:203.0.113.9")) == "203.0.113.9"
    assert ratelimit.client_ip(rf.get("/", REMOTE_ADDR="2001:db8:1:2:3:4:5:6")) == "2001:db8:1:2::"
    # Not behind a proxy: X-Forwarded-For is the client's own words, ignored.
    assert ratelimit.client_ip(rf.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="1.2.3.4")) == "203.0.113.9"
    settings.PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert ratelimit.client_ip(request) == "203.0.113.9"
    settings.PROXY_COUNT = 2
    assert ratelimit.client_ip(request) == "1.2.3.4"
    assert ratelimit.client_ip(rf.get("/", REMOTE_ADDR="192.0.2.1")) == "192.0.2.1"
    assert ratelimit.client_ip(rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="junk")) == "192.0.2.1"

"""Scans arriving together through a real server: not one count lost.

Twenty threads scan the same code at once through a live server (its own threads, each with its
own database connection); the day row and the dashboards' totals must all say exactly 20. They are
twenty visitors (behind a proxy, each its own X-Forwarded-For address): one visitor's scans of a code
count once in QR_SCAN_ONCE_SECONDS, so the same twenty scanning again, all at once, add nothing.

The server is a real one on either database (tests/live.py says how on SQLite).
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.utils import timezone

from tienphong.places.models import Place
from tienphong.qr import services
from tienphong.qr.models import ScanDay
from tienphong.rollups.models import Fact, Level

from ..live import concurrent_server_url
from ..personas import build_world
from ..rollups import assert_rebuild_matches

SCANS = 20


@pytest.fixture
def scan_world(transactional_db):
    world = build_world()
    world.relic = Place.objects.create(name="Núi Non Nước", kind="relic", commune=world.commune, status="published")
    world.code = services.code_for(world.relic)
    return world


@pytest.fixture
def server_url(scan_world, request, tmp_path):
    yield from concurrent_server_url(request, tmp_path)


def _twenty_visitors(url):
    """scan(i) → visitor i's scan of `url`, sent together with the other nineteen's (a barrier)."""
    start = threading.Barrier(SCANS)

    def scan(i):
        with requests.Session() as session:
            start.wait()  # all twenty at once
            return session.get(url, allow_redirects=False, timeout=60,
                               headers={"X-Forwarded-For": f"203.0.113.{i + 1}"})

    return scan


def _assert_counted_twenty(world):
    """The day row, and the dashboards' cells of the commune and the province by day and month, say 20."""
    assert ScanDay.objects.get(shortcode=world.code, day=timezone.localdate()).count == SCANS
    for unit, level in ((world.commune, Level.UNIT), (world.province, Level.PROVINCE)):
        for grain in (Fact.Grain.DAY, Fact.Grain.MONTH):
            cells = Fact.objects.filter(indicator="qr_scans", unit=unit, level=level, grain=grain)
            assert cells.get(dim="").value == SCANS
            assert cells.get(dim="target", key="place").value == SCANS
    assert_rebuild_matches()


def test_twenty_simultaneous_scans_count_twenty(scan_world, server_url, settings):
    world = scan_world
    settings.PROXY_COUNT = 1  # the live server runs in this process: it reads these settings
    scan = _twenty_visitors(f"{server_url}/Q/{world.code.code}")

    with ThreadPoolExecutor(max_workers=SCANS) as pool:
        responses = list(pool.map(scan, range(SCANS)))
        assert ScanDay.objects.get(shortcode=world.code, day=timezone.localdate()).count == SCANS
        responses += list(pool.map(scan, range(SCANS)))  # the same visitors again: redirected, not counted
    assert [r.status_code for r in responses] == [302] * SCANS * 2
    assert {r.headers["Location"] for r in responses} == {world.relic.get_public_url()}
    assert not any("Set-Cookie" in r.headers for r in responses)
    _assert_counted_twenty(world)


def test_twenty_simultaneous_scans_counted_in_redis_count_twenty(scan_world, server_url, settings, redis_cache):
    """The same through Redis (tienphong/qr/pending.py): the server's threads send the counts, read the
    replies after answering, and one of them flushes; the rest reach the database with the next flush."""
    from tienphong.qr import pending

    world = scan_world
    settings.PROXY_COUNT = 1
    scan = _twenty_visitors(f"{server_url}/Q/{world.code.code}")

    with ThreadPoolExecutor(max_workers=SCANS) as pool:
        responses = list(pool.map(scan, range(SCANS)))
        responses += list(pool.map(scan, range(SCANS)))  # the same visitors again: not counted
    assert [r.status_code for r in responses] == [302] * SCANS * 2
    # Before the next flush: what the database holds and what waits in Redis make twenty.
    in_db = sum(ScanDay.objects.filter(shortcode=world.code).values_list("count", flat=True))
    assert in_db + sum(pending.waiting().values()) == SCANS
    services.flush_scans()
    assert pending.waiting() == {}
    _assert_counted_twenty(world)

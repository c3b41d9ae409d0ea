"""Scans arriving together through a real server: not one count lost.

Twenty threads scan the same code at once through a live server (its own threads, each with its
own database connection); the day row and the dashboards' totals must all say exactly 20. They are
twenty visitors (behind a proxy, each its own X-Forwarded-For address): one visitor's scans of a code
count once in QR_SCAN_ONCE_SECONDS, so the same twenty scanning again, all at once, add nothing.

On PostgreSQL that is pytest-django's `live_server` over the test database. On SQLite the test
database lives in memory and `live_server` hands its threads that one connection, shared: the
requests then run one transaction inside another's and break the connection's bookkeeping, which
says nothing about production. There the scans go to a live server over a copy of the test
database in a file, one connection per thread with the settings' WAL and IMMEDIATE transactions,
as a SQLite deployment runs; the test then reads that file.
"""

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest
import requests
from django.core.servers.basehttp import ThreadedWSGIServer
from django.core.wsgi import get_wsgi_application
from django.db import connection, connections
from django.test.testcases import QuietWSGIRequestHandler
from django.utils import timezone

from tienphong.places.models import Place
from tienphong.qr import services
from tienphong.qr.models import ScanDay
from tienphong.rollups.models import Fact, Level

from ..personas import build_world
from ..rollups import assert_rebuild_matches

SCANS = 20


class _OwnConnectionServer(ThreadedWSGIServer):
    """Each request thread opens its own connection to `settings_dict`'s database (and closes it)."""

    def __init__(self, *args, wrapper, settings_dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.wrapper, self.settings_dict = wrapper, settings_dict

    def process_request_thread(self, request, client_address):
        connections["default"] = self.wrapper(dict(self.settings_dict), alias="default")
        super().process_request_thread(request, client_address)


@contextmanager
def _sqlite_file_server(tmp_path):
    """Serve a file copy of the in-memory test database; inside the block, this thread's ORM reads
    that file too."""
    path = tmp_path / "scans.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.execute("PRAGMA journal_mode=WAL")
    target.close()
    settings_dict = {**connection.settings_dict, "NAME": str(path), "TEST": {}}
    wrapper = type(connections["default"])
    server = _OwnConnectionServer(("127.0.0.1", 0), QuietWSGIRequestHandler, wrapper=wrapper,
                                  settings_dict=settings_dict)
    server.set_app(get_wsgi_application())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    in_memory = connections["default"]
    on_file = wrapper(dict(settings_dict), alias="default")
    connections["default"] = on_file
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
        on_file.close()
        connections["default"] = in_memory


@pytest.fixture
def scan_world(transactional_db):
    world = build_world()
    world.relic = Place.objects.create(name="Núi Non Nước", kind="relic", commune=world.commune, status="published")
    world.code = services.code_for(world.relic)
    return world


@pytest.fixture
def server_url(scan_world, request, tmp_path):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        with _sqlite_file_server(tmp_path) as url:
            yield url
    else:
        yield request.getfixturevalue("live_server").url


def test_twenty_simultaneous_scans_count_twenty(scan_world, server_url, settings):
    world = scan_world
    settings.PROXY_COUNT = 1  # the live server runs in this process: it reads these settings
    url = f"{server_url}/Q/{world.code.code}"
    start = threading.Barrier(SCANS)

    def scan(i):
        with requests.Session() as session:
            start.wait()  # all twenty at once
            return session.get(url, allow_redirects=False, timeout=60,
                               headers={"X-Forwarded-For": f"203.0.113.{i + 1}"})

    with ThreadPoolExecutor(max_workers=SCANS) as pool:
        responses = list(pool.map(scan, range(SCANS)))
        assert ScanDay.objects.get(shortcode=world.code, day=timezone.localdate()).count == SCANS
        responses += list(pool.map(scan, range(SCANS)))  # the same visitors again: redirected, not counted
    assert [r.status_code for r in responses] == [302] * SCANS * 2
    assert {r.headers["Location"] for r in responses} == {world.relic.get_public_url()}
    assert not any("Set-Cookie" in r.headers for r in responses)
    assert ScanDay.objects.get(shortcode=world.code, day=timezone.localdate()).count == SCANS
    for unit, level in ((world.commune, Level.UNIT), (world.province, Level.PROVINCE)):
        for grain in (Fact.Grain.DAY, Fact.Grain.MONTH):
            cells = Fact.objects.filter(indicator="qr_scans", unit=unit, level=level, grain=grain)
            assert cells.get(dim="").value == SCANS
            assert cells.get(dim="target", key="place").value == SCANS
    assert_rebuild_matches()

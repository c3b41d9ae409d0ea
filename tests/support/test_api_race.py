"""Overlapping batches: the same entries sent at the same moment over several connections.

Whatever the timing, every entry is stored once and each answer says `created` (once per entry, in
whichever request won) or `duplicate`: never a 500. The live test runs through a real threaded server
(on PostgreSQL pytest-django's `live_server`; on SQLite a file copy of the test database served with
one connection per thread, as tests/live.py explains); the unit test replays the worst
timing deterministically.
"""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.test import Client

from tienphong.core.scope import Scope
from tienphong.rollups import services as rollups
from tienphong.support import services
from tienphong.support.models import SupportRecord

from ..live import concurrent_server_url
from ..personas import build_field_world
from ..rollups import assert_rebuild_matches

CSRF = "c" * 32  # a CSRF secret as Django sets it in the cookie; the header may carry it as it is


@pytest.fixture
def race_world(transactional_db):
    world = build_field_world()
    rollups.rebuild()  # the factories write no running totals: start from a recount
    return world


@pytest.fixture
def server_url(race_world, request, tmp_path):
    yield from concurrent_server_url(request, tmp_path)


def test_overlapping_batches_sent_at_once_store_each_entry_once(race_world, server_url):
    client = Client()
    client.force_login(race_world.volunteer)  # the session row is written where the server reads
    cookies = {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF}
    rounds, senders = 4, 4
    start = threading.Barrier(senders)

    def send(batch):
        with requests.Session() as session:
            start.wait()
            return session.post(f"{server_url}/api/v1/support/sync", json={"entries": batch}, cookies=cookies,
                                headers={"X-CSRFToken": CSRF}, timeout=60)

    sent = set()
    with ThreadPoolExecutor(max_workers=senders) as pool:
        for _ in range(rounds):
            entries = [{"uuid": str(uuid.uuid4()), "services": ["vneid"], "people": 1 + i % 3} for i in range(12)]
            sent |= {e["uuid"] for e in entries}
            # Each pair of batches overlaps, in another order each time; one is an exact resend.
            batches = [entries[:8], entries[4:], entries[8:] + entries[:4], entries[:8][::-1]]
            responses = list(pool.map(send, batches))
            assert [r.status_code for r in responses] == [200] * senders, [r.text[:200] for r in responses]
            assert all(r.headers["Content-Type"].startswith("application/json") for r in responses)
            answers = [a for r in responses for a in r.json()["results"]]
            assert len(answers) == sum(len(b) for b in batches)
            for e in entries:
                mine = [a["status"] for a in answers if a["uuid"] == e["uuid"]]
                assert sorted(mine) == ["created"] + ["duplicate"] * (len(mine) - 1), mine
            ids = {a["uuid"]: set() for a in answers}
            for a in answers:
                ids[a["uuid"]].add(a["id"])
            assert all(len(v) == 1 for v in ids.values())  # every answer names the one stored row
    assert set(map(str, SupportRecord.objects.values_list("uuid", flat=True))) == sent
    assert SupportRecord.objects.count() == len(sent)
    assert_rebuild_matches()


def test_rows_stored_meanwhile_twice_over_are_answered_from_the_stored_rows(fworld, monkeypatch):
    """The worst timing, replayed: another request stores the same ids between this one's lookup and
    its insert, on the first pass and again on the second. Each entry is still answered."""
    rollups.rebuild()
    scope = Scope.for_user(fworld.volunteer)
    same, changed, new = (str(uuid.uuid4()) for _ in range(3))
    services.record_create(author=fworld.volunteer, scope=scope, data={"uuid": same, "services": ["vneid"], "people": 3})
    services.record_create(author=fworld.volunteer, scope=scope, data={"uuid": changed, "services": ["vneid"]})
    monkeypatch.setattr(services, "_known", lambda uuids: {})  # every lookup misses what is stored
    results = services.records_sync(author=fworld.volunteer, scope=scope, entries=[
        {"uuid": same, "services": ["vneid"], "people": 3},
        {"uuid": changed, "services": ["vneid"], "people": 7},
        {"uuid": new, "services": ["vneid"], "people": 2},
    ])
    assert [r.status for r in results] == ["duplicate", "conflict", "created"]
    assert results[1].record.people == 1
    assert SupportRecord.objects.count() == 3
    assert sorted(SupportRecord.objects.values_list("people", flat=True)) == [1, 2, 3]
    assert_rebuild_matches()

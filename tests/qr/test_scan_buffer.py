"""Scans counted in Redis and moved into the database in batches (tienphong/qr/pending.py): every scan
lands once in ScanDay and the dashboards' rollups, whatever runs at the same time and wherever a flush
stops; the rollups then equal a rebuild; Redis holds no visitor's address. Needs a Redis (skipped
without one)."""

import datetime as dt
import threading

import pytest
import redis
from django.core.management import call_command
from django.db import connection  # noqa: F401 (the skipif below)
from django.utils import timezone

from tienphong.core import ratelimit
from tienphong.places.models import Place
from tienphong.qr import pending, services
from tienphong.qr.models import ScanDay, ScanFlush
from tienphong.rollups.models import Fact, Level

from ..rollups import assert_rebuild_matches

pytestmark = pytest.mark.django_db

CLIENTS = ["203.0.113.31", "198.51.100.32", "2001:db8:5:6:1:2:3:4"]


def stored(code) -> int:
    return sum(ScanDay.objects.filter(shortcode=code).values_list("count", flat=True))


def cells(unit, level=Level.UNIT) -> dict:
    """(grain, dim, key) → scans held in the rollups for the unit."""
    out: dict = {}
    rows = Fact.objects.filter(indicator="qr_scans", unit=unit, level=level).exclude(value=0)
    for grain, dim, key, value in rows.values_list("grain", "dim", "key", "value"):
        out[(grain, dim, key)] = out.get((grain, dim, key), 0) + value
    return out


def assert_counted(world, code, n):
    assert stored(code) == n
    for unit, level in ((world.commune, Level.UNIT), (world.province, Level.PROVINCE)):
        assert cells(unit, level) == {(g, d, k): n for g in (Fact.Grain.DAY, Fact.Grain.MONTH)
                                      for d, k in (("", ""), ("target", "place"))}
    assert_rebuild_matches()


def scan(client, code, address=CLIENTS[0]):
    response = client.get(f"/q/{code.code}", REMOTE_ADDR=address)
    assert response.status_code == 302
    return response


def test_scans_wait_in_redis_and_the_flush_adds_them_once(redis_cache, client, world, relic):
    code = services.code_for(relic)
    for i in range(5):
        scan(client, code, f"203.0.113.{i + 1}")
    # The first scan found no flush under way and flushed (itself); the other four wait in Redis.
    assert stored(code) == 1
    assert pending.waiting() == {(code.pk, timezone.localdate()): 4}
    assert services.flush_scans() == 4
    assert pending.waiting() == {} and services.flush_scans() == 0
    assert_counted(world, code, 5)


def test_a_scan_flushes_when_none_did_for_a_few_seconds(redis_cache, client, world, relic):
    raw, prefix = redis_cache
    code = services.code_for(relic)
    scan(client, code, CLIENTS[0])
    scan(client, code, CLIENTS[1])
    assert stored(code) == 1
    raw.delete(*raw.keys(f"{prefix}:*qr:scans:due"))  # DUE_SECONDS later
    scan(client, code, CLIENTS[2])
    assert stored(code) == 3 and pending.waiting() == {}


def test_one_client_counts_once_per_window(redis_cache, client, world, relic):
    code = services.code_for(relic)
    for _ in range(20):
        scan(client, code, CLIENTS[0])
    for address in ("2001:db8:5:6::1", "2001:db8:5:6:ffff::9"):  # one phone's IPv6 network
        scan(client, code, address)
    services.flush_scans()
    assert stored(code) == 2


def test_redis_keeps_no_address_and_the_mark_is_the_ratelimit_key(redis_cache, client, world, relic):
    raw, prefix = redis_cache
    code = services.code_for(relic)
    for address in CLIENTS:
        scan(client, code, address)
    keys = [k.decode() for k in raw.scan_iter(f"{prefix}:*")]
    marks = [k for k in keys if ":rl:scan:" in k]
    assert len(marks) == 3
    # The same key the per-process cache's once-per-window check uses (an IPv6 client is its /64).
    assert {m.split(":", 2)[2] for m in marks} == {
        ratelimit.window_mark("scan", a, code.pk, window=600)[0] for a in CLIENTS[:2] + ["2001:db8:5:6::"]}
    for key in keys:
        kind = raw.type(key).decode()
        values = raw.hgetall(key) if kind == "hash" else {raw.get(key): b""}
        text = key + " ".join(f"{k!r}{v!r}" for k, v in values.items())
        for address in CLIENTS + ["2001:db8:5:6::"]:
            assert address not in text


def test_a_flush_that_stopped_before_its_commit_is_done_by_the_next(redis_cache, client, world, relic):
    code = services.code_for(relic)
    for address in CLIENTS:
        scan(client, code, address)  # 1 flushed by the first scan, 2 waiting
    batch = pending.take()  # ...and the flush taking them dies here
    assert batch.scans == 2
    scan(client, code, "192.0.2.77")  # a scan meanwhile: in the next batch
    assert services.flush_scans() == 3
    assert_counted(world, code, 4)


def test_a_flush_that_stopped_after_its_commit_adds_nothing_twice(redis_cache, client, world, relic):
    code = services.code_for(relic)
    for address in CLIENTS:
        scan(client, code, address)
    batch = pending.take()
    assert services._apply(batch) == 2  # committed; the flush dies before forgetting the batch
    assert ScanFlush.objects.filter(pk=batch.id, scans=2).exists()
    scan(client, code, "192.0.2.77")
    assert services.flush_scans() == 1  # the batch again: recognised, not added; then the new scan
    assert pending.waiting() == {}
    assert_counted(world, code, 4)


def test_two_flushes_of_one_batch_add_it_once(redis_cache, world, relic):
    code = services.code_for(relic)
    today = timezone.localdate()
    for _ in range(3):
        pending.count(code.pk, today)
    first, second = pending.take(), pending.take()  # two flushers at once get the same batch
    assert (first.id, first.counts, first.fresh) == (second.id, second.counts, not second.fresh)
    assert services._apply(first) == 3 and services._apply(second) == 0
    pending.done(first.id)
    pending.done(second.id)
    assert pending.take() is None
    assert_counted(world, code, 3)


def test_old_batch_ids_are_forgotten(redis_cache, world, relic):
    code = services.code_for(relic)
    old = ScanFlush.objects.create(id="0" * 32, scans=1,
                                   applied_at=timezone.now() - dt.timedelta(days=services.FLUSH_KEEP_DAYS + 1))
    pending.count(code.pk, timezone.localdate())
    services.flush_scans()
    assert not ScanFlush.objects.filter(pk=old.pk).exists() and ScanFlush.objects.count() == 1


def test_scans_of_several_codes_and_days_in_one_batch(redis_cache, world, relic, other_relic):
    codes = services.code_for(relic), services.code_for(other_relic)
    today = timezone.localdate()
    for days_ago, n in ((0, 3), (1, 2), (40, 1)):
        for _ in range(n):
            for code in codes:
                pending.count(code.pk, today - dt.timedelta(days=days_ago))
    assert services.flush_scans() == 12
    assert {(c, d): n for c, d, n in ScanDay.objects.values_list("shortcode", "day", "count")} == {
        (code.pk, today - dt.timedelta(days=a)): n for code in codes for a, n in ((0, 3), (1, 2), (40, 1))}
    assert_rebuild_matches()


def test_scans_waiting_when_the_place_moves_count_for_its_new_commune(redis_cache, world, relic):
    code = services.code_for(relic)
    today = timezone.localdate()
    services.record_scan(shortcode=code, day=today)
    pending.count(code.pk, today)
    relic.commune = world.other_commune
    relic.save()
    services.target_moved(relic)
    services.flush_scans()
    assert cells(world.commune) == {}
    assert cells(world.other_commune)[(Fact.Grain.DAY, "", "")] == 2
    assert_rebuild_matches()


def test_scans_of_a_deleted_code_are_dropped(redis_cache, world, relic):
    code = services.code_for(relic)
    pending.count(code.pk, timezone.localdate())
    relic.delete()
    code.delete()
    assert services.flush_scans() == 0 and pending.waiting() == {}
    assert not ScanDay.objects.exists() and not Fact.objects.filter(indicator="qr_scans").exists()


def test_without_redis_a_scan_is_written_to_the_database(redis_cache, client, world, relic, monkeypatch):
    code = services.code_for(relic)

    def down(*args, **kwargs):
        raise redis.ConnectionError("down")

    monkeypatch.setattr(pending, "send_count", down)
    scan(client, code)
    assert_counted(world, code, 1)


def test_the_scan_view_reads_redis_reply_after_the_response(redis_cache, client, world, relic, monkeypatch):
    """The view sends the count and answers; the reply is read when the response is closed (Django's
    request_finished), and a flush that fell due runs then."""
    code = services.code_for(relic)
    finished = []
    real = services.finish_started_scans

    def spy(**kwargs):
        finished.append(len(getattr(services._started, "scans", None) or []))
        real(**kwargs)

    monkeypatch.setattr(services, "finish_started_scans", spy)
    from django.core.signals import request_finished

    request_finished.disconnect(dispatch_uid="qr.finish_started_scans")
    request_finished.connect(spy, dispatch_uid="qr.finish_started_scans")
    try:
        scan(client, code)
    finally:
        request_finished.disconnect(dispatch_uid="qr.finish_started_scans")
        request_finished.connect(real, dispatch_uid="qr.finish_started_scans")
    assert finished == [1]  # one scan waited for its reply until the response was done
    assert services._started.scans == [] and stored(code) == 1  # ...which said "flush": done


def test_a_failure_after_the_count_was_sent_is_logged_not_shown(redis_cache, caplog):
    class Lost:
        def result(self):
            raise redis.ConnectionError("gone")

    services._started.scans = [Lost()]
    services.finish_started_scans()
    assert "may be missing" in caplog.text and services._started.scans == []


def test_replies_are_read_in_order_and_a_lost_script_is_loaded_again(redis_cache, world, relic):
    raw, prefix = redis_cache
    code = services.code_for(relic)
    today = timezone.localdate()
    first = pending.send_count(code.pk, today, client=CLIENTS[0], window=600)
    second = pending.send_count(code.pk, today, client=CLIENTS[0], window=600)  # same client: not counted
    assert second.result().counted is False and first.result().counted is True
    raw.script_flush()  # Redis restarted: it knows no script
    assert pending.count(code.pk, today, client=CLIENTS[1], window=600).counted
    assert pending.waiting() == {(code.pk, today): 2}


def test_the_staff_panel_shows_scans_still_in_redis(redis_cache, rf, world, relic):
    from .test_views import render_panel

    code = services.code_for(relic)
    for _ in range(3):
        pending.count(code.pk, timezone.localdate())
    html = render_panel(relic, rf, world.secretary)
    assert html.split('id="qr-today"')[1].split('class="n">')[1].split("<")[0] == "3"


def test_the_command_flushes(redis_cache, world, relic, capsys):
    code = services.code_for(relic)
    pending.count(code.pk, timezone.localdate())
    call_command("flush_scans")
    assert "1 scans flushed" in capsys.readouterr().out
    assert stored(code) == 1


def test_the_command_says_when_the_cache_is_not_redis(capsys):
    call_command("flush_scans")
    assert "not Redis" in capsys.readouterr().out


def test_concurrent_scans_and_flushes_that_stop_midway_count_exactly(redis_cache, world, relic, monkeypatch):
    """Eight threads count 1,600 scans in Redis while this thread flushes, and every fourth flush dies
    after taking its batch or after committing it: the database ends with exactly 1,600."""
    monkeypatch.setattr(pending, "DUE_SECONDS", 3600)  # the scanning threads never flush (no database there)
    code = services.code_for(relic)
    today = timezone.localdate()
    threads, each = 8, 200
    start = threading.Barrier(threads + 1)

    def scanner():
        start.wait()
        for _ in range(each):
            pending.count(code.pk, today)

    workers = [threading.Thread(target=scanner) for _ in range(threads)]
    for w in workers:
        w.start()
    start.wait()
    rounds = 0
    while any(w.is_alive() for w in workers) or rounds < 8:
        rounds += 1
        if rounds % 4 == 1:
            pending.take()  # died before its commit
        elif rounds % 4 == 2 and (batch := pending.take()):
            services._apply(batch)  # died after its commit
        else:
            services.flush_scans()
    for w in workers:
        w.join()
    services.flush_scans()
    assert pending.waiting() == {}
    assert_counted(world, code, threads * each)


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="flushers in several connections: PostgreSQL")
def test_concurrent_flushers_in_their_own_connections_count_exactly(redis_cache, transactional_db, monkeypatch):
    """Three flushers, each with its own database connection, and four scanning threads at once."""
    from django.db import connections

    from ..personas import build_world

    monkeypatch.setattr(pending, "DUE_SECONDS", 3600)
    world = build_world()
    relic = Place.objects.create(name="Núi Non Nước", kind="relic", commune=world.commune, status="published")
    code = services.code_for(relic)
    today = timezone.localdate()
    scanning = threading.Event()
    errors = []

    def scanner():
        for _ in range(300):
            pending.count(code.pk, today)

    def flusher():
        try:
            while scanning.is_set():
                services.flush_scans()
            services.flush_scans()
        except Exception as error:  # pragma: no cover - shown by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    scanning.set()
    flushers = [threading.Thread(target=flusher) for _ in range(3)]
    scanners = [threading.Thread(target=scanner) for _ in range(4)]
    for t in flushers + scanners:
        t.start()
    for t in scanners:
        t.join()
    scanning.clear()
    for t in flushers:
        t.join()
    assert not errors
    services.flush_scans()
    assert_counted(world, code, 1200)


def test_the_database_is_what_the_scan_view_writes_with_the_per_process_cache(client, world, relic):
    """Without Redis nothing waits: the scan is in the database when the redirect leaves."""
    assert not pending.enabled()
    code = services.code_for(relic)
    scan(client, code)
    assert stored(code) == 1 and services.flush_scans() == 0


def test_a_batch_brought_back_by_an_old_redis_snapshot_is_not_added_twice(redis_cache, world, relic):
    """Redis killed and restarted from a snapshot taken before the last flush: the pending hash it
    brings back carries the id of a batch already applied, so none of its scans count twice."""
    raw, prefix = redis_cache
    code = services.code_for(relic)
    today = timezone.localdate()
    for _ in range(3):
        pending.count(code.pk, today)
    pending_key = pending._keys()[0]
    snapshot = raw.hgetall(pending_key)
    assert services.flush_scans() == 3
    raw.hset(pending_key, mapping=snapshot)  # the restart restores the old pending hash
    pending.count(code.pk, today)  # a scan after the restart joins that stale batch
    assert services.flush_scans() == 0 and pending.waiting() == {}
    assert_counted(world, code, 3)
    pending.count(code.pk, today)  # the next batch is new: counted
    assert services.flush_scans() == 1

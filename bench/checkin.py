#!/usr/bin/env python
"""Benchmark: event check-in kiosks syncing QR scans, against a bare Django view in the same run.

Run by hand (not a test):

    .venv/bin/python bench/checkin.py                          # SQLite file under bench/out/, 5 minutes
    .venv/bin/python bench/checkin.py --seconds 60             # a shorter run
    .venv/bin/python bench/checkin.py --database-url postgres://postgres@127.0.0.1:5432/tienphong_bench_checkin

QR part (issue 14): it builds its own database (a province, a congress opening now with one session and
`--kiosks` connection points, each hosted by its own account with no other role, and enough participants
for the whole run spread over the points), serves the app with gunicorn as in production (DEBUG=False,
`-k gthread -w 2 --threads 4`) plus the bench-only bare view `/bench/bare/` (bench/bench_urls.py), logs
each kiosk in like the kiosk page (login form, CSRF cookie and header), then runs the kiosks for
`--seconds` as threads on loopback:

- together `--rate` scans a second (default 20: one a second per kiosk, paced, with jitter); a scan is a
  badge's personal link, sent at once with a fresh nonce as the kiosk page does when it has signal;
- `--repeat` of the scans (5%) are a second scan of someone already in (at any point): answer `repeat`;
- `--resend` of the scans (10%) are sent again 1–5 s later with the same nonce, as a kiosk does when an
  answer was lost: answer `duplicate` (or `repeat` again), never a second check-in;
- each kiosk drops its signal for `--offline-seconds` once a minute (staggered): its scans wait in its
  queue and go as one batch when the signal is back (timed apart from the single scans);
- a kiosk sends as its page does: whatever its queue holds, in one request, whenever it has signal and
  no request on the wire; so a slow answer makes the next request a batch, never a slower scanner;
- a failed request (connection error, 5xx) is sent again with the same body until answered, like the
  queue; a 4xx is reported;
- half a period after each scan a prober per kiosk times a GET of the bare view: both see the same load.

Printed: requests, answers by status, p50/p95/p99/max of the sync call (one scan, queued batches,
re-sends) and of the bare view, the ratio p95(sync, one scan) ÷ p95(bare) (goal ≤ 3), the load average
before and after, then the database check: check-ins == distinct (participant, session) == nonces the
server accepted (answered created, or duplicate after a lost answer) — zero double check-ins — and
every nonce acknowledged is stored — zero lost; each participant's first check-in and the rollup's
"participants checked in" agree with it. Then (`--in-process N`) N syncs of one scan and N bare GETs
through Django's test client in the bench's own process, timed on the thread's CPU clock: the cost ratio
stays put when other work loads the machine, which the HTTP latencies do not.

Everything runs on 127.0.0.1 with bounded loops; the gunicorn it starts is stopped at the end.
"""

import argparse
import math
import os
import random
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from serving import configure, free_port, login, percentile, start_gunicorn, stop_gunicorn, wait_until_up

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PASSWORD = "Bench-mat-khau-2025"
BARE = "/bench/bare/"
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Phan", "Bùi", "Đặng", "Đỗ", "Ngô", "Dương"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Ngọc", "Quang", "Thanh", "Hữu", "Bảo"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hùng", "Lan", "Linh", "Minh", "Nam", "Ngọc", "Phúc",
         "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy"]


# --------------------------------------------------------------------------- database

def reset_database(database_url: str) -> None:
    from member_list import reset_database as reset

    reset(database_url)


def static_is_stale() -> bool:
    """collectstatic (compressing every file: minutes on a busy machine) only when a static file is newer
    than the collected manifest."""
    from django.conf import settings

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return True
    newest = max((f.stat().st_mtime for f in (ROOT / "tienphong").glob("**/static/**/*") if f.is_file()), default=0)
    return newest > manifest.stat().st_mtime


def populate(kiosks: int, participants: int, seed: int) -> dict:
    """A congress opening now with `kiosks` points, each hosted by an account of its own; participants
    spread over the points. Returns what the kiosks need: their point and their badges."""
    import datetime as dt

    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from tienphong.accounts.models import User
    from tienphong.core.text import search_blob
    from tienphong.events import services
    from tienphong.events.models import Participant, new_token
    from tienphong.units.models import OrgUnit
    from tienphong.units.services import unit_create

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"migrated ({time.perf_counter() - t0:.1f}s)")
    if static_is_stale():
        t1 = time.perf_counter()
        call_command("collectstatic", verbosity=0, interactive=False)
        print(f"static files collected ({time.perf_counter() - t1:.1f}s)")
    rng = random.Random(seed)
    now = timezone.localtime()
    with transaction.atomic():
        province = unit_create(parent=None, kind=OrgUnit.Kind.PROVINCE, name="Tỉnh Ninh Bình", code="37")
        hosts = [User.objects.create_user(username=f"bench.kiosk{k:02d}", password=PASSWORD,
                                          full_name=f"Người điều hành điểm cầu {k + 1}") for k in range(kiosks)]
        event = services.event_create(unit=province, name="Đại hội đại biểu Đoàn TNCS Hồ Chí Minh tỉnh Ninh Bình",
                                      kind="congress", starts_on=now.date(),
                                      starts_at=(now - dt.timedelta(minutes=10)).time())
        main = event.points.get()
        main.host_user = hosts[0]
        main.save()
        points = [main] + [services.point_save(event=event, name=f"Điểm cầu số {k}", host_unit=province,
                                               host_user=hosts[k]) for k in range(1, kiosks)]
        rows = []
        for i in range(participants):
            name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            point = points[i % kiosks]
            delegation = f"Đoàn {point.name}"
            p = Participant(event=event, full_name=name, delegation=delegation, seat=f"{chr(65 + i // 1000 % 26)}{i}",
                            point=point, token=new_token(), role=Participant.Role.DELEGATE)
            p.search_text = search_blob(name, delegation)
            rows.append(p)
        Participant.objects.bulk_create(rows, batch_size=1000)
    kiosk_badges = {k: [] for k in range(kiosks)}
    kiosk_of = {pt.pk: i for i, pt in enumerate(points)}
    for pid, token, point_id in event.participants.order_by("-id").values_list("id", "token", "point_id"):
        k = kiosk_of[point_id]
        signed = services.badge_value(Participant(token=token))
        kiosk_badges[k].append((pid, f"http://127.0.0.1/e/p/{signed}/"))
    session = event.sessions.get()
    print(f"database: a congress with {kiosks} connection points, {participants:,} participants "
          f"({time.perf_counter() - t0:.1f}s)")
    return {"event": event.pk, "session": session.pk, "province": province.pk,
            "points": [p.pk for p in points], "hosts": [u.username for u in hosts], "badges": kiosk_badges}


# --------------------------------------------------------------------------- the kiosks

@dataclass
class Sent:
    nonce: str
    kind: str          # "new" | "repeat"
    participant: int
    body: dict
    statuses: list = field(default_factory=list)   # every answer for this nonce (first send, re-sends)


@dataclass
class Tally:
    single: list = field(default_factory=list)     # ms of a sync call with one new scan
    batch: list = field(default_factory=list)      # ms of a sync call with a queue sent after no signal
    resend: list = field(default_factory=list)     # ms of a re-sent scan (same nonce)
    bare: list = field(default_factory=list)
    failed: int = 0                                 # attempts that failed and were sent again
    refused: list = field(default_factory=list)    # 4xx answers
    unanswered: int = 0                             # given up after --retry-for
    batch_sizes: list = field(default_factory=list)


class Kiosk:
    """One kiosk as the page works: a scanner (paced scans into the phone's queue) and a sender (whenever
    the queue holds scans and there is signal, all of them in one request, up to 200, as kiosk.js's
    round does); a scan whose answer is "lost" goes back into the queue with its nonce. A prober times
    the bare view at the same pace, half a period after the scans."""

    def __init__(self, k, base, http, bare_http, api, point, session, badges, all_badges, checked, args,
                 start_at, stop_at):
        self.k, self.base, self.http, self.bare_http = k, base, http, bare_http
        self.api, self.point, self.session = api, point, session
        self.badges, self.all_badges, self.checked, self.args = list(badges), all_badges, checked, args
        self.rng = random.Random(args.seed * 1000 + k)
        self.start_at, self.stop_at = start_at, stop_at
        self.period = args.kiosks / args.rate
        self.sent: list[Sent] = []
        self.tally = Tally()
        self.cond = threading.Condition()
        self.waiting: list[tuple[Sent, bool]] = []   # (scan, is a re-send), oldest first
        self.resends: list[tuple[float, Sent]] = []
        self.scanning = True
        self.errors = []
        self.threads = [threading.Thread(target=self._guard, args=(f,), daemon=True)
                        for f in (self.scanner, self.sender, self.prober)]

    def start(self):
        for t in self.threads:
            t.start()

    def join(self):
        for t in self.threads:
            t.join()

    def _guard(self, fn):
        try:
            fn()
        except Exception as e:  # reported by the main thread
            self.errors.append(e)
            with self.cond:
                self.scanning = False
                self.cond.notify_all()

    # --- the scanner: a badge a period, whatever the network does
    def scan(self) -> Sent:
        if self.badges and not (self.checked and self.rng.random() < self.args.repeat):
            pid, badge = self.badges.pop()
            kind = "new"
        else:  # someone already in, at this door or another
            pid = self.rng.choice(self.checked)
            badge, kind = self.all_badges[pid], "repeat"
        nonce = str(uuid.uuid4())
        entry = {"nonce": nonce, "badge": badge, "method": "qr",
                 "at": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()) + "Z"}
        s = Sent(nonce=nonce, kind=kind, participant=pid, body=entry)
        self.sent.append(s)
        return s

    def scanner(self):
        next_t = self.start_at + self.rng.random() * self.period
        while next_t < self.stop_at:
            delay = next_t - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            s = self.scan()
            with self.cond:
                self.waiting.append((s, False))
                self.cond.notify_all()
            next_t += self.period * self.rng.uniform(0.9, 1.1)
        with self.cond:
            self.scanning = False
            self.cond.notify_all()

    # --- the sender: the queue, in rounds
    def offline(self, now: float) -> bool:
        if self.args.offline_seconds <= 0 or now >= self.stop_at:
            return False
        phase = (now - self.start_at + self.k * 60.0 / max(1, self.args.kiosks)) % 60.0
        return phase < self.args.offline_seconds

    def sender(self):
        while True:
            with self.cond:
                while True:
                    now = time.monotonic()
                    due = [x for x in self.resends if x[0] <= now]
                    if due:
                        self.resends = [x for x in self.resends if x[0] > now]
                        self.waiting.extend((s, True) for _t, s in due)
                    if self.waiting and not self.offline(now):
                        break
                    if not self.waiting and not self.resends and not self.scanning:
                        return
                    self.cond.wait(timeout=0.05)
                batch, self.waiting = self.waiting[:200], self.waiting[200:]
            if len(batch) == 1:
                bucket = self.tally.resend if batch[0][1] else self.tally.single
            else:
                bucket = self.tally.batch
                self.tally.batch_sizes.append(len(batch))
            self.answered([s for s, _r in batch], self.post([s.body for s, _r in batch], bucket))

    def post(self, entries: list[dict], bucket: list) -> dict | None:
        body = {"point": self.point, "session": self.session, "entries": entries}
        give_up = time.monotonic() + self.args.retry_for
        wait = 0.1
        while True:
            t = time.perf_counter()
            try:
                r = self.http.post(self.api, json=body, timeout=30)
                ms = (time.perf_counter() - t) * 1000
                if r.status_code == 200:
                    bucket.append(ms)
                    return r.json()
                if r.status_code < 500:
                    self.tally.refused.append(f"HTTP {r.status_code}: {r.text[:200]}")
                    return None
            except Exception:  # connection refused or reset, timeout: the queue sends it again
                pass
            self.tally.failed += 1
            if time.monotonic() > give_up:
                self.tally.unanswered += len(entries)
                return None
            time.sleep(wait * (0.5 + self.rng.random()))
            wait = min(2.0, wait * 2)

    def answered(self, scans: list[Sent], body: dict | None) -> None:
        if body is None:
            return
        by_nonce = {r["nonce"]: r["status"] for r in body["results"]}
        for s in scans:
            status = by_nonce.get(s.nonce, "missing")
            s.statuses.append(status)
            if status == "created":
                self.checked.append(s.participant)
            if len(s.statuses) == 1 and self.rng.random() < self.args.resend:
                # The answer was "lost": the scan stays in the queue and goes again a little later.
                with self.cond:
                    self.resends.append((time.monotonic() + self.rng.uniform(1, 5), s))

    # --- the bare view, at the same pace
    def prober(self):
        next_t = self.start_at + self.rng.random() * self.period + self.period / 2
        while next_t < self.stop_at:
            delay = next_t - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            t = time.perf_counter()
            r = self.bare_http.get(self.base + BARE, timeout=30)
            if r.status_code == 200:
                self.tally.bare.append((time.perf_counter() - t) * 1000)
            next_t += self.period * self.rng.uniform(0.9, 1.1)


# --------------------------------------------------------------------------- report

def stats(label: str, values: list) -> str:
    v = sorted(values)
    if not v:
        return f"  {label:<32} n=0"
    return (f"  {label:<32} n={len(v):<6} p50={percentile(v, 50):7.1f}  p95={percentile(v, 95):7.1f}  "
            f"p99={percentile(v, 99):7.1f}  max={v[-1]:7.1f}  mean={sum(v) / len(v):6.1f} ms")


def check_database(setup: dict, sent: list[Sent]) -> dict:
    """What the database holds against what the kiosks were told."""
    from django.db.models import Count

    from tienphong.events.models import CheckIn, Participant
    from tienphong.rollups.models import Fact

    stored = CheckIn.objects.filter(session_id=setup["session"])
    n = stored.count()
    pairs = stored.values("participant_id", "session_id").distinct().count()
    nonces = {str(u) for u in stored.values_list("nonce", flat=True)}
    accepted = {s.nonce for s in sent if any(x in ("created", "duplicate") for x in s.statuses)}
    created_twice = sum(1 for s in sent if s.statuses.count("created") > 1)
    lost = accepted - nonces
    unexplained = nonces - accepted
    never = [s for s in sent if not s.statuses]
    wrong = {}
    for s in sent:
        first = s.statuses[0] if s.statuses else None
        expect = {"new": ("created", "duplicate"), "repeat": ("repeat",)}[s.kind]
        if first not in expect:
            wrong[f"{s.kind} answered {first}"] = wrong.get(f"{s.kind} answered {first}", 0) + 1
        for again in s.statuses[1:]:
            ok = ("duplicate",) if first in ("created", "duplicate") else (first,)
            if again not in ok:
                key = f"re-send of {first} answered {again}"
                wrong[key] = wrong.get(key, 0) + 1
    first_in = Participant.objects.filter(event_id=setup["event"], first_checkin_at__isnull=False).count()
    rollup = sum(Fact.objects.filter(unit_id=setup["province"], level="u", grain="m", indicator="event_checked_in",
                                     dim="").values_list("value", flat=True))
    per_point = dict(stored.values_list("point_id").annotate(n=Count("id")))
    return {"checkins": n, "pairs": pairs, "accepted": len(accepted), "lost": len(lost),
            "unexplained": len(unexplained), "created_twice": created_twice, "never_answered": len(never),
            "wrong": wrong, "first_checkin": first_in, "rollup": rollup, "points_used": len(per_point)}


def in_process(setup: dict, n: int) -> dict:
    """The same calls through Django's test client in this process, on the CPU clock of this thread:
    what one sync of one scan costs against the bare view, whatever else the machine is doing."""
    import json
    import statistics

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from tienphong.accounts.models import User
    from tienphong.events import services
    from tienphong.events.models import Participant

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=setup["hosts"][0]))
    api = f"/api/v1/events/{setup['event']}/checkins/sync"
    people = list(Participant.objects.filter(event_id=setup["event"], first_checkin_at__isnull=True)[:n + 10])
    sync_cpu, sync_wall, bare_cpu, bare_wall, queries = [], [], [], [], []
    for i, p in enumerate(people):
        body = json.dumps({"point": setup["points"][0], "session": setup["session"], "entries": [
            {"nonce": str(uuid.uuid4()), "badge": f"http://127.0.0.1/e/p/{services.badge_value(p)}/"}]})
        c, w = time.thread_time(), time.perf_counter()
        with CaptureQueriesContext(connection) as ctx:
            r = client.post(api, body, content_type="application/json")
        if i >= 10:  # the first ones warm the caches
            sync_cpu.append((time.thread_time() - c) * 1000)
            sync_wall.append((time.perf_counter() - w) * 1000)
            queries.append(len(ctx.captured_queries))
        assert r.status_code == 200 and r.json()["created"] == 1, r.content[:300]
        c, w = time.thread_time(), time.perf_counter()
        r = client.get(BARE)
        if i >= 10:
            bare_cpu.append((time.thread_time() - c) * 1000)
            bare_wall.append((time.perf_counter() - w) * 1000)
    med = statistics.median
    return {"n": len(sync_cpu), "sync_cpu": med(sync_cpu), "sync_wall": med(sync_wall), "bare_cpu": med(bare_cpu),
            "bare_wall": med(bare_wall), "queries": med(queries)}


# --------------------------------------------------------------------------- main

def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--database-url", default=os.environ.get("DATABASE_URL"),
                   help="default: a fresh SQLite file bench/out/checkin.sqlite3")
    p.add_argument("--part", choices=["qr"], default="qr", help="which part of the benchmark (issue 14)")
    p.add_argument("--seconds", type=float, default=300, help="how long the kiosks scan (default 5 minutes)")
    p.add_argument("--kiosks", type=int, default=20)
    p.add_argument("--rate", type=float, default=20, help="scans a second, all kiosks together")
    p.add_argument("--resend", type=float, default=0.10, help="share of scans sent again with the same nonce")
    p.add_argument("--repeat", type=float, default=0.05, help="share of scans of someone already checked in")
    p.add_argument("--offline-seconds", type=float, default=5,
                   help="each kiosk has no signal this long once a minute (0: never)")
    p.add_argument("--retry-for", type=float, default=60, help="seconds a failed request is retried")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--in-process", type=int, default=200, metavar="N",
                   help="afterwards, N syncs and N bare GETs through the test client in this process (0: none)")
    args = p.parse_args()
    if not (1 <= args.kiosks <= 200 and 0 < args.rate <= 1000 and 1 <= args.seconds <= 3600
            and 0 <= args.resend <= 1 and 0 <= args.repeat <= 1 and 0 <= args.offline_seconds < 60):
            sys.exit("an option is out of range")
    OUT.mkdir(parents=True, exist_ok=True)
    if not args.database_url:
        args.database_url = f"sqlite:///{OUT / 'checkin.sqlite3'}"

    configure(args.database_url)
    import requests
    from django.db import connection, connections

    load_before = os.getloadavg()
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}; {os.cpu_count()} CPUs, "
          f"load average {load_before[0]:.1f} / {load_before[1]:.1f} / {load_before[2]:.1f}")
    reset_database(args.database_url)
    connections.close_all()
    participants = math.ceil(args.rate * args.seconds * 1.1) + 50 * args.kiosks + args.in_process + 10
    setup = populate(args.kiosks, participants, args.seed)
    all_badges = {pid: badge for badges in setup["badges"].values() for pid, badge in badges}
    connections.close_all()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    api = f"{base}/api/v1/events/{setup['event']}/checkins/sync"
    proc = start_gunicorn(args.database_url, port, workers=args.workers, threads=args.threads,
                          log_name="checkin-gunicorn.log")
    try:
        wait_until_up(base, proc, OUT / "checkin-gunicorn.log")
        sessions = [login(base, username, PASSWORD) for username in setup["hosts"]]
        for s in sessions:  # warm up: each kiosk opens its page and the bare view once
            s.get(f"{base}/events/{setup['event']}/kiosk/", timeout=30).raise_for_status()
            s.get(base + BARE, timeout=30).raise_for_status()
        checked: list[int] = []
        start = time.monotonic() + 0.5
        stop = start + args.seconds
        probes = []
        for s in sessions:  # the bare view through the same logged-in session as the kiosk's requests
            probe = requests.Session()
            probe.cookies.update(s.cookies)
            probes.append(probe)
        kiosks = [Kiosk(k, base, sessions[k], probes[k], api, setup["points"][k], setup["session"],
                        setup["badges"][k], all_badges, checked, args, start, stop) for k in range(args.kiosks)]
        print(f"\n{args.kiosks} kiosks, {args.rate:g} scans/s for {args.seconds:g} s; re-sent {args.resend:.0%}, "
              f"repeats {args.repeat:.0%}, no signal {args.offline_seconds:g} s a minute per kiosk; "
              f"gunicorn -k gthread -w {args.workers} --threads {args.threads}")
        t0 = time.perf_counter()
        for k in kiosks:
            k.start()
        for k in kiosks:
            k.join()
        elapsed = time.perf_counter() - t0
        errors = [e for k in kiosks for e in k.errors]
        if errors:
            raise errors[0]
    finally:
        stop_gunicorn(proc)
    load_after = os.getloadavg()

    tally = Tally()
    sent: list[Sent] = []
    for k in kiosks:
        for name in ("single", "batch", "resend", "bare", "refused", "batch_sizes"):
            getattr(tally, name).extend(getattr(k.tally, name))
        tally.failed += k.tally.failed
        tally.unanswered += k.tally.unanswered
        sent.extend(k.sent)
    statuses = {}
    for s in sent:
        for x in s.statuses:
            statuses[x] = statuses.get(x, 0) + 1
    scans = len(sent)
    print(f"\nscans {scans:,} in {args.seconds:g} s ({scans / args.seconds:.1f}/s; all answered after "
          f"{elapsed:.0f} s): new {sum(s.kind == 'new' for s in sent):,}, "
          f"repeats {sum(s.kind == 'repeat' for s in sent):,}; re-sent {sum(len(s.statuses) - 1 for s in sent):,}; "
          f"queued batches {len(tally.batch_sizes)} (mean {sum(tally.batch_sizes) / max(1, len(tally.batch_sizes)):.1f} scans)")
    print("answers: " + ", ".join(f"{k} {v:,}" for k, v in sorted(statuses.items())))
    print(f"failed attempts sent again: {tally.failed}; refused (4xx): {len(tally.refused)}; "
          f"given up: {tally.unanswered}")
    for r in tally.refused[:3]:
        print("   ", r)
    print("\nlatency (loopback, to the last byte):")
    print(stats("sync, one scan", tally.single))
    print(stats("sync, queued batch", tally.batch))
    print(stats("sync, re-sent scan", tally.resend))
    print(stats("bare view GET /bench/bare/", tally.bare))
    p95_sync, p95_bare = percentile(sorted(tally.single), 95), percentile(sorted(tally.bare), 95)
    ratio = p95_sync / p95_bare if p95_bare else float("nan")
    print(f"load average before {load_before[0]:.1f}, after {load_after[0]:.1f} / {load_after[1]:.1f} / "
          f"{load_after[2]:.1f} (other work on the machine skews every figure)")

    check = check_database(setup, sent)
    doubles = check["checkins"] - check["pairs"] + check["created_twice"] + check["unexplained"]
    lost = check["lost"] + check["never_answered"]
    print("\ndatabase check:")
    print(f"  check-ins {check['checkins']:,}; distinct (participant, session) {check['pairs']:,}; nonces accepted "
          f"(created, or duplicate after a lost answer) {check['accepted']:,}; at {check['points_used']} points")
    print(f"  participants with a first check-in {check['first_checkin']:,}; rollup 'participants checked in' "
          f"{check['rollup']:,}")
    print(f"  double check-ins: {doubles} (a nonce answered created twice: {check['created_twice']}; stored but "
          f"never acknowledged: {check['unexplained']})")
    print(f"  lost: {lost} (acknowledged but not stored: {check['lost']}; never answered: {check['never_answered']})")
    if check["wrong"]:
        print(f"  unexpected answers: {check['wrong']}")
    exact = (check["checkins"] == check["pairs"] == check["accepted"] == check["first_checkin"] == check["rollup"]
             and not check["lost"] and not check["never_answered"] and not check["created_twice"]
             and not check["unexplained"] and not check["wrong"] and not tally.refused)
    if args.in_process:
        own = in_process(setup, args.in_process)
        print(f"\nin this process ({own['n']} calls each, medians; CPU time of this thread, then wall time):")
        print(f"  sync, one scan: {own['sync_cpu']:.1f} ms CPU, {own['sync_wall']:.1f} ms, {own['queries']:.0f} SQL "
              f"statements; bare view: {own['bare_cpu']:.1f} ms CPU, {own['bare_wall']:.1f} ms; "
              f"CPU ratio {own['sync_cpu'] / own['bare_cpu']:.1f}×")
    verdict = "meets" if ratio <= 3 else "MISSES"
    print(f"\nratio p95(sync, one scan) / p95(bare) = {p95_sync:.1f} / {p95_bare:.1f} ms = {ratio:.2f}× "
          f"({verdict} the 3× goal); counts {'exact' if exact else 'NOT EXACT'}")
    sys.exit(0 if exact else 1)


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Benchmark: 50 phones syncing support records through POST /api/v1/support/sync, against a bare insert.

Run by hand (not a test), as root (it runs its own PostgreSQL cluster):

    .venv/bin/python bench/field_writes.py                 # 50 phones, 20 s a round
    .venv/bin/python bench/field_writes.py --restart-db    # + PostgreSQL restarted mid-run

It builds its own PostgreSQL database (Ninh Bình's communes from `load_units --province 37`, a
branch and a team in 10 of them, 50 volunteers each with an account, a member and a place on the
team), serves the app with gunicorn exactly as in production (DEBUG=False, gthread workers, the
app's persistent connections) plus a bench-only view /bench/bare-insert/ (bench/bench_urls.py) that
inserts one row per request, logs the 50 phones in like a phone does, and runs three rounds with
the same 50 concurrent phones: the sync API with 1–5 entries per request, the sync API with exactly
one, and the bare view (one row per request). 10% of the phones resend an acknowledged batch once.

Goal: API records/s ≥ half the bare view's, p95 < 100 ms, zero double counts; with --restart-db,
zero acknowledged records lost and every entry stored in the end.

Everything runs on 127.0.0.1 with bounded loops; gunicorn and the bench's PostgreSQL cluster are
stopped at the end, also on Ctrl-C or an error.
"""

import argparse
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from serving import login as serving_login
from serving import configure, free_port, percentile, stop_gunicorn, wait_until_up
from serving import start_gunicorn as serving_start_gunicorn

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DB_NAME = "tienphong_bench_field"
PG_VERSION = "15"
PASSWORD = "Bench-mat-khau-2025"
SYNC = "/api/v1/support/sync"
BARE = "/bench/bare-insert/"
VN = timezone(timedelta(hours=7))

SETTINGS_W = [("door_to_door", 50), ("commune_office", 20), ("service_center", 10), ("class", 10), ("other", 10)]
SERVICES_W = [("vneid", 35), ("public_service", 22), ("cashless", 15), ("citizen_apps", 10), ("ecommerce", 5),
              ("cyber_safety", 8), ("other", 5)]
OUTCOMES_W = [("done", 80), ("partly", 12), ("referred", 8)]
PEOPLE_W = [(1, 40), (2, 20), (3, 12), (4, 8), (5, 6), (8, 6), (12, 5), (20, 3)]
PLACES = ["Xóm 4", "Thôn Đông", "Tổ dân phố 2", "Xóm Chợ", "Thôn Thượng", "Nhà văn hóa xóm 1", ""]
PROCEDURES = ["Đăng ký khai sinh", "Đăng ký thường trú", "Cấp đổi thẻ căn cước", "Đăng ký kết hôn"]
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu", "Phạm Thu Hà", "Hoàng Đức Huy", "Vũ Thị Lan",
         "Đặng Quang Minh", "Bùi Thị Ngọc", "Đỗ Văn Phúc", "Ngô Thanh Tâm"]


def _pick(rng, weighted):
    values, weights = zip(*weighted)
    return rng.choices(values, weights=weights)[0]


# --------------------------------------------------------------------------- PostgreSQL

class Cluster:
    """The PostgreSQL the bench writes to. By default its own cluster (`pg_createcluster 15 benchfield`),
    so restarting it mid-run does not cut the other users of the machine's main cluster; `--cluster
    main` uses the main cluster on 5432 (and `--restart-db` then restarts that one)."""

    def __init__(self, name: str):
        self.name = name

    def _clusters(self) -> dict:
        out = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=True).stdout
        rows = {}
        for line in out.splitlines():
            ver, name, port, status, *_rest = line.split()
            rows[(ver, name)] = {"port": int(port), "online": status.startswith("online"),
                                 "data": _rest[1] if len(_rest) > 1 else None}
        return rows

    def info(self) -> dict:
        return self._clusters()[(PG_VERSION, self.name)]

    def ensure(self) -> None:
        clusters = self._clusters()
        if (PG_VERSION, self.name) not in clusters:
            if self.name == "main":
                sys.exit("no PostgreSQL main cluster")
            port = 5433
            taken = {c["port"] for c in clusters.values()}
            while port in taken or not _port_free(port):
                port += 1
            print(f"creating PostgreSQL cluster {PG_VERSION}/{self.name} on port {port} (stock settings)")
            subprocess.run(["pg_createcluster", PG_VERSION, self.name, "-p", str(port), "--start-conf", "manual",
                            "--", "--auth-local=trust", "--auth-host=trust"],
                           check=True, stdout=subprocess.DEVNULL)
            conf = Path(f"/etc/postgresql/{PG_VERSION}/{self.name}/conf.d/bench.conf")
            conf.write_text("# bench/field_writes.py: loopback only\nlisten_addresses = '127.0.0.1'\n")
        if not self.info()["online"]:
            self.ctl("start")

    def ctl(self, action: str) -> float:
        t = time.perf_counter()
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", PG_VERSION, self.name, action],
                       check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - t

    @property
    def port(self) -> int:
        return self.info()["port"]

    def url(self, db: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{db}"

    def postmaster_pid(self) -> int | None:
        try:
            data = self.info()["data"] or f"/var/lib/postgresql/{PG_VERSION}/{self.name}"
            return int(Path(data, "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def settings(self) -> str:
        import psycopg

        with psycopg.connect(self.url("postgres")) as conn:
            rows = conn.execute("SELECT name, setting, unit FROM pg_settings WHERE name IN ('fsync', "
                                "'synchronous_commit', 'shared_buffers', 'max_connections', 'autovacuum', "
                                "'wal_level') ORDER BY name").fetchall()
            version = conn.execute("SHOW server_version").fetchone()[0]
        return f"PostgreSQL {version}: " + ", ".join(
            f"{n}={int(s) * 8 // 1024}MB" if u == "8kB" else f"{n}={s}" for n, s, u in rows)


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def fresh_database(cluster: Cluster) -> None:
    import psycopg

    with psycopg.connect(cluster.url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def populate(phones: int, communes: int) -> list[str]:
    """Units, teams and the phones' volunteers; returns the usernames. Also the bare view's table."""
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection, transaction

    from tienphong.accounts.models import Role, RoleAssignment, User
    from tienphong.members.services import member_create
    from tienphong.teams.models import Team
    from tienphong.teams.services import team_add_member, team_create
    from tienphong.units.models import OrgUnit
    from tienphong.units.services import unit_create

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    t1 = time.perf_counter()
    call_command("load_units", provinces=["37"], verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    t2 = time.perf_counter()
    K = OrgUnit.Kind
    province = OrgUnit.objects.get(kind=K.PROVINCE, code="37")
    chosen = list(OrgUnit.objects.filter(kind=K.COMMUNE, parent=province).order_by("code")[:communes])
    password = make_password(PASSWORD)  # one hash for all: 50 PBKDF2 runs would only slow the setup
    usernames = []
    rng = random.Random(7)
    with transaction.atomic():
        places = []
        for i, commune in enumerate(chosen):
            grassroots = unit_create(parent=commune, kind=K.GRASSROOTS, name=f"Đoàn cơ sở {commune.name}",
                                     code=f"{commune.code}-01")
            branch = unit_create(parent=grassroots, kind=K.BRANCH, name="Chi đoàn Thôn Đông",
                                 code=f"{commune.code}-01-01")
            team = team_create(name=f"Tổ công nghệ số cộng đồng {commune.name}", kind=Team.Kind.COMMUNITY_TECH,
                               commune=commune)
            places.append((branch, team))
        for n in range(phones):
            branch, team = places[n % len(places)]
            username = f"bench.tnv{n + 1:02d}"
            full_name = f"{rng.choice(NAMES)} {n + 1}"
            user = User.objects.create(username=username, full_name=full_name, password=password)
            RoleAssignment.objects.create(user=user, unit=branch, role=Role.VOLUNTEER)
            member = member_create(full_name=full_name, gender="female" if n % 2 else "male", branch=branch,
                                   phone=f"0912{n:06d}")
            member.user = user
            member.save(update_fields=["user"])
            team_add_member(team=team, member=member)
            usernames.append(username)
    with connection.cursor() as cur:
        # The bare view's table: the support record's columns, checks and indexes (the unique uuid
        # among them), without the foreign keys.
        cur.execute("CREATE TABLE bench_bare_record (LIKE support_supportrecord INCLUDING ALL)")
        cur.execute("ANALYZE")
    connection.close()
    print(f"database {DB_NAME}: migrated in {t1 - t0:.1f}s, units + static {t2 - t1:.1f}s; "
          f"{len(chosen)} communes with a branch and a team, {phones} volunteers ({time.perf_counter() - t2:.1f}s)")
    return usernames


def reusable(phones: int) -> list[str] | None:
    """With --reuse: the usernames if the database already holds the bench's phones, else None."""
    try:
        from django.db import connection

        from tienphong.accounts.models import User

        names = list(User.objects.filter(username__startswith="bench.tnv").order_by("username")
                     .values_list("username", flat=True))
        with connection.cursor() as cur:
            cur.execute("SELECT to_regclass('bench_bare_record') IS NOT NULL")
            has_bare = cur.fetchone()[0]
        connection.close()
        return names if len(names) >= phones and has_bare else None
    except Exception:
        return None


# --------------------------------------------------------------------------- CPU accounting

_TICK = os.sysconf("SC_CLK_TCK")


def tree_cpu(root: int | None) -> float | None:
    """CPU seconds of a process and its live descendants, plus its reaped children (cutime/cstime)."""
    if root is None:
        return None
    stats = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                raw = Path(f"/proc/{d}/stat").read_text()
            except OSError:
                continue
            f = raw[raw.rindex(")") + 2:].split()
            stats[int(d)] = (int(f[1]), int(f[11]) + int(f[12]), int(f[13]) + int(f[14]))
    if root not in stats:
        return None
    children = {}
    for pid, (ppid, _own, _reaped) in stats.items():
        children.setdefault(ppid, []).append(pid)
    total, todo = stats[root][2], [root]
    while todo:
        pid = todo.pop()
        total += stats[pid][1]
        todo.extend(children.get(pid, []))
    return total / _TICK


# --------------------------------------------------------------------------- server

def start_gunicorn(database_url: str, port: int, workers: int, threads: int) -> subprocess.Popen:
    return serving_start_gunicorn(database_url, port, workers=workers, threads=threads, log_name="gunicorn-field.log")


def login(base: str, username: str):
    return serving_login(base, username, PASSWORD)


def login_all(base: str, usernames: list[str]) -> list:
    sessions, errors = [None] * len(usernames), []

    def work(i):
        try:
            sessions[i] = login(base, usernames[i])
        except Exception as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(usernames))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return sessions


# --------------------------------------------------------------------------- phones

@dataclass
class Totals:
    """What one round's phones did and heard (merged from every phone)."""
    made: dict = field(default_factory=dict)          # uuid → people, every entry a phone wrote
    acked: dict = field(default_factory=dict)         # uuid → last status heard (created / duplicate)
    created_twice: int = 0                            # uuids answered "created" more than once
    statuses: dict = field(default_factory=lambda: {"created": 0, "duplicate": 0, "invalid": 0})
    invalid_examples: list = field(default_factory=list)
    latencies: list = field(default_factory=list)     # ms, timed requests answered 200
    requests: int = 0                                 # timed requests answered 200
    records_sent: int = 0                             # entries in those requests (resends included)
    failed_attempts: int = 0                          # connection errors, timeouts and 5xx (all retried)
    failure_kinds: dict = field(default_factory=dict)
    retried_requests: int = 0                         # requests that needed at least one retry
    retry_wait: float = 0.0
    rejected: list = field(default_factory=list)      # 4xx answers (not retried: a bench or API bug)
    unacked_batches: int = 0                          # gave up after --retry-for seconds
    resend_requests: int = 0
    resend_entries: int = 0
    resend_statuses: dict = field(default_factory=dict)
    races: int = 0                                    # batches sent on two connections at the same moment
    race_statuses: dict = field(default_factory=dict)  # what the two answers said, per entry
    mismatched: int = 0                               # answers whose uuids are not the request's


def _merge_into(t: Totals, mine: Totals) -> None:
    t.acked.update(mine.acked)  # each phone makes its own uuids: no overlap between phones
    t.made.update(mine.made)
    t.created_twice += mine.created_twice
    for k, v in mine.statuses.items():
        t.statuses[k] = t.statuses.get(k, 0) + v
    for k, v in mine.resend_statuses.items():
        t.resend_statuses[k] = t.resend_statuses.get(k, 0) + v
    for k, v in mine.race_statuses.items():
        t.race_statuses[k] = t.race_statuses.get(k, 0) + v
    for k, v in mine.failure_kinds.items():
        t.failure_kinds[k] = t.failure_kinds.get(k, 0) + v
    t.invalid_examples.extend(mine.invalid_examples[: max(0, 5 - len(t.invalid_examples))])
    t.latencies.extend(mine.latencies)
    t.rejected.extend(mine.rejected[: max(0, 5 - len(t.rejected))])
    for name in ("requests", "records_sent", "failed_attempts", "retried_requests", "retry_wait",
                 "unacked_batches", "resend_requests", "resend_entries", "mismatched", "races"):
        setattr(t, name, getattr(t, name) + getattr(mine, name))


def make_entry(rng: random.Random, now: datetime) -> dict:
    services = {_pick(rng, SERVICES_W)}
    if rng.random() < 0.25:
        services.add(_pick(rng, SERVICES_W))
    return {
        "uuid": str(uuid.uuid4()),  # fresh on every run, as on a phone (the rest follows --seed)
        "occurred_at": (now - timedelta(minutes=rng.randint(1, 3 * 24 * 60))).replace(microsecond=0).isoformat(),
        "unit": None, "setting": _pick(rng, SETTINGS_W), "place": None, "place_note": rng.choice(PLACES),
        "team": None, "services": sorted(services),
        "procedure": rng.choice(PROCEDURES) if "public_service" in services else "",
        "outcome": _pick(rng, OUTCOMES_W), "people": _pick(rng, PEOPLE_W),
        "minutes": rng.choice([None, 5, 10, 15, 20, 30, 45, 60]),
        "age_band": rng.choice(["", "", "u18", "18-35", "36-59", "60+"]),
        "gender": rng.choice(["", "male", "female"]), "volunteers": [],
        "note": rng.choice(["", "", "", "Người cao tuổi, cần hướng dẫn lại"]),
    }


class Round:
    """One timed round: every phone writes entries and syncs them until time (or its entry count) is up."""

    def __init__(self, *, label, url, sessions, batch, seconds, entries, resend, warmup, retry_for, seed,
                 rate=None, race=0.0):
        self.label, self.url, self.sessions, self.rate = label, url, sessions, rate
        self.batch, self.seconds, self.entries, self.warmup = batch, seconds, entries, warmup
        self.retry_for = retry_for
        n = len(sessions)
        rng = random.Random(seed)
        picked = rng.sample(range(n), min(n, round(n * resend) + round(n * race)))
        self.resenders = set(picked[: round(n * resend)])
        self.racers = set(picked[round(n * resend):])
        self.seeds = [rng.getrandbits(64) for _ in range(n)]
        self.totals = Totals()
        self.lock = threading.Lock()
        self.ready = threading.Barrier(n + 1)
        self.go = threading.Event()
        self.stop = threading.Event()   # time is up: write no new entries (queues still drain)
        self.acked_count = 0            # progress, for the mid-run restart
        self.t_start = self.t_end = None

    # one phone ------------------------------------------------------------------------------
    def _send(self, session, batch, rng, timed, mine: Totals, is_resend=False) -> bool:
        """POST one batch until it is acknowledged (retrying errors and 5xx with the same uuids)."""
        import requests

        body = json.dumps({"entries": batch})
        headers = {"Content-Type": "application/json"}
        first_fail, attempt = None, 0
        while True:
            t = time.perf_counter()
            try:
                r = session.post(self.url, data=body, headers=headers, timeout=(5, 60))
                status, kind = r.status_code, f"HTTP {r.status_code}"
                payload = r.json() if status == 200 else None
            except (requests.ConnectionError, requests.Timeout, ValueError) as e:
                status, kind, payload = None, type(e).__name__, None
            ms = (time.perf_counter() - t) * 1000
            if status == 200:
                break
            if status is not None and status < 500:
                mine.rejected.append(f"{kind}: {r.text[:300]}")
                return False
            mine.failed_attempts += 1
            mine.failure_kinds[kind] = mine.failure_kinds.get(kind, 0) + 1
            first_fail = first_fail or time.monotonic()
            if time.monotonic() - first_fail > self.retry_for:
                mine.unacked_batches += 1
                return False
            wait = min(2.0, 0.1 * 2 ** attempt) * (0.5 + rng.random())
            attempt += 1
            mine.retry_wait += wait
            time.sleep(wait)
        if attempt:
            mine.retried_requests += 1
        if timed:
            mine.requests += 1
            mine.records_sent += len(batch)
            mine.latencies.append(ms)
        results = payload.get("results", []) if isinstance(payload, dict) else []
        if [x.get("uuid") for x in results] != [e["uuid"] for e in batch]:
            mine.mismatched += 1
        for x in results:
            st = x.get("status")
            if timed:
                mine.statuses[st] = mine.statuses.get(st, 0) + 1
            if is_resend:
                mine.resend_statuses[st] = mine.resend_statuses.get(st, 0) + 1
            if st in ("created", "duplicate"):
                if st == "created" and mine.acked.get(x["uuid"]) == "created":
                    mine.created_twice += 1
                mine.acked[x["uuid"]] = st
            elif len(mine.invalid_examples) < 5:
                mine.invalid_examples.append(x.get("errors"))
        with self.lock:
            self.acked_count += sum(1 for x in results if x.get("status") in ("created", "duplicate"))
        return True

    def phone(self, i: int) -> None:
        session, rng = self.sessions[i], random.Random(self.seeds[i])
        mine = Totals()
        sent_batches = []
        resend_after = rng.randint(2, 6) if i in self.resenders else None
        race_at = rng.randint(1, 5) if i in self.racers else None
        n_batches = 0
        try:
            for _ in range(self.warmup):          # untimed; their entries are checked like the rest
                batch = [make_entry(rng, datetime.now(VN)) for _ in range(rng.randint(*self.batch))]
                mine.made.update((e["uuid"], e["people"]) for e in batch)
                self._send(session, batch, rng, False, mine)
        except Exception as e:
            mine.rejected.append(f"phone {i} warm-up: {e!r}")
        finally:
            self.ready.wait()
        self.go.wait()
        n_made = 0
        next_at = self.t_start
        try:
            while not self.stop.is_set() and (self.entries is None or n_made < self.entries):
                if self.rate:  # paced: Poisson arrivals, `rate` requests/s over all the phones
                    next_at += rng.expovariate(self.rate / len(self.sessions))
                    if self.stop.wait(max(0.0, next_at - time.perf_counter())):
                        break
                size = rng.randint(*self.batch)
                if self.entries is not None:
                    size = min(size, self.entries - n_made)
                batch = [make_entry(rng, datetime.now(VN)) for _ in range(size)]
                mine.made.update((e["uuid"], e["people"]) for e in batch)
                n_made += size
                n_batches += 1
                if n_batches == race_at:
                    ok = self._race(session, batch, rng, mine)
                else:
                    ok = self._send(session, batch, rng, True, mine)
                if ok:
                    sent_batches.append(batch)
                if resend_after is not None and len(sent_batches) == resend_after:
                    self._resend(session, sent_batches, rng, mine)
                    resend_after = None
            if resend_after is not None and sent_batches:  # time ran out first: resend now
                self._resend(session, sent_batches, rng, mine)
        except Exception as e:  # a bench bug: reported with the round, never silent
            mine.rejected.append(f"phone {i} stopped: {e!r}")
        finally:
            with self.lock:
                self._merge(mine)

    def _resend(self, session, sent_batches, rng, mine):
        """A phone that lost the answer sends an acknowledged batch again (same uuids)."""
        batch = rng.choice(sent_batches)
        mine.resend_requests += 1
        mine.resend_entries += len(batch)
        self._send(session, batch, rng, True, mine, is_resend=True)

    def _race(self, session, batch, rng, mine) -> bool:
        """A retry while the first attempt is still in flight: the same new batch on two connections at
        once. Each entry must be stored once: one answer 'created', the other 'duplicate'."""
        import requests

        twin = requests.Session()
        twin.cookies.update(session.cookies)
        twin.headers.update(session.headers)
        other = Totals()
        ok = [False, False]
        start = threading.Barrier(2)
        twin_rng = random.Random(rng.random())

        def second():
            start.wait()
            ok[1] = self._send(twin, batch, twin_rng, True, other)

        th = threading.Thread(target=second, daemon=True)
        th.start()
        start.wait()
        ok[0] = self._send(session, batch, rng, True, mine)
        th.join()
        twin.close()
        mine.races += 1
        for e in batch:
            a, b = mine.acked.get(e["uuid"]), other.acked.get(e["uuid"])
            key = "+".join(sorted(x or "none" for x in (a, b)))
            mine.race_statuses[key] = mine.race_statuses.get(key, 0) + 1
            if a == b == "created":
                mine.created_twice += 1
        # the entries count once, as new; the twin request's entries as sent again
        other.acked = {u: st for u, st in other.acked.items() if u not in mine.acked}
        other.resend_requests += 1
        other.resend_entries += len(batch)
        _merge_into(mine, other)
        return ok[0] or ok[1]

    def _merge(self, mine: Totals) -> None:
        _merge_into(self.totals, mine)

    # the round ------------------------------------------------------------------------------
    def run(self, on_start=None, cpu_probe=None) -> "Round":
        threads = [threading.Thread(target=self.phone, args=(i,), daemon=True) for i in range(len(self.sessions))]
        for t in threads:
            t.start()
        self.ready.wait()
        self.cpu0 = cpu_probe() if cpu_probe else None  # after the warm-up
        self.t_start = time.perf_counter()
        self.go.set()
        if on_start:
            on_start(self)
        cap = self.seconds if self.entries is None else 600
        deadline = time.monotonic() + cap
        while any(t.is_alive() for t in threads) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.t_timed = time.perf_counter() - self.t_start
        self.stop.set()
        for t in threads:  # the tail: queues drain (a request in flight, retries, late resends)
            t.join(timeout=self.retry_for + 120)
        self.t_end = time.perf_counter()
        self.cpu1 = cpu_probe() if cpu_probe else None
        return self


# --------------------------------------------------------------------------- checks and report

def check_database(database_url: str, table: str, rnd: Round, rows_before: int) -> dict:
    """Count what the round left in `table` against what the phones made and heard."""
    import psycopg

    from urllib.parse import urlsplit

    url = urlsplit(database_url)._replace(scheme="postgresql").geturl()
    made = rnd.totals.made
    uuids = list(made)
    with psycopg.connect(url) as conn:
        stored = dict(conn.execute(f"SELECT uuid::text, people FROM {table} WHERE uuid = ANY(%s::uuid[])",
                                   [uuids]).fetchall())
        rows_after, people_after = conn.execute(f"SELECT count(*), coalesce(sum(people), 0) FROM {table}").fetchone()
        no_service = None
        if table == "support_supportrecord":
            no_service = conn.execute(
                "SELECT count(*) FROM support_supportrecord r WHERE r.uuid = ANY(%s::uuid[]) AND NOT EXISTS "
                "(SELECT 1 FROM support_supportrecord_services s WHERE s.supportrecord_id = r.id)", [uuids]
            ).fetchone()[0]
    acked = rnd.totals.acked
    return {
        "rows_added": rows_after - rows_before,
        "stored": len(stored),
        "stored_people": sum(stored.values()),
        "expected_people": sum(made[u] for u in stored),
        "wrong_people": sum(1 for u, p in stored.items() if made[u] != p),
        "acked": len(acked),
        "acked_people": sum(made[u] for u in acked if u in made),
        "lost_acked": sum(1 for u in acked if u not in stored),
        "never_stored": sum(1 for u in made if u not in stored),
        "no_service": no_service,
        "rows_after": rows_after,
        "people_after": people_after,
    }


def table_rows(database_url: str, table: str) -> tuple[int, int]:
    import psycopg

    from urllib.parse import urlsplit

    url = urlsplit(database_url)._replace(scheme="postgresql").geturl()
    for _ in range(100):  # right after a restart the server may still be starting
        try:
            with psycopg.connect(url) as conn:
                return conn.execute(f"SELECT count(*), coalesce(sum(people), 0) FROM {table}").fetchone()
        except psycopg.OperationalError:
            time.sleep(0.2)
    raise RuntimeError("PostgreSQL did not come back")


def report(rnd: Round, db: dict, cpu: dict, people_before: int) -> dict:
    t = rnd.totals
    lat = sorted(t.latencies)
    wall = rnd.t_end - rnd.t_start
    new_timed = t.records_sent - t.resend_entries
    rps_records = new_timed / wall
    rps_requests = t.requests / wall
    double = db["rows_added"] - db["stored"]
    people_extra = (db["people_after"] - people_before) - db["stored_people"]
    per = "1 entry" if rnd.batch == (1, 1) else f"{rnd.batch[0]}–{rnd.batch[1]} entries"
    print(f"\n== {rnd.label}: {len(rnd.sessions)} phones, {per} per request, "
          f"{rnd.t_timed:.1f} s writing + {wall - rnd.t_timed:.1f} s draining")
    race_dups = sum(k.split("+").count("duplicate") * v for k, v in t.race_statuses.items())
    retry_dups = t.statuses.get("duplicate", 0) - t.resend_statuses.get("duplicate", 0) - race_dups
    print(f"  requests: {t.requests} answered 200 (incl. {t.resend_requests - t.races} resends and {t.races} "
          f"second copies sent at the same moment); "
          f"failed attempts {t.failed_attempts} {dict(sorted(t.failure_kinds.items())) or ''}, "
          f"requests answered after a retry {t.retried_requests} ({t.retry_wait:.1f} s spent in backoff), "
          f"rejected (4xx) {len(t.rejected)}, given up {t.unacked_batches}")
    print(f"  records: sent {t.records_sent} ({new_timed} new + {t.resend_entries} again), "
          f"created {t.statuses.get('created', 0)}, duplicates acknowledged {t.statuses.get('duplicate', 0)} "
          f"(resends answered {dict(sorted(t.resend_statuses.items()))}; entries sent twice at once, both "
          f"answers: {dict(sorted(t.race_statuses.items()))}; {retry_dups} on retries of entries stored before "
          f"an error answer), invalid {t.statuses.get('invalid', 0)}; "
          f"warm-up entries {len(t.made) - new_timed} not timed")
    print(f"  throughput: {rps_records:.1f} records/s, {rps_requests:.1f} requests/s "
          f"({new_timed / rnd.t_timed:.1f} records/s over the writing time alone)")
    print(f"  latency per request (ms): p50 {percentile(lat, 50):.1f}  p95 {percentile(lat, 95):.1f}  "
          f"p99 {percentile(lat, 99):.1f}  max {max(lat, default=float('nan')):.1f}  mean "
          f"{(sum(lat) / len(lat)) if lat else float('nan'):.1f}")
    print("  CPU used (cores, of 2): " + ", ".join(
        f"{k} {v / wall:.2f}" if v is not None else f"{k} n/a" for k, v in cpu.items())
        + f"; load average {os.getloadavg()[0]:.1f}")
    # CPU time per record moves much less than records/s when other processes share the machine.
    acked_new = max(1, t.statuses.get("created", 0))
    per_record = {k: v * 1000 / acked_new for k, v in cpu.items() if v is not None}
    print("  CPU per record created (ms): " + ", ".join(f"{k} {v:.2f}" for k, v in per_record.items())
          + f"; per request: gunicorn {cpu['gunicorn'] * 1000 / max(1, t.requests):.2f}")
    print(f"  in the database: {db['stored']} of the {len(t.made)} entries made are stored "
          f"(rows added {db['rows_added']}), Sum(people) {db['stored_people']} = expected "
          f"{db['expected_people']}; unique entries acknowledged {db['acked']} (Sum(people) {db['acked_people']})"
          + (f"; records without a service {db['no_service']}" if db["no_service"] is not None else ""))
    if t.rejected:
        print(f"  rejected answers, e.g.: {t.rejected[:3]}")
    if t.invalid_examples:
        print(f"  invalid entries, e.g.: {t.invalid_examples[:3]}")
    if t.mismatched:
        print(f"  answers whose uuids were not the request's: {t.mismatched}")
    print(f"  double counts: {double}   (people counted beyond unique entries: {people_extra}; "
          f"stored with the wrong tally: {db['wrong_people']}; uuids answered 'created' twice: {t.created_twice})")
    print(f"  lost acknowledged records: {db['lost_acked']}; entries never stored: {db['never_stored']}")
    return {"records_s": rps_records, "requests_s": rps_requests, "p95": percentile(lat, 95),
            "server_cpu_ms": (cpu["gunicorn"] + cpu["postgres"]) * 1000 / acked_new
            if cpu["gunicorn"] is not None and cpu["postgres"] is not None else None,
            "double": double + max(0, people_extra) + db["wrong_people"], "lost": db["lost_acked"],
            "never": db["never_stored"], "retries": t.failed_attempts, "invalid": t.statuses.get("invalid", 0),
            "rejected": len(t.rejected)}


# --------------------------------------------------------------------------- profile

def profile(usernames, repeat: int = 40) -> None:
    """In-process breakdown of one sync request (3 entries): SQL statements and commits vs the rest,
    and a cProfile of the project's own functions."""
    import cProfile
    import pstats
    import statistics

    from django.db import connection
    from django.test import Client

    from tienphong.accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=usernames[0]))
    rng = random.Random(99)
    statements = []

    def timer(execute, sql, params, many, context):
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append((sql, (time.perf_counter() - t) * 1000))

    def post():
        body = json.dumps({"entries": [make_entry(rng, datetime.now(VN)) for _ in range(3)]})
        return client.post(SYNC, body, content_type="application/json")

    post()
    commit = connection._commit

    def timed_commit():  # commits do not pass through execute wrappers
        t = time.perf_counter()
        try:
            return commit()
        finally:
            statements.append(("COMMIT", (time.perf_counter() - t) * 1000))

    connection._commit = timed_commit
    totals, sqls, per_stmt, counts = [], [], {}, []
    try:
        for _ in range(repeat):
            statements.clear()
            with connection.execute_wrapper(timer):
                t = time.perf_counter()
                r = post()
                totals.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200, (r.status_code, r.content[:300])
            sqls.append(sum(ms for _, ms in statements))
            counts.append(len(statements))
            for sql, ms in statements:
                key = re.sub(r"\s+", " ", sql)
                key = re.sub(r"\(%s(, %s)*\)", "(…)", key)
                per_stmt.setdefault(key, []).append(ms)
    finally:
        del connection._commit
    total, sql_ms = statistics.median(totals), statistics.median(sqls)
    print(f"\nprofile: POST {SYNC} with 3 entries, in-process (Django test client, DEBUG=False), median of {repeat}:")
    print(f"  total {total:.1f} ms = SQL and commits {sql_ms:.1f} ms in {statistics.median(counts):.0f} round trips"
          f" + Python {total - sql_ms:.1f} ms")
    print("  round trips by time per request (ms, times per request):")
    for stmt, times in sorted(per_stmt.items(), key=lambda kv: -sum(kv[1]))[:15]:
        print(f"    {sum(times) / repeat:6.2f} ms  ×{len(times) / repeat:4.1f}  {stmt[:140]}")
    # Wall-clock timer: a CPU-time timer called through Python costs more than the calls it measures.
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(repeat):
        post()
    prof.disable()
    stats = pstats.Stats(prof)
    print(f"\ncProfile of {repeat} × POST {SYNC} (wall time, waits on PostgreSQL included): the project's, "
          "ninja's and auditlog's functions, by cumulative time:")
    stats.sort_stats("cumulative").print_stats(r"tienphong/|ninja/|pydantic/|auditlog/", 25)
    print("the same, every function by own time:")
    stats.sort_stats("tottime").print_stats(15)


# --------------------------------------------------------------------------- main

def parse_batch(text: str) -> tuple[int, int]:
    lo, _, hi = text.partition("-")
    lo, hi = int(lo), int(hi or lo)
    if not 1 <= lo <= hi <= 100:
        raise argparse.ArgumentTypeError("batch must be N or LO-HI within 1..100")
    return lo, hi


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--phones", type=int, default=50)
    p.add_argument("--seconds", type=float, default=20, help="writing time per round (default 20)")
    p.add_argument("--entries", type=int, help="instead of --seconds: entries each phone writes per round")
    p.add_argument("--resend", type=float, default=0.1, help="share of phones that resend a batch once")
    p.add_argument("--race", type=float, default=0.1, help="share of other phones that send one batch twice "
                                                         "at the same moment (a retry while in flight)")
    p.add_argument("--batch", type=parse_batch, default=(1, 5), help="entries per request, LO-HI (1-5)")
    p.add_argument("--paced", type=float, default=0.5, help="second pass of each round: phones paced at this "
                                                            "share of the first pass's requests/s (default 0.5)")
    p.add_argument("--warmup", type=int, default=2, help="untimed requests per phone before each round")
    p.add_argument("--restart-db", action="store_true", help="restart PostgreSQL once mid-way through the "
                                                             "first API round")
    p.add_argument("--retry-for", type=float, default=120, help="seconds a phone keeps retrying one batch")
    p.add_argument("--only", choices=["api", "bare"], help="run only these rounds")
    p.add_argument("--keep-db", action="store_true", help="keep the database and leave the cluster running")
    p.add_argument("--reuse", action="store_true", help="reuse the database if it holds the phones")
    p.add_argument("--cluster", default="benchfield", help="PostgreSQL 15 cluster (default: the bench's own, "
                                                           "created on first use; 'main' = the main one)")
    p.add_argument("--communes", type=int, default=10)
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    p.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker (default 4)")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--profile", action="store_true", help="also profile one sync request in-process")
    args = p.parse_args()
    if not (1 <= args.phones <= 200 and 1 <= args.seconds <= 600 and 0 <= args.resend <= 1
            and (args.entries is None or 1 <= args.entries <= 10_000) and 0 <= args.warmup <= 20
            and 0 < args.paced <= 1 and 0 <= args.race <= 1 and args.resend + args.race <= 1):
        sys.exit("phones, seconds, entries, resend or warmup out of range")
    if os.geteuid() != 0:
        sys.exit("run as root: the bench creates, starts and restarts its PostgreSQL cluster with pg_ctlcluster")
    OUT.mkdir(parents=True, exist_ok=True)
    import fcntl

    lock = open(f"/tmp/tienphong-field-writes-{args.cluster}.lock", "w")  # one run per cluster at a time
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        sys.exit(f"another field_writes.py run is using the {args.cluster} cluster; wait for it to end")

    cluster = Cluster(args.cluster)
    proc = None
    interrupted = False

    def on_term(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    try:
        cluster.ensure()
        database_url = cluster.url(DB_NAME)
        if args.cluster == "main" and args.restart_db:
            print("WARNING: --restart-db on the main cluster cuts every other connection to it")
        print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; {cluster.settings()}")
        if not args.reuse:
            fresh_database(cluster)
        configure(database_url)
        usernames = reusable(args.phones) if args.reuse else None
        if usernames is None:
            if args.reuse:
                from django.db import connections

                connections.close_all()
                fresh_database(cluster)
            usernames = populate(args.phones, args.communes)
        else:
            print(f"reusing database {DB_NAME}")
        usernames = usernames[: args.phones]

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        proc = start_gunicorn(database_url, port, args.workers, args.threads)
        wait_until_up(base, proc, OUT / "gunicorn-field.log")
        t = time.perf_counter()
        sessions = login_all(base, usernames)
        print(f"gunicorn -k gthread -w {args.workers} --threads {args.threads} (DEBUG=False, CONN_MAX_AGE=60 with "
              f"health checks) on {base}; {len(sessions)} phones logged in ({time.perf_counter() - t:.1f}s)")

        probe = sessions[0].post(base + SYNC, data=json.dumps({"entries": []}),
                                 headers={"Content-Type": "application/json"}, timeout=30)
        has_api = probe.status_code != 404
        print(f"probe POST {SYNC} with no entries: HTTP {probe.status_code} {probe.text[:200]!r}")
        if not has_api and args.only != "bare":
            print("the sync API is not there yet: bare view only")
        import requests

        bare_sessions = [requests.Session() for _ in usernames]  # no login: the bare view checks nothing
        plans = []
        if has_api and args.only != "bare":
            plans.append(("sync API", SYNC, sessions, args.batch, "support_supportrecord", args.restart_db))
            if args.batch != (1, 1):
                plans.append(("sync API, 1 entry per request", SYNC, sessions, (1, 1), "support_supportrecord",
                              False))
        if args.only != "api":
            plans.append(("bare insert view", BARE, bare_sessions, (1, 1), "bench_bare_record", False))
        if args.restart_db and not any(plan[5] for plan in plans):
            print("--restart-db: no API round to restart under")

        results = {}
        restarts = []
        gunicorn_pid = proc.pid

        def run_round(n, label, path, sess, batch, table, restart, rate=None):
            rows_before, people_before = table_rows(database_url, table)
            rnd = Round(label=label, url=base + path, sessions=sess, batch=batch, seconds=args.seconds,
                        entries=args.entries, resend=args.resend, warmup=args.warmup, retry_for=args.retry_for,
                        seed=args.seed + n, rate=rate, race=args.race)
            restarter = []

            def on_start(r, goal=(args.entries or 0) * len(sess) // 2):
                """Restart PostgreSQL half-way: at half the time, or at half the entries acknowledged."""
                def work():
                    half = r.t_start + args.seconds / 2
                    while not r.stop.is_set():
                        if (goal and r.acked_count >= goal) or (not goal and time.perf_counter() >= half):
                            at = time.perf_counter() - r.t_start
                            restarts.append((at, cluster.ctl("restart")))
                            return
                        time.sleep(0.05)

                restarter.append(threading.Thread(target=work, daemon=True))
                restarter[0].start()

            pg_pid = cluster.postmaster_pid()

            def cpu_probe():
                return {"phones (this process)": time.process_time(), "gunicorn": tree_cpu(gunicorn_pid),
                        "postgres": tree_cpu(pg_pid) if cluster.postmaster_pid() == pg_pid else None}

            rnd.run(on_start=on_start if restart else None, cpu_probe=cpu_probe)
            for t in restarter:
                t.join(timeout=60)
            cpu0, cpu1 = rnd.cpu0, rnd.cpu1
            cpu = {k: (cpu1[k] - cpu0[k]) if cpu0[k] is not None and cpu1[k] is not None else None for k in cpu0}
            db = check_database(database_url, table, rnd, rows_before)
            if restart:
                for at, took in restarts:
                    print(f"\n(PostgreSQL {PG_VERSION}/{args.cluster} restarted {at:.1f} s into the round below; "
                          f"pg_ctlcluster restart took {took:.1f} s)")
                if not restarts:
                    print("\n(the round ended before the restart was due: no restart)")
            return report(rnd, db, cpu, people_before)

        n = 0
        for label, path, sess, batch, table, restart in plans:
            full = run_round(n, label, path, sess, batch, table, restart)
            rate = round(full["requests_s"] * args.paced, 1)
            paced = run_round(n + 1, f"{label}, paced at {rate:g} requests/s", path, sess, batch, table, False, rate)
            results[label] = (full, paced, rate)
            n += 2

        print("\n== summary (throughput: phones flat out; latency: also phones paced at "
              f"{args.paced:.0%} of that round's requests/s)")
        bare = results.get("bare insert view")
        for label, (r, pr, rate) in results.items():
            line = (f"  {label:<30} {r['records_s']:7.1f} records/s {r['requests_s']:6.1f} requests/s  "
                    f"p95 flat out {r['p95']:6.1f} ms, paced {pr['p95']:6.1f} ms  double counts "
                    f"{r['double'] + pr['double']}")
            if bare and label != "bare insert view":
                line += f"  API/bare records/s {r['records_s'] / bare[0]['records_s']:.2f}"
            print(line)
        for label, (r, pr, rate) in results.items():
            cost = r["server_cpu_ms"] or pr["server_cpu_ms"]
            if cost is None:
                continue
            line = f"  {label:<30} server CPU (gunicorn + PostgreSQL) per record {cost:.2f} ms"
            base_cost = bare and (bare[0]["server_cpu_ms"] or bare[1]["server_cpu_ms"])
            if base_cost and label != "bare insert view":
                line += f"; bare/API {base_cost / cost:.2f} (the records/s ratio if only the server's CPU counted)"
            print(line)
        for label, (r, pr, rate) in results.items():
            if label == "bare insert view":
                continue
            ok_ratio = bool(bare) and r["records_s"] >= 0.5 * bare[0]["records_s"]
            ok_double = all(x["double"] == 0 and x["invalid"] == 0 and x["rejected"] == 0 for x in (r, pr))
            print(f"  goal for {label}: records/s ≥ ½ bare {'met' if ok_ratio else 'MISSED'}, "
                  f"p95 < 100 ms paced {'met' if pr['p95'] < 100 else 'MISSED'} "
                  f"(flat out {'met' if r['p95'] < 100 else 'missed'}), zero double counts "
                  f"{'met' if ok_double else 'MISSED'}")
        if args.restart_db and "sync API" in results:
            api = results["sync API"][0]
            print(f"  --restart-db: restarts {len(restarts)}, lost acknowledged records: {api['lost']}, "
                  f"entries never stored: {api['never']}, failed attempts retried: {api['retries']} "
                  f"({'met' if api['lost'] == 0 and api['never'] == 0 and restarts else 'MISSED'})")
        print(f"  load average now {os.getloadavg()[0]:.1f} (other processes on the machine skew every figure)")
        if args.profile:
            profile(usernames)
    except KeyboardInterrupt:
        interrupted = True
        print("\ninterrupted: cleaning up", file=sys.stderr)
    finally:
        if proc is not None:
            stop_gunicorn(proc)
        try:
            from django.db import connections

            connections.close_all()
        except Exception:
            pass
        if not args.keep_db:
            try:
                import psycopg

                if cluster.info()["online"]:
                    with psycopg.connect(cluster.url("postgres"), autocommit=True) as conn:
                        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
                    if args.cluster != "main":
                        cluster.ctl("stop")
            except Exception as e:
                print(f"cleanup: {e}", file=sys.stderr)
    if interrupted:
        sys.exit(130)


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Benchmark: province and national dashboards at national scale, against a raw GROUP BY and a bare page.

Run by hand (not a test):

    .venv/bin/python -u bench/dashboards.py --database-url postgres://postgres@127.0.0.1:5432/tienphong_bench_dash
    .venv/bin/python -u bench/dashboards.py --province 37 --records 1000000      # SQLite, Ninh Bình

It builds its own database: the real provinces and communes (`manage.py load_units`), a grassroots
union, three branches, two teams and a culture house per commune, then by bulk SQL members, support
records (with their services and volunteers), literacy classes (teachers, attendees) and youth works
(volunteers) spread over the two years up to now, and the rollups once with the product's own
`tienphong.rollups.services.rebuild()`. `--records 1000000,10000000` measures at 1M support records,
grows the same database to 10M (rebuilding the rollups) and measures again.

At each size, in one run: the national and the province dashboard (`GET /reports/?unit=…&period=year`,
also `period=month` for the province), served by gunicorn exactly as in production (DEBUG=False, 2
sync workers) plus the bench-only bare page `/bench/bare/` (bench/bench_urls.py): p50/p95/p99/max of
sequential requests; the same headline figures computed straight from the raw records by plain SQL
GROUP BY (what a design without rollups runs on every page view); the national Excel export of every
commune for the year, read to its last byte; and how long a support record posted through the sync API
takes to show in the province's figures.

Goals: p95(dashboard) ≤ raw GROUP BY ÷ 50 and ≤ 3 × p95(bare); export < 30 s; a new record visible
within 5 s.

Everything runs on 127.0.0.1 with bounded loops; the gunicorn it starts is stopped at the end.
"""

import argparse
import datetime as dt
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

from serving import login as serving_login
from serving import statement_timer
from serving import configure, free_port, percentile, server_env, stop_gunicorn, wait_until_up, timed_get

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
ADMIN = "bench.quantri"        # superuser: the national dashboard
PROVINCE_ADMIN = "bench.tinhdoan"  # province administrator: the province dashboard, the freshness probe
PASSWORD = "Bench-mat-khau-2025"
DAYS = 730  # records spread over the two years up to now
META = "bench_dash_meta"
COMMUNES = "bench_dash_commune"

# Weighted choices shared by both generators: (value, cumulative share).
SETTINGS_W = [("door_to_door", .50), ("commune_office", .70), ("service_center", .80), ("class", .90), ("other", 1)]
OUTCOMES_W = [("done", .80), ("partly", .92), ("referred", 1)]
SERVICES_W = [("vneid", .35), ("public_service", .57), ("cashless", .72), ("citizen_apps", .82),
              ("ecommerce", .87), ("cyber_safety", .95), ("other", 1)]
STATUS_W = [("active", .88), ("moved", .92), ("matured", .98), ("left", 1)]
SKILL_W = [(1, .40), (2, .75), (3, .93), (4, 1)]
WORK_STATUS_W = [("approved", .80), ("submitted", .88), ("draft", .95), ("rejected", 1)]
WORK_KINDS = ["wifi_point", "digital_library", "relic_digitisation", "product_qr", "training", "other"]
# people per entry: mostly one citizen, sometimes a tally of up to 30
PEOPLE_W = [(1, .60), (2, .75), (3, .85), (5, .95)]  # the last 5%: 1 + floor(r × 30)


def _case(expr: str, weighted, quote=True) -> str:
    """SQL CASE picking a value by a uniform [0, 1) expression."""
    parts = [f"WHEN {expr} < {share} THEN {repr(v) if quote else v}" for v, share in weighted[:-1]]
    last = weighted[-1][0]
    return f"CASE {' '.join(parts)} ELSE {repr(last) if quote else last} END"


def _pick(r: float, weighted):
    for v, share in weighted:
        if r < share:
            return v
    return weighted[-1][0]


def _people_sql(r: str, r2: str) -> str:
    return f"CASE {' '.join(f'WHEN {r} < {s} THEN {v}' for v, s in PEOPLE_W)} ELSE 1 + floor({r2} * 30)::int END"


def _people(rng: random.Random) -> int:
    r = rng.random()
    for v, s in PEOPLE_W:
        if r < s:
            return v
    return 1 + int(rng.random() * 30)


# --------------------------------------------------------------------------- setup

def is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://", "pgsql://"))


def reset_database(database_url: str) -> None:
    from member_list import reset_database as reset

    reset(database_url)


def load(msg: str) -> str:
    return f"{msg} (load average {os.getloadavg()[0]:.1f})"


def q1(sql, params=()):
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(sql, params or None)
        return cur.fetchone()


def execute(sql, params=()):
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(sql, params or None)
        return cur.rowcount


def meta_get() -> dict:
    try:
        row = q1(f"SELECT value FROM {META} WHERE id = 1")
        return json.loads(row[0]) if row else {}
    except Exception:
        return {}


def meta_set(data: dict) -> None:
    execute(f"DELETE FROM {META}")
    execute(f"INSERT INTO {META} (id, value) VALUES (1, %s)", [json.dumps(data)])


def build_tree(province_code: str | None) -> dict:
    """Units from vietnamadminunits, then per commune a grassroots union, 3 branches, 2 teams, a place;
    the two accounts; the commune table the generators draw from."""
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection, transaction

    from tienphong.accounts.models import Role, RoleAssignment, User
    from tienphong.places.models import Place
    from tienphong.teams.models import Team
    from tienphong.units.models import OrgUnit

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    collectstatic()
    t1 = time.perf_counter()
    call_command("load_units", provinces=[province_code] if province_code else None, verbosity=0)
    t2 = time.perf_counter()
    K = OrgUnit.Kind
    communes = list(OrgUnit.objects.filter(kind=K.COMMUNE).order_by("path"))
    with transaction.atomic():
        grass = OrgUnit.objects.bulk_create([
            OrgUnit(code=f"{c.code}-01", name=f"Đoàn cơ sở {c.name}", kind=K.GRASSROOTS, parent=c,
                    path=f"/tmp-{c.code}-01/", depth=c.depth + 1, commune=c) for c in communes], batch_size=2000)
        for g, c in zip(grass, communes):
            g.path = f"{c.path}{g.pk}/"
        OrgUnit.objects.bulk_update(grass, ["path"], batch_size=2000)
        branches = OrgUnit.objects.bulk_create([
            OrgUnit(code=f"{c.code}-01-{b:02d}", name=f"Chi đoàn Thôn {b}", kind=K.BRANCH, parent=g,
                    path=f"/tmp-{c.code}-01-{b:02d}/", depth=c.depth + 2, commune=c)
            for g, c in zip(grass, communes) for b in (1, 2, 3)], batch_size=2000)
        for br in branches:
            br.path = f"{br.parent.path}{br.pk}/"
        OrgUnit.objects.bulk_update(branches, ["path"], batch_size=2000)
        places = Place.objects.bulk_create([
            Place(name=f"Nhà văn hóa {c.name}", kind=Place.Kind.CULTURE_HOUSE, commune=c, path=c.path,
                  search_text=" nha van hoa") for c in communes], batch_size=2000)
        teams = Team.objects.bulk_create([
            Team(name=f"{label} {c.name}", kind=kind, commune=c, path=c.path, search_text=f" {label.lower()}")
            for c in communes for kind, label in ((Team.Kind.COMMUNITY_TECH, "Tổ công nghệ số cộng đồng"),
                                                  (Team.Kind.VOLUNTEER, "Đội thanh niên tình nguyện"))],
            batch_size=2000)
        password = make_password(PASSWORD)
        User.objects.create(username=ADMIN, full_name="Quản trị quốc gia", password=password, is_superuser=True,
                            is_staff=True)
        province = OrgUnit.objects.filter(kind=K.PROVINCE, code=province_code or "37").first()
        province = province or OrgUnit.objects.filter(kind=K.PROVINCE).order_by("code").first()
        officer = User.objects.create(username=PROVINCE_ADMIN, full_name="Trần Ngọc Nam", password=password)
        RoleAssignment.objects.create(user=officer, unit=province, role=Role.PROVINCE_ADMIN)
        with connection.cursor() as cur:
            cur.execute(f"CREATE TABLE {META} (id integer PRIMARY KEY, value text)")
            cur.execute(f"CREATE TABLE {COMMUNES} (i integer PRIMARY KEY, commune_id integer, path varchar(255), "
                        "b1 integer, b2 integer, b3 integer, bp1 varchar(255), bp2 varchar(255), bp3 varchar(255), "
                        "t1 integer, t2 integer, place_id integer, m_lo integer, m_n integer)")
            rows = []
            for i, c in enumerate(communes):
                bs = branches[3 * i:3 * i + 3]
                rows.append([i, c.pk, c.path, *[b.pk for b in bs], *[b.path for b in bs],
                             teams[2 * i].pk, teams[2 * i + 1].pk, places[i].pk, 0, 0])
            cur.executemany(f"INSERT INTO {COMMUNES} VALUES ({', '.join(['%s'] * 14)})", rows)
    meta = {"province": province.pk, "province_code": province.code, "province_path": province.path,
            "communes": len(communes), "records": 0, "members": 0, "classes": 0, "attendees": 0, "works": 0}
    meta_set(meta)
    print(f"units: {OrgUnit.objects.filter(kind=K.PROVINCE).count()} provinces, {len(communes):,} communes, "
          f"{len(grass):,} grassroots unions, {len(branches):,} branches, {len(teams):,} teams, {len(places):,} "
          f"places (migrate {t1 - t0:.1f}s, load_units {t2 - t1:.1f}s, the rest {time.perf_counter() - t2:.1f}s)")
    return meta


def collectstatic() -> None:
    """The static files for DEBUG=False. If a vendored file names a source map that is not there, the
    manifest storage refuses the whole run: say so, and collect again without following source maps."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command

    try:
        call_command("collectstatic", verbosity=0, interactive=False)
        return
    except Exception as e:  # whitenoise.storage.MissingFileError
        print(f"WARNING collectstatic failed ({' '.join(str(e).split())[:160]}…); "
              "collecting again without rewriting sourceMappingURL comments")
    storage = staticfiles_storage._wrapped  # compiled patterns: {extension: [(regex, template), …]}
    storage._patterns = {ext: [(rx, tpl) for rx, tpl in pats if "sourceMappingURL" not in rx.pattern]
                         for ext, pats in storage._patterns.items()}
    call_command("collectstatic", verbosity=0, interactive=False)


# --------------------------------------------------------------------------- PostgreSQL generator

class PgBulk:
    """Around a bulk load on PostgreSQL: foreign-key triggers off for this session (the generator keeps
    every reference valid, and `check()` proves it after), secondary indexes dropped and rebuilt after."""

    TABLES = ["members_member", "support_supportrecord", "support_supportrecord_services",
              "support_supportrecord_volunteers", "literacy_literacyclass", "literacy_literacyclass_teachers",
              "literacy_attendee", "campaigns_youthwork", "campaigns_youthwork_volunteers"]

    def __init__(self, tables):
        self.tables = tables
        self.indexes = []

    def __enter__(self):
        execute("SET session_replication_role = replica")
        execute("SET maintenance_work_mem = '1GB'")
        execute("SET work_mem = '256MB'")
        from django.db import connection

        with connection.cursor() as cur:
            # Plain indexes only: primary keys and unique constraints stay (they are constraints).
            cur.execute("SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public' "
                        "AND i.tablename = ANY(%s) AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
                        "WHERE c.conname = i.indexname)", [self.tables])
            self.indexes = cur.fetchall()
            for name, _ in self.indexes:
                cur.execute(f'DROP INDEX "{name}"')
        return self

    def __exit__(self, *exc):
        t = time.perf_counter()
        from django.db import connection

        with connection.cursor() as cur:
            for _, definition in self.indexes:
                cur.execute(definition)
            cur.execute("SET session_replication_role = DEFAULT")
            cur.execute("RESET work_mem")
        if exc[0] is None:
            print(f"  {len(self.indexes)} indexes rebuilt ({time.perf_counter() - t:.1f}s)")
        return False


def _service_ids() -> list[int]:
    from tienphong.support.models import Service

    ids = dict(Service.objects.values_list("code", "pk"))
    return [ids[code] for code, _ in SERVICES_W]


def _now():
    from django.utils import timezone

    return timezone.now().replace(microsecond=0)


def _step(label, fn, *args):
    t = time.perf_counter()
    n = fn(*args)
    secs = time.perf_counter() - t
    print(f"  {label}: {n:,} rows ({secs:.1f}s, {n / max(secs, 1e-9):,.0f}/s)")
    return n


def pg_members(n: int, meta: dict) -> int:
    N = meta["communes"]
    sql = f"""
    WITH g AS MATERIALIZED (SELECT s, floor(s::bigint * {N} / {n})::int AS ci, random() r1, random() r2,
                                   random() r3, random() r4, random() r5, random() r6 FROM generate_series(0, {n - 1}) s)
    INSERT INTO members_member (full_name, gender, birth_date, phone, email, branch_id, commune_id, path, joined_on,
                                status, is_core, digital_skill, user_id, search_text, sort_key, created_at, updated_at)
    SELECT 'Đoàn viên ' || g.s, CASE WHEN r1 < 0.5 THEN 'male' ELSE 'female' END,
           date '1991-01-01' + floor(r2 * 7000)::int, '09' || lpad(g.s::text, 8, '0'), '',
           CASE mod(g.s, 3) WHEN 0 THEN c.b1 WHEN 1 THEN c.b2 ELSE c.b3 END, c.commune_id,
           CASE mod(g.s, 3) WHEN 0 THEN c.bp1 WHEN 1 THEN c.bp2 ELSE c.bp3 END,
           date '2008-01-01' + floor(r3 * 6500)::int, {_case('r4', STATUS_W)}, r5 < 0.1,
           {_case('r6', SKILL_W, quote=False)}, NULL, ' doan vien ' || g.s, 'vien doan ' || lpad(g.s::text, 8, '0'),
           now(), now()
    FROM g JOIN {COMMUNES} c ON c.i = g.ci ORDER BY g.s"""
    n_rows = execute(sql)
    execute(f"UPDATE {COMMUNES} c SET m_lo = m.lo, m_n = m.n FROM (SELECT commune_id, min(id) lo, count(*) n, "
            f"max(id) hi FROM members_member GROUP BY commune_id) m WHERE m.commune_id = c.commune_id")
    bad = q1("SELECT count(*) FROM (SELECT min(id) lo, max(id) hi, count(*) n FROM members_member "
             "GROUP BY commune_id) m WHERE hi - lo + 1 <> n")[0]
    if bad:
        sys.exit(f"members are not contiguous per commune in {bad} communes")
    return n_rows


def pg_support(lo: int, hi: int, meta: dict, now) -> int:
    """Support records number lo..hi-1, with their services and volunteers, in chunks of 1M."""
    N = meta["communes"]
    svc = _service_ids()
    total = 0
    for a in range(lo, hi, 1_000_000):
        b = min(hi, a + 1_000_000)
        before = q1("SELECT COALESCE(max(id), 0) FROM support_supportrecord")[0]
        t = time.perf_counter()
        execute(f"""
        WITH g AS MATERIALIZED (SELECT s, random() r1, random() r2, random() r3, random() r4, random() r5,
                                       random() r6, random() r7 FROM generate_series({a}, {b - 1}) s)
        INSERT INTO support_supportrecord (uuid, occurred_at, setting, unit_id, commune_id, path, place_id, place_note,
            team_id, procedure, outcome, people, minutes, age_band, gender, note, source, created_by_id, created_at,
            updated_at)
        SELECT gen_random_uuid(), w.at, {_case('r3', SETTINGS_W)}, c.commune_id, c.commune_id, c.path, NULL, '',
               CASE WHEN r7 < 0.35 THEN c.t1 WHEN r7 < 0.7 THEN c.t2 END, '', {_case('r4', OUTCOMES_W)},
               {_people_sql('r5', 'r6')}, NULL, '', '', '', 'demo', NULL, w.at, w.at
        FROM g JOIN {COMMUNES} c ON c.i = floor(g.r1 * {N})::int
        CROSS JOIN LATERAL (SELECT %s::timestamptz - g.r2 * interval '{DAYS} days' AS at) w ORDER BY g.s""", [now])
        execute(f"""
        WITH r AS MATERIALIZED (SELECT id, {_case('random()', [(k, s) for k, (_c, s) in enumerate(SERVICES_W)],
                                                   quote=False)} AS k, random() y
                                FROM support_supportrecord WHERE id > %s)
        INSERT INTO support_supportrecord_services (supportrecord_id, service_id)
        SELECT id, (%s::int[])[k + 1] FROM r
        UNION ALL SELECT id, (%s::int[])[mod(k + 1, {len(svc)}) + 1] FROM r WHERE y < 0.25""", [before, svc, svc])
        execute(f"""
        WITH r AS MATERIALIZED (SELECT s.id, s.commune_id, random() x, random() y FROM support_supportrecord s
                                WHERE s.id > %s)
        INSERT INTO support_supportrecord_volunteers (supportrecord_id, member_id)
        SELECT r.id, c.m_lo + floor(r.x * c.m_n)::int FROM r JOIN {COMMUNES} c ON c.commune_id = r.commune_id
        WHERE c.m_n > 0
        UNION ALL SELECT r.id, c.m_lo + mod(floor(r.x * c.m_n)::int + 1, c.m_n) FROM r
        JOIN {COMMUNES} c ON c.commune_id = r.commune_id WHERE r.y < 0.15 AND c.m_n > 1""", [before])
        total += b - a
        print(f"    support records {b:,} ({time.perf_counter() - t:.1f}s)", flush=True)
    return total


def pg_classes(n: int, attendees: int, meta: dict, now) -> int:
    N = meta["communes"]
    before = q1("SELECT COALESCE(max(id), 0) FROM literacy_literacyclass")[0]
    execute(f"""
    WITH g AS MATERIALIZED (SELECT s, random() r1, random() r2, random() r3, random() r4 FROM generate_series(0, {n - 1}) s)
    INSERT INTO literacy_literacyclass (title, commune_id, path, venue_id, team_id, starts_at, ends_at, custom_topic,
        capacity, status, public_code, signup_open, created_by_id, created_at, search_text)
    SELECT 'Lớp Bình dân học vụ số ' || g.s, c.commune_id, c.path, c.place_id, CASE WHEN r3 < 0.8 THEN c.t1 END,
           w.at, w.at + interval '2 hours', '', 30, CASE WHEN r4 < 0.05 THEN 'cancelled' ELSE 'done' END,
           'bd' || g.s, false, NULL, w.at, ' lop binh dan hoc vu so ' || g.s
    FROM g JOIN {COMMUNES} c ON c.i = floor(g.r1 * {N})::int
    CROSS JOIN LATERAL (SELECT date_trunc('hour', %s::timestamptz - g.r2 * interval '{DAYS} days') AS at) w
    ORDER BY g.s""", [now])
    lo, hi, cnt = q1("SELECT min(id), max(id), count(*) FROM literacy_literacyclass WHERE id > %s", [before])
    if hi - lo + 1 != cnt:
        sys.exit("class ids are not contiguous")
    execute(f"""
    WITH r AS MATERIALIZED (SELECT l.id, l.commune_id, random() x, random() y FROM literacy_literacyclass l WHERE l.id > %s)
    INSERT INTO literacy_literacyclass_teachers (literacyclass_id, member_id)
    SELECT r.id, c.m_lo + floor(r.x * c.m_n)::int FROM r JOIN {COMMUNES} c ON c.commune_id = r.commune_id WHERE c.m_n > 0
    UNION ALL SELECT r.id, c.m_lo + mod(floor(r.x * c.m_n)::int + 1, c.m_n) FROM r
    JOIN {COMMUNES} c ON c.commune_id = r.commune_id WHERE r.y < 0.3 AND c.m_n > 1""", [before])
    execute(f"""
    INSERT INTO literacy_attendee (literacy_class_id, full_name, phone, age_band, gender, source, attended, attended_at,
                                   client_token, created_at)
    SELECT {lo} + floor(s::bigint * {cnt} / {attendees})::int, 'Học viên ' || s, '', '', '',
           CASE WHEN mod(s, 10) = 0 THEN 'walk_in' ELSE 'signup' END, random() < 0.85, NULL, '', now()
    FROM generate_series(0, {attendees - 1}) s""")
    return n


def pg_works(n: int, meta: dict, now) -> int:
    N = meta["communes"]
    before = q1("SELECT COALESCE(max(id), 0) FROM campaigns_youthwork")[0]
    execute(f"""
    WITH g AS MATERIALIZED (SELECT s, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6,
                                   random() r7, random() r8 FROM generate_series(0, {n - 1}) s)
    INSERT INTO campaigns_youthwork (campaign_id, title, category, kind, commune_id, path, place_id, place_note, team_id,
        value_vnd, beneficiaries, completed_on, description, status, created_by_id, submitted_at, reviewed_by_id,
        reviewed_at, review_note, search_text, created_at, updated_at)
    SELECT NULL, 'Công trình thanh niên ' || g.s, CASE WHEN r5 < 0.6 THEN 'work' ELSE 'task' END,
           (%s::text[])[1 + floor(r3 * {len(WORK_KINDS)})::int], c.commune_id, c.path, NULL, '',
           CASE WHEN r4 < 0.7 THEN c.t2 END, (1 + floor(r6 * r6 * 200)::bigint) * 500000, floor(r7 * 300)::int,
           w.day, '', w.status, NULL, w.day::timestamptz, NULL,
           CASE WHEN w.status = 'approved' THEN w.day::timestamptz + interval '1 day' END, '',
           ' cong trinh thanh nien ' || g.s, w.day::timestamptz, w.day::timestamptz
    FROM g JOIN {COMMUNES} c ON c.i = floor(g.r1 * {N})::int
    CROSS JOIN LATERAL (SELECT (%s::date - floor(g.r2 * {DAYS})::int) AS day, {_case('g.r8', WORK_STATUS_W)} AS status) w
    ORDER BY g.s""", [WORK_KINDS, _local_today(now)])
    execute(f"""
    WITH r AS MATERIALIZED (SELECT w.id, w.commune_id, random() x, random() y FROM campaigns_youthwork w WHERE w.id > %s)
    INSERT INTO campaigns_youthwork_volunteers (youthwork_id, member_id)
    SELECT r.id, c.m_lo + floor(r.x * c.m_n)::int FROM r JOIN {COMMUNES} c ON c.commune_id = r.commune_id WHERE c.m_n > 0
    UNION ALL SELECT r.id, c.m_lo + mod(floor(r.x * c.m_n)::int + 1, c.m_n) FROM r
    JOIN {COMMUNES} c ON c.commune_id = r.commune_id WHERE r.y < 0.5 AND c.m_n > 1
    UNION ALL SELECT r.id, c.m_lo + mod(floor(r.x * c.m_n)::int + 2, c.m_n) FROM r
    JOIN {COMMUNES} c ON c.commune_id = r.commune_id WHERE r.y < 0.25 AND c.m_n > 2""", [before])
    return n


def _local_today(now):
    from django.utils import timezone

    return timezone.localtime(now).date()


# --------------------------------------------------------------------------- SQLite generator

def _sqlite_communes() -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(f"SELECT i, commune_id, path, b1, b2, b3, bp1, bp2, bp3, t1, t2, place_id, m_lo, m_n "
                    f"FROM {COMMUNES} ORDER BY i")
        return cur.fetchall()


def _raw():
    from django.db import connection

    connection.ensure_connection()
    return connection.connection


def _insert_many(table: str, columns: str, rows_iter, chunk: int = 50_000) -> int:
    raw = _raw()
    n_cols = columns.count(",") + 1
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['?'] * n_cols)})"
    n, batch = 0, []
    cur = raw.cursor()
    cur.execute("BEGIN")
    for row in rows_iter:
        batch.append(row)
        if len(batch) >= chunk:
            cur.executemany(sql, batch)
            n += len(batch)
            batch = []
    if batch:
        cur.executemany(sql, batch)
        n += len(batch)
    cur.execute("COMMIT")
    return n


def _ts(d: dt.datetime) -> str:
    return d.astimezone(dt.timezone.utc).replace(tzinfo=None).isoformat(sep=" ")


def lite_members(n: int, meta: dict, rng: random.Random) -> int:
    cs = _sqlite_communes()
    N = len(cs)
    now = _ts(_now())

    def rows():
        for s in range(n):
            c = cs[s * N // n]
            b = s % 3
            yield (f"Đoàn viên {s}", "male" if rng.random() < 0.5 else "female",
                   (dt.date(1991, 1, 1) + dt.timedelta(days=int(rng.random() * 7000))).isoformat(),
                   f"09{s:08d}", "", c[3 + b], c[1], c[6 + b],
                   (dt.date(2008, 1, 1) + dt.timedelta(days=int(rng.random() * 6500))).isoformat(),
                   _pick(rng.random(), STATUS_W), int(rng.random() < 0.1), _pick(rng.random(), SKILL_W), None,
                   f" doan vien {s}", f"vien doan {s:08d}", now, now)

    done = _insert_many("members_member", "full_name, gender, birth_date, phone, email, branch_id, commune_id, path, "
                        "joined_on, status, is_core, digital_skill, user_id, search_text, sort_key, created_at, "
                        "updated_at", rows())
    execute(f"UPDATE {COMMUNES} SET m_lo = (SELECT min(id) FROM members_member m WHERE m.commune_id = "
            f"{COMMUNES}.commune_id), m_n = (SELECT count(*) FROM members_member m WHERE m.commune_id = "
            f"{COMMUNES}.commune_id)")
    return done


def _member_links(rng, c, owner_id: int, second_share: float, out: list) -> None:
    """One member of commune row `c` (its members are ids c[12] … c[12]+c[13]-1) for `owner_id`, and a
    second one with probability `second_share`."""
    if c[13] > 0:
        off = int(rng.random() * c[13])
        out.append((owner_id, c[12] + off))
        if rng.random() < second_share and c[13] > 1:
            out.append((owner_id, c[12] + (off + 1) % c[13]))


def lite_support(lo: int, hi: int, meta: dict, now, rng: random.Random) -> int:
    cs = _sqlite_communes()
    N = len(cs)
    svc = _service_ids()
    svc_cum = [s for _c, s in SERVICES_W]
    total = 0
    for a in range(lo, hi, 500_000):
        b = min(hi, a + 500_000)
        t = time.perf_counter()
        first = (q1("SELECT COALESCE(max(id), 0) FROM support_supportrecord")[0] or 0) + 1
        links_s, links_v = [], []

        def rows():
            rid = first
            for _ in range(a, b):
                c = cs[int(rng.random() * N)]
                at = _ts(now - dt.timedelta(seconds=rng.random() * DAYS * 86400))
                r7 = rng.random()
                team = c[9] if r7 < 0.35 else c[10] if r7 < 0.7 else None
                yield (uuid.uuid4().hex, at, _pick(rng.random(), SETTINGS_W), c[1], c[1], c[2], None, "", team, "",
                       _pick(rng.random(), OUTCOMES_W), _people(rng), None, "", "", "", "demo", None, at, at)
                k = _svc_index(rng, svc_cum)
                links_s.append((rid, svc[k]))
                if rng.random() < 0.25:
                    links_s.append((rid, svc[(k + 1) % len(svc)]))
                _member_links(rng, c, rid, 0.15, links_v)
                rid += 1

        _insert_many("support_supportrecord", "uuid, occurred_at, setting, unit_id, commune_id, path, place_id, "
                     "place_note, team_id, procedure, outcome, people, minutes, age_band, gender, note, source, "
                     "created_by_id, created_at, updated_at", rows())
        last = q1("SELECT max(id) FROM support_supportrecord")[0]
        if last != first + (b - a) - 1:
            sys.exit(f"support record ids are not contiguous ({first}..{last} for {b - a} rows)")
        _insert_many("support_supportrecord_services", "supportrecord_id, service_id", links_s)
        _insert_many("support_supportrecord_volunteers", "supportrecord_id, member_id", links_v)
        total += b - a
        print(f"    support records {b:,} ({time.perf_counter() - t:.1f}s)", flush=True)
    return total


def _svc_index(rng, cum) -> int:
    r = rng.random()
    for i, s in enumerate(cum):
        if r < s:
            return i
    return len(cum) - 1


def lite_classes(n: int, attendees: int, meta: dict, now, rng: random.Random) -> int:
    cs = _sqlite_communes()
    N = len(cs)
    first = (q1("SELECT COALESCE(max(id), 0) FROM literacy_literacyclass")[0] or 0) + 1
    teachers = []

    def rows():
        cid = first
        for s in range(n):
            c = cs[int(rng.random() * N)]
            at = (now - dt.timedelta(seconds=rng.random() * DAYS * 86400)).replace(minute=0, second=0)
            yield (f"Lớp Bình dân học vụ số {s}", c[1], c[2], c[11], c[9] if rng.random() < 0.8 else None, _ts(at),
                   _ts(at + dt.timedelta(hours=2)), "", 30, "cancelled" if rng.random() < 0.05 else "done",
                   f"bd{s}", 0, None, _ts(at), f" lop binh dan hoc vu so {s}")
            _member_links(rng, c, cid, 0.3, teachers)
            cid += 1

    _insert_many("literacy_literacyclass", "title, commune_id, path, venue_id, team_id, starts_at, ends_at, "
                 "custom_topic, capacity, status, public_code, signup_open, created_by_id, created_at, search_text",
                 rows())
    _insert_many("literacy_literacyclass_teachers", "literacyclass_id, member_id", teachers)
    stamp = _ts(now)
    _insert_many("literacy_attendee", "literacy_class_id, full_name, phone, age_band, gender, source, attended, "
                 "attended_at, client_token, created_at",
                 ((first + s * n // attendees, f"Học viên {s}", "", "", "", "walk_in" if s % 10 == 0 else "signup",
                   int(rng.random() < 0.85), None, "", stamp) for s in range(attendees)))
    return n


def lite_works(n: int, meta: dict, now, rng: random.Random) -> int:
    cs = _sqlite_communes()
    N = len(cs)
    today = _local_today(now)
    first = (q1("SELECT COALESCE(max(id), 0) FROM campaigns_youthwork")[0] or 0) + 1
    vols = []

    def rows():
        wid = first
        for s in range(n):
            c = cs[int(rng.random() * N)]
            day = today - dt.timedelta(days=int(rng.random() * DAYS))
            stamp = _ts(dt.datetime.combine(day, dt.time(), tzinfo=now.tzinfo))
            status = _pick(rng.random(), WORK_STATUS_W)
            r6 = rng.random()
            yield (None, f"Công trình thanh niên {s}", "work" if rng.random() < 0.6 else "task",
                   WORK_KINDS[int(rng.random() * len(WORK_KINDS))], c[1], c[2], None, "",
                   c[10] if rng.random() < 0.7 else None, (1 + int(r6 * r6 * 200)) * 500000, int(rng.random() * 300),
                   day.isoformat(), "", status, None, stamp, None,
                   _ts(dt.datetime.combine(day, dt.time(), tzinfo=now.tzinfo) + dt.timedelta(days=1))
                   if status == "approved" else None, "", f" cong trinh thanh nien {s}", stamp, stamp)
            if c[13] > 0:
                off, y = int(rng.random() * c[13]), rng.random()
                vols.append((wid, c[12] + off))
                if y < 0.5 and c[13] > 1:
                    vols.append((wid, c[12] + (off + 1) % c[13]))
                if y < 0.25 and c[13] > 2:
                    vols.append((wid, c[12] + (off + 2) % c[13]))
            wid += 1

    _insert_many("campaigns_youthwork", "campaign_id, title, category, kind, commune_id, path, place_id, place_note, "
                 "team_id, value_vnd, beneficiaries, completed_on, description, status, created_by_id, submitted_at, "
                 "reviewed_by_id, reviewed_at, review_note, search_text, created_at, updated_at", rows())
    _insert_many("campaigns_youthwork_volunteers", "youthwork_id, member_id", vols)
    return n


# --------------------------------------------------------------------------- generation driver

def generate(args, meta: dict, target_records: int) -> dict:
    """Bring the database to `target_records` support records (and the fixed tables to their sizes)."""
    from django.db import connection

    pg = connection.vendor == "postgresql"
    now = _now()
    rng = random.Random(args.seed + meta["records"])
    t0 = time.perf_counter()
    print(load(f"generating up to {target_records:,} support records"), flush=True)
    if pg:
        tables = PgBulk.TABLES if meta["members"] == 0 else [t for t in PgBulk.TABLES if t.startswith("support_")]
        with PgBulk(tables):
            if meta["members"] == 0:
                meta["members"] = _step("members", pg_members, args.members, meta)
                meta["classes"] = _step("classes (+ teachers, attendees)", pg_classes, args.classes,
                                        args.attendees, meta, now)
                meta["attendees"] = args.attendees
                meta["works"] = _step("youth works (+ volunteers)", pg_works, args.works, meta, now)
            meta["records"] += _step("support records (+ services, volunteers)", pg_support, meta["records"],
                                     target_records, meta, now)
        t = time.perf_counter()
        with connection.cursor() as cur:
            for table in PgBulk.TABLES + ["units_orgunit"]:
                cur.execute(f"VACUUM (ANALYZE) {table}")
        print(f"  VACUUM ANALYZE ({time.perf_counter() - t:.1f}s)")
        check_references()
    else:
        if meta["members"] == 0:
            meta["members"] = _step("members", lite_members, args.members, meta, rng)
            meta["classes"] = _step("classes (+ teachers, attendees)", lite_classes, args.classes, args.attendees,
                                    meta, now, rng)
            meta["attendees"] = args.attendees
            meta["works"] = _step("youth works (+ volunteers)", lite_works, args.works, meta, now, rng)
        meta["records"] += _step("support records (+ services, volunteers)", lite_support, meta["records"],
                                 target_records, meta, now, rng)
        t = time.perf_counter()
        execute("ANALYZE")
        print(f"  ANALYZE ({time.perf_counter() - t:.1f}s)")
    meta_set(meta)
    print(load(f"generated in {time.perf_counter() - t0:.1f}s"), flush=True)
    return meta


def check_references() -> None:
    """With the foreign-key triggers off during the load, prove every reference points at a row."""
    checks = {
        "support unit": "SELECT count(*) FROM support_supportrecord r LEFT JOIN units_orgunit u ON u.id = r.unit_id "
                        "WHERE u.id IS NULL",
        "support team": "SELECT count(*) FROM support_supportrecord r LEFT JOIN teams_team t ON t.id = r.team_id "
                        "WHERE r.team_id IS NOT NULL AND t.id IS NULL",
        "volunteer": "SELECT count(*) FROM support_supportrecord_volunteers v JOIN support_supportrecord r "
                     "ON r.id = v.supportrecord_id LEFT JOIN members_member m ON m.id = v.member_id "
                     "WHERE m.id IS NULL OR m.commune_id <> r.commune_id",
        "service": "SELECT count(*) FROM support_supportrecord_services s LEFT JOIN support_service x "
                   "ON x.id = s.service_id WHERE x.id IS NULL",
        "member branch": "SELECT count(*) FROM members_member m LEFT JOIN units_orgunit u ON u.id = m.branch_id "
                         "WHERE u.id IS NULL OR u.path <> m.path OR u.commune_id <> m.commune_id",
        "attendee class": "SELECT count(*) FROM literacy_attendee a LEFT JOIN literacy_literacyclass c "
                          "ON c.id = a.literacy_class_id WHERE c.id IS NULL",
        "teacher": "SELECT count(*) FROM literacy_literacyclass_teachers t LEFT JOIN members_member m "
                   "ON m.id = t.member_id WHERE m.id IS NULL",
        "work volunteer": "SELECT count(*) FROM campaigns_youthwork_volunteers v LEFT JOIN members_member m "
                          "ON m.id = v.member_id WHERE m.id IS NULL",
    }
    t = time.perf_counter()
    bad = {k: q1(sql)[0] for k, sql in checks.items()}
    broken = {k: v for k, v in bad.items() if v}
    print(f"  references checked ({time.perf_counter() - t:.1f}s): "
          + ("all valid" if not broken else f"BROKEN {broken}"))
    if broken:
        sys.exit("the generator wrote broken references")


def rebuild_rollups(explain: bool) -> dict:
    from django.db import connection

    from tienphong.rollups.services import rebuild

    statements = []

    def timer(execute_, sql, params, many, context):
        t = time.perf_counter()
        try:
            return execute_(sql, params, many, context)
        finally:
            statements.append((time.perf_counter() - t, sql, params))

    print(load("rebuilding the rollups with tienphong.rollups.services.rebuild()"), flush=True)
    t = time.perf_counter()
    with connection.execute_wrapper(timer):
        counts = rebuild()
    secs = time.perf_counter() - t
    print(f"  rebuild(): {counts['facts']:,} fact rows, {counts['stock']:,} stock rows in {secs:.1f}s "
          f"({len(statements)} statements)")
    slow = sorted(statements, key=lambda s: -s[0])
    for secs_, sql, _p in slow[:6]:
        print(f"    {secs_:7.1f}s  {' '.join(sql.split())[:170]}")
    if explain and connection.vendor == "postgresql":
        # The temporary table of the province step is gone after rebuild(): explain what still can be.
        for secs_, sql, params in [s for s in slow if "rollup_unit_province" not in s[1]][:2]:
            print(f"  EXPLAIN of a slow statement ({secs_:.1f}s): {' '.join(sql.split())[:400]}")
            with connection.cursor() as cur:
                cur.execute("EXPLAIN " + sql, params)
                for (line,) in cur.fetchall():
                    print("     ", line)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("VACUUM (ANALYZE) rollups_fact")
            cur.execute("VACUUM (ANALYZE) rollups_stock")
    else:
        execute("ANALYZE")
    return {"rebuild_s": secs, **counts}


# --------------------------------------------------------------------------- raw GROUP BY

def year_bounds(today: dt.date):
    from django.utils import timezone

    tz = timezone.get_current_timezone()
    start = dt.datetime(today.year, 1, 1, tzinfo=tz)
    end = dt.datetime(today.year + 1, 1, 1, tzinfo=tz)
    return start, end, dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)


def raw_statements(vendor: str, province_path: str | None):
    """The headline figures of a dashboard straight from the records: one GROUP BY per source, by the
    child unit (province for the nation, commune for a province), units joined by path prefix."""
    if vendor == "postgresql":
        prov = "split_part(u.path, '/', 2)"
    else:
        prov = "substr(u.path, 2, instr(substr(u.path, 2), '/') - 1)"
    child = prov if province_path is None else "u.commune_id"
    where_unit = "" if province_path is None else "AND u.path LIKE %(prefix)s"
    return {
        "support turns": f"""SELECT {child}, SUM(r.people) FROM support_supportrecord r
            JOIN units_orgunit u ON u.id = r.unit_id
            WHERE r.occurred_at >= %(start)s AND r.occurred_at < %(end)s {where_unit} GROUP BY 1""",
        "classes held": f"""SELECT {child}, COUNT(*) FROM literacy_literacyclass c
            JOIN units_orgunit u ON u.id = c.commune_id
            WHERE c.status <> 'cancelled' AND c.starts_at >= %(start)s AND c.starts_at < %(end)s {where_unit}
            GROUP BY 1""",
        "class attendees": f"""SELECT {child}, COUNT(*) FROM literacy_attendee a
            JOIN literacy_literacyclass c ON c.id = a.literacy_class_id JOIN units_orgunit u ON u.id = c.commune_id
            WHERE a.attended AND c.status <> 'cancelled' AND c.starts_at >= %(start)s AND c.starts_at < %(end)s
            {where_unit} GROUP BY 1""",
        "works, value, beneficiaries": f"""SELECT {child}, COUNT(*), SUM(w.value_vnd), SUM(w.beneficiaries)
            FROM campaigns_youthwork w JOIN units_orgunit u ON u.id = w.commune_id
            WHERE w.status = 'approved' AND w.completed_on >= %(day0)s AND w.completed_on <= %(day1)s {where_unit}
            GROUP BY 1""",
        "volunteer turns": f"""SELECT k, SUM(n) FROM (
            SELECT {child} AS k, COUNT(*) AS n FROM support_supportrecord_volunteers v
              JOIN support_supportrecord r ON r.id = v.supportrecord_id JOIN units_orgunit u ON u.id = r.unit_id
              WHERE r.occurred_at >= %(start)s AND r.occurred_at < %(end)s {where_unit} GROUP BY 1
            UNION ALL
            SELECT {child}, COUNT(*) FROM literacy_literacyclass_teachers t
              JOIN literacy_literacyclass c ON c.id = t.literacyclass_id JOIN units_orgunit u ON u.id = c.commune_id
              WHERE c.status <> 'cancelled' AND c.starts_at >= %(start)s AND c.starts_at < %(end)s {where_unit}
              GROUP BY 1
            UNION ALL
            SELECT {child}, COUNT(*) FROM campaigns_youthwork_volunteers v
              JOIN campaigns_youthwork w ON w.id = v.youthwork_id JOIN units_orgunit u ON u.id = w.commune_id
              WHERE w.status = 'approved' AND w.completed_on >= %(day0)s AND w.completed_on <= %(day1)s {where_unit}
              GROUP BY 1) x GROUP BY k""",
    }


def time_raw(label: str, province_path: str | None, today: dt.date, reps: int) -> dict:
    """Each statement `reps` times (after one untimed run); returns {statement: [s…]}, totals and the sums."""
    from django.db import connection

    start, end, day0, day1 = year_bounds(today)
    ops = connection.ops
    params = {"start": ops.adapt_datetimefield_value(start), "end": ops.adapt_datetimefield_value(end),
              "day0": ops.adapt_datefield_value(day0), "day1": ops.adapt_datefield_value(day1),
              "prefix": f"{province_path}%"}
    stmts = raw_statements(connection.vendor, province_path)
    out, sums = {}, {}
    with connection.cursor() as cur:
        for name, sql in stmts.items():
            times = []
            for i in range(reps + 1):
                t = time.perf_counter()
                cur.execute(sql, params)
                rows = cur.fetchall()
                if i:
                    times.append(time.perf_counter() - t)
            out[name] = times
            sums[name] = [sum(int(r[k] or 0) for r in rows) for k in range(1, len(rows[0]))] if rows else [0]
    totals = [sum(out[n][i] for n in out) for i in range(reps)]
    print(f"\nraw GROUP BY over the records, {label} ({len(stmts)} statements, {reps} timed runs after one warm-up):")
    for name, times in out.items():
        print(f"  {name:<30} " + "  ".join(f"{t * 1000:8.0f}" for t in times) + " ms    = "
              + ", ".join(f"{v:,}" for v in sums[name]))
    print(f"  {'total':<30} " + "  ".join(f"{t * 1000:8.0f}" for t in totals) + " ms"
          f"   (best {min(totals) * 1000:.0f} ms, median {statistics.median(totals) * 1000:.0f} ms)")
    return {"times": out, "totals": totals, "best": min(totals), "median": statistics.median(totals), "sums": sums}


# --------------------------------------------------------------------------- HTTP

def start_gunicorn(database_url: str, port: int, workers: int) -> subprocess.Popen:
    env = dict(os.environ)
    env.update(server_env(database_url))
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env["PYTHONPATH"] = str(ROOT)
    log = open(OUT / "gunicorn-dashboards.log", "w")
    # --timeout 600: a slow export is measured, not killed by the sync worker's 30 s default.
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "tienphong.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "--chdir", str(ROOT), "--log-level", "warning", "--timeout", "600"],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def login(base: str, username: str):
    return serving_login(base, username, PASSWORD)


def run_sequential(session, url, n, warmup):
    body = b""
    for _ in range(warmup):
        _, body = timed_get(session, url)
    times = []
    for _ in range(n):
        ms, body = timed_get(session, url)
        times.append(ms)
    return sorted(times), body


def stats_line(label, times):
    return (f"  {label:<44} n={len(times):<4} p50={percentile(times, 50):8.1f}  p95={percentile(times, 95):8.1f}  "
            f"p99={percentile(times, 99):8.1f}  max={times[-1]:8.1f} ms")


CARD = re.compile(r'id="card-support_turns"[^>]*data-value="([^"]*)"|data-value="([^"]*)"[^>]*id="card-support_turns"')


def card_value(body: bytes):
    m = CARD.search(body.decode("utf-8", "replace"))
    if not m:
        return None
    text = m.group(1) if m.group(1) is not None else m.group(2)
    digits = re.sub(r"\D", "", text)
    return int(digits) if digits else None


def export_run(session, url, runs: int) -> dict:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        r = session.get(url, stream=True, timeout=600)
        first = None
        size = 0
        chunks = []
        for chunk in r.iter_content(64 * 1024):
            if first is None:
                first = time.perf_counter() - t
            size += len(chunk)
            chunks.append(chunk)
        total = time.perf_counter() - t
        if r.status_code != 200:
            raise RuntimeError(f"GET {url} → HTTP {r.status_code}")
        out.append((total, first or total, size, b"".join(chunks)))
    body = out[-1][3]
    rows = None
    try:
        import io

        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(body), read_only=True)
        rows = {ws.title: sum(1 for _ in ws.iter_rows()) for ws in wb.worksheets}
    except Exception as e:  # reported, not fatal
        rows = f"not a readable workbook: {e}"
    return {"runs": [(a, b, c) for a, b, c, _ in out], "sheets": rows,
            "streamed": "Content-Length" not in r.headers,
            "headers": {k: v for k, v in r.headers.items() if k in ("Content-Length", "Transfer-Encoding",
                                                                   "Content-Type")}}


def figures_value(session, base, unit_id, today) -> tuple[int | None, str]:
    url = f"{base}/api/v1/reports/figures?unit={unit_id}&period=day&date={today.isoformat()}"
    r = session.get(url, timeout=30)
    if r.status_code == 200:
        try:
            return int(r.json()["figures"]["support_turns"]), "json"
        except Exception:
            pass
    _, body = timed_get(session, f"{base}/reports/?unit={unit_id}&period=day&date={today.isoformat()}")
    return card_value(body), "html"


def freshness(session, base, meta, timeout=30.0) -> dict:
    """Post one support record like a phone and poll the province's figures until it counts."""
    from django.utils import timezone

    today = timezone.localdate()
    before, how = figures_value(session, base, meta["province"], today)
    commune = q1(f"SELECT c.commune_id FROM {COMMUNES} c WHERE c.path LIKE %s ORDER BY c.i LIMIT 1",
                 [meta["province_path"] + "%"])[0]
    people = 3
    entry = {"uuid": str(uuid.uuid4()), "occurred_at": timezone.localtime().replace(microsecond=0).isoformat(),
             "unit": commune, "setting": "door_to_door", "services": ["vneid"], "outcome": "done", "people": people,
             "place_note": "Thôn Đông"}
    t = time.perf_counter()
    r = session.post(f"{base}/api/v1/support/sync", json={"entries": [entry]}, timeout=30)
    posted = time.perf_counter() - t
    if r.status_code != 200 or r.json()["results"][0]["status"] != "created":
        raise RuntimeError(f"sync failed: HTTP {r.status_code} {r.text[:300]}")
    polls, now_value = 0, before
    while time.perf_counter() - t < timeout:
        now_value, how = figures_value(session, base, meta["province"], today)
        polls += 1
        if now_value is not None and before is not None and now_value >= before + people:
            return {"delay": time.perf_counter() - t, "post": posted, "polls": polls, "before": before,
                    "after": now_value, "via": how}
        time.sleep(0.05)
    return {"delay": None, "post": posted, "polls": polls, "before": before, "after": now_value, "via": how}


# --------------------------------------------------------------------------- profile

def profile(meta: dict, province_mode: bool, repeat: int = 10) -> None:
    """In-process (Django test client, DEBUG=False): a dashboard request split into SQL and the rest, its
    slowest statements with their plans, and a cProfile of the Python side."""
    import cProfile
    import pstats

    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from tienphong.accounts.models import User

    d = timezone.localdate().isoformat()
    pages = [] if province_mode else [(ADMIN, f"/reports/?unit=nation&period=year&date={d}")]
    pages.append((PROVINCE_ADMIN, f"/reports/?unit={meta['province']}&period=year&date={d}"))
    statements = []
    timer = statement_timer(statements)

    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) "
    for username, url in pages:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(username=username))
        client.get(url)
        totals, sqls, counts, per = [], [], [], {}
        for _ in range(repeat):
            statements.clear()
            with connection.execute_wrapper(timer):
                t = time.perf_counter()
                r = client.get(url)
                totals.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200, r.status_code
            sqls.append(sum(ms for *_x, ms in statements))
            counts.append(len(statements))
            for sql, params, ms in statements:
                per.setdefault(sql, [params, []])[1].append(ms)
        total, sql_ms = statistics.median(totals), statistics.median(sqls)
        print(f"\nprofile of GET {url} (in-process, median of {repeat}): total {total:.1f} ms = SQL {sql_ms:.1f} ms "
              f"in {statistics.median(counts):.0f} statements + Python/templates {total - sql_ms:.1f} ms")
        ranked = sorted(per.items(), key=lambda kv: -sum(kv[1][1]))
        for sql, (params, times) in ranked[:8]:
            print(f"  {sum(times) / repeat:7.2f} ms/request in {len(times) / repeat:.0f} run(s):  "
                  f"{' '.join(sql.split())[:200]}")
        for sql, (params, _times) in ranked[:2]:
            print(f"  plan: {' '.join(sql.split())[:300]}")
            with connection.cursor() as cur:
                cur.execute(explain + sql, params)
                for row in cur.fetchall():
                    print("     ", " ".join(str(v) for v in row))
        prof = cProfile.Profile()
        prof.enable()
        for _ in range(3):
            client.get(url)
        prof.disable()
        print("  cProfile of 3 requests (top 15 by cumulative time, tienphong and django only):")
        stats = pstats.Stats(prof)
        stats.sort_stats("cumulative").print_stats(r"tienphong|django/template/base|django/db/models/sql", 15)


# --------------------------------------------------------------------------- sizes

def sizes() -> dict:
    from django.db import connection

    tables = ["units_orgunit", "members_member", "teams_team", "places_place", "support_supportrecord",
              "support_supportrecord_services", "support_supportrecord_volunteers", "literacy_literacyclass",
              "literacy_literacyclass_teachers", "literacy_attendee", "campaigns_youthwork",
              "campaigns_youthwork_volunteers", "rollups_fact", "rollups_stock"]
    rows = {t: q1(f"SELECT count(*) FROM {t}")[0] for t in tables}
    if connection.vendor == "postgresql":
        db = q1("SELECT pg_database_size(current_database())")[0]
        per = {t: q1("SELECT pg_total_relation_size(%s)", [t])[0] for t in tables}
    else:
        name = connection.settings_dict["NAME"]
        db = sum(os.path.getsize(str(name) + s) for s in ("", "-wal") if os.path.exists(str(name) + s))
        per = {}
    print("\nsizes:")
    for t in tables:
        extra = f"   {per[t] / 2**20:9,.0f} MiB with indexes" if per else ""
        print(f"  {t:<36} {rows[t]:>12,} rows{extra}")
    print(f"  database size {db / 2**30:.2f} GiB")
    return {"rows": rows, "db_bytes": db}


# --------------------------------------------------------------------------- one measurement

def measure(args, meta: dict) -> dict:
    from django.db import connection
    from django.utils import timezone

    today = timezone.localdate()
    res = {"records": meta["records"]}
    res["sizes"] = sizes()
    res["raw_nation"] = None if args.province else time_raw("nation (by province)", None, today, args.raw_reps)
    res["raw_province"] = time_raw(f"province {meta['province_code']} (by commune)", meta["province_path"], today,
                                   args.raw_reps)
    connection.close()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_gunicorn(args.database_url, port, args.workers)
    try:
        wait_until_up(base, proc, OUT / "gunicorn-dashboards.log")
        officer = login(base, PROVINCE_ADMIN)
        admin = login(base, ADMIN) if not args.province else None
        d = today.isoformat()
        urls = [("bare page /bench/bare/", officer, f"{base}/bench/bare/", "bare")]
        if admin is not None:
            urls.append(("national dashboard, year", admin, f"{base}/reports/?unit=nation&period=year&date={d}",
                         "nation_year"))
        urls += [("province dashboard, year", officer,
                  f"{base}/reports/?unit={meta['province']}&period=year&date={d}", "province_year"),
                 ("province dashboard, month", officer,
                  f"{base}/reports/?unit={meta['province']}&period=month&date={d}", "province_month")]
        print(load(f"\nHTTP, gunicorn -w {args.workers}, {args.requests} sequential requests per page after "
                   f"{args.warmup} warm-up:"), flush=True)
        res["http"], shown = {}, {}
        for label, session, url, key in urls:
            times, body = run_sequential(session, url, args.requests, args.warmup)
            res["http"][key] = times
            shown[key] = card_value(body) if key != "bare" else None
            print(stats_line(label, times), flush=True)
        raw_turns = {"nation_year": res["raw_nation"]["sums"]["support turns"][0] if res["raw_nation"] else None,
                     "province_year": res["raw_province"]["sums"]["support turns"][0]}
        for key in ("nation_year", "province_year"):
            if key in shown:
                ok = "matches" if shown[key] == raw_turns[key] else "   <-- MISMATCH"
                print(f"  {key}: card-support_turns shows {shown[key]!s}, the raw GROUP BY {raw_turns[key]:,} ({ok})")

        if not args.no_export:
            session = admin or officer
            unit = "nation" if admin else str(meta["province"])
            url = f"{base}/reports/export.xlsx?unit={unit}&period=year&date={d}"
            print(load(f"\nExcel export {url[len(base):]} ({args.export_runs} runs, read to the last byte):"),
                  flush=True)
            ex = export_run(session, url, args.export_runs)
            for total, first, size in ex["runs"]:
                print(f"  first byte {first:6.2f} s, last byte {total:6.2f} s, {size / 1024:,.0f} KiB")
            print(f"  streamed (no Content-Length): {ex['streamed']} {ex['headers']}\n  sheets (rows): {ex['sheets']}")
            res["export"] = ex["runs"]

        print(load("\nfreshness: one support record through POST /api/v1/support/sync, then the province's "
                   "figures polled every 50 ms:"), flush=True)
        fr = [freshness(officer, base, meta) for _ in range(args.fresh_runs)]
        for f in fr:
            seen = f"{f['delay']:.2f} s" if f["delay"] is not None else "NOT SEEN within 30 s"
            print(f"  visible after {seen} (the POST itself {f['post'] * 1000:.0f} ms, {f['polls']} polls via "
                  f"{f['via']}; support_turns today {f['before']} → {f['after']})")
        res["fresh"] = fr
    finally:
        stop_gunicorn(proc)
    print(load("measured"))
    return res


def verdicts(res: dict, province_mode: bool) -> list[tuple[str, str, bool]]:
    out = []
    bare95 = percentile(res["http"]["bare"], 95)
    pairs = [("province_year", res["raw_province"]), ("province_month", res["raw_province"])]
    if not province_mode:
        pairs.insert(0, ("nation_year", res["raw_nation"]))
    for key, raw in pairs:
        p95 = percentile(res["http"][key], 95)
        r_raw = raw["best"] * 1000 / p95
        out.append((f"{key}: raw GROUP BY (best {raw['best'] * 1000:,.0f} ms) / p95 {p95:.1f} ms",
                    f"{r_raw:,.2f}× faster (goal ≥ 50×)", r_raw >= 50))
        out.append((f"{key}: p95 {p95:.1f} ms / bare p95 {bare95:.1f} ms", f"{p95 / bare95:.1f}× (goal ≤ 3×)",
                    p95 <= 3 * bare95))
    if res.get("export"):
        worst = max(t for t, _f, _s in res["export"])
        out.append(("Excel export, every commune for the year", f"{worst:.1f} s worst (goal < 30 s)", worst < 30))
    delays = [f["delay"] for f in res["fresh"]]
    worst = None if None in delays else max(delays)
    out.append(("new record on the dashboard", f"{worst:.2f} s worst" if worst is not None else "never seen",
                worst is not None and worst < 5))
    return out


def summary(results: list[dict], rebuilds: list[dict], gens: list[float], args) -> None:
    print("\n" + "=" * 100 + "\nSUMMARY" + (f" (province {args.province})" if args.province else " (nation)"))
    if gens:
        print("generation: " + ", ".join(f"{g:.0f}s" for g in gens) + " (per step that added records)")
    for res, rb in zip(results, rebuilds):
        print(f"\nat {res['records']:,} support records:  rebuild {rb['rebuild_s']:.1f}s → {rb['facts']:,} facts, "
              f"{rb['stock']:,} stock; database {res['sizes']['db_bytes'] / 2**30:.2f} GiB")
        for label, text, ok in verdicts(res, bool(args.province)):
            print(f"  {'meets ' if ok else 'MISSES'}  {label}: {text}")
    if len(results) > 1:
        a, b = results[0], results[-1]
        print(f"\ngrowth from {a['records']:,} to {b['records']:,} support records "
              f"(×{b['records'] / a['records']:.1f}):")

        def row(label, x, y, unit="ms"):
            print(f"  {label:<40} {x:12,.1f} {unit} → {y:12,.1f} {unit}   ×{y / x if x else float('nan'):.2f}")

        for key in ("bare", "nation_year", "province_year", "province_month"):
            if key in a["http"]:
                row(f"p95 {key}", percentile(a["http"][key], 95), percentile(b["http"][key], 95))
        for key in ("raw_nation", "raw_province"):
            if a[key]:
                row(f"{key} best", a[key]["best"] * 1000, b[key]["best"] * 1000)
        if a.get("export") and b.get("export"):
            row("export (worst run)", max(t for t, *_ in a["export"]), max(t for t, *_ in b["export"]), "s")
        row("freshness (worst)", max(f["delay"] or 99 for f in a["fresh"]), max(f["delay"] or 99 for f in b["fresh"]),
            "s")
        row("rollups rebuild()", rebuilds[0]["rebuild_s"], rebuilds[-1]["rebuild_s"], "s")
        row("rollups_fact rows", a["sizes"]["rows"]["rollups_fact"], b["sizes"]["rows"]["rollups_fact"], "")
        row("database size", a["sizes"]["db_bytes"] / 2**30, b["sizes"]["db_bytes"] / 2**30, "GiB")
    print(load("\nend"))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--database-url", default=os.environ.get("DATABASE_URL"),
                   help="default: a fresh SQLite file bench/out/dashboards-….sqlite3")
    p.add_argument("--province", help="one province only (its code, e.g. 37 = Ninh Bình): smaller default sizes")
    p.add_argument("--records", help="support records, comma-separated steps (default 1000000,10000000 for the "
                                     "nation, 1000000 for a province)")
    p.add_argument("--members", type=int)
    p.add_argument("--classes", type=int)
    p.add_argument("--attendees", type=int, help="default: 10 per class")
    p.add_argument("--works", type=int)
    p.add_argument("--requests", type=int, default=200, help="timed requests per page")
    p.add_argument("--warmup", type=int, default=10)
    p.add_argument("--raw-reps", type=int, default=3)
    p.add_argument("--export-runs", type=int, default=2)
    p.add_argument("--fresh-runs", type=int, default=3)
    p.add_argument("--no-export", action="store_true")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--reuse", action="store_true", help="skip generation when the database already holds the data")
    p.add_argument("--keep-db", action="store_true", help="PostgreSQL: keep the database at the end (default: drop it)")
    p.add_argument("--explain", action="store_true", help="EXPLAIN the slowest rebuild statements")
    p.add_argument("--profile", action="store_true",
                   help="after the last measurement: one dashboard request split into SQL and the rest (in-process)")
    p.add_argument("--seed", type=int, default=2025)
    args = p.parse_args()
    national = not args.province
    steps = [int(x.replace("_", "")) for x in (args.records or ("1000000,10000000" if national else "1000000"))
             .split(",")]
    scale = 1 if national else 0.1
    args.members = args.members or int(1_000_000 * scale)
    args.classes = args.classes or int(200_000 * scale)
    args.attendees = args.attendees or args.classes * 10
    args.works = args.works or int(500_000 * scale)
    OUT.mkdir(parents=True, exist_ok=True)
    if not args.database_url:
        args.database_url = f"sqlite:///{OUT / ('dashboards-' + (args.province or 'vn') + '.sqlite3')}"
    if steps != sorted(steps) or steps[0] <= 0:
        sys.exit("--records: increasing positive steps")

    configure(args.database_url)
    from django.db import connection

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}; {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}; {dt.datetime.now():%d/%m/%Y %H:%M}")
    print(f"sizes: support records {', '.join(f'{s:,}' for s in steps)}; members {args.members:,}; classes "
          f"{args.classes:,} ({args.attendees:,} attendances); youth works {args.works:,}")
    meta = meta_get() if args.reuse else {}
    if args.reuse and meta and meta.get("members") == args.members and meta.get("records", 0) <= steps[-1]:
        print(f"reusing the database: {meta['records']:,} support records")
    else:
        if args.reuse:
            print("nothing to reuse: building afresh")
        connection.close()
        reset_database(args.database_url)
        meta = build_tree(args.province)
    results, rebuilds, gens = [], [], []
    try:
        for target in steps:
            print("\n" + "=" * 100 + f"\n{target:,} support records", flush=True)
            if meta["records"] > target:
                print(f"  (the database holds {meta['records']:,}: measuring that)")
            if meta["records"] < target:
                t = time.perf_counter()
                meta = generate(args, meta, target)
                gens.append(time.perf_counter() - t)
                meta.pop("rollups_at", None)
            if meta.get("rollups_at") != meta["records"]:
                rb = rebuild_rollups(args.explain)
                meta["rollups_at"] = meta["records"]
                meta["rebuild"] = rb
                meta_set(meta)
            else:
                rb = meta["rebuild"]
                print(f"rollups already built at {meta['records']:,} records")
            rebuilds.append(rb)
            results.append(measure(args, meta))
            connection.close()
            meta = meta_get()
        if args.profile:
            profile(meta, bool(args.province))
    finally:
        if results:
            summary(results, rebuilds, gens, args)
        connection.close()
        if is_postgres(args.database_url) and not args.keep_db and not args.reuse:
            print("dropping the bench database (use --keep-db to keep it)")
            _drop(args.database_url)


def _drop(database_url: str) -> None:
    import psycopg
    from urllib.parse import urlsplit

    parts = urlsplit(database_url)._replace(query="", scheme="postgresql")
    name = parts.path.lstrip("/")
    if "bench" not in name:
        return
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()

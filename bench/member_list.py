#!/usr/bin/env python
"""Benchmark: the member list searched without diacritics, against a bare Django view.

Run by hand (not a test):

    .venv/bin/python bench/member_list.py                      # SQLite file under bench/out/
    .venv/bin/python bench/member_list.py --database-url postgres://postgres@127.0.0.1:5432/tienphong_bench

It builds its own database (a province, 129 communes with a few branches each, 100,000 members
with Vietnamese names and a province administrator), serves the app with gunicorn exactly as in
production (DEBUG=False, 2 sync workers) plus a bench-only URL /bench/bare/ (bench/bench_urls.py),
logs in, and times GET /members/?q=<query> and GET /bench/bare/ sequentially and with a few
concurrent clients. Goal: p95(list) within 3× p95(bare).

Everything runs on 127.0.0.1 with bounded loops; the gunicorn it starts is stopped at the end.
"""

import argparse
import os
import random
import re
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from serving import statement_timer
from serving import configure, free_port, percentile, server_env, stop_gunicorn, wait_until_up, timed_get

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
USERNAME = "bench.tinhdoan"
PASSWORD = "Bench-mat-khau-2025"
QUERIES = ["nguyen van an", "tran thi", "hoang minh", "le thu ha", "pham duc"]

# Rough shares for the Red River delta: Nguyễn ~38%, then Trần, Lê, Phạm, Hoàng/Vũ...
FAMILY = [("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7), ("Hoàng", 4), ("Vũ", 3.6),
          ("Phan", 3), ("Bùi", 2.2), ("Đặng", 2.1), ("Đỗ", 1.8), ("Đinh", 1.6), ("Ngô", 1.3),
          ("Hồ", 1), ("Dương", 1), ("Trịnh", 1), ("Mai", 0.8), ("Đào", 0.8), ("Lương", 0.5),
          ("Cao", 0.5), ("Hà", 0.5), ("Đoàn", 0.5), ("Lý", 0.5), ("Tạ", 0.4), ("Tống", 0.4),
          ("Huỳnh", 0.4), ("Võ", 0.4), ("Lại", 0.3), ("Vương", 0.3), ("Lưu", 0.3), ("Phùng", 0.3)]
MALE_MIDDLE = [("Văn", 24), ("Đức", 10), ("Minh", 10), ("Quang", 6), ("Hữu", 5), ("Công", 5),
               ("Xuân", 4), ("Thành", 4), ("Duy", 4), ("Tiến", 3), ("Trọng", 3), ("Hoàng", 3),
               ("Mạnh", 3), ("Gia", 3), ("Đình", 3), ("Ngọc", 2), ("Bảo", 2), ("Thế", 2), ("Việt", 2),
               ("Hải", 2), ("Trung", 2), ("Tuấn", 2), ("Nhật", 2)]
FEMALE_MIDDLE = [("Thị", 30), ("Thu", 8), ("Ngọc", 8), ("Thanh", 6), ("Minh", 5), ("Phương", 5),
                 ("Thùy", 5), ("Hồng", 4), ("Khánh", 4), ("Bảo", 3), ("Hà", 3), ("Mai", 3), ("Kim", 3),
                 ("Quỳnh", 3), ("Diệu", 2), ("Hải", 2), ("Lan", 2), ("Hoài", 2), ("Thảo", 2), ("Tú", 2)]
MALE_GIVEN = ("An Anh Bảo Bình Cường Chiến Dũng Duy Dương Đạt Đức Giang Hải Hào Hiếu Hiệp Hoàng Hùng "
              "Huy Hưng Khải Khang Khánh Khoa Kiên Lâm Linh Long Luân Mạnh Minh Nam Nghĩa Nguyên Nhật "
              "Phong Phúc Phương Quân Quang Quý Sơn Tài Tâm Thắng Thành Thái Thiện Thịnh Toàn Tú Trung "
              "Trường Tuấn Tùng Việt Vinh Vũ").split()
FEMALE_GIVEN = ("An Anh Ánh Bích Châu Chi Diệp Dung Duyên Giang Hà Hạnh Hằng Hiền Hoa Hồng Huệ Huyền "
                "Hương Hường Lan Liên Linh Loan Ly Mai My Nga Ngân Ngọc Nhi Nhung Oanh Phương Quế "
                "Quyên Quỳnh Tâm Thảo Thu Thủy Thư Trang Trâm Trinh Tuyết Uyên Vân Vy Xuân Yến").split()


# --------------------------------------------------------------------------- setup

def is_postgres(database_url: str) -> bool:
    return database_url.startswith(("postgres://", "postgresql://", "pgsql://"))


def reset_database(database_url: str) -> None:
    """A fresh, empty database: delete the SQLite file, or empty the PostgreSQL bench database."""
    if not is_postgres(database_url):
        path = Path(urlsplit(database_url).path)
        if database_url.startswith("sqlite:////"):
            path = Path("/" + database_url[len("sqlite:////"):])
        elif database_url.startswith("sqlite:///"):
            path = Path(database_url[len("sqlite:///"):])
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return
    import psycopg

    parts = urlsplit(database_url)._replace(query="", scheme="postgresql")  # ?conn_max_age=… is Django's
    name = parts.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"refusing to wipe PostgreSQL database {name!r}: its name must contain 'bench'")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")
    with psycopg.connect(parts.geturl(), autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


def _pick(rng, weighted):
    names, weights = zip(*weighted)
    return rng.choices(names, weights=weights)[0]


def populate(n_members: int, communes: int, branches_per_commune: int, seed: int) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from tienphong.accounts.models import Role, RoleAssignment, User
    from tienphong.members.models import DigitalSkill, Member
    from tienphong.members.services import fill_derived
    from tienphong.units.models import OrgUnit
    from tienphong.units.services import unit_create

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    K = OrgUnit.Kind
    branches = []
    with transaction.atomic():
        province = unit_create(parent=None, kind=K.PROVINCE, name="Tỉnh Ninh Bình", code="37")
        for c in range(1, communes + 1):
            kind_word = "Phường" if c % 5 == 0 else "Xã"
            commune = unit_create(parent=province, kind=K.COMMUNE, name=f"{kind_word} Số {c}", code=f"B{c:05d}")
            grassroots = unit_create(parent=commune, kind=K.GRASSROOTS, name=f"Đoàn cơ sở {commune.name}",
                                     code=f"B{c:05d}-01")
            for b in range(1, branches_per_commune + 1):
                branches.append(unit_create(parent=grassroots, kind=K.BRANCH, name=f"Chi đoàn Thôn {b}",
                                            code=f"B{c:05d}-01-{b:02d}"))
        user = User.objects.create_user(username=USERNAME, password=PASSWORD, full_name="Trần Ngọc Nam")
        RoleAssignment.objects.create(user=user, unit=province, role=Role.PROVINCE_ADMIN)
    print(f"units: 1 province, {communes} communes, {len(branches)} branches ({time.perf_counter() - t0:.1f}s)")

    rng = random.Random(seed)
    skills = [DigitalSkill.BASIC, DigitalSkill.USER, DigitalSkill.HELPER, DigitalSkill.TRAINER]
    statuses = [(Member.Status.ACTIVE, 88), (Member.Status.MOVED, 4), (Member.Status.MATURED, 6),
                (Member.Status.LEFT, 2)]
    batch, done, t1 = [], 0, time.perf_counter()
    for i in range(n_members):
        male = rng.random() < 0.5
        full_name = " ".join([_pick(rng, FAMILY), _pick(rng, MALE_MIDDLE if male else FEMALE_MIDDLE),
                              rng.choice(MALE_GIVEN if male else FEMALE_GIVEN)])
        birth = date(1990, 1, 1) + timedelta(days=rng.randrange(20 * 365))
        m = Member(full_name=full_name, gender=Member.Gender.MALE if male else Member.Gender.FEMALE,
                   birth_date=birth, phone=f"09{i:08d}",
                   email=f"dv{i}@example.vn" if rng.random() < 0.2 else "",
                   branch=rng.choice(branches), joined_on=birth + timedelta(days=365 * 16 + rng.randrange(3000)),
                   status=_pick(rng, statuses), is_core=rng.random() < 0.1,
                   digital_skill=rng.choices(skills, weights=[40, 35, 18, 7])[0])
        fill_derived(m)
        batch.append(m)
        if len(batch) == 5000 or i == n_members - 1:
            with transaction.atomic():
                Member.objects.bulk_create(batch)
            done += len(batch)
            batch = []
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    print(f"members: {done:,} ({time.perf_counter() - t1:.1f}s)")


def ready_database(args) -> None:
    """Reuse the database when it already holds the wanted data, else build it afresh."""
    if args.reuse:
        try:
            from tienphong.accounts.models import User
            from tienphong.members.models import Member

            if Member.objects.count() == args.members and User.objects.filter(username=USERNAME).exists():
                from django.core.management import call_command

                call_command("collectstatic", verbosity=0, interactive=False)
                print(f"reusing the database: {args.members:,} members")
                return
        except Exception:
            pass
        from django.db import connections

        connections.close_all()
    reset_database(args.database_url)
    populate(args.members, args.communes, args.branches, args.seed)


def expected_counts(queries):
    """What the search should find, computed straight from the database by a scan (no view, no
    search index): {query: (rows where every query word starts a word, rows holding the query as a
    run of whole words)}."""
    from tienphong.core.text import search_words, words_q
    from tienphong.members.models import Member

    counts = {}
    for q in queries:
        qs = Member.objects.filter(words_q(q))
        folded = " ".join(search_words(q))
        names = qs.values_list("search_text", flat=True).iterator()
        words = sum(1 for text in names if f" {folded} " in f"{text} ")
        counts[q] = (qs.count(), words)
    return counts


def profile(queries, repeat: int = 20) -> None:
    """In-process breakdown of a list request: time per SQL statement vs the rest (Python, templates),
    the query plans of the member statements, and where the Python time goes (cProfile)."""
    import cProfile
    import pstats
    import statistics

    from django.db import connection
    from django.test import Client

    from tienphong.accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=USERNAME))
    statements = []
    timer = statement_timer(statements)

    print(f"\nprofile (in-process Django test client, DEBUG=False, median of {repeat}):")
    plans = {}
    for q in queries + [""]:
        url = "/members/" + (f"?q={q.replace(' ', '+')}" if q else "")
        client.get(url)
        totals, sqls, per_stmt = [], [], {}
        for _ in range(repeat):
            statements.clear()
            with connection.execute_wrapper(timer):
                t = time.perf_counter()
                r = client.get(url)
                totals.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200, r.status_code
            sqls.append(sum(ms for _, _, ms in statements))
            for sql, params, ms in statements:
                per_stmt.setdefault(sql, [params, []])[1].append(ms)
        total, sql_ms = statistics.median(totals), statistics.median(sqls)
        print(f"  q={q!r:<16} total {total:6.1f} ms = SQL {sql_ms:6.1f} ms in {len(statements)} statements"
              f" + Python/templates {total - sql_ms:5.1f} ms")
        for stmt, (params, times) in sorted(per_stmt.items(), key=lambda kv: -statistics.median(kv[1][1]))[:3]:
            print(f"      {statistics.median(times):6.2f} ms  {' '.join(stmt.split())[:140]}")
            if "members_member" in stmt and q:
                plans.setdefault(stmt, (q, params))

    print("\nquery plans of the member statements:")
    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) "
    for stmt, (q, params) in list(plans.items())[:2]:
        print(f"  -- q={q!r}: {' '.join(stmt.split())[:400]}")
        with connection.cursor() as cur:
            cur.execute(explain + stmt, params)
            for row in cur.fetchall():
                print("     ", " ".join(str(v) for v in row))

    url = f"/members/?q={queries[0].replace(' ', '+')}"
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(repeat):
        client.get(url)
    prof.disable()
    print(f"\ncProfile of {repeat} × GET {url} (top 25 by own time):")
    stats = pstats.Stats(prof)
    stats.sort_stats("tottime").print_stats(25)

# --------------------------------------------------------------------------- server

def start_gunicorn(database_url: str, port: int, workers: int) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(server_env(database_url))
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env["PYTHONPATH"] = str(ROOT)
    log = open(OUT / "gunicorn.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "tienphong.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "--chdir", str(ROOT), "--log-level", "warning"],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    return proc


def login(base: str):
    import requests

    s = requests.Session()
    r = s.get(base + "/login/", timeout=10)
    r.raise_for_status()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', r.text).group(1)
    r = s.post(base + "/login/", data={"csrfmiddlewaretoken": token, "username": USERNAME,
                                       "password": PASSWORD, "next": ""},
               headers={"Referer": base + "/login/"}, timeout=10, allow_redirects=False)
    if r.status_code != 302 or "sessionid" not in s.cookies:
        sys.exit(f"login failed: HTTP {r.status_code}")
    return s


# --------------------------------------------------------------------------- timing

def run_sequential(session, urls, n, warmup):
    for i in range(warmup):
        timed_get(session, urls[i % len(urls)])
    times, by_url = [], {u: [] for u in urls}
    t = time.perf_counter()
    for i in range(n):
        u = urls[i % len(urls)]
        ms, _ = timed_get(session, u)
        times.append(ms)
        by_url[u].append(ms)
    return sorted(times), {u: sorted(v) for u, v in by_url.items()}, n / (time.perf_counter() - t)


def run_concurrent(session, urls, n, warmup, clients):
    import requests

    def client_session():
        s = requests.Session()
        s.cookies.update(session.cookies)
        return s

    sessions = [client_session() for _ in range(clients)]
    for i in range(warmup):
        timed_get(sessions[i % clients], urls[i % len(urls)])
    times, lock, errors = [], threading.Lock(), []

    def work(k):
        mine = []
        try:
            for i in range(k, n, clients):
                mine.append(timed_get(sessions[k], urls[i % len(urls)])[0])
        except Exception as e:  # reported after the run
            errors.append(e)
        with lock:
            times.extend(mine)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(clients)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    if errors:
        raise errors[0]
    return sorted(times), n / (time.perf_counter() - t)


def stats_line(label, times, rps=None):
    line = (f"{label:<34} n={len(times):<4} p50={percentile(times, 50):7.1f}  p95={percentile(times, 95):7.1f}  "
            f"p99={percentile(times, 99):7.1f} ms")
    return line + (f"  {rps:6.1f} req/s" if rps else "")


RESULTS_COUNT = re.compile(r'id="results">\s*<p[^>]*>\s*([\d.,\u00a0 ]+)')


def found_on_page(body: bytes) -> int | None:
    m = RESULTS_COUNT.search(body.decode("utf-8", "replace"))
    return int(re.sub(r"\D", "", m.group(1))) if m else None


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--database-url", default=os.environ.get("DATABASE_URL"),
                   help="default: a fresh SQLite file bench/out/member_list-<members>.sqlite3")
    p.add_argument("--members", type=int, default=100_000)
    p.add_argument("--communes", type=int, default=129)
    p.add_argument("--branches", type=int, default=3, help="branches per commune")
    p.add_argument("--requests", type=int, default=300, help="timed requests per page and mode")
    p.add_argument("--warmup", type=int, default=30)
    p.add_argument("--clients", type=int, default=4, help="concurrent clients in the second round")
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    p.add_argument("--query", action="append", dest="queries", help="search text (repeatable)")
    p.add_argument("--reuse", action="store_true", help="keep the database if it already holds the data")
    p.add_argument("--seed", type=int, default=2025)
    p.add_argument("--profile", action="store_true",
                   help="also break one request down into SQL and the rest, with query plans")
    args = p.parse_args()
    args.queries = args.queries or QUERIES
    OUT.mkdir(parents=True, exist_ok=True)
    if not args.database_url:
        args.database_url = f"sqlite:///{OUT / f'member_list-{args.members}.sqlite3'}"
    if not (0 < args.requests <= 100_000 and 0 <= args.warmup <= 10_000 and 1 <= args.clients <= 64):
        sys.exit("requests, warmup or clients out of range")

    configure(args.database_url)
    from django.db import connection

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}; "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    ready_database(args)
    expected = expected_counts(args.queries)
    connection.close()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_gunicorn(args.database_url, port, args.workers)
    try:
        wait_until_up(base, proc, OUT / "gunicorn.log")
        session = login(base)
        list_urls = [f"{base}/members/?q={q.replace(' ', '+')}" for q in args.queries]
        bare_urls = [f"{base}/bench/bare/"]

        print(f"\nsearch results (page count / direct database count), {args.members:,} members:")
        for q, u in zip(args.queries, list_urls):
            _, body = timed_get(session, u)
            shown = found_on_page(body)
            total, words = expected[q]
            flag = "" if shown == total else "   <-- MISMATCH"
            print(f"  {q!r:<18} {shown!s:>7} / {total:<7}(of which {words} hold the query as whole words){flag}")

        print(f"\ngunicorn -w {args.workers}, {args.requests} timed requests after {args.warmup} warm-up, "
              f"list queries round-robin over {len(args.queries)}:")
        seq_list, per_query, seq_list_rps = run_sequential(session, list_urls, args.requests, args.warmup)
        seq_bare, _, seq_bare_rps = run_sequential(session, bare_urls, args.requests, args.warmup)
        print(stats_line("sequential  /members/?q=…", seq_list, seq_list_rps))
        print(stats_line("sequential  /bench/bare/", seq_bare, seq_bare_rps))
        for q, u in zip(args.queries, list_urls):
            print(stats_line(f"    q={q!r}", per_query[u]))
        con_list, con_list_rps = run_concurrent(session, list_urls, args.requests, args.warmup, args.clients)
        con_bare, con_bare_rps = run_concurrent(session, bare_urls, args.requests, args.warmup, args.clients)
        print(stats_line(f"{args.clients} clients   /members/?q=…", con_list, con_list_rps))
        print(stats_line(f"{args.clients} clients   /bench/bare/", con_bare, con_bare_rps))

        r_seq = percentile(seq_list, 95) / percentile(seq_bare, 95)
        r_con = percentile(con_list, 95) / percentile(con_bare, 95)
        verdict = lambda r: "meets" if r <= 3 else "MISSES"  # noqa: E731
        print(f"load average now {os.getloadavg()[0]:.1f} (other processes on the machine skew every figure)")
        print(f"\nratio p95(list)/p95(bare): sequential {r_seq:.1f}× ({verdict(r_seq)} the 3× goal), "
              f"{args.clients} clients {r_con:.1f}× ({verdict(r_con)} the 3× goal)")
    finally:
        stop_gunicorn(proc)
    if args.profile:
        profile(args.queries)


if __name__ == "__main__":
    main()

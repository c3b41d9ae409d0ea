#!/usr/bin/env python
"""Benchmark: a contest's jury (issue 15): saving one score sheet, and the Excel of every sheet.

Run by hand (not a test):

    .venv/bin/python bench/contests.py                        # SQLite file under bench/out/
    .venv/bin/python bench/contests.py --saves 500            # more timed saves
    .venv/bin/python bench/contests.py --database-url postgres://postgres@127.0.0.1:5432/tienphong_bench_contests

It builds its own database (bulk writes): a province with 10 communes, a contest being judged with 4
categories, a preliminary round with a rubric of `--criteria` criteria, `--entries` submitted entries and
`--jurors` jurors, every juror given `--per-juror` entries (2,000 × 4 jurors = 8,000 score sheets), every
sheet scored and every entry's Result worked out. Settings: the product's with DEBUG=False over
bench/bench_urls.py (the bare view /bench/bare/), as every benchmark here.

1. "A juror saves one score sheet and the entry's result is recomputed": POST of a whole sheet (all the
   criteria, values with a decimal comma, "save and go to the next entry") to the jury page's save URL
   /jury/sheets/<id>/ through Django's test client in this process, logged in as the juror (the full
   middleware stack, the view, services.score, the recompute of the entry's Result over its 4 sheets);
   after each save a GET of the bare view through the same client. Timed by wall clock and by this
   thread's CPU clock (which other work on the machine does not inflate). p50/p95 over `--saves` saves
   after `--warmup`; goal: p95(save) ≤ 3 × p95(bare).
2. The Excel of all the sheets (exports.scores_workbook_response, read to its last byte): seconds (goal
   < 10 s), then again under tracemalloc for the peak of Python allocations; the process's peak RSS; the
   workbook is opened again to count its rows.

The load average is printed before and after: other work on the machine skews every figure.
"""

import argparse
import io
import os
import random
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

from serving import configure, free_port, percentile

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
BARE = "/bench/bare/"
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Phan", "Bùi", "Đặng", "Đỗ", "Ngô", "Dương"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Ngọc", "Quang", "Thanh", "Hữu", "Bảo"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hùng", "Lan", "Linh", "Minh", "Nam", "Ngọc", "Phúc",
         "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy"]
IDEAS = ["Bản đồ số di tích", "Chợ nông sản trực tuyến", "Sổ tay chuyển đổi số cho người cao tuổi",
         "Trợ lý ảo thủ tục hành chính", "Điểm wifi cộng đồng", "Mã QR truy xuất nguồn gốc", "Lớp học số ban đêm",
         "Cảnh báo ngập lụt qua Zalo", "Thư viện số thôn bản", "Sàn việc làm thời vụ"]
CRITERIA = ["Tính mới", "Tính khả thi", "Hiệu quả", "Khả năng nhân rộng", "Trình bày"]


def populate(args) -> dict:
    import datetime as dt

    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from tienphong.accounts.models import Role, RoleAssignment, User
    from tienphong.contests import ranking, services
    from tienphong.contests.models import Assignment, Entry, Juror, Result, Score
    from tienphong.core.text import search_blob
    from tienphong.units.models import OrgUnit
    from tienphong.units.services import unit_create

    from checkin import static_is_stale

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"migrated ({time.perf_counter() - t0:.1f}s)")
    if static_is_stale():
        t1 = time.perf_counter()
        call_command("collectstatic", verbosity=0, interactive=False)
        print(f"static files collected ({time.perf_counter() - t1:.1f}s)")
    rng = random.Random(args.seed)
    K = OrgUnit.Kind
    today = timezone.localdate()
    day = dt.timedelta(days=1)
    now = timezone.now()
    t1 = time.perf_counter()
    with transaction.atomic():
        province = unit_create(parent=None, kind=K.PROVINCE, name="Tỉnh Ninh Bình", code="37")
        communes = [unit_create(parent=province, kind=K.COMMUNE, name=f"Xã Số {c}", code=f"B{c:05d}")
                    for c in range(1, 11)]
        admin = User.objects.create_user(username="bench.tinhdoan", password="Bench-mat-khau-2025",
                                         full_name="Trần Ngọc Nam")
        RoleAssignment.objects.create(user=admin, unit=province, role=Role.PROVINCE_ADMIN)
        weight = 100 // args.criteria
        rubric = [(CRITERIA[i % len(CRITERIA)] + ("" if i < len(CRITERIA) else f" {i}"),
                   weight + (100 - weight * args.criteria if i == 0 else 0),
                   "0–4: chưa đạt; 5–6: đạt; 7–8: khá; 9–10: xuất sắc") for i in range(args.criteria)]
        contest = services.contest_create(
            unit=province, name="Cuộc thi Ý tưởng thanh niên chuyển đổi số tỉnh Ninh Bình", by=admin,
            categories=["Chính quyền số", "Kinh tế số", "Xã hội số", "Văn hóa số"], rubric=rubric,
            submission=(today - 30 * day, today - 10 * day), preliminary=(today - 9 * day, today + 10 * day),
            scale=10)
        services.set_status(contest=contest, status="open", by=admin)
        services.set_status(contest=contest, status="judging", by=admin)
        prelim = contest.rounds.get(kind="preliminary")
        criteria = list(prelim.criteria.values_list("pk", "weight"))
        categories = list(contest.categories.all())
        entries = []
        for i in range(args.entries):
            unit = communes[i % len(communes)]
            lead = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            title = f"{IDEAS[i % len(IDEAS)]} {i + 1}"
            entries.append(Entry(contest=contest, category=categories[i % len(categories)], unit=unit,
                                 path=unit.path, title=title, problem="Người dân khó tiếp cận dịch vụ số. " * 8,
                                 solution="Đoàn viên hướng dẫn tận nơi và dựng trang QR. " * 10,
                                 beneficiaries="Người cao tuổi, hộ kinh doanh", lead_name=lead,
                                 lead_phone=f"09{i:08d}", status=Entry.Status.SUBMITTED, submitted_at=now,
                                 search_text=search_blob(title, lead)[:255]))
        entries = Entry.objects.bulk_create(entries, batch_size=500)
        password = make_password("Bench-mat-khau-2025")  # hashed once: 40 hashes would take longer than the rest
        users = User.objects.bulk_create([User(username=f"bench.gk{j:02d}", password=password,
                                               full_name=f"Giám khảo {j + 1:02d}") for j in range(args.jurors)])
        jurors = Juror.objects.bulk_create([Juror(contest=contest, user=u, unit=province) for u in users])
        Through = Juror.categories.through
        Through.objects.bulk_create([Through(juror_id=j.pk, category_id=c.pk) for j in jurors for c in categories])
        # Juror j scores the entries i with i ≡ j (mod jurors / per_entry): each entry gets per_entry jurors.
        per_entry = args.jurors * args.per_juror // args.entries
        groups = args.jurors // per_entry
        made = [Assignment(juror=jurors[j], entry=e, round=prelim, completed_at=now)
                for i, e in enumerate(entries) for j in range(i % groups, args.jurors, groups)]
        made = Assignment.objects.bulk_create(made, batch_size=2000)
        scores, sheets = [], {}
        for a in made:
            values = {c: rng.randrange(8, 21) / 2 for c, _w in criteria}  # 4.0 … 10.0 by halves
            sheets.setdefault(a.entry_id, []).append(values)
            scores.extend(Score(assignment=a, criterion_id=c, value=v) for c, v in values.items())
        Score.objects.bulk_create(scores, batch_size=5000)
        weights, first = dict(criteria), criteria[0][0]
        results = []
        for entry_id, vals in sheets.items():
            s = ranking.standing([(ranking.sheet_total(v, weights), v[first]) for v in vals],
                                 trim_from=contest.trim_from)
            results.append(Result(entry_id=entry_id, round=prelim, sheets=s.sheets, score=s.score,
                                  first_criterion=s.first_criterion, spread=s.spread, trimmed=s.trimmed))
        Result.objects.bulk_create(results, batch_size=2000)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    print(f"database: a contest with {len(entries):,} entries, {len(jurors)} jurors, {len(criteria)} criteria, "
          f"{len(made):,} score sheets ({len(scores):,} scores), {len(results):,} results "
          f"({time.perf_counter() - t1:.1f}s)")
    return {"contest": contest.pk, "round": prelim.pk, "juror": jurors[0].pk, "user": users[0].pk,
            "username": users[0].username,
            "criteria": [c for c, _w in criteria], "sheets": len(made)}


def time_saves(setup: dict, saves: int, warmup: int, seed: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from tienphong.accounts.models import User
    from tienphong.contests.models import Assignment, Result

    rng = random.Random(seed)
    client = Client(HTTP_HOST="127.0.0.1")  # the test client skips the CSRF check; everything else runs
    client.force_login(User.objects.get(pk=setup["user"]))
    own = list(Assignment.objects.filter(juror_id=setup["juror"]).order_by("entry_id").values_list("pk", "entry_id"))
    save_wall, save_cpu, bare_wall, bare_cpu = [], [], [], []
    for i in range(warmup + saves):
        pk, entry_id = own[i % len(own)]
        following = own[(i + 1) % len(own)][0]
        marks = [rng.randrange(8, 21) / 2 for _c in setup["criteria"]]
        data = {f"c{c}": f"{m:.1f}".replace(".", ",") for c, m in zip(setup["criteria"], marks)}
        data["next"] = str(following)  # as the sheet page names it
        c, w = time.thread_time(), time.perf_counter()
        r = client.post(f"/jury/sheets/{pk}/", data)
        cpu, wall = (time.thread_time() - c) * 1000, (time.perf_counter() - w) * 1000
        assert r.status_code == 302, (r.status_code, r.content[:500])
        c, w = time.thread_time(), time.perf_counter()
        b = client.get(BARE)
        bcpu, bwall = (time.thread_time() - c) * 1000, (time.perf_counter() - w) * 1000
        assert b.status_code == 200
        if i >= warmup:
            save_wall.append(wall)
            save_cpu.append(cpu)
            bare_wall.append(bwall)
            bare_cpu.append(bcpu)
    # The last save's result is the one its sheets give (checked, not assumed).
    last_entry = own[(warmup + saves - 1) % len(own)][1]
    result = Result.objects.get(entry_id=last_entry, round_id=setup["round"])
    pk = own[0][0]
    with CaptureQueriesContext(connection) as ctx:
        client.post(f"/jury/sheets/{pk}/", {f"c{c}": "7,5" for c in setup["criteria"]} | {"next": str(own[1][0])})
    return {"save_wall": sorted(save_wall), "save_cpu": sorted(save_cpu), "bare_wall": sorted(bare_wall),
            "bare_cpu": sorted(bare_cpu), "queries": len(ctx.captured_queries), "result": result}


def time_saves_http(setup: dict, saves: int, warmup: int, seed: int, database_url: str, workers: int) -> dict:
    """The same saves and bare GETs as `time_saves`, through gunicorn on loopback (DEBUG=False, `workers` sync
    workers), logged in like a phone (the login form, the CSRF header): what a juror's phone waits for."""
    from django.db import connections

    from serving import login, start_gunicorn, stop_gunicorn, wait_until_up

    from tienphong.contests.models import Assignment

    rng = random.Random(seed)
    own = list(Assignment.objects.filter(juror_id=setup["juror"]).order_by("entry_id").values_list("pk", flat=True))
    connections.close_all()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_gunicorn(database_url, port, workers=workers, log_name="contests-gunicorn.log")
    try:
        wait_until_up(base, proc, OUT / "contests-gunicorn.log")
        session = login(base, setup["username"], "Bench-mat-khau-2025")
        save_wall, bare_wall = [], []
        for i in range(warmup + saves):
            pk, following = own[i % len(own)], own[(i + 1) % len(own)]
            marks = [rng.randrange(8, 21) / 2 for _c in setup["criteria"]]
            data = {f"c{c}": f"{m:.1f}".replace(".", ",") for c, m in zip(setup["criteria"], marks)}
            data["next"] = str(following)  # as the sheet page names it
            w = time.perf_counter()
            r = session.post(f"{base}/jury/sheets/{pk}/", data=data, allow_redirects=False, timeout=60,
                             headers={"Referer": base + "/jury/"})
            wall = (time.perf_counter() - w) * 1000
            assert r.status_code == 302, (r.status_code, r.text[:300])
            w = time.perf_counter()
            b = session.get(base + BARE, timeout=60)
            bwall = (time.perf_counter() - w) * 1000
            assert b.status_code == 200
            if i >= warmup:
                save_wall.append(wall)
                bare_wall.append(bwall)
    finally:
        stop_gunicorn(proc)
    return {"save_wall": sorted(save_wall), "bare_wall": sorted(bare_wall)}


def time_workbook(setup: dict) -> dict:
    import openpyxl

    from tienphong.contests import exports
    from tienphong.contests.models import Contest

    contest = Contest.objects.get(pk=setup["contest"])
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    response = exports.scores_workbook_response(contest)
    body = b"".join(response.streaming_content)
    seconds = time.perf_counter() - t
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    t = time.perf_counter()
    b"".join(exports.scores_workbook_response(contest).streaming_content)
    traced_seconds = time.perf_counter() - t
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
    rows = {name: sum(1 for _r in book[name].iter_rows(values_only=True)) for name in book.sheetnames}
    return {"seconds": seconds, "bytes": len(body), "peak_python": peak, "traced_seconds": traced_seconds,
            "rss_before": rss_before, "rss_after": rss_after, "rows": rows}


def ms(values) -> str:
    return (f"p50 {percentile(values, 50):.1f} ms, p95 {percentile(values, 95):.1f} ms, "
            f"max {values[-1]:.1f} ms (mean {statistics.fmean(values):.1f})")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--database-url", default=os.environ.get("DATABASE_URL"),
                   help="default: a fresh SQLite file bench/out/contests.sqlite3")
    p.add_argument("--entries", type=int, default=2000)
    p.add_argument("--jurors", type=int, default=40)
    p.add_argument("--per-juror", type=int, default=200, help="entries given to each juror")
    p.add_argument("--criteria", type=int, default=5)
    p.add_argument("--saves", type=int, default=300, help="timed saves (after --warmup)")
    p.add_argument("--warmup", type=int, default=20)
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--http", action="store_true",
                   help="also time the saves through gunicorn on loopback (a juror's phone's view)")
    p.add_argument("--workers", type=int, default=2, help="gunicorn sync workers for --http")
    args = p.parse_args()
    if not (1 <= args.criteria <= 20 and 10 <= args.entries <= 100_000 and 1 <= args.jurors <= 1000
            and args.saves >= 1 and args.jurors * args.per_juror % args.entries == 0
            and args.jurors % (args.jurors * args.per_juror // args.entries or 1) == 0):
        sys.exit("options out of range (jurors × per-juror must be a multiple of the entries, "
                 "and the jurors a multiple of the jurors per entry)")
    OUT.mkdir(parents=True, exist_ok=True)
    if not args.database_url:
        args.database_url = f"sqlite:///{OUT / 'contests.sqlite3'}"
    configure(args.database_url)
    from django.db import connection, connections

    from member_list import reset_database

    load_before = os.getloadavg()
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}; {os.cpu_count()} CPUs, "
          f"load average {load_before[0]:.1f} / {load_before[1]:.1f} / {load_before[2]:.1f}")
    reset_database(args.database_url)
    connections.close_all()
    setup = populate(args)

    saved = time_saves(setup, args.saves, args.warmup, args.seed)
    print(f"\nsave one score sheet ({len(setup['criteria'])} criteria, POST /jury/sheets/<id>/ through the test client, "
          f"{args.saves} saves after {args.warmup} warm-up; {saved['queries']} SQL statements a save):")
    print(f"  save, wall:      {ms(saved['save_wall'])}")
    print(f"  bare view, wall: {ms(saved['bare_wall'])}")
    print(f"  save, CPU:       {ms(saved['save_cpu'])}")
    print(f"  bare view, CPU:  {ms(saved['bare_cpu'])}")
    r = saved["result"]
    print(f"  last entry's result: {r.sheets} sheets, score {r.score:.4f}, trimmed {r.trimmed}")
    p50 = percentile(saved["save_wall"], 50) / percentile(saved["bare_wall"], 50)
    p95 = percentile(saved["save_wall"], 95) / percentile(saved["bare_wall"], 95)
    cpu95 = percentile(saved["save_cpu"], 95) / percentile(saved["bare_cpu"], 95)

    http_ok = True
    if args.http:
        over = time_saves_http(setup, args.saves, args.warmup, args.seed + 1, args.database_url, args.workers)
        h50 = percentile(over["save_wall"], 50) / percentile(over["bare_wall"], 50)
        h95 = percentile(over["save_wall"], 95) / percentile(over["bare_wall"], 95)
        http_ok = h95 <= 3
        print(f"\nthrough gunicorn ({args.workers} sync workers, loopback, logged in by the login form):")
        print(f"  save, wall:      {ms(over['save_wall'])}")
        print(f"  bare view, wall: {ms(over['bare_wall'])}")
        print(f"  ratio save/bare over HTTP: p50 {h50:.2f}×, p95 {h95:.2f}× "
              f"({'meets' if http_ok else 'MISSES'} the 3× goal)")

    book = time_workbook(setup)
    print(f"\nExcel of every score sheet ({setup['sheets']:,} sheets): {book['seconds']:.2f} s, "
          f"{book['bytes'] / 1e6:.2f} MB; rows {book['rows']}")
    print(f"  peak of Python allocations (tracemalloc, a second run: {book['traced_seconds']:.2f} s under it): "
          f"{book['peak_python'] / 2**20:.1f} MiB; process peak RSS {book['rss_before'] / 1024:.0f} MiB before the "
          f"export, {book['rss_after'] / 1024:.0f} MiB after")
    load_after = os.getloadavg()
    print(f"\nload average before {load_before[0]:.1f}, after {load_after[0]:.1f} / {load_after[1]:.1f} / "
          f"{load_after[2]:.1f} (other work on the machine skews every figure)")
    expected_rows = setup["sheets"] + 1
    ok_rows = list(book["rows"].values())[0] == expected_rows
    save_ok, book_ok = p95 <= 3, book["seconds"] < 10
    print(f"ratio save/bare (wall): p50 {p50:.2f}×, p95 {p95:.2f}× ({'meets' if save_ok else 'MISSES'} the 3× goal); "
          f"CPU p95 {cpu95:.2f}×")
    print(f"Excel {book['seconds']:.2f} s ({'meets' if book_ok else 'MISSES'} the 10 s goal); "
          f"rows {'exact' if ok_rows else 'NOT EXACT'}")
    sys.exit(0 if (save_ok or args.http and http_ok) and book_ok and ok_rows else 1)


if __name__ == "__main__":
    main()

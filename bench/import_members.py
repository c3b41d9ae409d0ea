#!/usr/bin/env python
"""Benchmark: importing a province's members from Excel, against a bare openpyxl read of the file.

Run by hand (not a test):

    .venv/bin/python bench/import_members.py                 # 100,000 rows, fresh SQLite under bench/out/
    .venv/bin/python bench/import_members.py --rows 20000
    .venv/bin/python bench/import_members.py --database-url postgres://postgres@127.0.0.1:5432/tienphong_bench

It builds a fresh database (migrate; Ninh Bình and its 129 real communes from `vietnamadminunits`,
one grassroots union and a few branches each), writes a members workbook with believable
Vietnamese names and the real branch codes of that tree, then in the same process times

  1. a bare read: openpyxl read-only, every row with values_only=True, nothing else;
  2. the import: `tienphong.members.importing.import_file()` into the province (the import
     framework's checks and parse, the members' plan, bulk write, audit entries), exactly what
     `manage.py import_members` and the web UI run.

Goal: import time ≤ 2 × bare read time, peak memory (ru_maxrss) under 1 GiB.
`--reimport` also times importing the same file a second time (every row matched, nothing changed);
`--readers` times reading and checking the cells alone with python-calamine and with openpyxl.
"""

import argparse
import os
import random
import resource
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from bench.member_list import (  # noqa: E402  (the name tables and database reset of the list bench)
    FAMILY, FEMALE_GIVEN, FEMALE_MIDDLE, MALE_GIVEN, MALE_MIDDLE, _pick, is_postgres, reset_database,
)

GOAL_RATIO = 2.0
GOAL_RSS_MIB = 1024


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def configure(database_url: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "tienphong.settings"
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["MEDIA_ROOT"] = str(OUT / "media")
    import django

    django.setup()


def build_tree(branches_per_commune: int) -> tuple:
    from django.core.management import call_command
    from django.db import transaction

    from tienphong.units.models import OrgUnit
    from tienphong.units.services import load_units, unit_create

    call_command("migrate", verbosity=0, interactive=False)
    K = OrgUnit.Kind
    with transaction.atomic():
        load_units(province_codes=["37"])
        province = OrgUnit.objects.get(code="37")
        branches = []
        for commune in OrgUnit.objects.filter(parent=province, kind=K.COMMUNE).order_by("code"):
            grassroots = unit_create(parent=commune, kind=K.GRASSROOTS, name=f"Đoàn cơ sở {commune.name}",
                                     code=f"{commune.code}-01")
            for b in range(1, branches_per_commune + 1):
                word = "Tổ dân phố" if commune.admin_type == OrgUnit.AdminType.WARD else "Thôn"
                branches.append(unit_create(parent=grassroots, kind=K.BRANCH, name=f"Chi đoàn {word} {b}",
                                            code=f"{commune.code}-01-{b:02d}"))
    return province, branches


def member_records(n: int, branches, seed: int):
    """Dicts keyed like the export reads them, so the workbook is written by the export code."""
    from tienphong.core.text import fold
    from tienphong.members.models import Member

    rng = random.Random(seed)
    statuses = [(Member.Status.ACTIVE, 88), (Member.Status.MOVED, 4), (Member.Status.MATURED, 6),
                (Member.Status.LEFT, 2)]
    prefixes = ["03", "05", "07", "08", "09"]
    phones = rng.sample(range(10**8), n)  # unique 8-digit tails
    today = date.today()
    for i in range(n):
        male = rng.random() < 0.5
        full_name = " ".join([_pick(rng, FAMILY), _pick(rng, MALE_MIDDLE if male else FEMALE_MIDDLE),
                              rng.choice(MALE_GIVEN if male else FEMALE_GIVEN)])
        birth = date(1990, 1, 1) + timedelta(days=rng.randrange(19 * 365))
        joined = min(birth + timedelta(days=365 * 16 + rng.randrange(3000)), today)
        has_phone = rng.random() < 0.97
        email = ""
        if not has_phone or rng.random() < 0.25:
            email = f"{fold(full_name).replace(' ', '.')}.{i}@example.vn"
        record = {
            "full_name": full_name,
            "gender": Member.Gender.MALE if male else Member.Gender.FEMALE,
            "birth_date": birth,
            "phone": f"{prefixes[i % 5]}{phones[i]:08d}" if has_phone else "",
            "email": email,
            "branch__code": rng.choice(branches).code,
            "joined_on": joined,
            "status": _pick(rng, statuses),
            "is_core": rng.random() < 0.1,
            "digital_skill": rng.choices([1, 2, 3, 4], weights=[40, 35, 18, 7])[0],
        }
        if rng.random() < 0.05:  # some dates typed as text, as people do
            record["birth_date"] = birth.strftime("%d/%m/%Y")
        yield record


def bare_read(path: Path) -> tuple[int, float]:
    import openpyxl

    t0 = time.perf_counter()
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    n = 0
    for _row in wb.worksheets[0].iter_rows(values_only=True):
        n += 1
    wb.close()
    return n, time.perf_counter() - t0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--branches", type=int, default=4, help="branches per commune (129 communes)")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""),
                        help="default: $DATABASE_URL, else a fresh SQLite file under bench/out/")
    parser.add_argument("--reimport", action="store_true", help="also time a second import of the same file")
    parser.add_argument("--readers", action="store_true",
                        help="also time reading + checking the cells (no database) with each reader")
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    database_url = args.database_url or f"sqlite:///{OUT / 'import_members.sqlite3'}"
    if not is_postgres(database_url) or "bench" in database_url:
        reset_database(database_url)  # refuses PostgreSQL databases whose name lacks "bench"
    configure(database_url)
    from django.db import connection

    from tienphong.members.importing import import_file
    from tienphong.members.models import Member
    from tienphong.core.models import AuditEntry
    from tienphong.core.imports import reading
    from tienphong.members import excel

    if _has_tables() and Member.objects.exists():
        sys.exit("the database already holds members: give a fresh database")

    t0 = time.perf_counter()
    province, branches = build_tree(args.branches)
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    print(f"tree: 1 province, 129 communes, {len(branches)} branches ({time.perf_counter() - t0:.1f} s)")

    path = OUT / f"members-{args.rows}.xlsx"
    t0 = time.perf_counter()
    excel.write_members_workbook(path, member_records(args.rows, branches, args.seed),
                                 [(b.code, b.name, "", "") for b in branches])
    print(f"workbook: {args.rows:,} rows, {path.stat().st_size / 2**20:.1f} MiB, written in "
          f"{time.perf_counter() - t0:.1f} s -> {path.relative_to(ROOT)}")
    rss_before = peak_rss_mib()

    n, bare = bare_read(path)
    print(f"bare openpyxl read:  {bare:7.2f} s  {n / bare:9,.0f} rows/s  ({n:,} rows incl. header)")

    t0 = time.perf_counter()
    plan = import_file(unit=province, source=path, actor=None)
    took = time.perf_counter() - t0
    if plan.errors:
        for e in plan.errors[:20]:
            print("  error:", e)
        sys.exit(f"import failed with {len(plan.errors)} errors")
    members = Member.objects.count()
    audits = AuditEntry.objects.filter(content_type__model="member").count()
    assert plan.created == args.rows == members == audits, (plan.created, members, audits)
    print(f"import:              {took:7.2f} s  {args.rows / took:9,.0f} rows/s  "
          f"({plan.created:,} created, {audits:,} audit entries)")
    ratio = took / bare
    peak = peak_rss_mib()
    print(f"ratio import/bare:   {ratio:7.2f}   (goal <= {GOAL_RATIO:.1f})  {'OK' if ratio <= GOAL_RATIO else 'MISSED'}")
    print(f"peak RSS:            {peak:7.0f} MiB (goal < {GOAL_RSS_MIB}; {rss_before:.0f} MiB before reading)  "
          f"{'OK' if peak < GOAL_RSS_MIB else 'MISSED'}")

    if args.readers:
        for label, rows in (("python-calamine", lambda: reading.calamine_rows(path, excel.MEMBERS_SHEET)),
                            ("openpyxl", lambda: reading.openpyxl_rows(path, excel.MEMBERS_SHEET))):
            t0 = time.perf_counter()
            parsed = reading.parse_rows(rows(), excel.SHEET)
            took3 = time.perf_counter() - t0
            assert len(parsed.rows) == args.rows and not parsed.errors
            print(f"read + parse cells, {label + ':':16} {took3:6.2f} s  ({took3 / bare:.2f} x bare read)")

    if args.reimport:
        t0 = time.perf_counter()
        again = import_file(unit=province, source=path, actor=None)
        took2 = time.perf_counter() - t0
        assert not again.errors and again.unchanged == args.rows and Member.objects.count() == members
        print(f"re-import (no change): {took2:5.2f} s  {args.rows / took2:9,.0f} rows/s  "
              f"({again.unchanged:,} unchanged, {again.created} created)")


def _has_tables() -> bool:
    from django.db import connection

    return "members_member" in connection.introspection.table_names()


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Benchmark: a real province adopts Tiên Phong from an empty database, step by step.

Run by hand (not a test):

    .venv/bin/python bench/onboarding.py                  # a fresh SQLite file under bench/out/
    .venv/bin/python bench/onboarding.py --pg             # PostgreSQL: postgres@127.0.0.1:5432/tienphong_bench_onboarding
    .venv/bin/python bench/onboarding.py --members 5000   # a smaller province

What a province's IT staff do (README, "Dùng thật cho một tỉnh"), timed in one process:

  1. `migrate` on the empty database;
  2. `setup_province 37 --admin tinhdoan` (Ninh Bình and its 129 communes, the provincial union, the admin);
  3. the union tree from Excel: a generated workbook of 237 grassroots unions, 1,101 branches and
     130 service points (codes left blank, branches naming their union by name), imported into the
     province through `tienphong.units.importing` — what the page tree/import/ runs;
  4. 25,000 members from Excel, on the branch codes the tree import made, through
     `tienphong.members.importing` — what members/import/ and `manage.py import_members` run.

Each import is set against a bare baseline measured in the same run: an openpyxl read-only pass over
the same workbook. Goal: steps 1–4 together under 60 s; peak RSS (ru_maxrss) is printed too.
"""

import argparse
import io
import os
import random
import resource
import sys
import time
from contextlib import redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from bench.import_members import bare_read, member_records  # noqa: E402
from bench.member_list import reset_database  # noqa: E402

GOAL_SECONDS = 60.0
PG_URL = "postgres://postgres@127.0.0.1:5432/tienphong_bench_onboarding"
GRASSROOTS, BRANCHES, SERVICE_POINTS = 237, 1_101, 130

# Names people give their branches: villages and residential groups, schools, firms, agencies.
VILLAGES = ["Thôn Đông", "Thôn Đoài", "Thôn Nam", "Thôn Bắc", "Thôn Trung", "Thôn Thượng", "Thôn Hạ",
            "Xóm Mới", "Xóm Chùa", "Xóm Đình", "Tổ dân phố Tân Thành", "Tổ dân phố Đồng Tâm"]
SCHOOL_BRANCHES = ["Chi đoàn 10A1", "Chi đoàn 10A2", "Chi đoàn 11A1", "Chi đoàn 12A1", "Chi đoàn Giáo viên"]


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def configure(database_url: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "tienphong.settings"
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["MEDIA_ROOT"] = str(OUT / "media")
    import django

    django.setup()


def tree_records(communes, province_name: str, seed: int):
    """237 grassroots unions (two in most communes: the commune's and a school's or a firm's), 1,101
    branches under them, a service point per commune and one for the province: rows as the export
    writes them (the export writes the labels), codes blank, each branch naming its union by name."""
    from tienphong.units.models import OrgUnit

    T, K = OrgUnit.BranchType, OrgUnit.Kind
    rng = random.Random(seed)
    communes = sorted(communes, key=lambda c: c.code)
    second = set(c.code for c in rng.sample(communes, GRASSROOTS - len(communes)))
    unions = []  # (commune, name, kind of branches)
    for c in communes:
        unions.append((c, f"Đoàn cơ sở {c.name}", T.RURAL))
        if c.code in second:
            school = rng.random() < 0.6
            unions.append((c, f"Đoàn cơ sở Trường THPT {c.name.split(' ', 1)[1]}" if school
                          else f"Đoàn cơ sở Công ty {c.name.split(' ', 1)[1]}", T.SCHOOL if school else T.ENTERPRISE))
    # 1,101 branches: 4 or 5 per union.
    sizes = [4] * len(unions)
    for i in rng.sample(range(len(unions)), BRANCHES - 4 * len(unions)):
        sizes[i] += 1
    rows = []
    for (commune, name, branch_kind), size in zip(unions, sizes):
        rows.append({"kind": K.GRASSROOTS, "code": "", "name": name, "commune": commune.name,
                     "parent": "", "branch_type": ""})
        for j in range(size):
            if branch_kind == T.SCHOOL:
                branch, btype = SCHOOL_BRANCHES[j % len(SCHOOL_BRANCHES)], T.SCHOOL
            elif branch_kind == T.ENTERPRISE:
                branch, btype = f"Chi đoàn Phân xưởng {j + 1}", T.ENTERPRISE
            else:
                branch, btype = f"Chi đoàn {VILLAGES[j % len(VILLAGES)]}", T.RURAL
            rows.append({"kind": K.BRANCH, "code": "", "name": branch, "commune": commune.name,
                         "parent": name, "branch_type": btype})
    for c in communes:
        rows.append({"kind": K.SERVICE_POINT, "code": "", "name": f"Điểm phục vụ {c.name}",
                     "commune": c.name, "parent": "", "branch_type": ""})
    for _ in range(SERVICE_POINTS - len(communes)):
        rows.append({"kind": K.SERVICE_POINT, "code": "",
                     "name": f"Trung tâm Phục vụ hành chính công {province_name}", "commune": "", "parent": "",
                     "branch_type": ""})
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg", action="store_true", help=f"PostgreSQL at {PG_URL} (emptied first)")
    parser.add_argument("--database-url", default="", help="any database URL (its name must contain 'bench')")
    parser.add_argument("--members", type=int, default=25_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--profile", action="store_true", help="cProfile the members import (top 25 by time)")
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    database_url = args.database_url or (PG_URL if args.pg else f"sqlite:///{OUT / 'onboarding.sqlite3'}")
    reset_database(database_url)  # an empty database: refuses PostgreSQL databases whose name lacks "bench"
    configure(database_url)
    from django.core.management import call_command
    from django.db import connection

    from tienphong.accounts.models import User
    from tienphong.core.models import AuditEntry
    from tienphong.members import excel as member_excel
    from tienphong.members.importing import import_file as import_members
    from tienphong.members.models import Member
    from tienphong.units import excel as tree_excel
    from tienphong.units.importing import import_file as import_tree
    from tienphong.units.models import OrgUnit

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}   load average: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    steps: dict[str, float] = {}

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    steps["migrate"] = time.perf_counter() - t0
    print(f"1. migrate:                    {steps['migrate']:6.2f} s")

    t0 = time.perf_counter()
    with redirect_stdout(io.StringIO()) as said:  # the generated password is printed once: not here
        call_command("setup_province", "37", admin="tinhdoan", stdout=said)
    steps["setup_province"] = time.perf_counter() - t0
    province = OrgUnit.objects.get(kind=OrgUnit.Kind.PROVINCE, code="37")
    communes = list(OrgUnit.objects.filter(parent=province, kind=OrgUnit.Kind.COMMUNE))
    admin = User.objects.get(username="tinhdoan")
    print(f"2. setup_province 37:          {steps['setup_province']:6.2f} s  ({province.name}, "
          f"{len(communes)} communes, admin {admin.username})")

    tree_path = OUT / "onboarding-tree.xlsx"
    t0 = time.perf_counter()
    records = tree_records(communes, province.name.removeprefix("Tỉnh "), args.seed)
    tree_excel.write_units_workbook(tree_path, records, [(c.code, c.name) for c in communes])
    print(f"   tree workbook: {len(records):,} rows, {tree_path.stat().st_size / 1024:.0f} KiB, written in "
          f"{time.perf_counter() - t0:.2f} s (not counted)")
    rows, bare_tree = bare_read(tree_path)
    t0 = time.perf_counter()
    plan = import_tree(unit=province, source=tree_path, actor=admin)
    steps["tree import"] = took = time.perf_counter() - t0
    if plan.errors:
        for e in plan.errors[:20]:
            print("  error:", e)
        sys.exit(f"tree import failed with {len(plan.errors)} errors")
    kinds = {k: OrgUnit.objects.filter(kind=k).count() for k in tree_excel.IMPORTED_KINDS}
    audits = AuditEntry.objects.filter(content_type__model="orgunit", actor=admin).count()
    assert plan.created == len(records) == sum(kinds.values()) == audits, (plan.created, kinds, audits)
    print(f"3. tree import:                {took:6.2f} s  ({kinds['grassroots']} grassroots unions, {kinds['branch']:,} "
          f"branches, {kinds['service_point']} service points; {audits:,} audit entries)")
    print(f"   bare openpyxl read:         {bare_tree:6.2f} s  -> ratio {took / bare_tree:.1f}")
    t0 = time.perf_counter()
    again = import_tree(unit=province, source=tree_path, actor=admin, dry_run=True)
    assert not again.errors and again.unchanged == len(records), (again.errors[:3], again.unchanged)
    print(f"   same file again (preview):  {time.perf_counter() - t0:6.2f} s  ({again.unchanged:,} unchanged)")

    branches = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.BRANCH).only("code").order_by("code"))
    members_path = OUT / f"onboarding-members-{args.members}.xlsx"
    t0 = time.perf_counter()
    member_excel.write_members_workbook(members_path, member_records(args.members, branches, args.seed),
                                        [(b.code, "", "", "") for b in branches])
    print(f"   members workbook: {args.members:,} rows, {members_path.stat().st_size / 2**20:.1f} MiB, written in "
          f"{time.perf_counter() - t0:.2f} s (not counted)")
    rows, bare_members = bare_read(members_path)
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    t0 = time.perf_counter()
    plan = import_members(unit=province, source=members_path, actor=admin)
    steps["members import"] = took = time.perf_counter() - t0
    if profiler is not None:
        import pstats

        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    if plan.errors:
        for e in plan.errors[:20]:
            print("  error:", e)
        sys.exit(f"members import failed with {len(plan.errors)} errors")
    members = Member.objects.count()
    assert plan.created == args.members == members, (plan.created, members)
    print(f"4. members import:             {took:6.2f} s  ({members:,} members, {args.members / took:,.0f} rows/s)")
    print(f"   bare openpyxl read:         {bare_members:6.2f} s  -> ratio {took / bare_members:.1f}")

    total = sum(steps.values())
    print(f"onboarding (1-4):              {total:6.2f} s  (goal < {GOAL_SECONDS:.0f} s)  "
          f"{'OK' if total < GOAL_SECONDS else 'MISSED'}")
    print(f"peak RSS:                      {peak_rss_mib():6.0f} MiB")


if __name__ == "__main__":
    main()

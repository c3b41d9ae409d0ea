#!/usr/bin/env python
"""Benchmark: a published place page and its QR address under load, against a bare view and nginx.

Run by hand (not a test):

    .venv/bin/python bench/public_pages.py                    # PostgreSQL + Redis, 15 s a round
    .venv/bin/python bench/public_pages.py --seconds 30 --connections 64 --repeats 5

It builds its own PostgreSQL database (Ninh Bình's communes, a published relic with Vietnamese and
English stories, three photos and five published neighbours, and its QR code), serves the app with
gunicorn as in production (DEBUG=False, one sync worker per core, the page cache in Redis) and loads from
loopback with wrk (Debian's package), in rounds that alternate (three of each by default; the
median round of each kind is shown):

- the bare view `/bench/bare/` (bench/bench_urls.py: a fixed string through the same middleware);
- the place page `/visit/place/<pk>/`;
- the QR address `/q/<code>` (a scan: counted in Redis, then a 302 to the page; the counts reach the
  database in batches, tienphong/qr/pending.py, moved by `manage.py flush_scans --every 2` running beside
  gunicorn as deploy/systemd/tienphong-scans.service does, and by the scans themselves every 5 s);
- the same QR address on a second gunicorn whose cache is the per-process one (`locmemcache://`), so each
  scan is written to the database in its own transaction: the design before the Redis counters, measured
  in the same run (`--no-direct` leaves it out);
- nginx serving the place page saved as a static file.

Goals: the place page at ≥ 0.8× the bare view's requests/s with p99 < 50 ms (issue 5); the QR address
at ≥ 0.8× the bare view's requests/s (issue 14). The nginx figure and the ratio to it are printed too.
Scan counting must lose nothing under load: the round on /q/ counts the 302s wrk received (a Lua
script), and the stored count, once nothing waits in Redis, must cover them (at most the connections'
in-flight requests more per round, answered after wrk stopped reading); then a fixed batch of scans
sent by 32 threads must add exactly its size, and the rollups must equal a rebuild. The load average
is printed before and after: on a shared machine compare the ratios, not the absolute figures.

gunicorn, nginx and the wrk processes are stopped at the end, also on Ctrl-C or an error.
"""

import argparse
import io
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from serving import OUT, ROOT, configure, free_port, server_env, start_gunicorn, stop_gunicorn, wait_until_up

DB_NAME = "tienphong_bench_public"
CACHE_URL = "redis://127.0.0.1:6379/3"

SCAN_COUNTER_LUA = """
local counts = {}
function setup(thread) table.insert(counts, thread) end
function init(args) found = 0; other = 0 end
function response(status, headers, body)
  if status == 302 then found = found + 1 else other = other + 1 end
end
function done(summary, latency, requests)
  local f, o = 0, 0
  for _, t in ipairs(counts) do f = f + t:get("found"); o = o + t:get("other") end
  io.write(string.format("SCANS302 %d OTHER %d\\n", f, o))
end
"""


def database_url(args) -> str:
    return f"postgres://postgres@127.0.0.1:5432/{args.db}"


def reuse(args) -> dict | None:
    """What the rounds need from a database an earlier run built (--reuse-db), or None."""
    exists = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc",
                             f"SELECT 1 FROM pg_database WHERE datname = '{args.db}'"], capture_output=True, text=True)
    if exists.stdout.strip() != "1":
        return None
    env = dict(os.environ, **server_env(database_url(args)), CACHE_URL=CACHE_URL, PYTHONPATH=str(ROOT))
    for cmd in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([sys.executable, str(ROOT / "manage.py"), *cmd], env=env, check=True)
    os.environ["CACHE_URL"] = CACHE_URL
    configure(database_url(args))
    from tienphong.places.models import Place
    from tienphong.qr.services import code_for

    relic = Place.objects.filter(name="Núi Non Nước (bench)").first()
    if relic is None:
        return None
    code = code_for(relic)
    return {"place_path": relic.get_public_url(), "code": code.code, "shortcode_id": code.pk}


def build(args) -> dict:
    """The database: units, one relic to load, its neighbours. Returns what the rounds need."""
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE IF EXISTS {args.db}"],
                   check=True)
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {args.db}"], check=True)
    env = dict(os.environ, **server_env(database_url(args)), CACHE_URL=CACHE_URL, PYTHONPATH=str(ROOT))
    for cmd in (["migrate", "--noinput", "-v0"], ["load_units", "--province", "37"],
                ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([sys.executable, str(ROOT / "manage.py"), *cmd], env=env, check=True)
    os.environ["CACHE_URL"] = CACHE_URL  # before the settings load: this process reads Redis's waiting scans
    configure(database_url(args))

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    from tienphong.core.images import photo_renditions
    from tienphong.places.models import Place, PlacePhoto, PlaceStory
    from tienphong.qr.services import code_for
    from tienphong.units.models import OrgUnit

    communes = list(OrgUnit.objects.filter(kind="commune").exclude(latitude=None).order_by("code")[:6])
    home = communes[0]

    def photo(color, label):
        image = Image.new("RGB", (2400, 1600), color)
        ImageDraw.Draw(image).text((80, 80), label, fill="white")
        out = io.BytesIO()
        image.save(out, "JPEG", quality=90)
        return SimpleUploadedFile("photo.jpg", out.getvalue(), content_type="image/jpeg")

    story_vi = ("Núi Non Nước nằm bên dòng sông Đáy. " * 12 + "\n\n") * 6
    story_en = ("Non Nuoc mountain stands by the Day river. " * 12 + "\n\n") * 6
    relic = Place.objects.create(name="Núi Non Nước (bench)", kind="relic", commune=home, status="published",
                                 address="Phường Hoa Lư", latitude=home.latitude, longitude=home.longitude,
                                 opening_hours="6:00–18:00", ranking="national", sample=True)
    PlaceStory.objects.create(place=relic, language="vi", title="Núi Non Nước", body=story_vi)
    PlaceStory.objects.create(place=relic, language="en", title="Non Nuoc mountain", body=story_en)
    for i, color in enumerate(("#7a4a2a", "#2a5a7a", "#3a7a2a")):
        PlacePhoto.objects.create(place=relic, position=i, caption=f"Ảnh {i + 1}",
                                  **photo_renditions(photo(color, f"photo {i}")))
    for i, commune in enumerate(communes[1:], start=1):
        Place.objects.create(name=f"Điểm wifi {i}", kind="wifi_point", commune=commune, status="published",
                             latitude=home.latitude + 0.01 * i, longitude=home.longitude + 0.01 * i,
                             wifi_name=f"Wifi-Doan-{i}")
    code = code_for(relic)
    return {"place_path": relic.get_public_url(), "code": code.code, "shortcode_id": code.pk}


def stored_scans(shortcode_id: int) -> int:
    from django.db.models import Sum

    from tienphong.qr.models import ScanDay

    return ScanDay.objects.filter(shortcode_id=shortcode_id).aggregate(n=Sum("count"))["n"] or 0


def settled_scans(shortcode_id: int, timeout: float = 15) -> tuple[int, float]:
    """(stored scans, seconds until nothing waited in Redis): the flusher beside gunicorn moves the
    counts; this process only watches (it never flushes itself)."""
    from django.db import close_old_connections

    from tienphong.qr import pending

    t0 = time.monotonic()
    while pending.waiting() and time.monotonic() - t0 < timeout:
        time.sleep(0.1)
    waited = time.monotonic() - t0
    if pending.waiting():
        sys.exit(f"scans still waiting in Redis after {timeout:.0f} s: is flush_scans running? see "
                 f"{OUT / 'flush-scans.log'}")
    close_old_connections()
    return stored_scans(shortcode_id), waited


def start_flusher(database_url_: str) -> subprocess.Popen:
    """`manage.py flush_scans --every 2`, as deploy/systemd/tienphong-scans.service runs it."""
    env = dict(os.environ, **server_env(database_url_), CACHE_URL=CACHE_URL, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, str(ROOT / "manage.py"), "flush_scans", "--every", "2"], env=env,
                            stdout=open(OUT / "flush-scans.log", "w"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def wrk(url: str, args, script: str | None = None) -> dict:
    cmd = ["wrk", "-t", str(args.threads), "-c", str(args.connections), "-d", f"{args.seconds}s", "--latency",
           "--timeout", "10s"]
    if script:
        cmd += ["-s", script]
    out = subprocess.run(cmd + [url], capture_output=True, text=True, check=True).stdout
    (OUT / "wrk-public.log").open("a").write(f"$ {' '.join(cmd)} {url}\n{out}\n")

    def ms(token):
        value, unit = re.match(r"([\d.]+)(us|ms|s)", token).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
              "requests": int(re.search(r"(\d+) requests in", out).group(1))}
    for p in ("50", "90", "99"):
        result[f"p{p}"] = ms(re.search(rf"^\s+{p}%\s+(\S+)", out, re.M).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result["non2xx3xx"] = int(errors.group(1)) if errors else 0
    socket_errors = re.search(r"Socket errors: (.*)", out)
    result["socket_errors"] = socket_errors.group(1) if socket_errors else ""
    scans = re.search(r"SCANS302 (\d+) OTHER (\d+)", out)
    if scans:
        result["scans302"], result["other"] = int(scans.group(1)), int(scans.group(2))
    return result


def start_nginx(root: Path, port: int) -> subprocess.Popen:
    conf = OUT / "nginx-public.conf"
    conf.write_text(f"""
worker_processes {os.cpu_count() or 2};
daemon off;
pid {OUT / 'nginx-public.pid'};
error_log {OUT / 'nginx-public-error.log'} warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  client_body_temp_path {OUT}/nginx-tmp;
  server {{
    listen 127.0.0.1:{port};
    root {root};
    location / {{ default_type "text/html; charset=utf-8"; }}
  }}
}}
""")
    (OUT / "nginx-tmp").mkdir(exist_ok=True)
    return subprocess.Popen(["nginx", "-p", str(OUT), "-c", str(conf), "-e", str(OUT / "nginx-public-error.log")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)


def fixed_scans(url: str, total: int, threads: int = 32) -> tuple[int, int]:
    """Send exactly `total` scans from `threads` threads (no redirects followed). (302s, others)."""
    import requests

    counts = {"found": 0, "other": 0}
    lock = threading.Lock()

    def work(n):
        s = requests.Session()
        found = other = 0
        for _ in range(n):
            r = s.get(url, allow_redirects=False, timeout=30)
            if r.status_code == 302:
                found += 1
            else:
                other += 1
        with lock:
            counts["found"] += found
            counts["other"] += other

    share = [total // threads + (1 if i < total % threads else 0) for i in range(threads)]
    workers = [threading.Thread(target=work, args=(n,)) for n in share]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    return counts["found"], counts["other"]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", default=DB_NAME)
    p.add_argument("--seconds", type=int, default=15)
    p.add_argument("--connections", type=int, default=32)
    p.add_argument("--threads", type=int, default=2, help="wrk threads")
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2: one per core)")
    p.add_argument("--worker-threads", type=int, default=1,
                   help="threads per worker (default 1: sync workers, the steadiest tail on 2 cores; >1: gthread)")
    p.add_argument("--fixed-scans", type=int, default=5000)
    p.add_argument("--repeats", type=int, default=3, help="rounds of each kind, alternating; medians shown")
    p.add_argument("--reuse-db", action="store_true", help="keep the database an earlier run built (faster)")
    p.add_argument("--no-direct", action="store_true",
                   help="leave out the scans written straight to the database (a second gunicorn, per-process cache)")
    args = p.parse_args()
    for tool in ("wrk", "nginx", "psql"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: apt-get install wrk nginx-light postgresql-client")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "wrk-public.log").write_text("")
    subprocess.run(["redis-cli", "-n", "3", "flushdb"], check=True, capture_output=True)

    t0 = time.perf_counter()
    info = (reuse(args) if args.reuse_db else None) or build(args)
    print(f"database {args.db}: built in {time.perf_counter() - t0:.0f} s; place {info['place_path']}, "
          f"code {info['code']}")

    port, nginx_port, direct_port = free_port(), free_port(), free_port()
    base, direct_base = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{direct_port}"
    os.environ["CACHE_URL"] = CACHE_URL
    load_before = load_average()
    gunicorn = start_gunicorn(database_url(args), port, workers=args.workers, threads=args.worker_threads,
                              log_name="gunicorn-public.log",
                              # Every scan counted: the figure is the counting write, not the once-per-client skip.
                              extra_env={"CACHE_URL": CACHE_URL, "QR_SCAN_ONCE_SECONDS": "0"})
    flusher = start_flusher(database_url(args))
    direct = None if args.no_direct else start_gunicorn(
        database_url(args), direct_port, workers=args.workers, threads=args.worker_threads,
        log_name="gunicorn-public-direct.log",
        extra_env={"CACHE_URL": "locmemcache://", "QR_SCAN_ONCE_SECONDS": "0"})
    nginx = None
    try:
        wait_until_up(base, gunicorn, OUT / "gunicorn-public.log")
        if direct is not None:
            wait_until_up(direct_base, direct, OUT / "gunicorn-public-direct.log")
        import requests

        page = requests.get(base + info["place_path"], timeout=30)
        page.raise_for_status()
        scan = requests.get(f"{base}/q/{info['code']}", allow_redirects=False, timeout=30)
        assert scan.status_code == 302 and scan.headers["Location"].endswith(info["place_path"]), scan.status_code
        root = OUT / "nginx-root"
        root.mkdir(exist_ok=True)
        (root / "place.html").write_bytes(page.content)
        nginx = start_nginx(root, nginx_port)
        time.sleep(0.5)
        requests.get(f"http://127.0.0.1:{nginx_port}/place.html", timeout=10).raise_for_status()
        print(f"place page: {len(page.content):,} bytes of HTML; wrk -t{args.threads} -c{args.connections} "
              f"-d{args.seconds}s; gunicorn " + (f"gthread {args.workers}×{args.worker_threads}" if args.worker_threads > 1
                                               else f"{args.workers} sync workers"))

        # Warm every worker's connections and the page cache before measuring.
        warm = [base + "/bench/bare/", base + info["place_path"]]
        if direct is not None:
            warm.append(f"{direct_base}/q/{info['code']}")
        for url in warm:
            subprocess.run(["wrk", "-t1", "-c8", "-d2s", url], capture_output=True, check=True)

        # Rounds alternate (bare, page, scan, nginx) × repeats, and each figure is its median round,
        # so a burst of background work on this 2-core machine cannot fall on one side only.
        script = OUT / "scan-counter.lua"
        script.write_text(SCAN_COUNTER_LUA)
        rounds = {"bare": [], "place": [], "scan": [], "nginx": []}
        if direct is not None:
            rounds["direct"] = []
        got = stored = 0
        settle = []
        for _ in range(args.repeats):
            rounds["bare"].append(wrk(base + "/bench/bare/", args))
            rounds["place"].append(wrk(base + info["place_path"], args))
            before, _ = settled_scans(info["shortcode_id"])
            scan = wrk(f"{base}/q/{info['code']}", args, script=str(script))
            time.sleep(1.0)  # requests wrk stopped waiting for are still answered (and counted)
            after, waited = settled_scans(info["shortcode_id"])
            stored += after - before
            settle.append(waited + 1.0)
            got += scan.get("scans302", 0)
            rounds["scan"].append(scan)
            if direct is not None:
                rounds["direct"].append(wrk(f"{direct_base}/q/{info['code']}", args))
            rounds["nginx"].append(wrk(f"http://127.0.0.1:{nginx_port}/place.html", args))
        results = {key: sorted(rs, key=lambda r: r["rps"])[len(rs) // 2] for key, rs in rounds.items()}
        fixed_before, _ = settled_scans(info["shortcode_id"])
        found, other = fixed_scans(f"{base}/q/{info['code']}", args.fixed_scans)
        fixed_after, _ = settled_scans(info["shortcode_id"])
        load_after = load_average()
        from django.db import close_old_connections

        from tienphong.rollups.services import rebuild
        from tienphong.rollups.models import Fact

        close_old_connections()
        running = {(f.unit_id, f.level, f.grain, f.indicator, f.dim, f.period, f.key): f.value
                   for f in Fact.objects.filter(indicator="qr_scans").exclude(value=0)}
        rebuild()
        rebuilt = {(f.unit_id, f.level, f.grain, f.indicator, f.dim, f.period, f.key): f.value
                   for f in Fact.objects.filter(indicator="qr_scans").exclude(value=0)}
    finally:
        stop_gunicorn(gunicorn)
        if direct is not None:
            stop_gunicorn(direct)
        stop_gunicorn(flusher)  # SIGTERM: ends between two flushes
        if nginx is not None:
            nginx.terminate()
            nginx.wait(timeout=10)

    print()
    print(f"medians of {args.repeats} alternating rounds each; load average before {load_before}, after {load_after}")
    print(f"{'round':<34}{'req/s':>10}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'requests':>10}{'errors':>8}")
    names = {"bare": "bare view /bench/bare/", "place": "place page", "scan": "QR address /q/<code> (302)",
             "direct": "  same, written to the database", "nginx": "nginx, the page as a static file"}
    for key, label in names.items():
        if key not in results:
            continue
        r = results[key]
        print(f"{label:<34}{r['rps']:>10,.0f}{r['p50']:>9.1f}{r['p90']:>9.1f}{r['p99']:>9.1f}{r['requests']:>10,}"
              f"{r['non2xx3xx'] if key != 'scan' else r.get('other', 0):>8}")
    place, bare, nginx_r = results["place"], results["bare"], results["nginx"]
    ratio = place["rps"] / bare["rps"]
    checks = [
        (f"place page / bare view: {ratio:.2f}×", "goal ≥ 0.8×", ratio >= 0.8),
        (f"place page p99: {place['p99']:.1f} ms", "goal < 50 ms", place["p99"] < 50),
        (f"place page / nginx static: {place['rps'] / nginx_r['rps']:.3f}×", "(for reference)", None),
    ]
    scan_ratio = results["scan"]["rps"] / bare["rps"]
    checks.append((f"QR address / bare view: {scan_ratio:.2f}× ({results['scan']['rps']:,.0f} scans/s, "
                   f"p99 {results['scan']['p99']:.1f} ms)", "goal ≥ 0.8×", scan_ratio >= 0.8))
    if "direct" in results:
        checks.append((f"  written to the database instead: {results['direct']['rps'] / bare['rps']:.2f}× "
                       f"({results['direct']['rps']:,.0f} scans/s, p99 {results['direct']['p99']:.1f} ms)",
                       "(the design before, same run)", None))
    checks.append((f"counts exact in the database {max(settle):.1f} s after a round at most",
                   "(flush_scans --every 2)", None))
    slack = args.connections * args.repeats
    checks.append((f"scans under wrk: {got:,} answered 302, {stored:,} stored", f"goal {got:,} ≤ stored ≤ "
                   f"{got + slack:,} (in-flight at the stops)", got <= stored <= got + slack))
    checks.append((f"fixed batch: {found:,} of {args.fixed_scans:,} answered 302 ({other} other), "
                   f"{fixed_after - fixed_before:,} stored", "goal: stored = sent",
                   fixed_after - fixed_before == args.fixed_scans == found))
    checks.append((f"scan rollups: {len(running)} cells, {sum(running.values()):,} in all",
                   "goal: = a rebuild", running == rebuilt))
    print()
    for text, goal, ok in checks:
        mark = "" if ok is None else ("  MET" if ok else "  MISSED")
        print(f"{text:<70} {goal}{mark}")
    (OUT / "public_pages.json").write_text(json.dumps({"results": results, "rounds": rounds, "info": info,
                                                        "load_average": [load_before, load_after],
                                                        "scans": {"wrk_302": got, "stored": stored,
                                                                  "fixed_sent": args.fixed_scans,
                                                                  "fixed_stored": fixed_after - fixed_before}},
                                                       indent=2))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()

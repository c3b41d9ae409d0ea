#!/usr/bin/env python
"""Benchmark: where a QR scan's time goes, in one process, no HTTP server (run by hand, not a test).

    .venv/bin/python bench/public_pages.py          # once: builds the database this one reads
    .venv/bin/python bench/scan_hotpath.py [--repeats 7] [--calls 500]

On the database `tienphong_bench_public` and Redis db 3 (what bench/public_pages.py uses), it calls
Django's WSGI handler directly and measures CPU per request (the best of --repeats rounds, so other
work on the machine inflates it least), alternating:

- the bare view `/bench/bare/`;
- a scan `/q/<code>` as served (the count sent to Redis, its reply read when the response closes);
- the same scan with the Redis call left out (what the view costs besides counting);

then, alone: the count's Redis call waited for (`pending.count`), the direct database write the scan
made before (`services.record_scan`: CPU and wall time, a transaction and its commit), and one flush
of 1,000 scans over 20 codes and 2 days (`services.flush_scans`).
"""

import argparse
import datetime as dt
import io
import os
import sys
import time
from pathlib import Path

from serving import configure

DB = "postgres://postgres@127.0.0.1:5432/tienphong_bench_public"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repeats", type=int, default=7)
    p.add_argument("--calls", type=int, default=500)
    args = p.parse_args()
    os.environ["CACHE_URL"] = "redis://127.0.0.1:6379/3"
    os.environ["QR_SCAN_ONCE_SECONDS"] = "0"  # every scan counted, as in public_pages.py
    configure(DB)

    from django.core.wsgi import get_wsgi_application
    from django.utils import timezone

    from tienphong.places.models import Place
    from tienphong.qr import pending, services
    from tienphong.qr.models import ShortCode

    relic = Place.objects.filter(name="Núi Non Nước (bench)").first()
    if relic is None:
        sys.exit("run bench/public_pages.py first: it builds the database this benchmark reads")
    code = services.code_for(relic)
    app = get_wsgi_application()

    def call(path):
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1",
                   "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1", "REMOTE_ADDR": "127.0.0.1",
                   "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr, "wsgi.url_scheme": "http"}
        body = app(environ, lambda status, headers: None)
        b"".join(body)
        body.close()  # what gunicorn does once the response is sent: request_finished

    real_send = pending.send_count

    class Nothing:
        def result(self):
            return pending.Counted(True, False)

    variants = {
        "bare view /bench/bare/": ("/bench/bare/", real_send),
        "scan /q/<code> (counted in Redis)": (f"/q/{code.code}", real_send),
        "  the same without the Redis call": (f"/q/{code.code}", lambda *a, **k: Nothing()),
    }
    best = dict.fromkeys(variants, float("inf"))
    for _ in range(args.repeats):
        for name, (path, send) in variants.items():
            pending.send_count = send
            call(path)
            cpu = time.process_time()
            for _ in range(args.calls):
                call(path)
            best[name] = min(best[name], (time.process_time() - cpu) / args.calls * 1e6)
    pending.send_count = real_send
    services.flush_scans()

    def timed(fn, n):
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(n):
            fn()
        return (time.process_time() - cpu) / n * 1e6, (time.perf_counter() - wall) / n * 1e6

    today = timezone.localdate()
    alone = {
        "pending.count (Redis call, waited for)": timed(lambda: pending.count(code.pk, today), args.calls),
        "record_scan (database write, before)": timed(lambda: services.record_scan(shortcode=code), 200),
    }
    codes = list(ShortCode.objects.values_list("pk", flat=True)[:20]) or [code.pk]
    services.flush_scans()
    for i in range(1000):
        pending.count(codes[i % len(codes)], today - dt.timedelta(days=i % 2))
    cpu, wall = time.process_time(), time.perf_counter()
    flushed = services.flush_scans()
    flush = ((time.process_time() - cpu) * 1e6, (time.perf_counter() - wall) * 1e6)

    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; best of {args.repeats} rounds "
          f"of {args.calls} calls")
    print(f"{'per request (WSGI, in process)':<42}{'CPU µs':>9}{'× bare':>9}")
    bare = best["bare view /bench/bare/"]
    for name, value in best.items():
        print(f"{name:<42}{value:>9.0f}{bare / value:>9.2f}")
    print(f"\n{'alone':<42}{'CPU µs':>9}{'wall µs':>9}")
    for name, (c, w) in alone.items():
        print(f"{name:<42}{c:>9.0f}{w:>9.0f}")
    print(f"{f'flush_scans: {flushed} scans, one batch':<42}{flush[0]:>9.0f}{flush[1]:>9.0f}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()

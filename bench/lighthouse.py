#!/usr/bin/env python
"""Lighthouse (mobile) on the pages people reach first, against the goals of issue 12.

Run by hand (not a test):

    .venv/bin/python bench/lighthouse.py                 # one run a page
    .venv/bin/python bench/lighthouse.py --runs 3        # the median performance of three runs
    .venv/bin/python bench/lighthouse.py --reuse --keep-json

It builds a SQLite database with the demo (bench/out/lighthouse.sqlite3, its photos under
bench/out/lighthouse-media; `--reuse` keeps one already built), serves it with gunicorn as in
production (DEBUG=False, collected static files, two workers) and runs Lighthouse (the npm package
`lighthouse`, from bench/node_modules when present, else installed once into
bench/out/lighthouse-npm with `npm install --no-save lighthouse`) with Debian's Chromium
(CHROME_PATH, /usr/bin/chromium by default), `--form-factor=mobile` (a mid-range phone, simulated
slow 4G) on:

- the login page;
- a relic's page through its QR address `/q/<code>` (the scan's 302, then the page);
- the products catalogue `/visit/products/` and one product's page;
- a class's sign-up page `/classes/s/<code>/`;
- `/support/new/` logged in as tnv.hoalu (the session cookie goes in `--extra-headers`).

It prints the performance and accessibility scores of each page against the goals (performance
≥ 0.95, accessibility 1.0), with the ids of the accessibility audits that fail and the page's
weight and total blocking time. gunicorn is stopped at the end, also on an error or Ctrl-C.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from serving import OUT, ROOT, free_port, login, server_env, start_gunicorn, stop_gunicorn, wait_until_up

DB = OUT / "lighthouse.sqlite3"
MEDIA = OUT / "lighthouse-media"
PRIVATE = OUT / "lighthouse-private"
NPM_DIR = OUT / "lighthouse-npm"
GOALS = {"performance": 0.95, "accessibility": 1.0}
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking"
VOLUNTEER = ("tnv.hoalu", "TienPhong@2026")


def env_for_server() -> dict:
    return {**server_env(f"sqlite:///{DB}"), "MEDIA_ROOT": str(MEDIA), "PRIVATE_ROOT": str(PRIVATE),
            "SERVE_MEDIA": "True"}


def build(reuse: bool) -> None:
    """The demo in its own SQLite file (as `make run` loads it), and the static files collected."""
    env = dict(os.environ, **env_for_server(), PYTHONPATH=str(ROOT))
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    OUT.mkdir(parents=True, exist_ok=True)
    manage = [sys.executable, str(ROOT / "manage.py")]
    if not (reuse and DB.exists()):
        for path in (DB, MEDIA, PRIVATE):
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()
        for cmd in (["migrate", "--noinput", "-v0"], ["load_units", "--province", "37"], ["load_demo"]):
            print("manage.py", " ".join(cmd), flush=True)
            subprocess.run([*manage, *cmd], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True)


def targets() -> dict:
    """The relic's short code, one published product, one open class's sign-up code."""
    os.environ.update(env_for_server())
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from tienphong.literacy.models import LiteracyClass
    from tienphong.places.models import Place
    from tienphong.products.models import Product
    from tienphong.qr.services import code_for

    relic = Place.objects.filter(kind="relic", status="published").order_by("pk").first()
    product = Product.objects.filter(status="published").order_by("pk").first()
    klass = (LiteracyClass.objects.filter(status=LiteracyClass.Status.SCHEDULED).order_by("pk").first()
             or LiteracyClass.objects.order_by("pk").first())
    return {"relic": code_for(relic).code, "product": product.pk, "class": klass.public_code}


def lighthouse_bin() -> Path:
    for candidate in (ROOT / "bench/node_modules/.bin/lighthouse", NPM_DIR / "node_modules/.bin/lighthouse"):
        if candidate.exists():
            return candidate
    if not shutil.which("npm"):
        sys.exit("npm is not installed: Lighthouse cannot run (apt-get install npm)")
    NPM_DIR.mkdir(parents=True, exist_ok=True)
    print("npm install --no-save lighthouse (once, into bench/out/lighthouse-npm)", flush=True)
    done = subprocess.run(["npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(NPM_DIR),
                           "lighthouse"])
    if done.returncode or not (NPM_DIR / "node_modules/.bin/lighthouse").exists():
        sys.exit("npm could not install lighthouse")
    return NPM_DIR / "node_modules/.bin/lighthouse"


def run_lighthouse(binary: Path, url: str, cookie: str | None, out: Path) -> dict:
    cmd = [str(binary), url, "--form-factor=mobile", "--only-categories=performance,accessibility",
           "--output=json", f"--output-path={out}", "--quiet", f"--chrome-flags={CHROME_FLAGS}"]
    if cookie:
        cmd.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    for attempt in (1, 2):
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
        if not done.returncode and out.exists():
            return json.loads(out.read_text())
        # Lighthouse's own "Please run Lighthouse again" (a trace it failed to record, e.g. NO_NAVSTART on a
        # loaded machine) is worth one more try; anything else is reported at once.
        if attempt == 1 and "run Lighthouse again" in done.stderr:
            print(f"  lighthouse asked to be run again on {url}; running it once more", flush=True)
            continue
        break
    raise RuntimeError(f"lighthouse failed on {url}:\n{done.stderr[-2000:]}")


def summary(report: dict) -> dict:
    audits = report["audits"]
    failing = sorted(a["id"] for a in audits.values()
                     if a["id"] in {r["id"] for r in report["categories"]["accessibility"]["auditRefs"]}
                     and a.get("scoreDisplayMode") == "binary" and a.get("score") == 0)
    return {
        "performance": report["categories"]["performance"]["score"],
        "accessibility": report["categories"]["accessibility"]["score"],
        "failing": failing,
        "kb": audits["total-byte-weight"]["numericValue"] / 1024,
        "tbt": audits["total-blocking-time"]["numericValue"],
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "final_url": report.get("finalDisplayedUrl") or report.get("finalUrl"),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="runs a page; the median performance is shown")
    parser.add_argument("--reuse", action="store_true", help="keep bench/out/lighthouse.sqlite3 if it exists")
    parser.add_argument("--keep-json", action="store_true", help="keep the reports under bench/out/lighthouse/")
    parser.add_argument("--only", help="run only pages whose name contains this")
    args = parser.parse_args()

    binary = lighthouse_bin()
    build(args.reuse)
    found = targets()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_gunicorn(f"sqlite:///{DB}", port, workers=2, log_name="lighthouse-gunicorn.log",
                          extra_env={k: v for k, v in env_for_server().items() if k not in server_env("")})
    try:
        wait_until_up(base, proc, OUT / "lighthouse-gunicorn.log")
        session = login(base, *VOLUNTEER)
        cookie = f"sessionid={session.cookies['sessionid']}"
        pages = [
            ("login", f"{base}/login/", None),
            ("relic via /q/", f"{base}/q/{found['relic']}", None),
            ("products catalogue", f"{base}/visit/products/", None),
            ("product page", f"{base}/visit/product/{found['product']}/", None),
            ("class sign-up", f"{base}/classes/s/{found['class']}/", None),
            ("support entry (tnv.hoalu)", f"{base}/support/new/", cookie),
        ]
        if args.only:
            pages = [p for p in pages if args.only in p[0]]
        keep = OUT / "lighthouse"
        keep.mkdir(parents=True, exist_ok=True)
        print(f"\nLighthouse mobile, Chromium {os.environ.get('CHROME_PATH', '/usr/bin/chromium')}, "
              f"{args.runs} run(s) a page, load average {os.getloadavg()[0]:.2f}")
        print(f"{'page':28} {'perf':>5} {'a11y':>5} {'KB':>6} {'TBT ms':>7} {'LCP ms':>7}  goals")
        all_met = True
        for name, url, cookie_header in pages:
            results = []
            for n in range(args.runs):
                with tempfile.TemporaryDirectory() as tmp:
                    out = Path(tmp) / "report.json"
                    report = run_lighthouse(binary, url, cookie_header, out)
                    if args.keep_json:
                        shutil.copy(out, keep / f"{name.split()[0].strip('/')}-{n + 1}.json")
                results.append(summary(report))
            perf = statistics.median(r["performance"] for r in results)
            a11y = min(r["accessibility"] for r in results)
            mid = sorted(results, key=lambda r: r["performance"])[len(results) // 2]
            met = perf >= GOALS["performance"] and a11y >= GOALS["accessibility"]
            all_met &= met
            print(f"{name:28} {perf:5.2f} {a11y:5.2f} {mid['kb']:6.0f} {mid['tbt']:7.0f} {mid['lcp']:7.0f}  "
                  f"{'met' if met else 'NOT met'}")
            failing = sorted({f for r in results for f in r["failing"]})
            if failing:
                print(f"{'':28} accessibility audits failing: {', '.join(failing)}")
        print(f"\nGoals (performance ≥ {GOALS['performance']}, accessibility = {GOALS['accessibility']}): "
              f"{'all met' if all_met else 'not all met'}")
    finally:
        stop_gunicorn(proc)


if __name__ == "__main__":
    main()

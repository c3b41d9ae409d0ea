#!/usr/bin/env python3
"""Vendor the browser libraries the dashboards and the check-in kiosk use, from the npm registry, as static files.

    python3 scripts/vendor_static.py          # fetch the pinned versions, write tienphong/reports/static/reports/vendor/
    python3 scripts/vendor_static.py --check  # verify the files on disk match VERSIONS (no network)

`npm pack` downloads each package's tarball (no node_modules, no build); only the built files a page
loads are kept, with each package's licence, and VERSIONS records the version and a SHA-256 of every
file so a hand edit shows up in `--check` (and in the test that runs it).
"""

import argparse
import hashlib
import io
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEST = ROOT / "tienphong" / "reports" / "static" / "reports" / "vendor"

# echarts.common (line, bar and pie charts with legend, tooltip and title) is 0.7 MB (about 240 kB
# gzipped, as whitenoise serves it) against 1.1 MB for the full build: it counts on a weak signal.
# package → (version, {path inside the tarball: path under DEST})
PACKAGES = {
    "echarts": ("6.1.0", {
        "package/dist/echarts.common.min.js": "echarts/echarts.common.min.js",
        "package/LICENSE": "echarts/LICENSE",
    }),
    "leaflet": ("1.9.4", {
        "package/dist/leaflet.js": "leaflet/leaflet.js",
        # leaflet.js names its source map; collectstatic (whitenoise's manifest) fails without it.
        "package/dist/leaflet.js.map": "leaflet/leaflet.js.map",
        "package/dist/leaflet.css": "leaflet/leaflet.css",
        "package/dist/images/marker-icon.png": "leaflet/images/marker-icon.png",
        "package/dist/images/marker-icon-2x.png": "leaflet/images/marker-icon-2x.png",
        "package/dist/images/marker-shadow.png": "leaflet/images/marker-shadow.png",
        "package/dist/images/layers.png": "leaflet/images/layers.png",
        "package/dist/images/layers-2x.png": "leaflet/images/layers-2x.png",
        "package/LICENSE": "leaflet/LICENSE",
    }),
    # The check-in kiosk's QR decoder where the browser has no BarcodeDetector (Firefox, Safari, many
    # Android browsers): 257 kB unminified (about 40 kB gzipped), no dependency, no eval; loaded only by
    # the kiosk page, and only when its camera is switched on.
    "jsqr": ("1.4.0", {
        "package/dist/jsQR.js": "jsqr/jsQR.js",
        "package/LICENSE": "jsqr/LICENSE",
    }),
}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fetch() -> None:
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, (version, files) in PACKAGES.items():
            out = subprocess.run(["npm", "pack", f"{name}@{version}", "--silent", "--pack-destination", tmp],
                                 check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
            with tarfile.open(Path(tmp) / out) as tar:
                for src, dst in files.items():
                    data = tar.extractfile(src).read()
                    target = DEST / dst
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data)
                    lines.append(f"{name}@{version} {dst} {sha256(data)}")
                    print(f"{name}@{version}: {dst} ({len(data):,} bytes)")
    (DEST / "VERSIONS").write_text("\n".join(lines) + "\n")


def check() -> int:
    bad = 0
    for line in (DEST / "VERSIONS").read_text().splitlines():
        _pkg, dst, digest = line.split()
        path = DEST / dst
        if not path.exists() or sha256(path.read_bytes()) != digest:
            print(f"differs from the vendored package: {dst}")
            bad += 1
    expected = {dst for _v, files in PACKAGES.values() for dst in files.values()}
    listed = {line.split()[1] for line in (DEST / "VERSIONS").read_text().splitlines()}
    if expected != listed:
        print("VERSIONS does not list the files this script vendors; run it again")
        bad += 1
    return bad


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    if args.check:
        sys.exit(1 if check() else 0)
    fetch()

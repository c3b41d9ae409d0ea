#!/usr/bin/env python
"""Benchmark: face identification at a kiosk (core/faces.py), against dlib alone.

Run by hand (not a test):

    .venv/bin/python bench/face.py                 # 25 runs, 5,000 enrolled
    .venv/bin/python bench/face.py --runs 50 --enrolled 20000

The frame is 640×480, as a kiosk's camera sends it: Grace Hopper's portrait (matplotlib's sample
picture, tests/facedata.py) on a grey background, JPEG quality 85. Prints:

- the models' load time (`import dlib` + `faces.warm()`), in fresh processes;
- (a) dlib alone on the decoded frame: HOG detect + 5 landmarks + ResNet encoding;
- (b) end to end: `faces.encode(jpeg bytes, limit=1)` (decode included), `largest`, the nearest of
  N enrolled vectors (N−1 random, the person's own one among them) and `match`;
  the ratio b/a (goal ≤ 1.1 at 5,000 enrolled), medians of --runs, a and b interleaved so that both
  see the same load; wall time and the process's CPU time (steadier on a shared machine);
- `Matcher.nearest` alone at N and at 100,000;
- (c) false accepts and false rejects over every pair of the 12 test pictures (2 people × 6
  copies: original, half, darker, mirrored, JPEG q20, tilted), one enrolled and one at the kiosk.

OPENBLAS_CORETYPE is left as the machine sets it (dlib does not use BLAS; numpy's norm does not
either). The load average is printed at the start and the end: the machine is shared.
"""

import argparse
import itertools
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from tests import facedata  # noqa: E402
from tienphong.core import faces  # noqa: E402

LOAD = """
import resource, time
t0, c0 = time.perf_counter(), time.process_time()
from tienphong.core import faces
t1, c1 = time.perf_counter(), time.process_time()
import dlib
t2, c2 = time.perf_counter(), time.process_time()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
faces.warm()
t3, c3 = time.perf_counter(), time.process_time()
print(t1 - t0, t2 - t1, t3 - t2, c3 - c2, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss) / 1024)
"""


def load_average() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def frame() -> bytes:
    """A 640×480 JPEG with one face, like a kiosk's camera frame."""
    portrait = facedata.picture(facedata.PEOPLE["hopper"])
    portrait = portrait.resize((round(portrait.width * 480 / portrait.height), 480), Image.Resampling.LANCZOS)
    canvas = Image.new("RGB", (640, 480), (128, 128, 128))
    canvas.paste(portrait, ((640 - portrait.width) // 2, 0))
    return facedata.jpeg(canvas, 85)


def timed(fn):
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def model_load(times: int = 3):
    runs = []
    for _ in range(times):
        out = subprocess.run([sys.executable, "-c", LOAD], cwd=ROOT, capture_output=True, text=True, check=True)
        runs.append(tuple(float(v) for v in out.stdout.split()))
    module, dlib, load, load_cpu, memory = (statistics.median(column) for column in zip(*runs))
    print(f"models (median of {times} fresh processes): import core.faces (numpy, Pillow) {ms(module)}, "
          f"import dlib {ms(dlib)}, load detector + 5-point + ResNet {ms(load)} (cpu {ms(load_cpu)}), "
          f"memory +{memory:.0f} MB")


def identification(runs: int, enrolled: int):
    data = frame()
    detector, landmarks, encoder = faces.warm()
    pixels, _ = faces._decode(data, faces.MAX_SIDE)
    assert pixels.shape == (480, 640, 3)

    [own] = faces.encode(data, limit=1)
    rng = np.random.default_rng(5)
    crowd = rng.standard_normal((enrolled - 1, faces.DIMENSIONS)).astype(np.float32)
    crowd *= 1.4 / np.linalg.norm(crowd, axis=1, keepdims=True)  # dlib's vectors are ~1.4 long
    # Enrolled from another picture of her (the original portrait), not from this very frame.
    enrolled_own = faces.largest(faces.encode(facedata.pictures()["hopper", "original"])).vector
    vectors = np.vstack([crowd, enrolled_own])
    ids = list(range(enrolled - 1)) + ["hopper"]
    (matcher, built, _) = timed(lambda: faces.Matcher(vectors, ids))

    def dlib_alone():
        rects, _scores, _ = detector.run(pixels, 0, faces.MIN_SCORE)
        shape = landmarks(pixels, rects[0])
        return np.asarray(encoder.compute_face_descriptor(pixels, shape, 1), dtype=np.float32)

    def end_to_end():
        face = faces.largest(faces.encode(data, limit=1))
        return faces.match(face.vector, matcher)

    dlib_alone(), end_to_end()  # warm caches
    a_wall, a_cpu, b_wall, b_cpu = [], [], [], []
    for _ in range(runs):
        _, w, c = timed(dlib_alone)
        a_wall.append(w), a_cpu.append(c)
        decision, w, c = timed(end_to_end)
        b_wall.append(w), b_cpu.append(c)
        assert decision.status == "match" and decision.id == "hopper", decision
    med = statistics.median
    print(f"frame 640×480 JPEG {len(data) // 1024} KB, face box {own.box}; decision {decision.status} "
          f"{decision.id} at {decision.distance:.3f}")
    print(f"(a) dlib detect + landmarks + encode:   wall {ms(med(a_wall))}  cpu {ms(med(a_cpu))}  "
          f"(min {ms(min(a_wall))}, max {ms(max(a_wall))})")
    print(f"(b) end to end, {enrolled:,} enrolled:     wall {ms(med(b_wall))}  cpu {ms(med(b_cpu))}  "
          f"(min {ms(min(b_wall))}, max {ms(max(b_wall))})")
    print(f"    ratio b/a: wall {med(b_wall) / med(a_wall):.3f}  cpu {med(b_cpu) / med(a_cpu):.3f}  "
          f"(goal ≤ 1.1; medians of {runs}); median of the {runs} paired ratios: "
          f"wall {med(b / a for a, b in zip(a_wall, b_wall)):.3f}  cpu {med(b / a for a, b in zip(a_cpu, b_cpu)):.3f}")

    # The pieces of (b) that dlib does not do.
    parts = {
        "decode JPEG": lambda: faces._decode(data, faces.MAX_SIDE),
        f"Matcher.nearest over {enrolled:,}": lambda: matcher.nearest(own.vector),
        "match() decision": lambda: faces.match(own.vector, matcher),
    }
    parts["HOG detect alone, upsample 1 (faces from 40 px)"] = lambda: detector.run(pixels, 1, faces.MIN_SCORE)
    parts["HOG detect alone, upsample 0 (faces from 80 px)"] = lambda: detector.run(pixels, 0, faces.MIN_SCORE)
    big = faces.Matcher(np.vstack([rng.standard_normal((99_999, 128)).astype(np.float32), enrolled_own]),
                        list(range(99_999)) + ["hopper"])
    parts["Matcher.nearest over 100,000"] = lambda: big.nearest(own.vector)
    cpu = {}
    for name, fn in parts.items():
        samples = [timed(fn)[1:] for _ in range(runs)]
        cpu[name] = med(c for _, c in samples)
        print(f"    {name}: wall {ms(med(w for w, _ in samples))}  cpu {ms(cpu[name])}")
    extra = cpu["decode JPEG"] + cpu["match() decision"]
    print(f"    what (b) adds to (a), from its parts: decode + match = {ms(extra)} of CPU, "
          f"ratio {(med(a_cpu) + extra) / med(a_cpu):.3f}")
    print(f"    Matcher({enrolled:,} vectors) built once per event: {ms(built)}")


def errors():
    found = facedata.encoded()
    same, different = [], []
    for (ka, fa), (kb, fb) in itertools.combinations(found.items(), 2):
        decision = faces.match(fb.vector, faces.Matcher(fa.vector[None, :], [ka[0]]))
        (same if ka[0] == kb[0] else different).append((ka, kb, decision))
    rejects = [(a, b, d) for a, b, d in same if d.status != "match"]
    accepts = [(a, b, d) for a, b, d in different if d.status == "match"]
    unsure = [(a, b, d) for a, b, d in different if d.status == "unsure"]
    ds = [d.distance for _, _, d in same]
    dd = [d.distance for _, _, d in different]
    print(f"(c) {len(found)} pictures, {len(same)} same-person pairs, {len(different)} different-person pairs "
          f"(accept ≤ {faces.ACCEPT}, unsure ≤ {faces.UNSURE})")
    print(f"    same person: distance {min(ds):.3f}–{max(ds):.3f} (median {statistics.median(ds):.3f}); "
          f"false rejects {len(rejects)}")
    print(f"    different people: distance {min(dd):.3f}–{max(dd):.3f}; false accepts {len(accepts)}, "
          f"unsure {len(unsure)}")
    for a, b, d in rejects + accepts:
        print(f"      {a} vs {b}: {d.status} at {d.distance:.3f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--enrolled", type=int, default=5000)
    args = parser.parse_args()
    print(f"load average at start: {load_average()}  (OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '')!r})")
    model_load()
    identification(args.runs, args.enrolled)
    errors()
    print(f"load average at end: {load_average()}")


if __name__ == "__main__":
    main()

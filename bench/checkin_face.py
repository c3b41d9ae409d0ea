#!/usr/bin/env python
"""Benchmark: face check-in of one kiosk frame, end to end, against core.faces' encoding of that frame alone.

Run by hand (not a test); the QR part of issue 14's benchmark is bench/checkin.py:

    .venv/bin/python bench/checkin_face.py                  # 25 runs, 5,000 enrolled
    .venv/bin/python bench/checkin_face.py --runs 50 --enrolled 20000

It builds its own SQLite database (bench/out/checkin_face.sqlite3, migrated afresh each run, WAL as in
the settings): the personas' province and ward, a congress with face check-in on, N participants each
enrolled with a random vector (scaled to the length of dlib's vectors) and a consent row, plus Grace
Hopper and the astronaut enrolled for real from their original pictures (tests/facedata.py). The frame is
640×480, JPEG quality 85: Hopper's portrait on grey, as bench/face.py makes it.

Interleaved, medians of --runs (wall and the process's CPU time, steadier on a shared machine):

- (a) `core.faces.encode(frame, limit=1)`: decode + HOG detect + 5 landmarks + ResNet encoding alone;
- (b) in-process service `events.faces.identify(...)`: the nonce lookup, encode, the event's enrolment
  version (one aggregate), the cached matrix of N vectors, match, and the check-in written
  (services.check_in: the CheckIn row, first_checkin_at, the rollups) — a new check-in every run (the
  previous one is deleted between runs, untimed);
- (c) the HTTP API in process: Django's test Client POSTs the JSON (frame in base64) to
  /api/v1/events-face/<id>/identify through the whole middleware stack (session, CSRF, audit context,
  CSP), the same work as (b) plus request handling; no network.

Ratios b/a and c/a (goal ≤ 1.1 at 5,000 enrolled). Also: the first frame after an enrolment changed
(the matrix reloaded from N rows), and (d) false accepts and false rejects over every pair of the 12
test pictures (2 people × 6 copies), one enrolled among the N random vectors and one at the kiosk.
"""

import argparse
import base64
import itertools
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DB = OUT / "checkin_face.sqlite3"
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ["DJANGO_SETTINGS_MODULE"] = "tienphong.settings"
# As in production (DEBUG off: no query log), served to the test client's "testserver" over plain HTTP.
os.environ.update(DEBUG="False", SECRET_KEY="bench-" + "x" * 60, ALLOWED_HOSTS="testserver",
                  SECURE_SSL_REDIRECT="False", SECURE_COOKIES="False", SECURE_HSTS_SECONDS="0",
                  TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend")

import django  # noqa: E402

med = statistics.median


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def timed(fn):
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def load_average() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def build(enrolled: int):
    """A fresh database: the personas, a congress with face check-in, `enrolled` random faces + 2 real."""
    import datetime as dt

    import numpy as np
    from django.core.management import call_command
    from django.utils import timezone

    from tests import facedata
    from tests.factories import make_event
    from tests.personas import build_world
    from tienphong.core import faces as engine
    from tienphong.core.text import search_blob
    from tienphong.events import faces
    from tienphong.events.models import FaceConsent, FaceEmbedding, Participant

    for suffix in ("", "-wal", "-shm"):
        Path(f"{DB}{suffix}").unlink(missing_ok=True)
    OUT.mkdir(parents=True, exist_ok=True)
    (_, seconds, _) = timed(lambda: call_command("migrate", verbosity=0))
    print(f"database: {DB.relative_to(ROOT)} migrated in {seconds:.1f} s")
    world = build_world()
    today = timezone.localdate()
    event = make_event(world.commune, name="Đại hội Đoàn phường Phủ Lý", kind="congress", starts_on=today,
                       ends_on=today + dt.timedelta(days=1), face_enabled=True, author=world.secretary)
    main = event.points.get(is_main=True)
    rows = [Participant(event=event, full_name=f"Đại biểu {i:05d}", delegation=f"Đoàn {i % 40:02d}", seat=f"S{i}",
                        point=main, search_text=search_blob(f"Đại biểu {i:05d}")) for i in range(enrolled)]
    Participant.objects.bulk_create(rows, batch_size=1000)
    people = list(event.participants.order_by("pk"))
    hopper = Participant.objects.create(event=event, full_name="Grace Hopper", delegation="Đoàn Phủ Lý", seat="H1",
                                        point=main)
    astronaut = Participant.objects.create(event=event, full_name="Eileen Collins", seat="H2", point=main)
    for who, key in ((hopper, "hopper"), (astronaut, "astronaut")):
        faces.enrol(participant=who, photo=facedata.pictures()[key, "original"], agreed=True)
    real = [engine.from_bytes(bytes(v)) for v in FaceEmbedding.objects.values_list("vector", flat=True)]
    length = float(np.mean([np.linalg.norm(v) for v in real]))
    rng = np.random.default_rng(14)
    crowd = rng.standard_normal((enrolled, engine.DIMENSIONS)).astype(np.float32)
    crowd *= length / np.linalg.norm(crowd, axis=1, keepdims=True)
    now = timezone.now()
    consents = FaceConsent.objects.bulk_create(
        [FaceConsent(participant=p, text="bench", given_at=now, source="organiser") for p in people], batch_size=1000)
    FaceEmbedding.objects.bulk_create(
        [FaceEmbedding(participant=p, event=event, vector=engine.to_bytes(v), consent=c,
                       erase_after=faces.erase_on(event)) for p, v, c in zip(people, crowd, consents)],
        batch_size=1000)
    print(f"enrolled: {FaceEmbedding.objects.filter(event=event).count():,} "
          f"({enrolled:,} random vectors of length {length:.2f}, Hopper and the astronaut from their pictures)")
    return world, event, hopper, crowd


def frame() -> bytes:
    from PIL import Image

    from tests import facedata

    portrait = facedata.picture(facedata.PEOPLE["hopper"])
    portrait = portrait.resize((round(portrait.width * 480 / portrait.height), 480), Image.Resampling.LANCZOS)
    canvas = Image.new("RGB", (640, 480), (128, 128, 128))
    canvas.paste(portrait, ((640 - portrait.width) // 2, 0))
    return facedata.jpeg(canvas, 85)


def identification(runs: int, world, event, hopper):
    from django.test import Client
    from django.urls import reverse

    from tienphong.core import faces as engine
    from tienphong.events import faces
    from tienphong.events.models import CheckIn, Participant

    data = frame()
    session, point = event.sessions.get(), event.points.get(is_main=True)
    client = Client()
    client.force_login(world.secretary)
    url = reverse("api:event_face_identify", kwargs={"event_id": event.pk})
    body = {"point": point.pk, "frame": base64.b64encode(data).decode()}

    def reset():
        CheckIn.objects.all().delete()
        Participant.objects.filter(pk=hopper.pk).update(first_checkin_at=None)

    def encode_alone():
        return engine.largest(engine.encode(data, limit=1))

    def service():
        return faces.identify(event=event, frame=data, session=session, point=point, nonce=uuid.uuid4(),
                              by=world.secretary)

    def http():
        r = client.post(url, {**body, "nonce": str(uuid.uuid4())}, content_type="application/json")
        assert r.status_code == 200, r.content
        return r.json()

    # The first frame of the process: the matrix is read from the database.
    faces._matchers.clear()
    reset()
    first, cold, cold_cpu = timed(service)
    assert first.status == "created" and first.participant.pk == hopper.pk, first
    encode_alone(), reset(), http(), reset()  # warm every path once
    a_wall, a_cpu, b_wall, b_cpu, c_wall, c_cpu = [], [], [], [], [], []
    for _ in range(runs):
        _, w, c = timed(encode_alone)
        a_wall.append(w), a_cpu.append(c)
        reset()
        result, w, c = timed(service)
        b_wall.append(w), b_cpu.append(c)
        assert result.status == "created" and result.participant.pk == hopper.pk, result
        reset()
        answer, w, c = timed(http)
        c_wall.append(w), c_cpu.append(c)
        assert answer["status"] == "created" and answer["name"] == "Grace Hopper", answer
    n = len(faces.matcher_for(event))
    print(f"frame 640×480 JPEG {len(data) // 1024} KB; Hopper checked in at distance {result.distance:.3f}")
    print(f"(a) core.faces.encode alone:                 wall {ms(med(a_wall))}  cpu {ms(med(a_cpu))}  "
          f"(min {ms(min(a_wall))}, max {ms(max(a_wall))})")
    print(f"(b) service identify + check-in, {n:,} enrolled: wall {ms(med(b_wall))}  cpu {ms(med(b_cpu))}  "
          f"(min {ms(min(b_wall))}, max {ms(max(b_wall))})")
    print(f"(c) HTTP API in process, {n:,} enrolled:       wall {ms(med(c_wall))}  cpu {ms(med(c_cpu))}  "
          f"(min {ms(min(c_wall))}, max {ms(max(c_wall))})")
    for label, w, c in (("b/a", b_wall, b_cpu), ("c/a", c_wall, c_cpu)):
        print(f"    ratio {label}: wall {med(w) / med(a_wall):.3f}  cpu {med(c) / med(a_cpu):.3f}  (goal ≤ 1.1; "
              f"medians of {runs}); median of the paired ratios: wall "
              f"{med(x / y for x, y in zip(w, a_wall)):.3f}  cpu {med(x / y for x, y in zip(c, a_cpu)):.3f}")
    print(f"    first frame after an enrolment change (matrix of {n:,} read from the database): "
          f"wall {ms(cold)}  cpu {ms(cold_cpu)}")
    vector = encode_alone().vector
    parts = {"enrolment version (one read by key)": lambda: faces.enrolment_version(event),
             f"matcher_for (cached) + match over {n:,}": lambda: engine.match(vector, faces.matcher_for(event)),
             f"matrix reload from {n:,} rows": lambda: (faces._matchers.clear(), faces.matcher_for(event))}
    for name, fn in parts.items():
        samples = [timed(fn)[1:] for _ in range(runs)]
        print(f"    {name}: wall {ms(med(w for w, _ in samples))}  cpu {ms(med(c for _, c in samples))}")


def errors(crowd):
    """Every pair of the 12 test pictures: one enrolled among the random crowd, the other at the kiosk."""
    import numpy as np

    from tests import facedata
    from tienphong.core import faces as engine

    found = facedata.encoded()
    ids = list(range(len(crowd)))
    same, different = [], []
    for (ka, fa), (kb, fb) in itertools.permutations(found.items(), 2):
        matcher = engine.Matcher(np.vstack([crowd, fa.vector[None, :]]), ids + [ka])
        decision = engine.match(fb.vector, matcher)
        (same if ka[0] == kb[0] else different).append((ka, kb, decision))
    rejects = [(a, b, d) for a, b, d in same if d.status != "match" or d.id != a]
    accepts = [(a, b, d) for a, b, d in different if d.status == "match"]
    crowd_hits = [(a, b, d) for a, b, d in same + different if d.status == "match" and d.id not in (a,)]
    unsure = [(a, b, d) for a, b, d in different if d.status == "unsure"]
    ds = [d.distance for _, _, d in same]
    print(f"(d) {len(found)} pictures, {len(same)} same-person pairs, {len(different)} different-person pairs, each "
          f"with {len(crowd):,} random vectors enrolled too (accept ≤ {engine.ACCEPT}, unsure ≤ {engine.UNSURE})")
    print(f"    same person: distance {min(ds):.3f}–{max(ds):.3f}; false rejects {len(rejects)} of {len(same)}")
    print(f"    different people: false accepts {len(accepts)} (unsure {len(unsure)}); a random vector matched: "
          f"{len(crowd_hits)}")
    for a, b, d in rejects + accepts:
        print(f"      {a} enrolled, {b} at the kiosk: {d.status} at {d.distance:.3f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--enrolled", type=int, default=5000)
    args = parser.parse_args()
    django.setup()
    print(f"load average at start: {load_average()}")
    from tienphong.core import faces as engine

    engine.warm()
    world, event, hopper, crowd = build(args.enrolled)
    identification(args.runs, world, event, hopper)
    errors(crowd)
    print(f"load average at end: {load_average()}")


if __name__ == "__main__":
    main()

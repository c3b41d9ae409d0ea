"""core/faces.py: faces found and encoded by dlib, vectors stored as bytes, matched with a margin.

The faces are made at test time from pictures that packages ship (tests/facedata.py): the
astronaut and Grace Hopper, each also shrunk, darker, mirrored, JPEG q20 and tilted. dlib encodes
the 12 pictures once per test process, in the module's `encoded` fixture: 3.0 s of CPU (the models'
load 0.9 s + 12 × 0.15 s), which is its wall time on a quiet machine; with the machine shared (load
9 on 2 cores) that setup took 7–12 s of wall time. Every test itself takes milliseconds or one or
two more encodings (0.2–1.2 s).
"""

import io
import itertools
import struct
import sys
import zlib

import numpy as np
import pytest
from PIL import Image

from tests import facedata
from tienphong.core import faces
from tienphong.core.errors import DomainError

PEOPLE = list(facedata.PEOPLE)
ALTERED = [name for name in facedata.ALTERATIONS if name != "original"]


@pytest.fixture(scope="module")
def encoded():
    found = facedata.encoded()
    assert all(found.values()), [key for key, face in found.items() if face is None]
    return found


def distance(a, b) -> float:
    return float(np.linalg.norm(a.vector - b.vector))


def unit_vectors(n: int, seed: int = 14) -> np.ndarray:
    rng = np.random.default_rng(seed)
    v = rng.standard_normal((n, faces.DIMENSIONS)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


# --- models ------------------------------------------------------------------------------------

def test_models_are_the_5_point_and_resnet_files_found_without_importing_their_package(encoded):
    for name in ("shape_predictor_5_face_landmarks.dat", "dlib_face_recognition_resnet_model_v1.dat"):
        assert faces.model_path(name).stat().st_size > 1_000_000
    # Its __init__ imports pkg_resources; loading the models must not run it.
    assert "face_recognition_models" not in sys.modules
    assert faces.warm() is faces.warm()  # loaded once per process


# --- encode ------------------------------------------------------------------------------------

def test_each_test_picture_has_one_face_as_a_128_float32_vector(encoded):
    for (person, name), data in facedata.pictures().items():
        face = encoded[person, name]
        assert face.vector.shape == (128,) and face.vector.dtype == np.float32
        assert 1.2 < np.linalg.norm(face.vector) < 1.6
        assert face.area == (face.box[2] - face.box[0]) * (face.box[3] - face.box[1]) > 1000


def test_the_box_is_in_pixels_of_the_picture_as_given_even_when_shrunk_for_detection(encoded):
    # HOG's boxes snap to its scan window: compare centres and sizes, within a tenth of the face.
    original = encoded["hopper", "original"]
    assert_same_place(encoded["hopper", "half"].box, [v / 2 for v in original.box])
    image = facedata.picture(facedata.PEOPLE["hopper"])
    big = image.resize((image.width * 2, image.height * 2))  # 1024×1200: detected at 546×640
    [face] = faces.encode(facedata.jpeg(big))
    assert_same_place(face.box, [v * 2 for v in original.box])
    assert distance(face, original) < 0.2


def assert_same_place(box, expected):
    width = expected[2] - expected[0]
    centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
    assert centre == pytest.approx(((expected[0] + expected[2]) / 2, (expected[1] + expected[3]) / 2), abs=width / 10)
    assert 0.8 < (box[2] - box[0]) / width < 1.25


def test_exif_orientation_is_applied_before_detection(encoded):
    image = facedata.picture(facedata.PEOPLE["hopper"])
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display": a phone held upright
    sideways = image.transpose(Image.Transpose.ROTATE_90)
    out = io.BytesIO()
    sideways.save(out, "JPEG", quality=95, exif=exif)
    [face] = faces.encode(out.getvalue())
    assert face.box == pytest.approx(encoded["hopper", "original"].box, abs=4)
    assert distance(face, encoded["hopper", "original"]) < 0.2  # both JPEGs, blocks cut differently


def test_a_photo_without_a_face_gives_no_face():
    assert faces.encode(facedata.jpeg(facedata.picture(facedata.NO_FACE))) == []
    assert faces.encode(facedata.png(Image.new("RGB", (640, 480), (200, 180, 160)))) == []


def test_largest_takes_the_biggest_box_first_and_the_surer_one_on_a_tie():
    v = np.zeros(128, np.float32)
    behind, front, front_surer = (faces.Face(v, (0, 0, 60, 60), 2.0), faces.Face(v, (100, 100, 250, 250), 0.5),
                                  faces.Face(v, (300, 100, 450, 250), 0.9))
    assert faces.largest([behind, front]) is front
    assert faces.largest([front, front_surer, behind]) is front_surer
    assert faces.largest([]) is None


def test_limit_encodes_only_the_largest_faces_and_min_score_drops_weak_detections(encoded):
    # At dlib's own cut (0) the mission patch on the astronaut's suit is a "face" too.
    data = facedata.pictures()["astronaut", "original"]
    weak = faces.encode(data, min_score=0.0)
    assert len(weak) == 2 and weak[0].score > faces.MIN_SCORE > weak[1].score
    assert encoded["astronaut", "original"].box == weak[0].box  # at MIN_SCORE: her face alone
    assert [f.box for f in faces.encode(data, min_score=0.0, limit=1)] == [weak[0].box]


@pytest.mark.parametrize("data", [b"", b"not a picture", b"\x89PNG\r\n\x1a\n" + b"\0" * 40],
                         ids=["empty", "text", "png-head"])
def test_bytes_that_are_no_picture_are_a_face_error(data):
    with pytest.raises(faces.FaceError) as caught:
        faces.encode(data)
    assert caught.value.code == "face_not_image" and isinstance(caught.value, DomainError)


def test_a_truncated_jpeg_is_a_face_error():
    data = facedata.pictures()["hopper", "original"]
    with pytest.raises(faces.FaceError, match="face_not_image"):
        faces.encode(data[: len(data) // 2])


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims width × height pixels and holds none: Pillow reads the size from it."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b""))


def test_a_huge_picture_is_refused_before_it_is_decoded():
    with pytest.raises(faces.FaceError) as caught:
        faces.encode(png_header(20_000, 20_000))  # 400 Mpx: 1.2 GB once decoded (Pillow's own limit)
    assert caught.value.code == "face_image_too_large"
    with pytest.raises(faces.FaceError, match="face_image_too_large"):
        faces.encode(png_header(10_000, 8_000))  # 80 Mpx: under Pillow's limit, over ours
    with pytest.raises(faces.FaceError, match="face_image_too_large"):
        faces.encode(b"\xff\xd8" + b"\0" * faces.MAX_BYTES)


# --- same person, different people ---------------------------------------------------------------

@pytest.mark.parametrize("person", PEOPLE)
def test_every_altered_copy_matches_its_original(encoded, person):
    matcher = faces.Matcher(np.stack([encoded[p, "original"].vector for p in PEOPLE]), PEOPLE)
    for name in ALTERED:
        found = faces.match(encoded[person, name].vector, matcher)
        assert (name, found.status, found.id) == (name, "match", person)
        assert found.distance <= faces.ACCEPT


def test_all_pairs_of_copies_of_one_person_are_within_accept_and_of_two_people_beyond_unsure(encoded):
    same = [distance(encoded[a], encoded[b]) for a, b in itertools.combinations(encoded, 2) if a[0] == b[0]]
    different = [distance(encoded[a], encoded[b]) for a, b in itertools.combinations(encoded, 2) if a[0] != b[0]]
    assert len(same) == 2 * 15 and len(different) == 36
    assert max(same) <= faces.ACCEPT
    assert min(different) > faces.UNSURE


def test_the_two_people_never_match_each_other(encoded):
    false_accepts = []
    for person, other in itertools.permutations(PEOPLE):
        enrolled = list(facedata.ALTERATIONS)
        matcher = faces.Matcher(np.stack([encoded[person, n].vector for n in enrolled]), [person] * len(enrolled))
        for name in facedata.ALTERATIONS:
            found = faces.match(encoded[other, name].vector, matcher)
            if found.status != "none":
                false_accepts.append((other, name, found))
    assert false_accepts == []


# --- Matcher -------------------------------------------------------------------------------------

def test_matcher_picks_the_enrolled_person_among_5000_others(encoded):
    crowd = unit_vectors(5000) * 1.4  # dlib's vectors are about 1.4 long
    ids = [f"guest-{i}" for i in range(len(crowd))] + PEOPLE
    matcher = faces.Matcher(np.vstack([crowd] + [encoded[p, "original"].vector for p in PEOPLE]), ids)
    assert len(matcher) == 5002
    for (person, name), face in encoded.items():
        who, d = matcher.best(face.vector)
        assert who == person and d == pytest.approx(distance(face, encoded[person, "original"]), abs=1e-5)
        assert faces.match(face.vector, matcher).status == "match"
    # Someone not enrolled: nobody near.
    stranger = faces.Matcher(crowd, ids[:5000])
    assert faces.match(encoded["hopper", "original"].vector, stranger).status == "none"


def test_an_empty_matcher_finds_nobody():
    empty = faces.Matcher(np.zeros((0, 128), np.float32), [])
    assert empty.best(unit_vectors(1)[0]) is None
    assert faces.match(unit_vectors(1)[0], empty) == faces.Match("none")
    assert faces.Matcher([], []).nearest(unit_vectors(1)[0]) == []


def test_matcher_refuses_vectors_and_ids_that_do_not_fit():
    with pytest.raises(ValueError):
        faces.Matcher(np.zeros((3, 64)), ["a", "b", "c"])
    with pytest.raises(ValueError):
        faces.Matcher(np.zeros((3, 128)), ["a", "b"])


def at(base: np.ndarray, direction: np.ndarray, d: float) -> np.ndarray:
    """A vector exactly `d` away from base."""
    return base + d * direction / np.linalg.norm(direction)


def test_the_decision_follows_accept_unsure_and_margin():
    base, *dirs = unit_vectors(4, seed=7)
    base = base * 1.4
    cases = {  # (distance to "a", distance to "b"): status
        (0.30, None): "match",
        (faces.ACCEPT - 0.01, None): "match",
        (faces.ACCEPT + 0.02, None): "unsure",
        (faces.UNSURE + 0.02, None): "none",
        (0.30, 0.30 + faces.MARGIN + 0.01): "match",
        (0.30, 0.30 + faces.MARGIN - 0.02): "unsure",  # a look-alike nearly as near
    }
    for (da, db), status in cases.items():
        vectors, ids = [at(base, dirs[0], da)], ["a"]
        if db is not None:
            # dirs are random unit vectors in 128-d, so nearly orthogonal: build b at db from the query.
            vectors.append(at(base, dirs[1], db))
            ids.append("b")
        found = faces.match(base, faces.Matcher(np.stack(vectors), ids))
        assert (da, db, found.status) == (da, db, status)
        assert found.id == "a" and found.distance == pytest.approx(da, abs=1e-5)


def test_a_second_vector_of_the_same_person_is_no_rival_for_the_margin():
    base, d1, d2 = unit_vectors(3, seed=8)
    matcher = faces.Matcher(np.stack([at(base, d1, 0.30), at(base, d2, 0.31)]), ["a", "a"])
    found = faces.match(base, matcher)
    assert (found.status, found.id, found.second) == ("match", "a", None)


def test_two_look_alikes_enrolled_make_a_real_face_unsure(encoded):
    # The astronaut enrolled twice under two ids (a look-alike, a twin): her JPEG q20 copy is as near
    # to both, so the kiosk asks for the QR code instead of picking one.
    matcher = faces.Matcher(np.stack([encoded["astronaut", "original"].vector, encoded["astronaut", "half"].vector]),
                            ["astronaut", "twin"])
    query = encoded["astronaut", "jpeg20"].vector
    (_, first), (_, second) = matcher.nearest(query)
    assert second - first < faces.MARGIN
    found = faces.match(query, matcher)
    assert found.status == "unsure" and found.distance <= faces.ACCEPT


# --- bytes ---------------------------------------------------------------------------------------

def test_a_vector_is_512_bytes_and_comes_back_the_same(encoded):
    vector = encoded["hopper", "original"].vector
    data = faces.to_bytes(vector)
    assert isinstance(data, bytes) and len(data) == 512
    back = faces.from_bytes(data)
    assert back.dtype == np.float32 and np.array_equal(back, vector)
    assert faces.to_bytes(back) == data


def test_bytes_of_the_wrong_size_or_shape_are_refused():
    with pytest.raises(ValueError):
        faces.from_bytes(b"\0" * 511)
    with pytest.raises(ValueError):
        faces.to_bytes(np.zeros(127, np.float32))


def test_a_truncated_jpeg_is_refused_even_after_weasyprint_made_pillow_lenient():
    import weasyprint  # noqa: F401  (its import sets ImageFile.LOAD_TRUNCATED_IMAGES for the whole process)
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES
    data = facedata.pictures()["hopper", "original"]
    with pytest.raises(faces.FaceError, match="face_not_image"):
        faces.encode(data[: len(data) // 2])
    assert ImageFile.LOAD_TRUNCATED_IMAGES  # put back for WeasyPrint

"""Faces for check-in: find the faces in a picture, turn each into 128 numbers, match them.

Plain functions, no models and no feature knowledge: the events app keeps the vectors (never the
pictures) and decides what a match means for a participant.

- `encode(data)` decodes a JPEG/PNG/WebP (EXIF orientation applied), shrinks it to `max_side`, finds
  faces with dlib's HOG detector, places 5 landmarks on each and runs dlib's ResNet encoder: one
  `Face(vector, box, score)` per face, `vector` a 128-d float32 numpy array. Raises `FaceError`.
- `largest(faces)`: the face nearest the camera (a kiosk frame may catch people queuing behind).
- `to_bytes` / `from_bytes`: a vector as 512 bytes (little-endian float32) for a BinaryField.
- `Matcher(vectors, ids)`: one event's enrolled vectors (N×128) and who each belongs to (several
  vectors may share an id); `.best(vector)` → (id, distance) or None.
- `match(vector, matcher)` → `Match(status, id, distance)`, status "match" (check in), "unsure"
  (ask for the QR) or "none".

The models (the 5-point landmarks, 9 MB, and the ResNet encoder, 22 MB, from the PyPI package
`face_recognition_models`; its 68-point model forbids commercial use and is never loaded) are read
once per process, on first use: 0.5–0.9 s of CPU, +34 MB of memory (`warm()` does it ahead).
Per 640×480 frame on this 2-core machine (bench/face.py, CPU time): HOG detection ≈ 40 ms, the
ResNet encoding ≈ 105 ms per face, decoding the JPEG 3 ms, matching 5,000 enrolled vectors 1 ms.

The accuracy of dlib's model is reported to vary between ethnic groups: for some, different people
come closer than the 0.6 its authors use. Hence the strict `ACCEPT`, the `UNSURE` band and the
`MARGIN` rule: a doubtful frame asks for the QR code instead of checking in the wrong person.
"""

from __future__ import annotations

import importlib.util
import io
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Hashable, Sequence

import numpy as np
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from .errors import DomainError

DIMENSIONS = 128
VECTOR_BYTES = DIMENSIONS * 4
# The long side a picture is shrunk to before detection: a kiosk frame (640×480) is used as it
# comes; a phone photo for enrolment (4000×3000) shrinks 6×, its face still ≥ 150 px wide.
MAX_SIDE = 640
# HOG finds faces of 80 px and more; below this long side the detector looks at the picture
# upsampled 2× (faces from 40 px), which costs about 4× the time.
UPSAMPLE_BELOW = 500
# The detector's confidence below which a detection is dropped (dlib's own cut is 0). On the test
# pictures (tilted up to 25°, darker, halved) real faces score 0.4–1.7; the round mission patch on
# the astronaut's suit 0.0–0.13, larger than her face in some copies, where it would win `largest`.
# A frame whose face scores lower has no face; the kiosk takes the next frame or asks for the QR.
MIN_SCORE = 0.3
# Refused before decoding: a decompression bomb, or no camera frame or photo at all.
MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 60_000_000  # as core/images.py

# Distances between two vectors (Euclidean; dlib's vectors have length ≈ 1.4). Measured on the test
# faces (tests/facedata.py, bench/face.py): the same person shrunk, darker, mirrored, JPEG q20 or
# tilted 0.07–0.25 apart; the two different people 0.65 and more. The issue's own measurement on
# real photos: same person 0.24–0.45, different people 0.61 and more. dlib's authors use 0.6.
# At most ACCEPT (and clear of any other person by MARGIN): the same person, check in.
ACCEPT = 0.45
# Above ACCEPT and at most UNSURE: perhaps the same person; ask for the QR code.
UNSURE = 0.55
# When the distances to the two nearest different people differ by less than this, the frame could
# be either of them (look-alikes, siblings): "unsure", however near the nearest is.
MARGIN = 0.06


class FaceError(DomainError):
    """The picture cannot be read as a picture. `code` is one of:

    - "face_not_image": not a JPEG/PNG/WebP/… Pillow can decode (or a truncated one);
    - "face_image_too_large": more than MAX_BYTES bytes or MAX_PIXELS pixels.

    The message is the code: the caller shows its own translated text for it.
    """


@dataclass(frozen=True, eq=False)
class Face:
    """One face: its 128-d vector, its box (left, top, right, bottom) in pixels of the upright
    picture as given (before shrinking), and the detector's confidence (higher is surer)."""

    vector: np.ndarray
    box: tuple[int, int, int, int]
    score: float = 0.0

    @property
    def area(self) -> int:
        left, top, right, bottom = self.box
        return max(0, right - left) * max(0, bottom - top)


@dataclass(frozen=True)
class Match:
    """The decision for one face: status "match" | "unsure" | "none". Whatever the status, `id` and
    `distance` are the nearest enrolled person's (None when nobody is enrolled) and `second` the
    distance to the nearest other person (None if there is none)."""

    status: str
    id: Any = None
    distance: float | None = None
    second: float | None = None


# --- the models, loaded once per process ----------------------------------------------------------

_lock = threading.Lock()  # dlib's network keeps its buffers in the object: one frame at a time
_models: tuple | None = None


def model_path(name: str) -> Path:
    """A file of the face_recognition_models package, found without importing it (its __init__
    imports pkg_resources, which new setuptools no longer has)."""
    spec = importlib.util.find_spec("face_recognition_models")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("face_recognition_models is not installed (pip install -r requirements.lock)")
    path = Path(next(iter(spec.submodule_search_locations))) / "models" / name
    if not path.is_file():
        raise RuntimeError(f"{path} is missing: face_recognition_models 0.3.0 or newer is needed")
    return path


def warm() -> tuple:
    """Load the detector and both models now (the first `encode` does it otherwise): 0.5–0.9 s."""
    global _models
    if _models is None:
        with _lock:
            if _models is None:
                import dlib

                _models = (
                    dlib.get_frontal_face_detector(),
                    dlib.shape_predictor(str(model_path("shape_predictor_5_face_landmarks.dat"))),
                    dlib.face_recognition_model_v1(str(model_path("dlib_face_recognition_resnet_model_v1.dat"))),
                )
    return _models


# --- pictures to faces ---------------------------------------------------------------------------

def _decode(data: bytes, max_side: int) -> tuple[np.ndarray, float]:
    """The picture upright, RGB, its long side at most max_side, as an H×W×3 uint8 array; and how
    many pixels of the original one pixel of it stands for."""
    if len(data) > MAX_BYTES:
        raise FaceError("face_image_too_large")
    try:
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > MAX_PIXELS:
            raise FaceError("face_image_too_large")
        original = max(image.size)
        # A large JPEG decodes straight at 1/2, 1/4 or 1/8 of its size when that still covers max_side.
        image.draft("RGB", (max_side, max_side))
        # A cut-off picture is refused, not half-read: WeasyPrint, once imported, tells Pillow to load
        # truncated files (a process-wide switch), so it is set for this load and put back.
        lenient, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
        try:
            image.load()
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = lenient
        ImageOps.exif_transpose(image, in_place=True)
        rgb = image if image.mode == "RGB" else image.convert("RGB")
    except FaceError:
        raise
    except Image.DecompressionBombError:  # Pillow's own check, at twice its MAX_IMAGE_PIXELS
        raise FaceError("face_image_too_large") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise FaceError("face_not_image") from None
    if max(rgb.size) > max_side:
        rgb.thumbnail((max_side, max_side), Image.Resampling.BILINEAR, reducing_gap=2.0)
    return np.asarray(rgb), original / max(rgb.size)


def encode(data: bytes, *, max_side: int = MAX_SIDE, limit: int | None = None,
           upsample: int | None = None, min_score: float = MIN_SCORE) -> list[Face]:
    """Every face in the picture `data` (bytes of an image file), largest first; [] if none.

    `limit` encodes only the largest `limit` faces (the kiosk needs 1: each encoding costs ~0.1 s).
    `upsample` (0, 1, 2) overrides the rule "1 when the shrunk picture is smaller than UPSAMPLE_BELOW";
    detections scoring below `min_score` are no faces. Raises FaceError for bytes that are no picture
    or too large a one. Thread-safe: one picture at a time per process.
    """
    pixels, factor = _decode(data, max_side)
    height, width = pixels.shape[:2]
    if upsample is None:
        upsample = 1 if max(width, height) < UPSAMPLE_BELOW else 0
    detector, landmarks, encoder = warm()
    with _lock:
        rects, scores, _kinds = detector.run(pixels, upsample, min_score)
        found = sorted(zip(rects, scores), key=lambda rs: (rs[0].area(), rs[1]), reverse=True)
        if limit is not None:
            found = found[:max(0, limit)]
        faces = []
        for rect, score in found:
            shape = landmarks(pixels, rect)
            vector = np.asarray(encoder.compute_face_descriptor(pixels, shape, 1), dtype=np.float32)
            box = (max(0, rect.left()), max(0, rect.top()), min(width, rect.right()), min(height, rect.bottom()))
            faces.append(Face(vector=vector, box=tuple(round(v * factor) for v in box), score=float(score)))
    return faces


def largest(faces: Sequence[Face]) -> Face | None:
    """The face with the largest box (the detector's surer one on a tie), or None."""
    return max(faces, key=lambda f: (f.area, f.score), default=None)


# --- vectors as bytes ----------------------------------------------------------------------------

def to_bytes(vector) -> bytes:
    """The 128 numbers as 512 bytes (little-endian float32), for a BinaryField."""
    array = np.asarray(vector, dtype="<f4")
    if array.shape != (DIMENSIONS,):
        raise ValueError(f"a face vector has {DIMENSIONS} numbers, not shape {array.shape}")
    return array.tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    """The vector stored by `to_bytes` (a read-only float32 array)."""
    if len(data) != VECTOR_BYTES:
        raise ValueError(f"a face vector is {VECTOR_BYTES} bytes, not {len(data)}")
    return np.frombuffer(data, dtype="<f4").astype(np.float32, copy=False)


# --- matching ------------------------------------------------------------------------------------

class Matcher:
    """The enrolled vectors of one event (N×128) and the id of whom each belongs to (ids may repeat:
    a participant enrolled from two photos). Build it once per event and keep it while the event's
    enrolment does not change; `best` is one vectorised pass over all N (≈ 1 ms for 5,000)."""

    def __init__(self, vectors, ids: Sequence[Hashable]):
        matrix = np.asarray(vectors, dtype=np.float32)
        if matrix.size == 0:
            matrix = matrix.reshape(0, DIMENSIONS)
        if matrix.ndim != 2 or matrix.shape[1] != DIMENSIONS:
            raise ValueError(f"vectors must be N×{DIMENSIONS}, not {matrix.shape}")
        if len(ids) != len(matrix):
            raise ValueError(f"{len(matrix)} vectors but {len(ids)} ids")
        self.vectors = np.ascontiguousarray(matrix)
        self.ids = list(ids)
        # Each id as a small integer, to tell the nearest *other* person apart from the nearest vector.
        codes: dict = {}
        self._codes = np.fromiter((codes.setdefault(i, len(codes)) for i in self.ids), dtype=np.int64,
                                  count=len(self.ids))

    def __len__(self) -> int:
        return len(self.ids)

    def distances(self, vector) -> np.ndarray:
        """The distance from `vector` to each enrolled vector (N float32)."""
        return np.linalg.norm(self.vectors - np.asarray(vector, dtype=np.float32), axis=1)

    def nearest(self, vector) -> list[tuple[Any, float]]:
        """The nearest enrolled person and the nearest other person: up to two (id, distance)."""
        if not len(self.ids):
            return []
        d = self.distances(vector)
        first = int(np.argmin(d))
        out = [(self.ids[first], float(d[first]))]
        others = np.where(self._codes == self._codes[first], np.inf, d)
        second = int(np.argmin(others))
        if np.isfinite(others[second]):
            out.append((self.ids[second], float(others[second])))
        return out

    def best(self, vector) -> tuple[Any, float] | None:
        """(id, distance) of the nearest enrolled vector, or None when nobody is enrolled."""
        if not len(self.ids):
            return None
        d = self.distances(vector)
        first = int(np.argmin(d))
        return self.ids[first], float(d[first])


def match(vector, matcher: Matcher, *, accept: float = ACCEPT, unsure: float = UNSURE,
          margin: float = MARGIN) -> Match:
    """Whom `vector` is: "match" when the nearest person is within `accept` and every other person
    is at least `margin` farther; "unsure" when within `unsure` but not that clear (ask for the QR
    code); "none" otherwise (nobody enrolled, or nobody near)."""
    near = matcher.nearest(vector)
    if not near:
        return Match("none")
    (who, distance), second = near[0], (near[1][1] if len(near) > 1 else None)
    if distance > unsure:
        return Match("none", who, distance, second)
    clear = second is None or second - distance >= margin
    return Match("match" if distance <= accept and clear else "unsure", who, distance, second)

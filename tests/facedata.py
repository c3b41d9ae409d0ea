"""Test faces made at test time from pictures that packages ship: no photo of a person is committed.

Two people: the astronaut Eileen Collins (scikit-image's `astronaut.png`, what `skimage.data.astronaut()`
returns) and Grace Hopper (matplotlib's `sample_data/grace_hopper.jpg`). Both files are read by path
from the installed packages, without importing either package (skimage would bring scipy in: ~1 s).
Each picture also comes altered as a kiosk might see the same person: half the size, darker,
mirrored, JPEG quality 20 and tilted 8°. Encoding all 12 pictures costs dlib ~2 s, so the vectors are
computed once per test process (`encoded()`, cached).
"""

import importlib.util
import io
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageEnhance, ImageOps

PEOPLE = {
    "astronaut": ("skimage", "data/astronaut.png"),
    "hopper": ("matplotlib", "mpl-data/sample_data/grace_hopper.jpg"),
}
# A photo with no face in it: a cup of coffee (scikit-image).
NO_FACE = ("skimage", "data/coffee.png")


def package_file(package: str, relative: str) -> Path:
    spec = importlib.util.find_spec(package)
    assert spec and spec.submodule_search_locations, f"{package} is not installed (test extra)"
    return Path(next(iter(spec.submodule_search_locations))) / relative


def picture(package_and_path) -> Image.Image:
    with Image.open(package_file(*package_and_path)) as image:
        return image.convert("RGB")


def jpeg(image: Image.Image, quality: int = 90) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return out.getvalue()


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _half(image):
    return image.resize((image.width // 2, image.height // 2), Image.Resampling.LANCZOS)


def _darker(image):
    # Gamma 1.6 then 70 % brightness: a dim hall.
    return ImageEnhance.Brightness(image.point(lambda v: round(255 * (v / 255) ** 1.6))).enhance(0.7)


def _tilted(image):
    return image.rotate(8, resample=Image.Resampling.BICUBIC, fillcolor=(128, 128, 128))


ALTERATIONS = {
    "original": lambda image: jpeg(image, 95),
    "half": lambda image: jpeg(_half(image)),
    "darker": lambda image: jpeg(_darker(image)),
    "mirrored": lambda image: jpeg(ImageOps.mirror(image)),
    "jpeg20": lambda image: jpeg(image, 20),
    "tilted": lambda image: jpeg(_tilted(image)),
}


@lru_cache(maxsize=None)
def pictures() -> dict[tuple[str, str], bytes]:
    """{(person, alteration): JPEG bytes} for both people and every alteration."""
    return {(person, name): alter(picture(where))
            for person, where in PEOPLE.items() for name, alter in ALTERATIONS.items()}


@lru_cache(maxsize=None)
def encoded() -> dict[tuple[str, str], "object"]:
    """{(person, alteration): the largest Face found} (dlib runs once per test process)."""
    from tienphong.core import faces

    return {key: faces.largest(faces.encode(data)) for key, data in pictures().items()}

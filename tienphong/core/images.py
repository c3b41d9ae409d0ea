"""Uploaded photos and audio for public pages: checked on upload, photos resized once, on upload.

A visitor on 3G downloads the rendition that fits the screen (`srcset`), never the original: a
phone photo of 4–8 MB becomes a ~60 KB small and a ~250 KB large JPEG. Places and products share
these pieces; each keeps its photos in its own table (`PhotoBase`).
"""

import io
import os
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import DomainError

# Long side of each rendition, in CSS pixels × 2 for sharp phone screens.
LARGE_PX = 1280
SMALL_PX = 480
JPEG_QUALITY = 80
# Beyond this a file is a decompression bomb or a poster-sized scan, not a photo of a place.
MAX_PIXELS = 60_000_000

AUDIO_FORMATS = {
    # mutagen class name → (file extension, MIME type browsers play)
    "MP3": ("mp3", "audio/mpeg"),
    "MP4": ("m4a", "audio/mp4"),
    "OggVorbis": ("ogg", "audio/ogg"),
    "OggOpus": ("opus", "audio/ogg"),
    "WAVE": ("wav", "audio/wav"),
    "FLAC": ("flac", "audio/flac"),
    "AAC": ("aac", "audio/aac"),
}


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f}"


def _fits(image: Image.Image, px: int) -> Image.Image:
    copy = image.copy()
    copy.thumbnail((px, px), Image.Resampling.LANCZOS)
    return copy


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def read_photo(upload) -> Image.Image:
    """The upload as an upright RGB image, or a DomainError that says what is wrong with it."""
    size = getattr(upload, "size", None)
    if size is not None and size > settings.PHOTO_MAX_BYTES:
        raise DomainError("photo_too_large", _("The photo is %(size)s MB; the largest accepted is %(max)s MB. "
                                               "Send a smaller copy (a phone's “large” size is enough).")
                          % {"size": _mb(size), "max": _mb(settings.PHOTO_MAX_BYTES)})
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            if probe.width * probe.height > MAX_PIXELS:
                raise DomainError("photo_too_large", _("The picture is %(w)s × %(h)s pixels, too large to show "
                                                       "on a phone.") % {"w": probe.width, "h": probe.height})
            probe.verify()
        upload.seek(0)
        image = Image.open(upload)
        # A JPEG decodes at a fraction of its size when that still covers the large rendition.
        image.draft("RGB", (LARGE_PX * 2, LARGE_PX * 2))
        image.load()
    except DomainError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise DomainError("photo_not_image", _("This file is not a photo (JPEG, PNG or WebP)."))
    return to_rgb(ImageOps.exif_transpose(image))


def to_rgb(image: Image.Image) -> Image.Image:
    """The image ready for JPEG: transparent parts on white (JPEG has no transparency)."""
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, "white")
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    return image.convert("RGB")


def photo_renditions(upload) -> dict:
    """Field values for a PhotoBase row: the large and small JPEGs and the large one's size."""
    image = read_photo(upload)
    large = _fits(image, LARGE_PX)
    small = _fits(image, SMALL_PX)
    stem = uuid.uuid4().hex[:16]
    return {
        "image": ContentFile(_jpeg(large), name=f"{stem}.jpg"),
        "small": ContentFile(_jpeg(small), name=f"{stem}-s.jpg"),
        "width": large.width, "height": large.height,
    }


def add_photos(photos, uploads, *, limit: int, too_many: str, **fields) -> list:
    """Rows in `photos` (a related manager: place.photos) for `uploads`, after the last photo.

    Every file is read and resized before any is stored: one bad file refuses them all, naming it,
    so the user sends the set again without it. `too_many` is the message (with %(max)s and %(n)s)
    when the owner would pass `limit` photos. Call inside the service's transaction."""
    uploads = [u for u in uploads or [] if u]
    if not uploads:
        raise DomainError("photo_required", _("Choose one or more photos to add."))
    have = photos.count()
    if have + len(uploads) > limit:
        raise DomainError("too_many_photos", too_many % {"max": limit, "n": have})
    renditions = []
    for upload in uploads:
        try:
            renditions.append(photo_renditions(upload))
        except DomainError as e:
            name = getattr(upload, "name", "")
            raise DomainError(e.code, f"{name}: {e.message}" if name else e.message)
    last = photos.order_by("-position").values_list("position", flat=True).first() or 0
    made = []
    try:
        for n, values in enumerate(renditions, start=1):
            made.append(photos.create(position=last + n, **values, **fields))
    except Exception:
        # The rows roll back with the transaction; their files would stay behind.
        for photo in made:
            photo.delete_files()
        raise
    return made


def read_audio(upload) -> tuple[str, str, int]:
    """(extension, MIME type, seconds) of an audio upload, or a DomainError: the frames are read, so
    a renamed PDF or video without sound is refused whatever its name says."""
    import mutagen

    size = getattr(upload, "size", None)
    if size is not None and size > settings.AUDIO_MAX_BYTES:
        raise DomainError("audio_too_large", _("The audio file is %(size)s MB; the largest accepted is %(max)s MB.")
                          % {"size": _mb(size), "max": _mb(settings.AUDIO_MAX_BYTES)})
    try:
        upload.seek(0)
        found = mutagen.File(upload)
    except Exception:  # mutagen raises many kinds of errors on broken files
        found = None
    finally:
        upload.seek(0)
    kind = type(found).__name__ if found is not None else ""
    if kind not in AUDIO_FORMATS or not getattr(found.info, "length", 0):
        raise DomainError("audio_not_audio", _("This file is not an audio recording (MP3, M4A, OGG or WAV)."))
    if kind == "MP4" and getattr(found.info, "codec", "").startswith("avc"):
        raise DomainError("audio_not_audio", _("This file is not an audio recording (MP3, M4A, OGG or WAV)."))
    ext, mime = AUDIO_FORMATS[kind]
    return ext, mime, round(found.info.length)


def audio_file(upload) -> tuple[ContentFile, str, int]:
    """A checked audio upload as a file to store (save it in a FileField with upload_to=media_path),
    its MIME type and its length in seconds."""
    ext, mime, seconds = read_audio(upload)
    return ContentFile(upload.read(), name=f"{uuid.uuid4().hex[:16]}.{ext}"), mime, seconds


def media_path(instance, filename: str) -> str:
    """Under the model's own folder (`media_folder`, e.g. "places/photos")."""
    return f"{instance.media_folder}/{filename}"


class PhotoBase(models.Model):
    """One photo of a public page, stored as two renditions made on upload (`photo_renditions`)."""

    media_folder = "photos"

    image = models.ImageField(_l("photo"), upload_to=media_path, width_field="width", height_field="height")
    small = models.ImageField(_l("small photo"), upload_to=media_path)
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    caption = models.CharField(_l("caption"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_l("position"), default=0)
    created_at = models.DateTimeField(_l("created"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["position", "id"]

    def __str__(self):
        return self.caption or os.path.basename(self.image.name)

    @property
    def srcset(self) -> str:
        return f"{self.small.url} {SMALL_PX}w, {self.image.url} {self.width or LARGE_PX}w"

    def delete_files(self) -> None:
        for f in (self.image, self.small):
            if f:
                f.delete(save=False)

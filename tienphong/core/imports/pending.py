"""Uploaded workbooks waiting between the preview and the confirmation (any import).

They hold personal data (names, phones, birth dates), so they live in the private storage
(`STORAGES["private"]` in settings: a folder outside MEDIA_ROOT by default, an S3-compatible bucket
when several app servers share the work), which no URL serves. Each waits under
`imports/<uuid>.xlsx`, its uuid kept in the uploader's session, and is deleted on confirm, on
cancel, or once older than a day (`purge()`, run on each new upload and by the management command
`purge_pending_imports`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages
from django.utils import timezone

FOLDER = "imports"
MAX_AGE = dt.timedelta(hours=24)


def storage():
    return storages["private"]


def name_for(token) -> str | None:
    """The storage name of a pending upload, or None when `token` is not a uuid (nothing else is ever opened)."""
    try:
        return f"{FOLDER}/{uuid.UUID(str(token))}.xlsx"
    except (ValueError, TypeError, AttributeError):
        return None


def save(upload) -> str:
    """Keep an uploaded file; its token."""
    token = str(uuid.uuid4())
    stored = storage().save(name_for(token), upload)
    if stored != name_for(token):  # pragma: no cover - a fresh uuid is never taken
        storage().delete(stored)
        raise RuntimeError("pending import name taken")
    return token


def exists(token) -> bool:
    name = name_for(token)
    return name is not None and storage().exists(name)


@contextmanager
def opened(token):
    """The pending file as a binary file object (seekable), closed afterwards."""
    name = name_for(token)
    if name is None:
        raise FileNotFoundError(token)
    with storage().open(name, "rb") as f:
        yield f


def delete(token) -> None:
    name = name_for(token)
    if name is not None:
        storage().delete(name)  # no error when it is already gone


def purge(*, max_age: dt.timedelta = MAX_AGE, now: dt.datetime | None = None) -> int:
    """Delete pending uploads older than `max_age`; how many were deleted.

    Also deletes what an earlier version left under MEDIA_ROOT/imports/, where it could be downloaded."""
    now = now or timezone.now()
    store = storage()
    deleted = 0
    try:
        _dirs, files = store.listdir(FOLDER)
    except FileNotFoundError:
        files = []
    for file_name in files:
        name = f"{FOLDER}/{file_name}"
        try:
            modified = store.get_modified_time(name)
        except (FileNotFoundError, OSError):
            continue  # deleted meanwhile by its confirmation
        if timezone.is_naive(modified):
            modified = timezone.make_aware(modified, dt.timezone.utc)
        if now - modified > max_age:
            store.delete(name)
            deleted += 1
    legacy = Path(settings.MEDIA_ROOT) / FOLDER
    if legacy.is_dir():
        for path in legacy.glob("*.xlsx"):
            path.unlink(missing_ok=True)
            deleted += 1
    return deleted

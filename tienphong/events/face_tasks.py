"""Enrolling many photos at once, as a background task (django-tasks), with its progress in an ImportJob.

The organiser sends a zip of photos or several photos (at most MAX_BATCH_BYTES in one upload), each
named by the participant's seat (`A12.jpg`) or phone number (`0912345678.jpg`); what follows a space or
an underscore is ignored (`A12_Nguyen Van An.jpg`). The photos wait, as one zip, in the private storage
(`STORAGES["private"]`, never served) under `faces/<uuid>.zip` until the worker has computed each face's
128 numbers; then the zip is deleted (also when the task fails). A zip the task never reached is deleted
by `manage.py erase_faces` once a day old. Progress: the job's `rows_done` of `rows_total` photos;
`created` = enrolled, `unchanged` = refused, `error` = one line per refused photo.

The job's `kind` is "event_faces:<event id>": its page is under the event (face_views.job).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import uuid
import zipfile
from pathlib import PurePosixPath

from auditlog.context import set_actor
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from tienphong.core import faces as engine
from tienphong.core.errors import DomainError
from tienphong.core.models import ImportJob
from tienphong.members.services import normalize_phone

from . import faces
from .models import Event, FaceConsent

logger = logging.getLogger(__name__)

FOLDER = "faces"
KIND = "event_faces"
MAX_BATCH_BYTES = 25 * 1024 * 1024  # nginx takes 26 MB a request (deploy/nginx)
MAX_BATCH_FILES = 2000
MAX_AGE = dt.timedelta(hours=24)
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}
SHOWN_PROBLEMS = 100
PROGRESS_EVERY = 5


def storage():
    return storages["private"]


def _name(token: str) -> str:
    return f"{FOLDER}/{uuid.UUID(str(token))}.zip"


def job_kind(event: Event) -> str:
    return f"{KIND}:{event.pk}"


class BatchError(DomainError):
    pass


def _is_photo(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    return (path.suffix.lower() in PHOTO_SUFFIXES and not path.name.startswith(".")
            and "__MACOSX" not in path.parts)


def pack(files) -> tuple[bytes, int]:
    """One zip (the organiser's own, or one made of the photos sent) and how many photos it holds."""
    files = list(files)
    if not files:
        raise BatchError("batch_empty", _("Choose the photos or a zip file of photos."))
    if sum(f.size for f in files) > MAX_BATCH_BYTES:
        raise BatchError("batch_too_large", _("At most %(mb)s MB at once: send the photos in several batches.")
                         % {"mb": MAX_BATCH_BYTES // (1024 * 1024)})
    if len(files) == 1 and files[0].name.lower().endswith(".zip"):
        data = files[0].read()
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                count = len(_photo_entries(zf))
        except (zipfile.BadZipFile, OSError, EOFError):
            raise BatchError("batch_not_zip", _("This zip file cannot be opened.")) from None
    else:
        out = io.BytesIO()
        count = 0
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
            for f in files:
                if _is_photo(f.name):
                    zf.writestr(PurePosixPath(f.name.replace("\\", "/")).name, f.read())
                    count += 1
        data = out.getvalue()
    if count == 0:
        raise BatchError("batch_no_photo", _("No photo (JPEG, PNG or WebP) in what was sent."))
    if count > MAX_BATCH_FILES:
        raise BatchError("batch_too_many", _("At most %(n)s photos at once.") % {"n": MAX_BATCH_FILES})
    return data, count


def _photo_entries(zf: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    return [i for i in zf.infolist() if not i.is_dir() and _is_photo(i.filename)]


def start(*, event: Event, files, actor) -> ImportJob:
    """Keep the photos in the private storage and queue their enrolment: the job to follow."""
    faces._check_open(event)
    data, count = pack(files)
    token = str(uuid.uuid4())
    storage().save(_name(token), ContentFile(data))
    job = ImportJob.objects.create(kind=job_kind(event), unit_path=event.path, unit_id=event.unit_id, actor=actor,
                                   file_name=_("%(n)s photos") % {"n": count}, rows_total=count)
    enrol_batch.enqueue(job_id=job.pk, event_id=event.pk, token=token, actor_id=actor.pk)
    return job


def _key(file_name: str) -> str:
    stem = PurePosixPath(file_name.replace("\\", "/")).stem.strip()
    return re.split(r"[\s_]+", stem, maxsplit=1)[0] if stem else ""


class _Index:
    """Participants by seat and by phone number."""

    def __init__(self, event: Event):
        self.seats, self.phones = {}, {}
        for p in event.participants.select_related("event"):
            if p.seat:
                self.seats[p.seat.upper()] = p
            if p.phone:
                self.phones.setdefault(p.phone, []).append(p)

    def find(self, key: str):
        """(participant, None) or (None, why not)."""
        if key.upper() in self.seats:
            return self.seats[key.upper()], None
        digits = re.sub(r"[\s.\-]", "", key)
        if digits.lstrip("+").isdigit():
            try:
                people = self.phones.get(normalize_phone(digits), [])
            except Exception:  # not a phone number after all
                people = []
            if len(people) == 1:
                return people[0], None
            if len(people) > 1:
                return None, _("several participants have this phone number: name the photo by the seat")
        return None, _("no participant has this seat or phone number")


def _save(job: ImportJob, **fields) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=list(fields))


@task()
def enrol_batch(*, job_id: int, event_id: int, token: str, actor_id: int | None) -> str:
    """Enrol every photo of a queued batch (the organiser has ticked that everyone signed the consent form)."""
    job = ImportJob.objects.get(pk=job_id)
    name = _name(token)
    if job.finished:
        storage().delete(name)
        return job.status
    _save(job, status=ImportJob.Status.RUNNING, phase=ImportJob.Phase.READING, started_at=timezone.now())
    actor = get_user_model().objects.filter(pk=actor_id, is_active=True).first() if actor_id else None
    event = Event.objects.filter(pk=event_id).first()
    problems, enrolled, refused = [], 0, 0
    try:
        if event is None or actor is None:
            raise BatchError("batch_gone", _("The event or the account that sent the photos is gone; nothing was "
                                             "enrolled."))
        faces._check_open(event)
        engine.warm()
        text = faces.consent_text(event)
        index = _Index(event)
        with storage().open(name, "rb") as f, zipfile.ZipFile(f) as zf, set_actor(actor):
            entries = _photo_entries(zf)[:MAX_BATCH_FILES]
            _save(job, phase=ImportJob.Phase.WRITING, rows_total=len(entries), rows_done=0)
            for n, info in enumerate(entries, 1):
                label = PurePosixPath(info.filename).name
                participant, why = index.find(_key(info.filename))
                try:
                    if participant is None:
                        raise DomainError("batch_unknown", why)
                    if info.file_size > engine.MAX_BYTES:
                        raise DomainError("face_image_too_large", _("This photo is too large."))
                    faces.enrol(participant=participant, photo=zf.read(info), agreed=True, text=text,
                                source=FaceConsent.Source.ORGANISER, recorded_by=actor)
                    enrolled += 1
                except DomainError as e:
                    refused += 1
                    if len(problems) < SHOWN_PROBLEMS:
                        problems.append(f"{label}: {e.message}")
                if n % PROGRESS_EVERY == 0 or n == len(entries):
                    _save(job, rows_done=n, created=enrolled, unchanged=refused)
    except DomainError as e:
        _save(job, status=ImportJob.Status.FAILED, phase=ImportJob.Phase.FINISHED, error=e.message,
              finished_at=timezone.now(), created=enrolled, unchanged=refused)
        return job.status
    except Exception:
        logger.exception("face batch %s failed", job_id)
        _save(job, status=ImportJob.Status.FAILED, phase=ImportJob.Phase.FINISHED, finished_at=timezone.now(),
              error=_("The enrolment stopped on an unexpected error. Photos already done stay enrolled; send the "
                      "others again or ask the administrator."), created=enrolled, unchanged=refused)
        return job.status
    finally:
        storage().delete(name)  # the photos never outlive the task
    _save(job, status=ImportJob.Status.DONE, phase=ImportJob.Phase.FINISHED, error="\n".join(problems),
          finished_at=timezone.now())
    return job.status


def purge(*, max_age: dt.timedelta = MAX_AGE, now: dt.datetime | None = None) -> int:
    """Delete batches of photos left behind (a task never run) once older than `max_age`; how many."""
    now = now or timezone.now()
    store, deleted = storage(), 0
    try:
        _dirs, files = store.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    for file_name in files:
        name = f"{FOLDER}/{file_name}"
        try:
            modified = store.get_modified_time(name)
        except (FileNotFoundError, NotImplementedError):
            continue
        if now - modified >= max_age:
            store.delete(name)
            deleted += 1
    return deleted

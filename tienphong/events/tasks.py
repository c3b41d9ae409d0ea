"""Badge sheets of many participants, drawn by a background task (django-tasks) with a progress bar.

The page (people.event_badges) starts the task for a set of more than `BACKGROUND_BADGES` participants
and redirects to the job's page, which htmx refreshes every second until the link to the PDF appears.
With the immediate backend (DEBUG, tests) the task runs inside that request; in production
`manage.py db_worker` runs it.

A job's state and its PDF live in the private storage (`STORAGES["private"]`: never served, shared by
every server and the worker, like the pending imports): `badges/<uuid>.json` (event, who started it,
status, phase, badges drawn of how many) and `badges/<uuid>.pdf`, which only the job's page hands out, to
whoever may manage the event. Both are deleted a day later (`purge`, run when a job starts). The task
writes no database row while it draws (on SQLite its progress never waits for a writer): its one write,
at the end, marks the badges printed once the PDF is stored (services.badge_sheet).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import time
import uuid
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from tienphong.core.errors import DomainError
from tienphong.core.scope import Scope

from . import services
from .models import Event, Participant

logger = logging.getLogger(__name__)
FOLDER = "badges"
MAX_AGE = dt.timedelta(hours=24)
BACKGROUND_BADGES = 80  # more than this: a background task (10 pages); fewer come back within the request
DRAWN_SHARE = 60  # percent of the bar for drawing the pages (measured: 59 % of the time for 1,000); writing the PDF, the rest


def storage():
    return storages["private"]


def _name(job_id, suffix: str) -> str | None:
    try:
        return f"{FOLDER}/{uuid.UUID(str(job_id))}.{suffix}"
    except (ValueError, TypeError, AttributeError):
        return None


@dataclass
class BadgeJob:
    id: str
    event_id: int
    actor_id: int | None
    total: int
    status: str = "queued"  # queued | running | done | failed
    phase: str = "waiting"  # waiting | drawing | writing | finished
    done: int = 0
    error: str = ""
    created_at: str = ""

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")

    @property
    def percent(self) -> int:
        if self.status == "done":
            return 100
        if self.phase == "writing":
            return DRAWN_SHARE
        return DRAWN_SHARE * self.done // self.total if self.total else 0

    @property
    def pdf_name(self) -> str:
        return _name(self.id, "pdf")

    def save(self, **changes) -> None:
        for key, value in changes.items():
            setattr(self, key, value)
        name = _name(self.id, "json")
        store = storage()
        store.delete(name)  # a storage never overwrites: it would save under another name
        store.save(name, ContentFile(json.dumps(dataclasses.asdict(self)).encode()))


def load(job_id) -> BadgeJob | None:
    """The job's state, or None (no such job, or not a job id at all)."""
    name = _name(job_id, "json")
    if name is None:
        return None
    for attempt in range(3):  # a save deletes then writes the state: read again a moment later
        try:
            with storage().open(name, "rb") as f:
                return BadgeJob(**json.loads(f.read()))
        except FileNotFoundError:
            time.sleep(0.05 * (attempt + 1))
    return None


def personal_url(origin: str, participant: Participant) -> str:
    """What the badge's QR carries: the participant's personal link, absolute."""
    return origin + reverse("event_personal", args=[services.badge_value(participant)])


def start(*, event: Event, participant_ids: list[int], origin: str, actor) -> BadgeJob:
    """Queue the badge sheet of these participants; the job to follow on its page."""
    purge()
    job = BadgeJob(id=str(uuid.uuid4()), event_id=event.pk, actor_id=actor.pk, total=len(participant_ids),
                   created_at=timezone.now().isoformat())
    job.save()
    make_badges.enqueue(job_id=job.id, event_id=event.pk, participant_ids=list(participant_ids), origin=origin,
                        actor_id=actor.pk)
    return job


@task()
def make_badges(*, job_id: str, event_id: int, participant_ids: list[int], origin: str, actor_id: int | None) -> str:
    """Draw the badges, reporting the progress after each chunk of pages; store the PDF."""
    job = load(job_id)
    if job is None or job.finished:  # purged, or already run (a retried task)
        return job.status if job else "missing"
    job.save(status="running", phase="drawing")
    actor = get_user_model().objects.filter(pk=actor_id, is_active=True).first() if actor_id else None
    event = Event.objects.filter(pk=event_id).first()
    if actor is None or event is None or not Scope.for_user(actor).allows(event.path, "manage_events"):
        job.save(status="failed", phase="finished", error=_("You may no longer print the badges of this event."))
        return job.status
    people = Participant.objects.filter(event=event, pk__in=participant_ids)

    def progress(done, total):
        job.save(done=done, total=total, phase="writing" if done >= total else "drawing")

    def keep(pdf: bytes) -> None:
        store = storage()
        store.delete(job.pdf_name)
        store.save(job.pdf_name, ContentFile(pdf))

    try:  # the badges are marked printed once the PDF is stored (services.badge_sheet)
        services.badge_sheet(event=event, participants=people, url_for=lambda p: personal_url(origin, p),
                             progress=progress, keep=keep)
    except DomainError as e:
        job.save(status="failed", phase="finished", error=e.message)
        return job.status
    except Exception:
        logger.exception("badge job %s failed", job_id)
        job.save(status="failed", phase="finished", error=_("The badges could not be drawn. Try again or ask the "
                                                           "administrator."))
        return job.status
    job.save(status="done", phase="finished", done=job.total)
    return job.status


def purge(*, max_age: dt.timedelta = MAX_AGE, now: dt.datetime | None = None) -> int:
    """Delete jobs (their state and PDF) older than `max_age`; how many files were deleted."""
    now = now or timezone.now()
    store = storage()
    try:
        _dirs, files = store.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    deleted = 0
    for file_name in files:
        name = f"{FOLDER}/{file_name}"
        try:
            modified = store.get_modified_time(name)
        except (FileNotFoundError, OSError):
            continue
        if timezone.is_naive(modified):
            modified = timezone.make_aware(modified, dt.timezone.utc)
        if now - modified > max_age:
            store.delete(name)
            deleted += 1
    return deleted

"""A confirmed import run as a background job (django-tasks), with its progress in `ImportJob`.

An app registers each of its imports by name from its AppConfig.ready (core imports no feature app):

    jobs.register("members", make_importer=importer_for_job, result_url=..., result_message=...)

`make_importer(waiting, scope)` builds the importer from what the session kept and checks the rights
again with the actor's scope (a 404 when they are gone); `result_url(job)` and `result_message(job)`
are the link and the success message the synchronous confirm shows.

The view calls `start(...)`: an `ImportJob` (queued) and the task `run_import`, whose arguments are
JSON (the job's id, the import's name, the waiting dict with the pending token, the actor's id).
The worker (`manage.py db_worker`; inline with the immediate backend) reads the file, then checks
and writes it in one transaction, all or nothing. Progress is written between phases, outside that
transaction (on SQLite no second connection could write it during the import): queued → reading →
checking and writing `rows_total` rows → done (counts) or failed (a Vietnamese message).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from tienphong.core.models import ImportJob
from tienphong.core.scope import Scope

from .importer import Importer
from .views import confirm_waiting

logger = logging.getLogger(__name__)
SHOWN_ERRORS = 20  # row errors kept on a failed job


@dataclass(frozen=True)
class ImportKind:
    make_importer: Callable[[dict, Scope], Importer]
    result_url: Callable[[ImportJob], str]
    result_message: Callable[[ImportJob], str]


_kinds: dict[str, ImportKind] = {}


def register(name: str, *, make_importer, result_url, result_message) -> None:
    _kinds[name] = ImportKind(make_importer, result_url, result_message)


def kind(name: str) -> ImportKind | None:
    return _kinds.get(name)


def start(*, kind: str, waiting: dict, actor, unit_path: str, unit_id: int | None = None) -> ImportJob:
    """Queue the import of the waiting file: the job to follow on its page."""
    if kind not in _kinds:
        raise ValueError(f"unknown import {kind!r}")
    job = ImportJob.objects.create(kind=kind, unit_path=unit_path, unit_id=unit_id, actor=actor,
                                   file_name=waiting.get("file_name", "")[:255],
                                   rows_total=max(int(waiting.get("rows") or 0), 0))
    run_import.enqueue(job_id=job.pk, kind=kind, waiting=dict(waiting), actor_id=actor.pk)
    return job


def _save(job: ImportJob, **fields) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=list(fields))


def _fail(job: ImportJob, message: str) -> None:
    _save(job, status=ImportJob.Status.FAILED, phase=ImportJob.Phase.FINISHED, rows_done=0, error=message,
          finished_at=timezone.now())


@task()
def run_import(*, job_id: int, kind: str, waiting: dict, actor_id: int | None) -> str:
    """Run a queued import (the work of `confirm_waiting`); the job says how it went."""
    job = ImportJob.objects.get(pk=job_id)
    if job.finished:  # already run (a retried task)
        return job.status
    _save(job, status=ImportJob.Status.RUNNING, phase=ImportJob.Phase.READING, started_at=timezone.now())
    actor = get_user_model().objects.filter(pk=actor_id, is_active=True).first() if actor_id else None

    def progress(phase, done, total):
        if phase == "read":
            _save(job, phase=ImportJob.Phase.WRITING, rows_total=total, rows_done=0)
        else:
            _save(job, rows_total=total, rows_done=done)

    entry = _kinds.get(kind)
    try:
        if entry is None or actor is None:
            raise Http404
        scope = Scope.for_user(actor)
        plan = confirm_waiting(waiting, lambda w: entry.make_importer(w, scope), actor=actor, progress=progress)
    except (Http404, PermissionDenied):
        _fail(job, _("You may no longer import into this unit; nothing was imported."))
        return job.status
    except Exception:
        logger.exception("import job %s failed", job_id)
        _fail(job, _("The import stopped on an unexpected error; nothing was imported. Try again or ask the administrator."))
        return job.status
    if plan.errors:
        lines = [_("The file has %(count)s errors; nothing was imported.") % {"count": len(plan.errors)}]
        for error in plan.errors[:SHOWN_ERRORS]:
            where = (_("Row %(row)s") % {"row": error.row}) if error.row else _("File")
            lines.append(f"{where}{', ' + error.column if error.column else ''}: {error.message}")
        _fail(job, "\n".join(lines))
        return job.status
    _save(job, status=ImportJob.Status.DONE, phase=ImportJob.Phase.FINISHED, created=plan.created,
          updated=plan.updated, unchanged=plan.unchanged, rows_done=job.rows_total, finished_at=timezone.now())
    return job.status

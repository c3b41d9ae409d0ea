"""Writes for the ecosystem (keyword-only, atomic, DomainError with a Vietnamese message)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tienphong.core.errors import DomainError
from tienphong.core.scope import Scope
from tienphong.core.text import clean_name, search_blob

from tienphong.rollups import services as rollups

from . import rollup
from .models import Expert, FollowUp, MentorMatch, Milestone, Project, ProjectSupport, Startup, quarter_of

PERM = "manage_contests"


def _require(by, path: str) -> None:
    if not Scope.for_user(by).allows(path, PERM):
        raise DomainError("not_allowed", _("You cannot change the innovation register of this unit."))


@transaction.atomic
def expert_save(*, expert: Expert, by, consent: bool | None = None) -> Expert:
    """An expert of the directory; `consent` records (True) or withdraws (False) their agreement to be listed."""
    _require(by, expert.unit.path)
    expert.name, expert.field = clean_name(expert.name), clean_name(expert.field)
    if not expert.name or not expert.field:
        raise DomainError("expert_incomplete", _("Type the expert's name and field."))
    if consent is not None:
        expert.consent_at = timezone.now() if consent else None
    expert.path = expert.unit.path
    expert.search_text = search_blob(expert.name, expert.field, expert.organisation)
    expert.save()
    return expert


@transaction.atomic
def ask_mentor(*, expert: Expert, message: str, entry=None, project: Project | None = None) -> MentorMatch:
    """An entrant or a project team asks a listed expert for help."""
    if not expert.listed:
        raise DomainError("expert_not_listed", _("This expert is not in the directory."))
    if (entry is None) == (project is None):
        raise DomainError("ask_for_what", "entry or project")
    message = (message or "").strip()
    if not message:
        raise DomainError("message_required", _("Say what help you need."))
    path = entry.path if entry is not None else project.path
    return MentorMatch.objects.create(expert=expert, entry=entry, project=project, path=path, message=message)


@transaction.atomic
def answer_mentor(*, match: MentorMatch, matched: bool, by) -> MentorMatch:
    """The organiser records whether the expert took it on (a match counts in the figures)."""
    _require(by, match.path)
    if match.status != MentorMatch.Status.ASKED:
        raise DomainError("already_answered", _("This request was already answered."))
    match.status = MentorMatch.Status.MATCHED if matched else MentorMatch.Status.DECLINED
    match.matched_at = timezone.now() if matched else None
    match.save(update_fields=["status", "matched_at"])
    if matched:
        rollups.add(rollup.match_deltas(match))
    if matched and match.project_id and match.project.mentor_id is None:
        Project.objects.filter(pk=match.project_id).update(mentor=match.expert)
    return match


@transaction.atomic
def project_from_entry(*, entry, by, mentor: Expert | None = None, started_on: dt.date | None = None) -> Project:
    """A winning (or chosen) entry becomes a project followed by the contest's organiser."""
    _require(by, entry.contest.path)
    if entry.status != "submitted":
        raise DomainError("not_submitted", _("Only a submitted entry can become a project."))
    if Project.objects.filter(entry=entry).exists():
        raise DomainError("project_exists", _("This entry is already a project."))
    project = Project.objects.create(unit=entry.unit, path=entry.path, name=entry.title, entry=entry, mentor=mentor,
                                     started_on=started_on or timezone.localdate(), created_by=by)
    rollup.refresh([project.path])
    return project


@transaction.atomic
def support_add(*, project: Project, partner, kind: str, by, amount: int | None = None, note: str = "") -> ProjectSupport:
    _require(by, project.path)
    if kind not in ProjectSupport.Kind.values:
        raise DomainError("kind_invalid", _("Choose what the partner offers."))
    if amount is not None and amount < 0:
        raise DomainError("amount_invalid", _("The amount cannot be negative."))
    support, _created = ProjectSupport.objects.update_or_create(
        project=project, partner=partner, kind=kind, defaults={"amount": amount, "note": note.strip()})
    return support


@transaction.atomic
def milestone_add(*, project: Project, title: str, due_on: dt.date, by) -> Milestone:
    _require(by, project.path)
    title = clean_name(title)
    if not title:
        raise DomainError("title_required", _("Name the milestone."))
    return project.milestones.create(title=title, due_on=due_on)


@transaction.atomic
def milestone_done(*, milestone: Milestone, by, on: dt.date | None = None) -> Milestone:
    """The milestone is reached (today unless `on`); again: it is open again."""
    _require(by, milestone.project.path)
    milestone.done_on = None if milestone.done_on else (on or timezone.localdate())
    milestone.save(update_fields=["done_on"])
    return milestone


@transaction.atomic
def stop(*, project: Project, by) -> Project:
    """The team gave the project up: it leaves the followed list (a realised one stays realised)."""
    _require(by, project.path)
    if project.status == Project.Status.REALISED:
        raise DomainError("already_realised", _("A realised project cannot be stopped."))
    project.status = Project.Status.STOPPED
    project.save(update_fields=["status", "updated_at"])
    rollup.refresh([project.path])
    return project


@transaction.atomic
def follow_up(*, project: Project, progress: int, status: str, by, today: dt.date | None = None) -> FollowUp:
    """This quarter's follow-up (a second one in the same quarter replaces it)."""
    _require(by, project.path)
    if not 0 <= int(progress) <= 100:
        raise DomainError("progress_invalid", _("Progress is from 0 to 100%."))
    status = (status or "").strip()
    if not status:
        raise DomainError("status_required", _("Say where the project stands."))
    row, _created = FollowUp.objects.update_or_create(
        project=project, quarter=quarter_of(today or timezone.localdate()),
        defaults={"progress": int(progress), "status": status, "by": by})
    return row


@transaction.atomic
def realise(*, project: Project, on: dt.date, by) -> Project:
    """The idea is real: the project leaves the followed list for the realised one."""
    _require(by, project.path)
    if on < project.started_on:
        raise DomainError("date_invalid", _("A project is realised after it started."))
    before = rollup.realised_deltas(project) if project.status == Project.Status.REALISED else []
    project.status, project.realised_on = Project.Status.REALISED, on
    project.save(update_fields=["status", "realised_on", "updated_at"])
    rollups.replace(before, rollup.realised_deltas(project))
    rollup.refresh([project.path])
    return project


@transaction.atomic
def startup_save(*, startup: Startup, by, founders=None, products=None) -> Startup:
    _require(by, startup.unit.path)
    startup.name = clean_name(startup.name)
    if not startup.name:
        raise DomainError("name_required", _("Type the startup's name."))
    if startup.founded_on > timezone.localdate():
        raise DomainError("date_invalid", _("The founding date is in the future."))
    startup.path = startup.unit.path
    was = Startup.objects.filter(pk=startup.pk).values_list("path", flat=True).first() if startup.pk else None
    startup.save()
    rollup.refresh([was, startup.path])
    if founders is not None:
        founders = list(founders)
        scope = Scope.for_user(by)
        if any(not scope.allows(m.path, "view") for m in founders):
            raise DomainError("founder_outside", _("Founders are members of your own units."))
        startup.founders.set(founders)
    if products is not None:
        startup.products.set(products)
    return startup

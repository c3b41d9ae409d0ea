"""What contests add to the dashboards' figures (see tienphong.rollups).

- contests held: a contest once it is out of draft, on its submission round's first day, at the organiser;
- entries: submitted entries, on the day they were submitted, at the entrant's unit;
- entrants: the people of those entries (the lead entrant and the team);
- score sheets: complete juror score sheets, on the day they were completed, at the contest's organiser.
"""

from django.db.models import Count, F, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from tienphong.rollups.services import Delta

CONTESTS = "contests_held"
ENTRIES = "contest_entries"
ENTRANTS = "contest_entrants"
SCORES = "contest_scores"


def _day(when):
    return timezone.localdate(when)


def contest_deltas(contest) -> list[Delta]:
    """What the stored contest adds now (nothing while a draft)."""
    from .models import Contest, Round

    stored = Contest.objects.filter(pk=contest.pk).first()
    if stored is None or stored.status == Contest.Status.DRAFT:
        return []
    start = Round.objects.filter(contest=stored, kind=Round.Kind.SUBMISSION).values_list("starts_on", flat=True).first()
    return [Delta(unit_id=stored.unit_id, path=stored.path, day=start or _day(stored.created_at),
                  indicator=CONTESTS, value=1)]


def entry_deltas(entry) -> list[Delta]:
    """What the stored entry adds now (nothing until submitted)."""
    from .models import Entry

    stored = Entry.objects.filter(pk=entry.pk).first() if entry.pk else None
    if stored is None or stored.status != Entry.Status.SUBMITTED:
        return []
    base = {"unit_id": stored.unit_id, "path": stored.path, "day": _day(stored.submitted_at)}
    return [Delta(**base, indicator=ENTRIES, value=1), Delta(**base, indicator=ENTRANTS, value=stored.people)]


def sheet_deltas(assignment, sign: int = 1) -> list[Delta]:
    """A score sheet completed (or, with -1, no longer complete)."""
    contest = assignment.round.contest
    return [Delta(unit_id=contest.unit_id, path=contest.path, day=_day(assignment.completed_at), indicator=SCORES,
                  value=sign)]


def backfill():
    from .models import Assignment, Contest, Entry, Round

    held = (Round.objects.filter(kind=Round.Kind.SUBMISSION).exclude(contest__status=Contest.Status.DRAFT).order_by()
            .values(u=F("contest__unit_id"), d=F("starts_on")).annotate(v=Count("id")))
    yield CONTESTS, "", held
    submitted = Entry.objects.filter(status=Entry.Status.SUBMITTED).order_by()
    day = TruncDate("submitted_at")
    yield ENTRIES, "", submitted.values(u=F("unit_id"), d=day).annotate(v=Count("id"))
    yield ENTRANTS, "", submitted.values(u=F("unit_id"), d=day).annotate(v=Sum("people"))
    done = Assignment.objects.filter(completed_at__isnull=False).order_by()
    yield SCORES, "", done.values(u=F("round__contest__unit_id"), d=TruncDate("completed_at")).annotate(v=Count("id"))

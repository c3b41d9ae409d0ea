"""What the ecosystem adds to the dashboards' figures (see tienphong.rollups).

Flows (dated): mentor matches (on the day the expert took it on, at the entrant's or project's unit);
projects realised (on their day, at the project's unit). Counts now (stock): projects being followed,
active startups and the jobs they created, at their units.
"""

from collections import Counter

from django.db.models import Count, F
from django.db.models.functions import TruncDate
from django.utils import timezone

from tienphong.rollups import services as rollups
from tienphong.rollups.services import Delta

MATCHES = "mentor_matches"
REALISED = "projects_realised"
FOLLOWED = "projects_followed"
STARTUPS = "startups"
JOBS = "startup_jobs"
INDICATORS = (FOLLOWED, STARTUPS, JOBS)


def match_deltas(match) -> list[Delta]:
    owner = match.project if match.project_id else match.entry
    return [Delta(unit_id=owner.unit_id, path=owner.path, day=timezone.localdate(match.matched_at),
                  indicator=MATCHES, value=1)]


def realised_deltas(project) -> list[Delta]:
    return [Delta(unit_id=project.unit_id, path=project.path, day=project.realised_on, indicator=REALISED, value=1)]


def backfill():
    from .models import MentorMatch, Project

    matched = MentorMatch.objects.filter(status=MentorMatch.Status.MATCHED).order_by()
    day = TruncDate("matched_at")
    yield MATCHES, "", matched.filter(project__isnull=False).values(u=F("project__unit_id"), d=day).annotate(v=Count("id"))
    yield MATCHES, "", matched.filter(project__isnull=True).values(u=F("entry__unit_id"), d=day).annotate(v=Count("id"))
    realised = Project.objects.filter(status=Project.Status.REALISED).order_by()
    yield REALISED, "", realised.values(u=F("unit_id"), d=F("realised_on")).annotate(v=Count("id"))


def commune_of(path: str) -> int:
    """The unit the dashboards keep a count at: the commune (or the unit right under the province) of
    `path`, as the other counts are kept."""
    steps = path.strip("/").split("/")
    return int(steps[1] if len(steps) > 1 else steps[0])


def count(unit_ids: list[int]):
    """Per commune: projects being followed, active startups and their jobs (few rows: counted here)."""
    from .models import Project, Startup

    ids, tally = set(unit_ids), Counter()
    for path in Project.objects.filter(status=Project.Status.FOLLOWED).values_list("path", flat=True):
        if (c := commune_of(path)) in ids:
            tally[c, FOLLOWED] += 1
    for path, jobs in Startup.objects.filter(active=True).values_list("path", "jobs_created"):
        if (c := commune_of(path)) in ids:
            tally[c, STARTUPS] += 1
            tally[c, JOBS] += jobs
    for (unit, indicator), n in tally.items():
        yield unit, indicator, "", n


def refresh(paths) -> None:
    """Recount the communes of these paths (a moved row: its old and new paths)."""
    ids = {commune_of(p) for p in paths if p}
    if ids:
        rollups.stock_recount(indicators=INDICATORS, unit_ids=ids, count=count)

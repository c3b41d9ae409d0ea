"""Which report subject a request asks for, checked against the viewer's scope (outsiders get 404)."""

from django.http import Http404
from django.utils import timezone

from tienphong.core.scope import get_scope
from tienphong.campaigns.models import Campaign
from tienphong.teams.models import Team
from tienphong.units.models import OrgUnit

from .periods import Period, is_id, parse_period
from .selectors import Subject, nation, subject_for

REPORT_KINDS = (OrgUnit.Kind.PROVINCE, OrgUnit.Kind.COMMUNE, OrgUnit.Kind.SERVICE_POINT)


class NoTeamToReport(Http404):
    """A team leader who leads no team yet has no figures of their own: a 404 wherever a subject is
    needed (exports, the API), and on the dashboard a page that says why and what to do."""


def default_subject(scope) -> Subject:
    """The viewer's own: the widest province or commune they hold a role on, else the team they lead."""
    for unit in scope.units:
        if unit.kind in REPORT_KINDS and scope.allows(unit.path, "view_reports"):
            return subject_for(unit)
    if scope.is_superuser:
        return nation()
    team = Team.objects.select_related("commune").filter(leader__user_id=scope.user_id).order_by("pk").first()
    if team is None:
        raise NoTeamToReport if scope.paths("lead_team") else Http404
    return subject_for(team=team)


def subject_from(request) -> Subject:
    """`?unit=<id>`, `?unit=nation` (superusers), `?team=<id>`, or the viewer's own."""
    scope = get_scope(request)
    unit_id, team_id = request.GET.get("unit", ""), request.GET.get("team", "")
    if team_id:
        team = Team.objects.select_related("commune", "leader").filter(pk=team_id if is_id(team_id) else 0).first()
        # A team's leader reads their team's figures; officers read every team in their subtree.
        if team is None or not (scope.allows(team.path, "view_reports")
                                or (team.leader_id and team.leader.user_id == scope.user_id)):
            raise Http404
        return subject_for(team=team)
    if unit_id == "nation":
        if not scope.is_superuser:
            raise Http404
        return nation()
    if unit_id:
        unit = OrgUnit.objects.filter(pk=unit_id if is_id(unit_id) else 0, kind__in=REPORT_KINDS).first()
        if unit is None or not scope.allows(unit.path, "view_reports"):
            raise Http404
        return subject_for(unit)
    return default_subject(scope)


def visible_campaigns(request):
    scope = get_scope(request)
    if scope.is_superuser:
        return Campaign.objects.all()
    return Campaign.objects.filter(scope.around_q("path", "view"))


def period_from(request) -> Period:
    return parse_period(request.GET, timezone.localdate(), visible_campaigns(request))

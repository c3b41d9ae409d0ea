from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from tienphong.core.scope import Scope
from tienphong.core.paths import subtree_q
from tienphong.core.text import words_q
from tienphong.members.models import Member

from .models import Team, TeamMembership


def visible_teams(scope: Scope) -> QuerySet[Team]:
    """Teams in the user's subtrees, plus the teams the user is a member of (a volunteer's role
    sits on a branch, while the team hangs on the commune)."""
    own = TeamMembership.objects.filter(member__user_id=scope.user_id).values("team_id")
    return Team.objects.filter(scope.q("path") | Q(pk__in=own))


TEAM_ORDER = {"": ("commune__name", "kind", "name", "id"), "name": ("name", "commune__name", "id"),
              "members": ("-member_count", "name", "id")}


def team_list(*, scope: Scope, unit=None, q: str = "", kind: str = "", active: bool | None = None,
              sort: str = "") -> QuerySet[Team]:
    qs = visible_teams(scope)
    if unit is not None:
        qs = qs.filter(scope.unit_q(unit, "path"))
    if q:
        qs = qs.filter(words_q(q))
    if kind:
        qs = qs.filter(kind=kind)
    if active is not None:
        qs = qs.filter(active=active)
    return (qs.select_related("commune", "leader", "service_point")
            .annotate(member_count=Count("memberships")).order_by(*TEAM_ORDER.get(sort, TEAM_ORDER[""])))


def team_get(*, scope: Scope, pk: int) -> Team:
    return get_object_or_404(visible_teams(scope).select_related("commune", "leader", "service_point"),
                             pk=pk)


def team_roster(team: Team):
    return (team.memberships.select_related("member", "member__branch")
            .order_by("member__sort_key", "member__id"))


def team_candidates(team: Team, q: str, limit: int = 20):
    """Active members of the team's commune matching `q` who are not in the team yet."""
    return (Member.objects.filter(subtree_q(team.path, "path"), words_q(q), status=Member.Status.ACTIVE)
            .exclude(team_memberships__team=team).select_related("branch").order_by("sort_key")[:limit])

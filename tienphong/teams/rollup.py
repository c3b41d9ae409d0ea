"""Current team counts per commune for the dashboards (see tienphong.rollups): active teams by
kind, whether the commune has at least one (coverage: the province total counts communes), and the
members taking part in active teams — each counted once (a member on two teams is one person), in all
and by team kind (a member on a team of each kind counts once under each kind)."""

from django.db.models import Count
from django.db.models.signals import post_delete

from tienphong.rollups import services as rollups

from .models import Team, TeamMembership

TEAMS = "teams"
COVERED = "communes_covered"
TEAM_MEMBERS = "team_members"               # distinct members on the rosters of active teams
TEAM_MEMBERS_BY_KIND = "team_members_kind"  # the same, per team kind (the key)
INDICATORS = (TEAMS, COVERED, TEAM_MEMBERS, TEAM_MEMBERS_BY_KIND)


def count(unit_ids: list[int]):
    rows = (Team.objects.filter(active=True, commune_id__in=unit_ids).order_by()
            .values_list("commune_id", "kind").annotate(n=Count("id")))
    covered = set()
    for commune, kind, n in rows:
        covered.add(commune)
        yield commune, TEAMS, kind, n
    for commune in covered:
        yield commune, COVERED, "", 1
    on_teams = TeamMembership.objects.filter(team__active=True, team__commune_id__in=unit_ids).order_by()
    for commune, n in (on_teams.values_list("team__commune_id")
                       .annotate(n=Count("member_id", distinct=True))):
        yield commune, TEAM_MEMBERS, "", n
    for commune, kind, n in (on_teams.values_list("team__commune_id", "team__kind")
                             .annotate(n=Count("member_id", distinct=True))):
        yield commune, TEAM_MEMBERS_BY_KIND, kind, n


def refresh(commune_ids) -> None:
    ids = {u for u in commune_ids if u}
    if ids:
        rollups.stock_recount(indicators=INDICATORS, unit_ids=ids, count=count)


def membership_deleted(sender, instance, **kwargs):
    """A roster line gone by a cascade (its member deleted) leaves the count of members on teams."""
    commune = Team.objects.filter(pk=instance.team_id).values_list("commune_id", flat=True).first()
    if commune:
        refresh([commune])


post_delete.connect(membership_deleted, sender=TeamMembership, dispatch_uid="teams.rollup.membership_deleted")

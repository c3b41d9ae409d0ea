"""Writes for teams and their rosters."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tienphong.core.errors import DomainError
from tienphong.core.text import clean_name, search_blob
from tienphong.members.models import Member
from tienphong.units.models import OrgUnit

from . import rollup
from .models import Team, TeamMembership

EDITABLE_FIELDS = ("name", "kind", "commune", "service_point", "leader", "active")


def _fill_and_check(team: Team) -> None:
    team.name = clean_name(team.name)
    if not team.name:
        raise DomainError("name_required", _("The team name is required."))
    if team.commune.kind != OrgUnit.Kind.COMMUNE:
        raise DomainError("commune_required", _("A team belongs to a commune or ward."))
    if team.service_point and team.service_point.kind != OrgUnit.Kind.SERVICE_POINT:
        raise DomainError("service_point_invalid", _("The service point is not a service point."))
    if team.leader and not team.leader.path.startswith(team.commune.path):
        raise DomainError("leader_outside", _("The leader must be a member of this commune."))
    team.path = team.commune.path
    team.search_text = search_blob(team.name)
    clash = Team.objects.filter(commune=team.commune, kind=team.kind, name=team.name).exclude(pk=team.pk)
    if clash.exists():
        raise DomainError("name_taken", _("This commune already has a team of this kind with that name."))


@transaction.atomic
def team_create(*, name: str, kind: str, commune: OrgUnit, service_point: OrgUnit | None = None,
                leader: Member | None = None, active: bool = True) -> Team:
    team = Team(name=name, kind=kind, commune=commune, service_point=service_point, leader=leader, active=active)
    _fill_and_check(team)
    team.save()
    rollup.refresh([team.commune_id])
    if leader is not None:
        team_add_member(team=team, member=leader)
    return team


@transaction.atomic
def team_update(*, team: Team, **changes) -> Team:
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    was = team.commune_id
    for field, value in changes.items():
        setattr(team, field, value)
    _fill_and_check(team)
    team.save()
    rollup.refresh([was, team.commune_id])
    if team.leader is not None:
        team_add_member(team=team, member=team.leader)
    return team


@transaction.atomic
def team_add_member(*, team: Team, member: Member) -> TeamMembership:
    if not member.path.startswith(team.commune.path):
        raise DomainError("member_outside", _("%(name)s is not a member of this commune.") % {"name": member})
    existing = TeamMembership.objects.filter(team=team, member=member).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            membership = TeamMembership.objects.create(team=team, member=member)
    except IntegrityError:  # the same tap arrived twice at once
        return TeamMembership.objects.get(team=team, member=member)
    rollup.refresh([team.commune_id])
    return membership


@transaction.atomic
def team_remove_member(*, team: Team, member: Member) -> None:
    if team.leader_id == member.pk:
        raise DomainError("leader_removal", _("Choose another leader before removing this member."))
    for membership in TeamMembership.objects.filter(team=team, member=member):
        membership.delete()  # its post_delete recounts the commune's members on teams (rollup.py)

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tienphong.core.scope import get_scope
from tienphong.core.pagination import paginate
from tienphong.core.forms import run_action
from tienphong.members.models import Member
from tienphong.units.models import OrgUnit

from . import services
from .forms import TeamFilterForm, TeamForm
from .models import Team
from .selectors import team_candidates, team_get, team_list as select_teams, team_roster


def _can_manage(scope, team):
    return scope.allows(team.path, "manage_teams")


def _can_edit_roster(request, scope, team):
    if _can_manage(scope, team):
        return True
    leader_user = team.leader.user_id if team.leader_id else None
    return scope.allows(team.path, "lead_team") and leader_user == request.user.pk


@login_required
def team_list(request):
    scope = get_scope(request)
    form = TeamFilterForm(request.GET or None)
    f = form.cleaned_data if form.is_valid() else {}
    unit = get_object_or_404(OrgUnit.objects.filter(scope.q("path")), pk=f["unit"]) if f.get("unit") else None
    active = {"1": True, "0": False}.get(f.get("active", ""))
    teams = select_teams(scope=scope, unit=unit, q=f.get("q", ""), kind=f.get("kind", ""), active=active,
                         sort=f.get("sort", ""))
    page = paginate(request, teams)
    # Counts per commune, for the same filters: one grouped query.
    per_commune = (teams.order_by().values("commune__id", "commune__name")
                   .annotate(ct=Count("id", filter=Q(kind=Team.Kind.COMMUNITY_TECH), distinct=True),
                             vt=Count("id", filter=Q(kind=Team.Kind.VOLUNTEER), distinct=True))
                   .order_by("commune__name"))
    return render(request, "teams/list.html", {
        "nav": "teams", "form": form, "page": page, "unit": unit, "per_commune": per_commune,
        "can_create": scope.is_superuser or bool(scope.paths("manage_teams")),
    })


@login_required
def team_detail(request, pk):
    scope = get_scope(request)
    team = team_get(scope=scope, pk=pk)
    can_roster = _can_edit_roster(request, scope, team)
    q = request.GET.get("q", "").strip()
    candidates = team_candidates(team, q) if can_roster and q else []
    return render(request, "teams/detail.html", {
        "nav": "teams", "team": team, "roster": team_roster(team), "can_manage": _can_manage(scope, team),
        "can_roster": can_roster, "candidates": candidates, "q": q,
    })


def _form_querysets(scope, team=None):
    communes = OrgUnit.objects.filter(scope.q("path", perm="manage_teams"), kind=OrgUnit.Kind.COMMUNE).order_by("name")
    points = OrgUnit.objects.filter(kind=OrgUnit.Kind.SERVICE_POINT).filter(
        subtrees_parent_q(scope)).order_by("name")
    # The leader is picked from the roster: a short list, where the whole commune would be thousands.
    leaders = (Member.objects.filter(team_memberships__team=team).order_by("sort_key") if team is not None
               else Member.objects.none())
    return {"communes": communes, "service_points": points, "leaders": leaders}


def subtrees_parent_q(scope):
    """Service points the user may attach a team to: those in scope, and the province's own."""
    if scope.is_superuser:
        return Q()
    q = scope.q("path", perm="manage_teams")
    for path in scope.paths("manage_teams"):
        province_path = "/" + path.strip("/").split("/")[0] + "/"
        q |= Q(parent__path=province_path)
    return q


@login_required
def team_create(request):
    scope = get_scope(request)
    if not (scope.is_superuser or scope.paths("manage_teams")):
        raise Http404
    form = TeamForm(request.POST or None, initial={"kind": Team.Kind.COMMUNITY_TECH}, **_form_querysets(scope))
    del form.fields["leader"]  # chosen from the roster once the team has members
    if request.method == "POST":
        team = form.submit(services.team_create)
        if team:
            messages.success(request, _("Team %(name)s created.") % {"name": team.name})
            return redirect("team_detail", team.pk)
    return render(request, "teams/form.html", {"nav": "teams", "form": form, "team": None})


@login_required
def team_edit(request, pk):
    scope = get_scope(request)
    team = team_get(scope=scope, pk=pk)
    scope.require(team.path, "manage_teams")
    form = TeamForm(request.POST or None, instance=team, **_form_querysets(scope, team))
    if request.method == "POST":
        if form.submit(services.team_update, team=team):
            messages.success(request, _("Changes saved."))
            return redirect("team_detail", team.pk)
    return render(request, "teams/form.html", {"nav": "teams", "form": form, "team": team})


def _roster_change(request, pk, change):
    scope = get_scope(request)
    team = team_get(scope=scope, pk=pk)
    if not _can_edit_roster(request, scope, team):
        raise Http404
    member = get_object_or_404(Member.objects.filter(scope.q("path")), pk=request.POST.get("member"))
    run_action(request, lambda: change(team=team, member=member))
    return redirect("team_detail", team.pk)


@login_required
@require_POST
def team_add_member(request, pk):
    return _roster_change(request, pk, services.team_add_member)


@login_required
@require_POST
def team_remove_member(request, pk):
    return _roster_change(request, pk, services.team_remove_member)

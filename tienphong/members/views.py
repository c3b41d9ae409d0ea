from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tienphong.core.forms import run_action
from tienphong.core.scope import get_scope
from tienphong.core.pagination import paginate, paginate_search
from tienphong.core.paths import subtree_q
from tienphong.core.selectors import audit_for_object
from tienphong.units.models import OrgUnit

from . import services
from .forms import CoreForm, MemberFilterForm, MemberForm
from .selectors import member_get, member_list as select_members


def filters_from_request(request):
    """The list's filters, shared by the list page and the Excel export."""
    scope = get_scope(request)
    form = MemberFilterForm(request.GET or None)
    f = form.cleaned_data if form.is_valid() else {}
    unit = None
    if f.get("unit"):
        unit = get_object_or_404(OrgUnit.objects.filter(scope.q("path")), pk=f["unit"])
    return form, dict(scope=scope, unit=unit, q=f.get("q", ""), status=f.get("status", ""),
                      gender=f.get("gender", ""), is_core=True if f.get("core") == "1" else None,
                      digital_skill=f.get("skill"), branch_id=f.get("branch"))


@login_required
def member_list(request):
    form, filters = filters_from_request(request)
    members = select_members(**filters)
    if filters["q"]:
        page = paginate_search(request, members, ["sort_key", "id"], select_related=["branch", "commune"])
    else:
        page = paginate(request, members.select_related("branch", "commune"))
    return render(request, "members/list.html", {"nav": "members", "form": form, "page": page,
                                                 "unit": filters["unit"]})


@login_required
def member_detail(request, pk):
    scope = get_scope(request)
    member = member_get(scope=scope, pk=pk)
    can_edit = scope.allows(member.path, "manage_members")
    return render(request, "members/detail.html", {
        "nav": "members", "member": member, "can_edit": can_edit,
        "core_form": CoreForm(initial={"is_core": "0" if member.is_core else "1"}) if can_edit else None,
        "competence": _competence_link(scope, member),
        "teams": member.teams.select_related("commune").order_by("name"),
        "history": audit_for_object(member)[:20] if can_edit else [],
    })


def _competence_link(scope, member):
    """The member's digital competence page, when the viewer may open it (it checks again)."""
    mine = member.user_id is not None and member.user_id == scope.user_id
    if mine or scope.allows(member.path, "lead_team"):
        return reverse("competence:member", args=[member.pk])
    return ""


@login_required
@require_POST
def member_core(request, pk):
    """Choose the member as core on a date (default today), or take them off the core."""
    scope = get_scope(request)
    member = member_get(scope=scope, pk=pk)
    scope.require(member.path, "manage_members")
    form = CoreForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the date as dd/mm/yyyy."))
        return redirect("member_detail", member.pk)
    is_core = form.cleaned_data["is_core"]
    done = run_action(request, lambda: services.member_set_core(
        member=member, is_core=is_core, actor=request.user, on=form.cleaned_data["on"]))
    if done:
        messages.success(request, _("%(name)s is now a core member.") % {"name": member.full_name} if is_core
                         else _("%(name)s is no longer a core member.") % {"name": member.full_name})
    return redirect("member_detail", member.pk)


# Past this many branches a <select> is too heavy for a cheap phone: pick the commune first.
MAX_BRANCH_CHOICES = 300


def _branches(scope, unit=None):
    qs = (OrgUnit.objects.filter(scope.q("path", perm="manage_members"), kind=OrgUnit.Kind.BRANCH)
          .select_related("commune").order_by("commune__name", "name"))
    if unit is not None:
        qs = qs.filter(subtree_q(unit.path))
    return qs


def _narrowing_unit(request, scope, default=None):
    """The unit whose branches the form offers: ?unit=…, else `default` (the member's commune)."""
    unit_id = request.GET.get("unit")
    if unit_id and unit_id.isdigit():
        return get_object_or_404(OrgUnit.objects.filter(scope.q("path", perm="manage_members")), pk=unit_id)
    return default


def _commune_picker(request, scope, member=None):
    communes = OrgUnit.objects.filter(scope.q("path", perm="manage_members"), kind=OrgUnit.Kind.COMMUNE)
    return render(request, "members/pick_commune.html", {
        "nav": "members", "member": member, "communes": communes.order_by("name")})


@login_required
def member_create(request):
    scope = get_scope(request)
    if not (scope.is_superuser or scope.paths("manage_members")):
        raise Http404
    branches = _branches(scope, _narrowing_unit(request, scope))
    if request.method == "GET" and branches.count() > MAX_BRANCH_CHOICES:
        return _commune_picker(request, scope)
    initial = {"branch": request.GET.get("branch")} if request.GET.get("branch") else {}
    form = MemberForm(request.POST or None, branches=branches, initial=initial)
    if request.method == "POST":
        member = form.submit(services.member_create, actor=request.user)
        if member:
            messages.success(request, _("Member %(name)s added.") % {"name": member.full_name})
            return redirect("member_detail", member.pk)
    return render(request, "members/form.html", {"nav": "members", "form": form, "member": None})


@login_required
def member_edit(request, pk):
    scope = get_scope(request)
    member = member_get(scope=scope, pk=pk)
    scope.require(member.path, "manage_members")
    branches = _branches(scope, _narrowing_unit(request, scope, default=member.commune))
    form = MemberForm(request.POST or None, instance=member, branches=branches)
    if request.method == "POST":
        if form.submit(services.member_update, member=member, actor=request.user):
            messages.success(request, _("Changes saved."))
            return redirect("member_detail", member.pk)
    return render(request, "members/form.html", {"nav": "members", "form": form, "member": member})


@login_required
@require_POST
def member_delete(request, pk):
    scope = get_scope(request)
    member = member_get(scope=scope, pk=pk)
    scope.require(member.path, "manage_members")
    name = member.full_name
    services.member_delete(member=member)
    messages.success(request, _("Member %(name)s deleted.") % {"name": name})
    return redirect("member_list")

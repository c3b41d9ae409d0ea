"""The union tree pages: the province admin's whole province, a commune secretary's commune.

Thin views: the scope (`manage_units`) finds the units, one service changes them; a unit outside the
scope, and any page for a user without the permission, is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tienphong.core.forms import run_action
from tienphong.core.pagination import paginate
from tienphong.core.scope import get_scope

from . import services
from .forms import UnitCreateForm, UnitEditForm, UnitMergeForm, UnitMoveForm
from .models import OrgUnit
from .selectors import manageable_units, member_counts, parent_choices, tree_units

PERM = "manage_units"


def _scope(request):
    scope = get_scope(request)
    if not (scope.is_superuser or scope.paths(PERM)):
        raise Http404
    return scope


def _unit(scope, pk) -> OrgUnit:
    return get_object_or_404(manageable_units(scope).select_related("parent"), pk=pk)


def _import_links() -> dict:
    """The tree workbook's pages, once the import app mounts them."""
    from django.urls import NoReverseMatch

    links = {}
    for key, name in (("import_url", "tree_import"), ("export_url", "tree_export")):
        try:
            links[key] = reverse(name)
        except NoReverseMatch:
            pass
    return links


@login_required
def tree(request):
    scope = _scope(request)
    q, kind = request.GET.get("q", "").strip(), request.GET.get("kind", "")
    communes = OrgUnit.objects.filter(scope.q("path", perm=PERM), kind=OrgUnit.Kind.COMMUNE).order_by("name")
    commune = None
    if request.GET.get("commune", "").isdigit():
        commune = get_object_or_404(communes, pk=request.GET["commune"])
    page = paginate(request, tree_units(scope, q=q, kind=kind, commune=commune))
    units = list(page.object_list)
    counts = member_counts(units)
    editable = set(manageable_units(scope).filter(pk__in=[u.pk for u in units]).values_list("pk", flat=True))
    takers = set(parent_choices(scope).filter(pk__in=[u.pk for u in units]).values_list("pk", flat=True))
    rows = [{"unit": u, "members": counts[u.pk], "editable": u.pk in editable, "can_add": u.pk in takers}
            for u in units]
    return render(request, "units/tree.html", {
        "nav": "tree", "page": page, "rows": rows, "q": q, "kind": kind,
        "kinds": [(k, OrgUnit.Kind(k).label) for k in (OrgUnit.Kind.COMMUNE, *services.UNION_OWN)],
        "communes": communes if len(communes) > 1 else [], "commune": commune, **_import_links(),
    })


@login_required
def unit_new(request):
    scope = _scope(request)
    parents = parent_choices(scope)
    parent = None
    if request.GET.get("parent", "").isdigit():
        parent = get_object_or_404(parents, pk=request.GET["parent"])
    form = UnitCreateForm(request.POST or None, parents=parents, parent=parent)
    if request.method == "POST":
        unit = form.submit(services.unit_add)
        if unit:
            messages.success(request, _("%(unit)s created (code %(code)s).") % {"unit": unit, "code": unit.code})
            return redirect(f"{reverse('tree')}?q={unit.code}")
    return render(request, "units/unit_new.html", {"nav": "tree", "form": form, "parent": parent})


@login_required
def unit_edit(request, pk):
    scope = _scope(request)
    unit = _unit(scope, pk)
    form = UnitEditForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.submit(services.unit_rename, unit=unit):
        messages.success(request, _("Changes saved."))
        return redirect("tree_unit", unit.pk)
    return render(request, "units/unit_edit.html", {
        "nav": "tree", "unit": unit, "form": form, "members": services.members_still_in(unit),
        "children": unit.children.order_by("name")})


@login_required
def unit_move(request, pk):
    scope = _scope(request)
    unit = _unit(scope, pk)
    parents = parent_choices(scope, kinds=[unit.kind]).exclude(pk=unit.parent_id)
    form = UnitMoveForm(request.POST or None, parents=parents)
    if request.method == "POST" and form.submit(lambda new_parent: services.unit_move(unit=unit,
                                                                                      new_parent=new_parent)):
        messages.success(request, _("%(unit)s moved.") % {"unit": unit})
        return redirect("tree_unit", unit.pk)
    return render(request, "units/unit_move.html", {"nav": "tree", "unit": unit, "form": form})


@login_required
def unit_merge(request, pk):
    """Choose the unit to merge into, then confirm (what moves is said) before anything changes."""
    scope = _scope(request)
    unit = _unit(scope, pk)
    targets = manageable_units(scope).filter(kind=unit.kind, active=True).exclude(pk=unit.pk).order_by("path")
    form = UnitMergeForm(request.POST or None, targets=targets)
    confirm = None
    if request.method == "POST" and form.is_valid():
        if request.POST.get("confirm") == "1":
            into = form.submit(lambda into: services.unit_merge(unit=unit, into=into, actor=request.user))
            if into:
                messages.success(request, _("%(unit)s merged into %(into)s.") % {"unit": unit, "into": into})
                return redirect("tree_unit", into.pk)
        else:
            confirm = {"into": form.cleaned_data["into"], **services.merge_summary(unit)}
    return render(request, "units/unit_merge.html", {"nav": "tree", "unit": unit, "form": form,
                                                     "confirm": confirm})


@login_required
def unit_active(request, pk):
    """Deactivate (or reactivate) after a confirmation page."""
    scope = _scope(request)
    unit = _unit(scope, pk)
    if request.method == "POST":
        if unit.active:
            done = run_action(request, lambda: services.unit_deactivate(unit=unit),
                              _("%(unit)s deactivated.") % {"unit": unit})
        else:
            done = run_action(request, lambda: services.unit_reactivate(unit=unit),
                              _("%(unit)s reactivated.") % {"unit": unit})
        return redirect("tree_unit" if done else "tree_unit_active", unit.pk)
    return render(request, "units/unit_active.html", {
        "nav": "tree", "unit": unit, "members": services.members_still_in(unit),
        "units": unit.children.filter(active=True).count()})

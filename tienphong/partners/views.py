"""The partner register: list (search without diacritics), detail, create and edit (thin views)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tienphong.core.pagination import paginate
from tienphong.core.scope import get_scope
from tienphong.units.models import OrgUnit

from . import selectors, services
from .forms import PartnerFilterForm, PartnerForm

K = OrgUnit.Kind


def _may_manage(scope) -> bool:
    return scope.is_superuser or bool(scope.paths("manage_partners"))


def _keepers(scope):
    """Units whose partners the user may keep: their province(s) or commune(s)."""
    return (OrgUnit.objects.filter(scope.q("path", "manage_partners"), kind__in=[K.PROVINCE, K.COMMUNE])
            .order_by("depth", "name"))


def _choosable(scope, partner=None):
    """Units a partner may be said to work with: the province and communes (and service points) the user
    manages, plus any the partner names already."""
    q = scope.q("path", "manage_partners") & Q(kind__in=[K.PROVINCE, K.COMMUNE, K.SERVICE_POINT])
    if partner is not None:
        q |= Q(pk__in=partner.units.values("pk"))
    return OrgUnit.objects.filter(q).order_by("depth", "name")


@login_required
def partner_list(request):
    scope = get_scope(request)
    form = PartnerFilterForm(request.GET or None)
    f = form.cleaned_data if form.is_valid() else {}
    rows = selectors.partner_list(scope=scope, q=f.get("q", ""), kind=f.get("kind", ""),
                                  active=None if f.get("inactive") else True)
    page = paginate(request, rows)
    for p in page.object_list:
        p.show_contact = scope.sees("partner_contact", p.path, around=True)
    return render(request, "partners/partner_list.html", {
        "nav": "partners", "form": form, "page": page, "can_create": _may_manage(scope)})


@login_required
def partner_detail(request, pk):
    scope = get_scope(request)
    partner = selectors.partner_get(scope=scope, pk=pk)
    units = partner.units.filter(scope.around_q("path", "view")).order_by("depth", "name")
    return render(request, "partners/partner_detail.html", {
        "nav": "partners", "partner": partner, "units": units,
        "show_contact": scope.sees("partner_contact", partner.path, around=True),
        "can_manage": scope.allows(partner.path, "manage_partners"),
        "can_report": scope.is_superuser or bool(scope.paths("view_reports")),
    })


@login_required
def partner_create(request):
    scope = get_scope(request)
    if not _may_manage(scope):
        raise Http404
    keepers = _keepers(scope)
    home = scope.home_unit
    initial = {"unit": home.pk} if home is not None and keepers.filter(pk=home.pk).exists() else {}
    form = PartnerForm(request.POST or None, keepers=keepers, choosable=_choosable(scope), initial=initial)
    if request.method == "POST":
        partner = form.submit(services.partner_create, by=request.user)
        if partner:
            messages.success(request, _("Partner %(name)s added.") % {"name": partner.name})
            return redirect("partner_detail", partner.pk)
    return render(request, "partners/partner_form.html", {"nav": "partners", "form": form, "partner": None})


@login_required
def partner_edit(request, pk):
    scope = get_scope(request)
    partner = selectors.partner_get(scope=scope, pk=pk)
    scope.require(partner.path, "manage_partners")
    form = PartnerForm(request.POST or None, instance=partner, keepers=_keepers(scope),
                       choosable=_choosable(scope, partner))
    if request.method == "POST":
        if form.submit(services.partner_update, partner=partner, by=request.user):
            messages.success(request, _("Changes saved."))
            return redirect("partner_detail", partner.pk)
    return render(request, "partners/partner_form.html", {"nav": "partners", "form": form, "partner": partner})

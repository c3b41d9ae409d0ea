from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tienphong.core.scope import get_scope
from tienphong.core.errors import DomainError
from tienphong.core.money import group_thousands
from tienphong.core.forms import run_action
from tienphong.core.pagecache import cached_page
from tienphong.core.pagination import paginate
from tienphong.core.public import language_links, public_view
from tienphong.core.qrimage import qr_svg_data_uri
from tienphong.core.selectors import audit_for_object
from tienphong.core.text import collation_key
from tienphong.qr import services as qr
from tienphong.units.models import OrgUnit

from . import selectors, services
from .forms import (
    CampaignFilterForm, CampaignForm, ReturnForm, TargetCopyForm, WorkFilterForm, WorkForm,
    parse_target_rows,
)
from .models import WorkPhoto, YouthWork
from .selectors import METRIC_LABELS, METRICS

# The targets table posts 6 inputs per commune; Django refuses more than 1,000 fields a request.
TARGET_ROWS_PER_PAGE = 150


def _has_perm(scope, perm):
    return scope.is_superuser or bool(scope.paths(perm))


# --- campaigns ------------------------------------------------------------------------------------

@login_required
def campaign_list(request):
    scope = get_scope(request)
    form = CampaignFilterForm(request.GET or None)
    f = form.cleaned_data if form.is_valid() else {}
    campaigns = selectors.campaign_list(scope=scope, q=f.get("q", ""), state=f.get("state", ""))
    return render(request, "campaigns/campaign_list.html", {
        "nav": "campaigns", "form": form, "page": paginate(request, campaigns), "today": timezone.localdate(),
        "can_create": _has_perm(scope, "manage_campaigns"),
        "awaiting": selectors.awaiting_approval_count(scope) if _has_perm(scope, "approve_works") else 0,
    })


def _campaign_units(scope):
    return (OrgUnit.objects.filter(scope.q("path", "manage_campaigns"),
                                   kind__in=[OrgUnit.Kind.PROVINCE, OrgUnit.Kind.COMMUNE])
            .order_by("depth", "name"))


@login_required
def campaign_create(request):
    scope = get_scope(request)
    if not _has_perm(scope, "manage_campaigns"):
        raise Http404
    units = _campaign_units(scope)
    home = scope.home_unit
    initial = {"unit": home.pk} if home is not None and units.filter(pk=home.pk).exists() else {}
    form = CampaignForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST":
        campaign = form.submit(services.campaign_create, by=request.user)
        if campaign:
            messages.success(request, _("Campaign %(title)s created. Now set its targets.") % {"title": campaign.title})
            return redirect("campaign_targets", campaign.pk)
    return render(request, "campaigns/campaign_form.html", {"nav": "campaigns", "form": form, "campaign": None})


@login_required
def campaign_edit(request, pk):
    scope = get_scope(request)
    campaign = selectors.campaign_get(scope=scope, pk=pk)
    scope.require(campaign.path, "manage_campaigns")
    form = CampaignForm(request.POST or None, instance=campaign, units=_campaign_units(scope))
    if request.method == "POST":
        if form.submit(services.campaign_update, campaign=campaign, by=request.user):
            messages.success(request, _("Changes saved."))
            return redirect("campaign_detail", campaign.pk)
    return render(request, "campaigns/campaign_form.html", {"nav": "campaigns", "form": form, "campaign": campaign})


@login_required
def campaign_detail(request, pk):
    scope = get_scope(request)
    campaign = selectors.campaign_get(scope=scope, pk=pk)
    progress = selectors.campaign_progress(campaign, scope)
    return render(request, "campaigns/campaign_detail.html", {
        "nav": "campaigns", "campaign": campaign, "progress": progress, "today": timezone.localdate(),
        "can_manage": scope.allows(campaign.path, "manage_campaigns"),
        "can_submit": _has_perm(scope, "submit_works"),
    })


def _target_communes(scope, campaign):
    """The communes whose targets the user may set, in Vietnamese alphabetical order."""
    communes = selectors.campaign_communes(campaign).filter(scope.q("path", "manage_campaigns"))
    return sorted(communes, key=lambda c: collation_key(c.name))


@login_required
def campaign_targets(request, pk):
    """One page of inputs, a row per commune (six figures each), saved at once."""
    scope = get_scope(request)
    campaign = selectors.campaign_get(scope=scope, pk=pk)
    scope.require(campaign.path, "manage_campaigns")
    page = Paginator(_target_communes(scope, campaign), TARGET_ROWS_PER_PAGE).get_page(request.GET.get("page"))
    communes = list(page.object_list)
    errors, typed = {}, {}
    if request.method == "POST":
        values, errors, typed = parse_target_rows(request.POST, communes)
        if not errors:
            try:
                changed = services.campaign_set_targets(campaign=campaign, targets=values, by=request.user)
            except DomainError as e:
                errors = e.params.get("errors") or {}
                if not errors:
                    messages.error(request, e.message)
            else:
                messages.success(request, _("Targets saved (%(n)s communes changed).") % {"n": changed})
                url = reverse("campaign_detail", args=[campaign.pk])
                if page.has_next():
                    url = reverse("campaign_targets", args=[campaign.pk]) + f"?page={page.next_page_number()}"
                return redirect(url)
        if errors:
            messages.error(request, _("Some targets are not valid; nothing was saved. Correct the cells in red."))
    existing = selectors.campaign_targets(campaign, communes)
    rows = []
    for commune in communes:
        target = existing.get(commune.pk)
        cells = []
        for metric in METRICS:
            if (commune.pk, metric) in typed:
                shown = typed[(commune.pk, metric)]
            else:
                value = getattr(target, metric) if target else 0
                shown = (group_thousands(value) if metric == "value_vnd" else str(value)) if value else ""
            cells.append({"name": f"{metric}-{commune.pk}", "metric": metric, "value": shown,
                          "label": METRIC_LABELS[metric],
                          "error": errors.get((commune.pk, metric), "")})
        rows.append({"commune": commune, "cells": cells})
    return render(request, "campaigns/targets.html", {
        "nav": "campaigns", "campaign": campaign, "rows": rows, "page": page, "copy_form": TargetCopyForm(),
        "labels": [METRIC_LABELS[m] for m in METRICS],
    })


@login_required
@require_POST
def campaign_targets_copy(request, pk):
    scope = get_scope(request)
    campaign = selectors.campaign_get(scope=scope, pk=pk)
    scope.require(campaign.path, "manage_campaigns")
    form = TargetCopyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The figures to copy are not valid: write whole numbers."))
        return redirect("campaign_targets", campaign.pk)
    communes = list(_target_communes(scope, campaign))
    if run_action(request, lambda: services.campaign_copy_target(campaign=campaign, communes=communes,
                                                                 values=form.values(), by=request.user)):
        messages.success(request, _("The same target was set for %(n)s communes.") % {"n": len(communes)})
    return redirect("campaign_targets", campaign.pk)


# --- youth works ----------------------------------------------------------------------------------

def _visible_communes(scope, perm="view"):
    return OrgUnit.objects.filter(scope.q("path", perm), kind=OrgUnit.Kind.COMMUNE).order_by("name")


@login_required
def work_list(request):
    scope = get_scope(request)
    communes = list(_visible_communes(scope))
    campaigns = list(selectors.visible_campaigns(scope).order_by("-starts_on", "-id")[:50])
    form = WorkFilterForm(request.GET or None, communes=communes, campaigns=campaigns)
    f = form.cleaned_data if form.is_valid() else {}
    commune = next((c for c in communes if c.pk == f.get("commune")), None)
    campaign = next((c for c in campaigns if c.pk == f.get("campaign")), None)
    works = selectors.work_list(scope=scope, status=f.get("status", ""), kind=f.get("kind", ""),
                                commune=commune, campaign=campaign, q=f.get("q", ""))
    return render(request, "campaigns/work_list.html", {
        "nav": "works", "form": form, "page": paginate(request, works), "status": f.get("status", ""),
        "can_create": _has_perm(scope, "submit_works"),
        "can_approve": _has_perm(scope, "approve_works"),
        "awaiting": selectors.awaiting_approval_count(scope) if _has_perm(scope, "approve_works") else 0,
    })


def _campaign_choices(commune):
    return selectors.campaigns_covering(commune).order_by("-starts_on", "-id")


@login_required
def work_create(request):
    scope = get_scope(request)
    communes = _visible_communes(scope, "submit_works")
    commune_id = request.GET.get("commune")
    if commune_id:
        commune = get_object_or_404(communes, pk=commune_id if commune_id.isdigit() else 0)
    else:
        first_two = list(communes[:2])
        if not first_two:
            raise Http404
        if len(first_two) > 1:
            return render(request, "campaigns/pick_commune.html", {"nav": "works", "communes": communes})
        commune = first_two[0]
    running = selectors.running_campaign(commune)
    form = WorkForm(request.POST or None, request.FILES or None, commune=commune,
                    campaigns=_campaign_choices(commune),
                    initial={"campaign": running.pk if running else None, "completed_on": timezone.localdate(),
                             "category": YouthWork.Category.WORK})
    if request.method == "POST":
        work = form.submit(services.work_create, by=request.user, commune=commune)
        if work:
            if "send" in request.POST:
                if run_action(request, lambda: services.work_submit(work=work, by=request.user),
                              _("Work saved and sent for approval.")):
                    return redirect("work_detail", work.pk)
            else:
                messages.success(request, _("Work saved as a draft. Send it for approval when it is complete."))
            return redirect("work_detail", work.pk)
    return render(request, "campaigns/work_form.html", {
        "nav": "works", "form": form, "work": None, "commune": commune,
        "many_communes": communes.count() > 1})


def _own_editable_work(request, pk):
    scope = get_scope(request)
    work = selectors.work_get(scope=scope, pk=pk)
    if work.created_by_id != request.user.pk or not scope.allows(work.path, "submit_works"):
        raise Http404
    return work


@login_required
def work_edit(request, pk):
    work = _own_editable_work(request, pk)
    if work.status not in services.EDITABLE_STATUSES:
        messages.error(request, _("This work is approved and can no longer be changed.")
                       if work.status == YouthWork.Status.APPROVED
                       else _("This work is waiting for approval; it cannot be changed now."))
        return redirect("work_detail", work.pk)
    form = WorkForm(request.POST or None, request.FILES or None, instance=work, commune=work.commune,
                    campaigns=_campaign_choices(work.commune))
    if request.method == "POST":
        if form.submit(services.work_update, work=work, by=request.user):
            if "send" in request.POST:
                if run_action(request, lambda: services.work_submit(work=work, by=request.user),
                              _("Work saved and sent for approval.")):
                    return redirect("work_detail", work.pk)
            else:
                messages.success(request, _("Changes saved."))
            return redirect("work_detail", work.pk)
    return render(request, "campaigns/work_form.html", {
        "nav": "works", "form": form, "work": work, "commune": work.commune, "many_communes": False,
        "photos": work.photos.all()})


def _history(entries):
    """Audit entries as rows; a change of the volunteer list (m2m) reads "+ names" or "− names"
    (auditlog's display dict cannot show those)."""
    rows = []
    for entry in entries:
        changes, m2m_labels = [], set()
        for name, change in entry.changes_dict.items():
            if isinstance(change, dict) and change.get("type") == "m2m":
                field = YouthWork._meta.get_field(name)
                m2m_labels.add(str(field.verbose_name))
                sign = "+" if change.get("operation") == "add" else "−"
                changes.append({"label": field.verbose_name, "objects": f"{sign} " + ", ".join(change.get("objects", []))})
        for label, change in entry.changes_display_dict.items():
            empty = all(v in (None, "", "None") for v in change)
            if str(label) not in m2m_labels and len(change) == 2 and not empty:
                changes.append({"label": label, "old": change[0], "new": change[1]})
        rows.append({"entry": entry, "changes": changes})
    return rows


@login_required
def work_detail(request, pk):
    scope = get_scope(request)
    work = selectors.work_get(scope=scope, pk=pk)
    is_author = work.created_by_id == request.user.pk and scope.allows(work.path, "submit_works")
    can_review = work.status == YouthWork.Status.SUBMITTED and scope.allows(work.path, "approve_works")
    return render(request, "campaigns/work_detail.html", {
        "nav": "works", "work": work, "photos": work.photos.all(),
        "volunteers": work.volunteers.order_by("sort_key", "id"),
        "can_edit": is_author and work.status in services.EDITABLE_STATUSES,
        "can_review": can_review, "return_form": ReturnForm(),
        "history": _history(audit_for_object(work)[:20]) if (is_author or scope.allows(work.path, "approve_works"))
        else [],
    })


def _work_action(request, pk, perm, action, success):
    scope = get_scope(request)
    work = selectors.work_get(scope=scope, pk=pk)
    scope.require(work.path, perm)
    run_action(request, lambda: action(work), success)
    return work


@login_required
@require_POST
def work_submit(request, pk):
    work = _own_editable_work(request, pk)
    run_action(request, lambda: services.work_submit(work=work, by=request.user), _("Work sent for approval."))
    return redirect("work_detail", work.pk)


@login_required
@require_POST
def work_approve(request, pk):
    work = _work_action(request, pk, "approve_works",
                        lambda w: services.work_approve(work=w, by=request.user, note=request.POST.get("note", "")),
                        _("Work approved."))
    return redirect(reverse("work_list") + "?status=submitted" if "next_waiting" in request.POST
                    else reverse("work_detail", args=[work.pk]))


@login_required
@require_POST
def work_return(request, pk):
    form = ReturnForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    work = _work_action(request, pk, "approve_works",
                        lambda w: services.work_return(work=w, by=request.user, note=note),
                        _("Work returned to its author with your note."))
    return redirect("work_detail", work.pk)


@login_required
@require_POST
def work_delete(request, pk):
    work = _own_editable_work(request, pk)
    title = work.title
    if run_action(request, lambda: services.work_delete(work=work, by=request.user),
                  _("Work %(title)s deleted.") % {"title": title}):
        return redirect("work_list")
    return redirect("work_detail", work.pk)


@login_required
@require_POST
def work_photo_delete(request, pk, photo_pk):
    work = _own_editable_work(request, pk)
    photo = get_object_or_404(WorkPhoto, pk=photo_pk, work=work)
    run_action(request, lambda: services.work_delete_photo(photo=photo, by=request.user), _("Photo removed."))
    return redirect("work_edit", work.pk)


@login_required
def work_photo(request, pk, photo_pk):
    """A work's photo (?size=thumb: its thumbnail), only for those who may see the work."""
    scope = get_scope(request)
    work = selectors.work_get(scope=scope, pk=pk)
    photo = get_object_or_404(WorkPhoto, pk=photo_pk, work=work)
    file = photo.thumbnail if request.GET.get("size") == "thumb" and photo.thumbnail else photo.image
    try:
        handle = file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404
    response = FileResponse(handle, filename=file.name.rsplit("/", 1)[-1])
    response["Cache-Control"] = "private, max-age=86400"
    return response


# --- a work's public page -------------------------------------------------------------------------

@public_view
def visit_work(request, pk):
    """An approved youth work's public page (no login, cached as the product and place pages): what a
    visitor opens from the exhibition's card or from the QR code printed next to the work."""

    def render_page():
        work = selectors.public_work(pk)
        shortcode = qr.code_for(work)  # made once, the first time the page is shown
        url = qr.short_url(shortcode, request)
        photos = work.photo_list
        return render(request, "campaigns/public/work.html", {
            "work": work, "photos": photos, "code": shortcode.code, "short_url": url,
            # Our own address drawn by segno: an <img> (img-src allows data:), nothing inline to trust.
            "qr": qr_svg_data_uri(url, border=2),
            # Zalo and Facebook previews need an absolute address.
            "og_image": request.build_absolute_uri(photos[0].thumbnail.url) if photos else "",
            "lang_links": language_links(request),
        })

    return cached_page(f"work:{pk}:{request.public_lang}", render_page)

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext as _, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tienphong.core.scope import get_scope
from tienphong.core.pagination import paginate
from tienphong.units.models import OrgUnit

from . import selectors, services
from .forms import EntryForm, RecordFilterForm
from .models import SupportRecord


def _require_logger(request):
    scope = get_scope(request)
    if not (scope.is_superuser or scope.paths("log_support")):
        raise Http404
    return scope


def _saved_message(request, record, created):
    if created:
        messages.success(request, ngettext("Saved: %(n)s citizen helped.", "Saved: %(n)s citizens helped.",
                                           record.people) % {"n": record.people})
    else:
        messages.info(request, _("This entry was already saved; it is counted once."))


def _last_entry(last: SupportRecord | None) -> dict | None:
    """The last entry as the phone's queue would send it: what "repeat last" copies, offline too.
    The page carries it with `json_script`, which escapes <, > and &: a note is data, never markup."""
    if last is None:
        return None
    return {
        "unit": last.unit_id, "setting": last.setting, "place_note": last.place_note, "team": last.team_id,
        "services": [s.code for s in last.services.all()], "procedure": last.procedure,
        "outcome": last.outcome, "people": last.people,
        "volunteers": list(last.volunteers.values_list("pk", flat=True)),
        "partners": [p.pk for p in last.partners.all() if p.active],
    }


def _phone_seed(user, last: SupportRecord | None) -> dict:
    """What the phone's own store starts from when it has nothing yet: the last entry (what "repeat last"
    shows and saves), the last places typed, the services' names (labels, never codes) and the texts that
    count (plural forms)."""
    from .models import Service

    return {
        "last": _last_entry(last), "places": selectors.recent_places(user),
        "service_names": {s.code: s.display_name for s in Service.objects.all()},
        "saved": [ngettext("Saved: %(n)s citizen helped.", "Saved: %(n)s citizens helped.", n) for n in (1, 2)],
        "sent": [ngettext("Sent %(n)s entry.", "Sent %(n)s entries.", n) for n in (1, 2)],
    }


@never_cache
@login_required
def support_new(request):
    scope = _require_logger(request)
    defaults = services.entry_defaults(request.user, scope)
    form = EntryForm(request.POST or None, user=request.user, scope=scope, defaults=defaults)
    if request.method == "POST" and form.is_valid():
        try:
            record, created = services.record_create(author=request.user, scope=scope, data=form.entry())
        except services.EntryInvalid as e:
            for name, message in e.errors.items():
                form.add_error(name if name in form.fields else None, message)
        else:
            _saved_message(request, record, created)
            return redirect("support_new")
    return render(request, "support/new.html", {
        "nav": "support", "form": form, "last": defaults.last, "seed": _phone_seed(request.user, defaults.last),
        "repeat_uuid": uuid.uuid4(), "today": selectors.my_day(request.user)[:5], "time_zone": settings.TIME_ZONE,
    })


@require_POST
@login_required
def support_repeat(request):
    """Log the same as last time, now (one tap); the page's uuid keeps a double tap from counting twice."""
    scope = _require_logger(request)
    last = (SupportRecord.objects.filter(created_by=request.user).order_by("-created_at", "-id")
            .prefetch_related("services", "volunteers").first())
    if last is None:
        return redirect("support_new")
    data = _last_entry(last)
    data.update(uuid=request.POST.get("uuid") or str(uuid.uuid4()), occurred_at=timezone.now())
    try:
        record, created = services.record_create(author=request.user, scope=scope, data=data)
    except services.EntryInvalid as e:
        messages.error(request, "; ".join(e.errors.values()))
    else:
        _saved_message(request, record, created)
    return redirect("support_new")


@login_required
def support_list(request):
    scope = get_scope(request)
    form = RecordFilterForm(request.GET or None)
    f = form.cleaned_data if form.is_valid() else {}
    unit = get_object_or_404(OrgUnit.objects.filter(scope.q("path")), pk=f["unit"]) if f.get("unit") else None
    records = selectors.record_list(scope=scope, user=request.user, unit=unit, date_from=f.get("date_from"),
                                    date_to=f.get("date_to"), service=f.get("service", ""),
                                    setting=f.get("setting", ""), mine=f.get("mine", False))
    page = paginate(request, selectors.with_lists(records))
    now = timezone.now()
    for r in page.object_list:
        r.can_change = services.may_change(scope, request.user, r, now=now)
    return render(request, "support/list.html", {
        "nav": "support", "form": form, "page": page, "unit": unit, "totals": selectors.record_totals(records),
    })


@login_required
def support_edit(request, pk):
    scope = get_scope(request)
    record = selectors.record_get(scope=scope, user=request.user, pk=pk)
    if not services.may_change(scope, request.user, record):
        raise Http404
    form = EntryForm(request.POST or None, user=request.user, scope=scope, defaults=services.Defaults(),
                     record=record)
    if request.method == "POST" and form.is_valid():
        data = form.entry()
        data.pop("uuid")
        try:
            services.record_update(record=record, by=request.user, scope=scope, data=data)
        except services.EntryInvalid as e:
            for name, message in e.errors.items():
                form.add_error(name if name in form.fields else None, message)
        except services.DomainError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, _("Entry updated."))
            return redirect("support_list")
    return render(request, "support/edit.html", {"nav": "support", "form": form, "record": record})


@require_POST
@login_required
def support_delete(request, pk):
    scope = get_scope(request)
    record = selectors.record_get(scope=scope, user=request.user, pk=pk)
    if not services.may_change(scope, request.user, record):
        raise Http404
    services.record_delete(record=record, by=request.user, scope=scope)
    messages.success(request, _("Entry deleted."))
    return redirect("support_list")


def manifest(request):
    """Makes the entry page installable on a phone's home screen."""
    return JsonResponse({
        "name": _("Tiên Phong — log citizens helped"),
        "short_name": _("Tiên Phong"),
        "start_url": "/support/new/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#c8102e",
        "lang": "vi",
        "icons": [
            {"src": static("support/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("support/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        ],
    }, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})


def service_worker(request):
    """Served from the site root so it may control every page: it keeps the app shell (home, today, the
    entry page) per user and the "no signal" page, and never caches any other page (live data)."""
    from django.contrib.staticfiles import finders

    with open(finders.find("support/sw.js"), encoding="utf-8") as f:
        body = f.read()
    response = HttpResponse(body, content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response

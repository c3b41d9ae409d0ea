from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.db.models import Q
from django.shortcuts import get_object_or_404, render

from tienphong.core.scope import get_scope

from .imports import jobs as import_jobs
from .models import AuditEntry, ImportJob
from .pagination import paginate
from .selectors import audit_entries, audited_models


@login_required
def audit_list(request):
    scope = get_scope(request)
    if not (scope.is_superuser or scope.paths("view_audit")):
        raise Http404
    model = request.GET.get("model", "")
    action = request.GET.get("action", "")
    models = audited_models()
    if model not in {key for key, _label in models}:
        model = ""
    if action not in {str(value) for value, _label in AuditEntry.Action.choices}:
        action = ""
    page = paginate(request, audit_entries(scope=scope, model=model, action=action))
    return render(request, "core/audit_list.html", {
        "nav": "audit", "page": page, "model": model, "action": action,
        "actions": AuditEntry.Action.choices,
        "models": models,
    })


FAVICON = (Path(__file__).resolve().parent / "static/core/favicon.ico").read_bytes()  # scripts/make_icons.py

# Search engines may read the public pages (places, products, the class sign-up pages); every staff
# page stays out of their indexes. The longest matching rule wins, so Allow beats "Disallow: /".
ROBOTS = """User-agent: *
Allow: /visit/
Allow: /q/
Allow: /classes/s/
Disallow: /classes/s/*/ok/
Allow: /static/
Allow: /media/
Disallow: /
"""


@require_GET
@cache_control(public=True, max_age=7 * 86400)
def favicon(request):
    return HttpResponse(FAVICON, content_type="image/x-icon")


@require_GET
@cache_control(public=True, max_age=86400)
def robots_txt(request):
    return HttpResponse(ROBOTS, content_type="text/plain; charset=utf-8")


@login_required
def import_job(request, pk):
    """A background import's progress, then its outcome: for the one who started it, or anyone whose
    scope covers its unit; anyone else gets a 404. htmx refreshes it until it is finished."""
    scope = get_scope(request)
    job = get_object_or_404(ImportJob.objects.filter(Q(actor_id=request.user.pk) | scope.q("unit_path")), pk=pk)
    entry = import_jobs.kind(job.kind)
    context = {"job": job, "nav": "", "result_url": entry.result_url(job) if entry else "",
               "result_message": entry.result_message(job) if entry and job.status == job.Status.DONE else ""}
    if getattr(request, "htmx", False):
        return render(request, "core/import_job_status.html", context)
    return render(request, "core/import_job.html", context)

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.shortcuts import render

from tienphong.core.scope import get_scope

from .models import AuditEntry
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

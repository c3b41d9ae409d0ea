from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from tienphong.core.scope import get_scope

from .models import AuditEntry
from .pagination import paginate
from .selectors import audit_entries

AUDITED_MODELS = ["members.member", "teams.team", "teams.teammembership", "units.orgunit", "accounts.user",
                  "accounts.roleassignment"]


@login_required
def audit_list(request):
    scope = get_scope(request)
    if not (scope.is_superuser or scope.paths("view_audit")):
        raise Http404
    model = request.GET.get("model", "")
    action = request.GET.get("action", "")
    if model not in AUDITED_MODELS:
        model = ""
    if action not in {str(value) for value, _label in AuditEntry.Action.choices}:
        action = ""
    page = paginate(request, audit_entries(scope=scope, model=model, action=action))
    return render(request, "core/audit_list.html", {
        "nav": "audit", "page": page, "model": model, "action": action,
        "actions": AuditEntry.Action.choices,
        "models": [(key, apps.get_model(key)._meta.verbose_name_plural) for key in AUDITED_MODELS],
    })

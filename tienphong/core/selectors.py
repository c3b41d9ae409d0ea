from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from tienphong.core.scope import Scope

from .models import AuditEntry


def audit_entries(*, scope: Scope, model: str = "", action: str = "") -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.filter(scope.q("unit_path", perm="view_audit"))
    if model:
        app_label, _, model_name = model.partition(".")
        qs = qs.filter(content_type__app_label=app_label, content_type__model=model_name)
    if action != "":
        qs = qs.filter(action=action)
    return qs.select_related("actor", "content_type").order_by("-timestamp", "-id")


def audit_for_object(obj) -> QuerySet[AuditEntry]:
    return (AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk))
            .select_related("actor").order_by("-timestamp", "-id"))

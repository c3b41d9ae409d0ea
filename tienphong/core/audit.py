"""Audit entries written in bulk, filled as django-auditlog fills them one by one.

Bulk writes (imports, a phone's batch) skip model signals; they call these so the trail stays whole.
"""

from auditlog.cid import get_cid
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from .models import AuditEntry


def audit_context(actor) -> dict:
    """Who did it and from where: the request's auditlog context plus the actor."""
    try:
        from auditlog.context import auditlog_value

        context = auditlog_value.get()
    except LookupError:
        context = {}
    return {
        "actor_id": actor.pk if actor is not None else None,
        "actor_email": getattr(actor, "email", None) if actor is not None else None,
        "cid": get_cid(),
        "remote_addr": context.get("remote_addr"),
        "remote_port": context.get("remote_port"),
    }


def log_creates(rows: list[tuple[object, dict]], *, actor) -> None:
    """One "create" entry per (object, changes); the object's get_additional_data gives its unit path."""
    if not rows:
        return
    common = audit_context(actor)
    content_type = ContentType.objects.get_for_model(type(rows[0][0]))
    now = timezone.now()
    entries = []
    for obj, changes in rows:
        extra = obj.get_additional_data()
        entries.append(AuditEntry(
            content_type=content_type, object_pk=str(obj.pk), object_id=obj.pk, object_repr=str(obj)[:255],
            action=AuditEntry.Action.CREATE, changes=changes, changes_text="", timestamp=now,
            additional_data=extra, unit_path=extra.get("unit_path", ""), **common))
    AuditEntry.objects.bulk_create(entries)

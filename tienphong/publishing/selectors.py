"""Reads every kind of public content shares: its history on the staff page."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from tienphong.core.models import AuditEntry


def history(obj, *parts: Q, limit: int = 30) -> list[AuditEntry]:
    """Audit entries of a public object and of its parts, newest first. `parts`: filters on the
    audit entries of its stories, photos or links (see `rows_of`)."""
    q = Q(content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk))
    for part in parts:
        q |= part
    return list(AuditEntry.objects.filter(q).select_related("actor", "content_type")
                .order_by("-timestamp", "-id")[:limit])


def rows_of(related) -> Q:
    """The audit entries of the rows a related manager holds now (product.photos); a removed row's
    entries drop out."""
    ids = [str(pk) for pk in related.values_list("pk", flat=True)]
    if not ids:
        return Q()
    return Q(content_type=ContentType.objects.get_for_model(related.model), object_pk__in=ids)

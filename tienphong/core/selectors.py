from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from tienphong.core.scope import Scope

from .models import AuditEntry
from .text import collation_key


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


# What people read on the audit page: labels for codes, names for ids, local times; internal keys hidden.
HIDDEN_FIELD_TYPES = ("AutoField", "BigAutoField", "SmallAutoField", "UUIDField")
HIDDEN_FIELD_NAMES = {"id", "uuid", "pk"}


def audited_models() -> list[tuple[str, str]]:
    """Every model django-auditlog watches, as ("app.model", verbose name plural), by name."""
    from auditlog.registry import auditlog

    models = [(f"{m._meta.app_label}.{m._meta.model_name}", str(m._meta.verbose_name_plural))
              for m in auditlog.get_models()]
    return sorted(models, key=lambda item: collation_key(item[1]))


def _field(model, name):
    from django.core.exceptions import FieldDoesNotExist

    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _hidden(name, field) -> bool:
    if name in HIDDEN_FIELD_NAMES:
        return True
    return field is not None and field.get_internal_type() in HIDDEN_FIELD_TYPES


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _tokens(text: str) -> list[str]:
    return [t.strip() for t in text.split(",") if t.strip()]


def _related_key(related, token: str):
    """An id ("3563") or, for a list with codes (services), a code; None when it is already a name."""
    if token.isdigit():
        return ("pk", int(token))
    if _field(related, "code") is not None and token.replace("-", "").replace("_", "").isalnum() \
            and token == token.lower() and " " not in token:
        return ("code", token)
    return None


def _datetime_text(text: str, *, date_only: bool) -> str:
    from datetime import datetime

    from django.utils import formats, timezone

    try:
        value = datetime.fromisoformat(text.replace(" ", "T", 1) if "T" not in text and len(text) > 10 else text)
    except ValueError:
        return text
    if date_only:
        return formats.date_format(value.date() if isinstance(value, datetime) else value, "SHORT_DATE_FORMAT")
    if timezone.is_naive(value):  # auditlog writes UTC without an offset
        value = timezone.make_aware(value, timezone.utc)
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def audit_lines(entries) -> list:
    """The entries, each with `.lines` = [(label, old, new)] as a person reads them.

    Choice codes become their labels, ids and codes of related records their names (one query per
    related model for the whole page), times the province's local time; ids and uuids are left out.
    """
    entries = list(entries)
    wanted: dict[tuple, set] = {}  # (related model, "pk"|"code") → keys
    plans = []
    for entry in entries:
        model = entry.content_type.model_class() if entry.content_type_id else None
        changes = entry.changes_dict if isinstance(entry.changes_dict, dict) else {}
        plan = []
        for name, change in changes.items():
            field = _field(model, name)
            if _hidden(name, field):
                continue
            if isinstance(change, dict) and change.get("type") == "m2m":
                sign = "+ " if change.get("operation") == "add" else "− "
                objects = ", ".join(str(o) for o in change.get("objects", []))
                plan.append((name, field, None, [None, sign + objects if objects else ""]))
                continue
            values = [_as_text(v) for v in (change if isinstance(change, (list, tuple)) else [None, change])][:2]
            related = field.related_model if field is not None and field.is_relation else None
            if related is not None:
                for text in values:
                    for token in _tokens(text):
                        key = _related_key(related, token)
                        if key:
                            wanted.setdefault((related, key[0]), set()).add(key[1])
            plan.append((name, field, related, values))
        plans.append(plan)

    names: dict[tuple, dict] = {}
    for (related, kind), keys in wanted.items():
        if kind == "pk":
            found = related._default_manager.in_bulk(list(keys))
        else:
            found = {obj.code: obj for obj in related._default_manager.filter(code__in=keys)}
        names[(related, kind)] = {key: str(obj) for key, obj in found.items()}

    for entry, plan in zip(entries, plans):
        lines = []
        for name, field, related, values in plan:
            label = field.verbose_name if field is not None and hasattr(field, "verbose_name") else name
            shown = [_display(field, related, text, names) for text in values]
            if all(v in (None, "") for v in shown):
                continue
            lines.append((label, shown[0], shown[1]))
        entry.lines = lines
    return entries


def _display(field, related, text, names):
    from django.utils.translation import gettext as _

    if text in (None, "", "None"):
        return ""
    if field is None:
        return text
    if related is not None:
        shown = []
        for token in _tokens(text) if field.many_to_many else [text]:
            key = _related_key(related, token)
            shown.append(names.get((related, key[0]), {}).get(key[1], _("(deleted)")) if key else token)
        return ", ".join(shown)
    choices = getattr(field, "flatchoices", None)
    if choices:
        labels = {str(k): str(v) for k, v in choices}
        return ", ".join(labels.get(t, t) for t in _tokens(text)) if "," in text and text not in labels \
            else labels.get(text, text)
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        return _datetime_text(text, date_only=False)
    if kind == "DateField":
        return _datetime_text(text, date_only=True)
    return text

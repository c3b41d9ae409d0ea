from auditlog.models import AbstractLogEntry
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(AbstractLogEntry):
    """django-auditlog's entry, plus the org-unit path of the record so the trail can be scoped."""

    unit_path = models.CharField(_("unit path"), max_length=255, blank=True, db_index=True)

    class Meta(AbstractLogEntry.Meta):
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["unit_path", "-timestamp"], name="audit_path_time")]

    def save(self, *args, **kwargs):
        if not self.unit_path and isinstance(self.additional_data, dict):
            self.unit_path = self.additional_data.get("unit_path", "")
        super().save(*args, **kwargs)

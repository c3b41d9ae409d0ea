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


class ListItem(models.Model):
    """An entry of a short list the province manages (kinds of help, class modules): code, names, order."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True
        ordering = ["position", "id"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        from django.utils.translation import get_language

        if self.name_en and (get_language() or "vi").startswith("en"):
            return self.name_en
        return self.name

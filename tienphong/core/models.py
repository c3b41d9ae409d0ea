from auditlog.models import AbstractLogEntry
from django.conf import settings
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


class ImportJob(models.Model):
    """A confirmed import running in the background (core/imports/jobs.py): its progress and outcome.

    Progress is written outside the import's transaction (all or nothing), so it moves by phases:
    queued → running (reading the file, then checking and writing its `rows_total` rows) → done or failed."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Phase(models.TextChoices):
        WAITING = "waiting", _("Waiting for the worker")
        READING = "reading", _("Reading the file")
        WRITING = "writing", _("Checking and writing the rows")
        FINISHED = "finished", _("Finished")

    kind = models.CharField(_("kind"), max_length=40)
    unit_path = models.CharField(_("unit path"), max_length=255, db_index=True)
    unit_id = models.PositiveIntegerField(_("unit"), null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("started by"))
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices, default=Phase.WAITING)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(rows_done__lte=models.F("rows_total")),
                                   name="importjob_done_le_total"),
        ]

    def __str__(self):
        return f"{self.kind} #{self.pk}"

    def get_additional_data(self):
        return {"unit_path": self.unit_path}

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

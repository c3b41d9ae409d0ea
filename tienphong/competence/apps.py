from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenceConfig(AppConfig):
    name = "tienphong.competence"
    label = "competence"
    verbose_name = _("Digital competence")

    def ready(self):
        from auditlog.registry import auditlog

        auditlog.register(self.get_model("Assessment"), exclude_fields=["created_at", "is_latest"])
        auditlog.register(self.get_model("Course"), exclude_fields=["created_at"])

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiteracyConfig(AppConfig):
    name = "tienphong.literacy"
    label = "literacy"
    verbose_name = _("Digital-literacy classes")

    def ready(self):
        from auditlog.registry import auditlog

        auditlog.register(self.get_model("LiteracyClass"), exclude_fields=["path", "created_at", "search_text"],
                          m2m_fields={"teachers", "modules"})
        auditlog.register(self.get_model("Attendee"), exclude_fields=["client_token", "created_at"])
        auditlog.register(self.get_model("Module"))

        from tienphong.rollups import registry

        from . import rollup

        registry.register_facts(rollup.backfill)

        from tienphong.core.paths import register_path_column

        register_path_column(self.get_model("LiteracyClass"), "path")

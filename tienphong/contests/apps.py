from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "tienphong.contests"
    label = "contests"
    verbose_name = _("Contests")

    def ready(self):
        from auditlog.registry import auditlog

        from tienphong.core.paths import register_path_column

        Contest, Entry = self.get_model("Contest"), self.get_model("Entry")
        auditlog.register(Contest, exclude_fields=["path", "created_at", "updated_at"])
        auditlog.register(Entry, exclude_fields=["path", "search_text", "created_at", "updated_at"])
        auditlog.register(self.get_model("Juror"), m2m_fields={"categories", "declared_conflicts"})
        auditlog.register(self.get_model("Score"))
        auditlog.register(self.get_model("Attachment"))
        for model in (Contest, Entry):
            register_path_column(model, "path")

        from tienphong.rollups import registry

        from . import rollup

        registry.register_facts(rollup.backfill)

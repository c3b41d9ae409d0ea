from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EcosystemConfig(AppConfig):
    name = "tienphong.ecosystem"
    label = "ecosystem"
    verbose_name = _("Youth innovation ecosystem")

    def ready(self):
        from auditlog.registry import auditlog

        from tienphong.core.paths import register_path_column

        for name in ("Expert", "Project", "Startup", "MentorMatch"):
            model = self.get_model(name)
            if name != "MentorMatch":
                auditlog.register(model, exclude_fields=["path", "search_text", "created_at", "updated_at"],
                                  m2m_fields={"founders", "products"} if name == "Startup" else set())
            register_path_column(model, "path")
        for name in ("MentorMatch", "ProjectSupport", "Milestone", "FollowUp"):
            auditlog.register(self.get_model(name))

        from tienphong.rollups import registry

        from . import rollup

        registry.register_facts(rollup.backfill)
        registry.register_stock(rollup.INDICATORS, rollup.count)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "tienphong.support"
    label = "support"
    verbose_name = _("Citizen support")

    def ready(self):
        from auditlog.registry import auditlog

        auditlog.register(self.get_model("SupportRecord"), exclude_fields=["path", "commune", "created_at", "updated_at"],
                          m2m_fields={"services", "volunteers"})
        auditlog.register(self.get_model("Service"))

        from tienphong.rollups import registry

        from . import rollup

        registry.register_facts(rollup.backfill)

        from tienphong.core.paths import register_path_column

        # A record at a service point copies the point's commune, which a move of the point changes.
        register_path_column(self.get_model("SupportRecord"), "path", commune_field="commune")

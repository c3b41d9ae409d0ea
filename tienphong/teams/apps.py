from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamsConfig(AppConfig):
    name = "tienphong.teams"
    label = "teams"
    verbose_name = _("Teams")

    def ready(self):
        from auditlog.registry import auditlog

        auditlog.register(self.get_model("Team"), include_fields=[
            "name", "kind", "commune", "service_point", "leader", "active"])
        auditlog.register(self.get_model("TeamMembership"), include_fields=["team", "member"])

        from tienphong.rollups import registry

        from . import rollup

        registry.register_stock(rollup.INDICATORS, rollup.count)

        from tienphong.core.paths import register_path_column

        register_path_column(self.get_model("Team"), "path")

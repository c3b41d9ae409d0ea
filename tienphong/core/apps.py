from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tienphong.core"
    label = "core"
    verbose_name = _("Shared foundations")

    def ready(self):
        from . import checks  # noqa: F401  (registers the production checks)
        from .paths import register_path_column

        # Moved with its unit, so the trail stays visible to whoever now holds the unit's scope.
        register_path_column(self.get_model("AuditEntry"), "unit_path")
        register_path_column(self.get_model("ImportJob"), "unit_path")

        from auditlog.registry import auditlog

        auditlog.register(self.get_model("ImportJob"), include_fields=["kind", "unit_path", "file_name", "status"])

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "tienphong.partners"
    label = "partners"
    verbose_name = _("Partners")

    def ready(self):
        from auditlog.registry import auditlog

        from tienphong.core.paths import register_path_column

        Partner = self.get_model("Partner")
        auditlog.register(Partner, exclude_fields=["path", "search_text", "created_at", "updated_at"],
                          m2m_fields={"units"})
        register_path_column(Partner, "path")

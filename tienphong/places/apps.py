from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "tienphong.places"
    label = "places"
    verbose_name = _("Places")

    def ready(self):
        from auditlog.registry import auditlog

        auditlog.register(self.get_model("Place"), exclude_fields=["search_text", "path", "created_at"])

        from tienphong.core.paths import register_path_column

        register_path_column(self.get_model("Place"), "path")

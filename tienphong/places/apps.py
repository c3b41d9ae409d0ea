from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "tienphong.places"
    label = "places"
    verbose_name = _("Places")

    def ready(self):
        from auditlog.registry import auditlog

        auditlog.register(self.get_model("Place"),
                          exclude_fields=["search_text", "path", "created_at", "updated_at", "published_at"])
        auditlog.register(self.get_model("PlaceStory"), exclude_fields=["audio_type", "audio_seconds", "updated_at"])
        auditlog.register(self.get_model("PlacePhoto"), exclude_fields=["small", "width", "height", "created_at"])

        from tienphong.core.paths import register_path_column

        register_path_column(self.get_model("Place"), "path", commune_field="commune")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "tienphong.places"
    label = "places"
    verbose_name = _("Places")

    def ready(self):
        from auditlog.registry import auditlog

        # Fields listed, not excluded: on a create auditlog would otherwise list the reverse
        # relations (stories, photos, youth works, classes…) as changes.
        auditlog.register(self.get_model("Place"), include_fields=[
            "name", "kind", "commune", "address", "latitude", "longitude", "opening_hours", "active", "status",
            "ranking", "recognised_year", "wifi_name", "sample"])
        auditlog.register(self.get_model("PlaceStory"), include_fields=["language", "title", "body", "audio"])
        auditlog.register(self.get_model("PlacePhoto"), include_fields=["image", "caption", "position"])

        from tienphong.core.paths import register_path_column

        register_path_column(self.get_model("Place"), "path", commune_field="commune")

        from tienphong.rollups import registry

        from . import rollup

        registry.register_stock(rollup.INDICATORS, rollup.count)

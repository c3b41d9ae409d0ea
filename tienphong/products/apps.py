from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProductsConfig(AppConfig):
    name = "tienphong.products"
    label = "products"
    verbose_name = _("Products")

    def ready(self):
        from auditlog.registry import auditlog

        from tienphong.core.paths import register_path_column

        # What people edit, so audit entries show those fields only (not reverse relations or timestamps).
        auditlog.register(self.get_model("Producer"), include_fields=[
            "name", "kind", "commune", "address", "phone", "zalo", "website", "description", "status", "sample"])
        auditlog.register(self.get_model("Product"), include_fields=[
            "name", "producer", "commune", "category", "ocop_stars", "ocop_year", "description", "price_vnd",
            "price_unit", "season", "status", "sample", "youth_maker", "youth_member", "youth_team",
            "youth_maker_name"])
        auditlog.register(self.get_model("ProductLink"), include_fields=["product", "kind", "url"])
        auditlog.register(self.get_model("ProductPhoto"), include_fields=["product", "image", "caption", "position"])
        for name in ("Producer", "Product"):
            register_path_column(self.get_model(name), "path", commune_field="commune")

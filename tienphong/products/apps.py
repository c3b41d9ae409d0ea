from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProductsConfig(AppConfig):
    name = "tienphong.products"
    label = "products"
    verbose_name = _("Products")

    def ready(self):
        from auditlog.registry import auditlog

        from tienphong.core.paths import register_path_column

        for name in ("Producer", "Product"):
            model = self.get_model(name)
            auditlog.register(model, exclude_fields=["search_text", "path", "created_at", "updated_at"])
            register_path_column(model, "path", commune_field="commune")
        auditlog.register(self.get_model("ProductLink"))
        auditlog.register(self.get_model("ProductPhoto"), exclude_fields=["small", "width", "height", "created_at"])

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExhibitionConfig(AppConfig):
    name = "tienphong.exhibition"
    label = "exhibition"
    verbose_name = _("Virtual exhibition")

    def ready(self):
        from auditlog.registry import auditlog

        auditlog.register(self.get_model("ExhibitionItem"), include_fields=["event", "product", "work", "position"])

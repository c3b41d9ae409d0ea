from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tienphong.core"
    label = "core"
    verbose_name = _("Shared foundations")

    def ready(self):
        from . import checks  # noqa: F401  (registers the production checks)

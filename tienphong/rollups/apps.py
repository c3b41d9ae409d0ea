from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RollupsConfig(AppConfig):
    name = "tienphong.rollups"
    label = "rollups"
    verbose_name = _("Rollups")

    def ready(self):
        from tienphong.core.paths import register_merge_hook, register_move_hook

        from . import services

        register_move_hook(services.unit_moved)
        register_merge_hook(services.unit_merged)

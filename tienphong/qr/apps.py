from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QrConfig(AppConfig):
    name = "tienphong.qr"
    label = "qr"
    verbose_name = _("QR codes")

    def ready(self):
        from tienphong.core.paths import register_path_column

        register_path_column(self.get_model("ShortCode"), "path", commune_field="commune")

        from tienphong.rollups import registry

        from . import rollup

        registry.register_facts(rollup.backfill)

        from django.core.signals import request_finished

        from .services import finish_started_scans

        # A scan's count is read back from Redis once its response has gone (services.start_scan).
        request_finished.connect(finish_started_scans, dispatch_uid="qr.finish_started_scans")

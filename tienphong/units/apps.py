from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "tienphong.units"
    label = "units"
    verbose_name = _("Organisation units")

    def ready(self):
        from auditlog.registry import auditlog

        auditlog.register(self.get_model("OrgUnit"), include_fields=[
            "code", "name", "kind", "admin_type", "parent", "latitude", "longitude", "active",
            "branch_type"])

        from tienphong.core.imports import jobs

        from . import views_import

        jobs.register(views_import.JOB_KIND, make_importer=views_import.job_importer,
                      result_url=views_import.job_result_url, result_message=views_import.job_result_message)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "tienphong.members"
    label = "members"
    verbose_name = _("Members")

    def ready(self):
        from auditlog.registry import auditlog

        auditlog.register(self.get_model("Member"), include_fields=[
            "full_name", "gender", "birth_date", "phone", "email", "branch", "commune", "joined_on", "status",
            "is_core", "core_since", "core_chosen_by", "digital_skill", "user"])

        from tienphong.rollups import registry

        from . import rollup

        registry.register_stock(rollup.INDICATORS, rollup.count)

        from tienphong.core.paths import register_path_column

        register_path_column(self.get_model("Member"), "path", commune_field="commune")

        from tienphong.core.imports import jobs

        from . import views_import

        jobs.register(views_import.JOB_KIND, make_importer=views_import.job_importer,
                      result_url=views_import.job_result_url, result_message=views_import.job_result_message)

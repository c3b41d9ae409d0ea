from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "tienphong.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self):
        from auditlog.registry import auditlog

        auditlog.register(self.get_model("Event"), exclude_fields=["path", "created_at", "search_text"],
                          m2m_fields={"partners"})
        auditlog.register(self.get_model("Session"))
        auditlog.register(self.get_model("ConnectionPoint"))
        auditlog.register(self.get_model("Participant"), exclude_fields=["token", "created_at", "search_text"])
        auditlog.register(self.get_model("CheckIn"), exclude_fields=["nonce", "recorded_at"])
        auditlog.register(self.get_model("Document"), exclude_fields=["created_at"])
        auditlog.register(self.get_model("OnlineViews"), exclude_fields=["updated_at"])
        auditlog.register(self.get_model("FaceConsent"))
        # Face data: its creation and erasure are audited, never the numbers themselves.
        auditlog.register(self.get_model("FaceEmbedding"), include_fields=["participant", "erase_after"])

        from tienphong.core.paths import register_path_column
        from tienphong.rollups import registry

        from . import rollup

        registry.register_facts(rollup.backfill)
        register_path_column(self.get_model("Event"), "path")

        from tienphong.core.imports import jobs

        from . import people

        jobs.register(people.JOB_KIND, make_importer=people.job_importer, result_url=people.job_result_url,
                      result_message=people.job_result_message)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What people edit, so audit entries show those fields only (not reverse relations or timestamps).
WORK_AUDITED = ["campaign", "title", "category", "kind", "commune", "place", "place_note", "team", "value_vnd",
                "beneficiaries", "completed_on", "description", "status", "review_note", "created_by"]
TARGET_AUDITED = ["campaign", "commune", "works", "value_vnd", "citizens_supported", "classes", "attendees",
                  "volunteer_turns"]


class CampaignsConfig(AppConfig):
    name = "tienphong.campaigns"
    label = "campaigns"
    verbose_name = _("Campaigns and youth works")

    def ready(self):
        from auditlog.registry import auditlog

        auditlog.register(self.get_model("Campaign"), include_fields=["title", "theme", "starts_on", "ends_on", "unit"])
        auditlog.register(self.get_model("CampaignTarget"), include_fields=TARGET_AUDITED)
        auditlog.register(self.get_model("YouthWork"), include_fields=WORK_AUDITED, m2m_fields={"volunteers"})
        auditlog.register(self.get_model("WorkPhoto"), include_fields=["work", "image", "caption"])

        from tienphong.rollups import registry

        from . import rollup

        registry.register_facts(rollup.backfill)

        from tienphong.core.paths import register_path_column

        for model in ("Campaign", "CampaignTarget", "YouthWork"):
            register_path_column(self.get_model(model), "path")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "tienphong.campaigns"
    label = "campaigns"
    verbose_name = _("Campaigns and youth works")

    def ready(self):
        from auditlog.registry import auditlog

        auditlog.register(self.get_model("Campaign"), exclude_fields=["path", "created_at"])
        auditlog.register(self.get_model("CampaignTarget"), exclude_fields=["path"])
        auditlog.register(self.get_model("YouthWork"), exclude_fields=["path", "search_text", "created_at", "updated_at"],
                          m2m_fields={"volunteers"})
        auditlog.register(self.get_model("WorkPhoto"), exclude_fields=["thumbnail", "uploaded_at"])

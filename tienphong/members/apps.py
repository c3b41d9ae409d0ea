from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "tienphong.members"
    label = "members"
    verbose_name = _("Members")

    def ready(self):
        from auditlog.registry import auditlog

        auditlog.register(self.get_model("Member"), exclude_fields=["search_text", "sort_key", "path"])

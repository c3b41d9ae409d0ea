from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "tienphong.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from auditlog.registry import auditlog

        auditlog.register(self.get_model("User"), exclude_fields=["password", "last_login"])
        auditlog.register(self.get_model("RoleAssignment"))

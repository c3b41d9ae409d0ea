from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "tienphong.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from auditlog.registry import auditlog

        auditlog.register(self.get_model("User"), include_fields=[
            "username", "full_name", "email", "is_active", "is_staff", "is_superuser"])
        auditlog.register(self.get_model("RoleAssignment"), include_fields=["user", "unit", "role"])

        from tienphong.core.paths import register_merge_hook

        from .services import roles_follow_merge

        register_merge_hook(roles_follow_merge)

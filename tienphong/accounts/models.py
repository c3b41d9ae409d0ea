from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from tienphong.core.scope import Role  # noqa: F401  (the roles are the scope's; re-exported for the field)


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.username

    def get_additional_data(self):
        first = self.roles.select_related("unit").first() if self.pk else None
        return {"unit_path": first.unit.path if first else ""}


class RoleAssignment(models.Model):
    """A role held on an org unit; it reaches the unit's whole subtree."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="roles")
    unit = models.ForeignKey("units.OrgUnit", verbose_name=_("unit"), on_delete=models.CASCADE,
                             related_name="role_assignments")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="role_once_per_unit"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="role_known"),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.unit}"

    def get_additional_data(self):
        return {"unit_path": self.unit.path}

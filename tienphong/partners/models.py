"""Partners: who a province's youth union works with (departments, banks and credit funds, telecoms,
schools, businesses, experts). A partner belongs to the province or to one commune of it (a
secretary's own partners); works, campaigns, classes and support entries name them as co-organisers."""

from django.db import models
from django.utils.translation import gettext_lazy as _


def province_path(path: str) -> str:
    """"/<province id>/": the province of the unit (or record) at `path`."""
    return "/" + path.split("/")[1] + "/"


class Partner(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government department (Sở, Ban, Ngành)")
        BANK = "bank", _("Bank or credit fund")
        TELECOM = "telecom", _("Telecom company")
        SCHOOL = "school", _("School")
        BUSINESS = "business", _("Business")
        EXPERT = "expert", _("Expert")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.GOVERNMENT)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True,
                                  help_text=_("What people call it, e.g. Agribank Ninh Bình."))
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)
    # The province, or one commune of it whose secretary keeps this partner; its path scopes the row.
    unit = models.ForeignKey("units.OrgUnit", verbose_name=_("kept by"), on_delete=models.PROTECT,
                             related_name="partners_kept")
    path = models.CharField(max_length=255, editable=False, db_index=True)
    units = models.ManyToManyField("units.OrgUnit", verbose_name=_("units they work with"), blank=True,
                                   related_name="partners")
    active = models.BooleanField(_("active"), default=True)
    search_text = models.CharField(max_length=255, editable=False, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="partner_name_unique_in_unit"),
            models.CheckConstraint(condition=models.Q(kind__in=[
                "government", "bank", "telecom", "school", "business", "expert", "other"]),
                name="partner_kind_known"),
            models.CheckConstraint(condition=~models.Q(name=""), name="partner_name_required"),
        ]

    def __str__(self):
        return self.short_name or self.name

    @property
    def label(self) -> str:
        """What a figure's row is called: the short name when there is one."""
        return self.short_name or self.name

    @property
    def province_path(self) -> str:
        """"/<province id>/": the partner's province, read from its path (a moved unit moves it too)."""
        return province_path(self.path)

    def get_additional_data(self):
        return {"unit_path": self.path}

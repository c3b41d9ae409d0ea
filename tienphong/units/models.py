from django.db import models
from django.utils.translation import gettext, gettext_lazy as _


class OrgUnit(models.Model):
    """A node of the union tree: province → commune/ward → grassroots union → branch.

    Provinces and communes carry their official administrative code; units below
    are the union's own. `path` ("/1/45/300/") makes a subtree one range scan.
    """

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province union")
        COMMUNE = "commune", _("Commune/ward union")
        GRASSROOTS = "grassroots", _("Grassroots union")
        BRANCH = "branch", _("Branch")
        SERVICE_POINT = "service_point", _("Service point")

    class AdminType(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("Centrally-run city")
        COMMUNE = "commune", _("Commune")
        WARD = "ward", _("Ward")
        SPECIAL_ZONE = "special_zone", _("Special zone")

    class BranchType(models.TextChoices):
        """What a branch gathers: reports split branches by it."""
        RURAL = "rural", _("Village / hamlet (rural)")
        SCHOOL = "school", _("School")
        ENTERPRISE = "enterprise", _("Enterprise")
        AGENCY = "agency", _("Agency")
        ARMED_FORCES = "armed_forces", _("Armed forces")
        OTHER = "other", _("Other")

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    admin_type = models.CharField(
        _("administrative type"), max_length=20, choices=AdminType.choices, blank=True
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=255, unique=True)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0)
    commune = models.ForeignKey(
        "self", verbose_name=_("commune"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The commune/ward this unit belongs to (itself for a commune)."),
    )
    branch_type = models.CharField(
        _("branch type"), max_length=20, choices=BranchType.choices, blank=True,
        help_text=_("Branches only: what the branch gathers (village, school, enterprise…)."),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    search_text = models.CharField(max_length=255, blank=True, editable=False)

    class Meta:
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="province", parent__isnull=True)
                | models.Q(parent__isnull=False) & ~models.Q(kind="province"),
                name="orgunit_only_province_is_root",
            ),
            models.CheckConstraint(
                condition=models.Q(branch_type="")
                | models.Q(kind="branch",
                           branch_type__in=["rural", "school", "enterprise", "agency", "armed_forces", "other"]),
                name="orgunit_branch_type_known",
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True)
                | models.Q(latitude__gte=-90, latitude__lte=90),
                name="orgunit_latitude_range",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def union_name(self) -> str:
        """How the union of this unit is called: "Tỉnh Đoàn Ninh Bình", "Đoàn phường Phủ Lý"."""
        if self.kind == self.Kind.PROVINCE:
            short = self.name.removeprefix("Tỉnh ").removeprefix("Thành phố ")
            return gettext("Provincial Youth Union of %(name)s") % {"name": short}
        if self.kind == self.Kind.COMMUNE:
            return gettext("Youth Union of %(name)s") % {"name": self.name}
        return self.name

    def get_additional_data(self):
        return {"unit_path": self.path}

    def is_under(self, other: "OrgUnit") -> bool:
        return self.path.startswith(other.path)

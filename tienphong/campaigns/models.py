from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tienphong.qr.targets import PublicTarget

# A youth work worth more than this is a typo (an extra "000"), not a village wifi point.
MAX_WORK_VALUE_VND = 100_000_000_000


class Campaign(models.Model):
    """A drive with a period and targets, e.g. "Tháng Thanh niên 2026 — Tuổi trẻ tiên phong chuyển đổi số"."""

    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("theme"), max_length=255, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    # The unit that runs the campaign (usually the province union); its subtree takes part.
    unit = models.ForeignKey("units.OrgUnit", verbose_name=_("run by"), on_delete=models.PROTECT,
                             related_name="campaigns")
    path = models.CharField(max_length=255, editable=False)
    partners = models.ManyToManyField("partners.Partner", verbose_name=_("co-organising partners"), blank=True,
                                      related_name="campaigns")
    search_text = models.CharField(max_length=255, editable=False, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                   name="campaign_ends_after_start"),
        ]

    def __str__(self):
        return self.title

    def get_additional_data(self):
        return {"unit_path": self.path}


class CampaignTarget(models.Model):
    """What one commune aims for in a campaign; figures are compared with what was logged in the period."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE,
                                 related_name="targets")
    commune = models.ForeignKey("units.OrgUnit", verbose_name=_("commune"), on_delete=models.PROTECT,
                                related_name="campaign_targets", limit_choices_to={"kind": "commune"})
    path = models.CharField(max_length=255, editable=False)
    works = models.PositiveIntegerField(_("youth works"), default=0)
    value_vnd = models.PositiveBigIntegerField(_("value (₫)"), default=0)
    citizens_supported = models.PositiveIntegerField(_("citizens supported"), default=0)
    classes = models.PositiveIntegerField(_("classes"), default=0)
    attendees = models.PositiveIntegerField(_("class attendees"), default=0)
    volunteer_turns = models.PositiveIntegerField(_("volunteer-turns"), default=0)

    class Meta:
        verbose_name = _("campaign target")
        verbose_name_plural = _("campaign targets")
        ordering = ["campaign", "commune__name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "commune"], name="target_once_per_commune"),
        ]

    def get_additional_data(self):
        return {"unit_path": self.path}


class YouthWork(PublicTarget, models.Model):
    """A youth work (công trình) or task (phần việc) with a money value, approved by the commune.

    Once approved it has a public page (`visit_work`) and, like a place or a product, a permanent
    `/q/<code>` (qr.targets.PublicTarget): the QR code printed next to it at an exhibition."""

    public_url_name = "visit_work"

    class Category(models.TextChoices):
        WORK = "work", _("Youth work")
        TASK = "task", _("Youth task")

    class Kind(models.TextChoices):
        WIFI_POINT = "wifi_point", _("Public wifi point")
        DIGITAL_LIBRARY = "digital_library", _("Digital library")
        RELIC_DIGITISATION = "relic_digitisation", _("Relic digitisation")
        PRODUCT_QR = "product_qr", _("Product QR codes")
        TRAINING = "training", _("Training")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Returned")

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="works")
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("category"), max_length=5, choices=Category.choices, default=Category.WORK)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    commune = models.ForeignKey("units.OrgUnit", verbose_name=_("commune"), on_delete=models.PROTECT,
                                related_name="youth_works", limit_choices_to={"kind": "commune"})
    path = models.CharField(max_length=255, editable=False)
    place = models.ForeignKey("places.Place", verbose_name=_("place"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="youth_works")
    place_note = models.CharField(_("village / address"), max_length=200, blank=True)
    team = models.ForeignKey("teams.Team", verbose_name=_("team"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="youth_works")
    value_vnd = models.PositiveBigIntegerField(_("value (₫)"), default=0)
    beneficiaries = models.PositiveIntegerField(_("beneficiaries"), default=0)
    volunteers = models.ManyToManyField("members.Member", verbose_name=_("volunteers"), blank=True,
                                        related_name="youth_works")
    partners = models.ManyToManyField("partners.Partner", verbose_name=_("co-organising partners"), blank=True,
                                      related_name="youth_works")
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.CharField(_("review note"), max_length=255, blank=True)
    search_text = models.CharField(max_length=255, editable=False, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("youth work")
        verbose_name_plural = _("youth works")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["path", "status"], name="work_path_status"),
            models.Index(fields=["commune", "status", "completed_on"], name="work_commune_status_done"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(value_vnd__lte=MAX_WORK_VALUE_VND),
                                   name="work_value_at_most_100_billion"),
            models.CheckConstraint(condition=models.Q(status__in=["draft", "submitted", "approved", "rejected"]),
                                   name="work_status_known"),
            models.CheckConstraint(condition=models.Q(category__in=["work", "task"]), name="work_category_known"),
            models.CheckConstraint(condition=models.Q(kind__in=[
                "wifi_point", "digital_library", "relic_digitisation", "product_qr", "training", "other"]),
                name="work_kind_known"),
        ]

    def __str__(self):
        return self.title

    # --- QR target (qr.targets.PublicTarget: the page's address, and get_additional_data) -----------
    @property
    def public_title(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.APPROVED


class WorkPhoto(models.Model):
    work = models.ForeignKey(YouthWork, verbose_name=_("youth work"), on_delete=models.CASCADE,
                             related_name="photos")
    image = models.ImageField(_("photo"), upload_to="works/%Y/%m/")
    # A small JPEG made at upload: lists and the work page load it instead of the full photo.
    thumbnail = models.ImageField(_("thumbnail"), upload_to="works/thumbs/%Y/%m/", blank=True)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.caption or self.image.name.rsplit("/", 1)[-1]

    def get_additional_data(self):
        return {"unit_path": self.work.path}

"""OCOP and farm products of a commune, and who makes them (a cooperative, a household…)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tienphong.core.images import PhotoBase
from tienphong.publishing.models import PublishStatus
from tienphong.qr.targets import PublicTarget


class Producer(PublicTarget, models.Model):
    public_url_name = "visit_producer"

    class Kind(models.TextChoices):
        COOPERATIVE = "cooperative", _("Cooperative")
        HOUSEHOLD = "household", _("Household")
        ENTERPRISE = "enterprise", _("Enterprise")
        CRAFT_VILLAGE = "craft_village", _("Craft village")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COOPERATIVE)
    commune = models.ForeignKey("units.OrgUnit", verbose_name=_("commune"), on_delete=models.PROTECT,
                                related_name="producers", limit_choices_to={"kind": "commune"})
    path = models.CharField(max_length=255, editable=False, db_index=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    zalo = models.CharField(_("Zalo number"), max_length=20, blank=True,
                            help_text=_("Leave empty when it is the phone number."))
    website = models.URLField(_("website"), max_length=300, blank=True)
    description = models.TextField(_("about"), max_length=5000, blank=True)
    status = models.CharField(_("public page"), max_length=10, choices=PublishStatus.choices,
                              default=PublishStatus.DRAFT)
    sample = models.BooleanField(_("sample content"), default=False)
    search_text = models.CharField(max_length=255, editable=False, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("producer")
        verbose_name_plural = _("producers")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "name"], name="producer_name_unique_in_commune"),
            models.CheckConstraint(condition=models.Q(status__in=["draft", "published"]),
                                   name="producer_status_known"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        from tienphong.core.text import search_blob

        self.path = self.commune.path
        self.search_text = search_blob(self.name)[:255]
        super().save(*args, **kwargs)



class Product(PublicTarget, models.Model):
    public_url_name = "visit_product"

    class Category(models.TextChoices):
        OCOP = "ocop", _("OCOP product")
        FARM = "farm", _("Farm product")
        CRAFT = "craft", _("Craft product")
        OTHER = "other", _("Other")

    class YouthMaker(models.TextChoices):
        """Who among the youth made it, for the virtual exhibition (tienphong.exhibition)."""
        NONE = "", _("Not marked as youth-made")
        MEMBER = "member", _("A youth union member")
        TEAM = "team", _("A youth team")
        STARTUP = "startup", _("A youth startup")

    name = models.CharField(_("name"), max_length=200)
    producer = models.ForeignKey(Producer, verbose_name=_("producer"), on_delete=models.PROTECT,
                                 related_name="products")
    # The producer's commune, copied: scope, rollups and the catalogue filter read it without a join.
    commune = models.ForeignKey("units.OrgUnit", verbose_name=_("commune"), on_delete=models.PROTECT,
                                related_name="products", limit_choices_to={"kind": "commune"})
    path = models.CharField(max_length=255, editable=False, db_index=True)
    category = models.CharField(_("category"), max_length=10, choices=Category.choices, default=Category.OCOP)
    ocop_stars = models.PositiveSmallIntegerField(_("OCOP rating (stars)"), null=True, blank=True,
                                                  validators=[MinValueValidator(3), MaxValueValidator(5)])
    ocop_year = models.PositiveSmallIntegerField(_("OCOP year"), null=True, blank=True)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    price_vnd = models.PositiveBigIntegerField(_("price (₫)"), null=True, blank=True)
    price_unit = models.CharField(_("per"), max_length=60, blank=True, help_text=_("e.g. 500 g box, bottle, kg"))
    season = models.CharField(_("season"), max_length=100, blank=True, help_text=_("e.g. all year, May–July"))
    status = models.CharField(_("public page"), max_length=10, choices=PublishStatus.choices,
                              default=PublishStatus.DRAFT)
    sample = models.BooleanField(_("sample content"), default=False)
    # Made by the youth: a member (the link is optional and never shown to visitors), a team (shown by
    # its name) or a startup (its name as written). The constraint below keeps the links consistent.
    youth_maker = models.CharField(_("made by the youth"), max_length=10, choices=YouthMaker.choices, blank=True,
                                   default="")
    youth_member = models.ForeignKey("members.Member", verbose_name=_("youth union member"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="youth_products")
    youth_team = models.ForeignKey("teams.Team", verbose_name=_("youth team"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="youth_products")
    youth_maker_name = models.CharField(_("startup name"), max_length=200, blank=True)
    search_text = models.CharField(max_length=400, editable=False, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["producer", "name"], name="product_name_unique_per_producer"),
            models.CheckConstraint(condition=models.Q(status__in=["draft", "published"]),
                                   name="product_status_known"),
            models.CheckConstraint(condition=models.Q(category__in=["ocop", "farm", "craft", "other"]),
                                   name="product_category_known"),
            models.CheckConstraint(condition=models.Q(ocop_stars__isnull=True)
                                   | models.Q(ocop_stars__gte=3, ocop_stars__lte=5), name="product_ocop_stars_3_to_5"),
            models.CheckConstraint(condition=models.Q(ocop_year__isnull=True)
                                   | models.Q(ocop_year__gte=2018, ocop_year__lte=2100),
                                   name="product_ocop_year_range"),
            models.CheckConstraint(condition=models.Q(youth_maker__in=["", "member", "team", "startup"]),
                                   name="product_youth_maker_known"),
            # A member's or a team's link (either may be gone: deleted rows leave the mark) or a startup's
            # name, never two of them, and nothing at all on a product not marked.
            models.CheckConstraint(
                condition=models.Q(youth_maker="", youth_member__isnull=True, youth_team__isnull=True,
                                   youth_maker_name="")
                | models.Q(youth_maker="member", youth_team__isnull=True, youth_maker_name="")
                | models.Q(youth_maker="team", youth_member__isnull=True, youth_maker_name="")
                | (models.Q(youth_maker="startup", youth_member__isnull=True, youth_team__isnull=True)
                   & ~models.Q(youth_maker_name="")),
                name="product_youth_maker_links"),
        ]
        indexes = [
            models.Index(fields=["status", "path"], name="product_status_path"),
            # The exhibition's read: the few youth-made products among all of them.
            models.Index(fields=["path"], condition=~models.Q(youth_maker=""), name="product_youth_made_path"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        from tienphong.core.text import search_blob

        self.commune_id = self.producer.commune_id
        self.path = self.producer.commune.path
        self.search_text = search_blob(" ".join([self.name, self.producer.name]))[:400]
        super().save(*args, **kwargs)



class ProductLink(models.Model):
    """Where to buy online: a shop page on an e-commerce site, a Facebook or Zalo shop."""

    class Kind(models.TextChoices):
        SHOPEE = "shopee", "Shopee"
        LAZADA = "lazada", "Lazada"
        TIKTOK = "tiktok", "TikTok Shop"
        POSTMART = "postmart", "Postmart"
        FACEBOOK = "facebook", "Facebook"
        ZALO = "zalo", "Zalo"
        WEBSITE = "website", _("Website")

    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("sold on"), max_length=10, choices=Kind.choices, default=Kind.WEBSITE)
    url = models.URLField(_("address"), max_length=500)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("shop link")
        verbose_name_plural = _("shop links")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["product", "url"], name="product_link_once")]

    def __str__(self):
        return self.url

    def get_additional_data(self):
        return {"unit_path": self.product.path}


class ProductPhoto(PhotoBase):
    media_folder = "products/photos"

    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="photos")

    class Meta(PhotoBase.Meta):
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def get_additional_data(self):
        return {"unit_path": self.product.path}

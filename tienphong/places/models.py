from django.db import models
from django.utils.translation import gettext_lazy as _


class Place(models.Model):
    """A named place inside a commune: where classes meet, works are built, citizens are helped.

    Public QR pages (relics, red addresses) build on the same table later.
    """

    class Kind(models.TextChoices):
        CULTURE_HOUSE = "culture_house", _("Village culture house")
        SCHOOL = "school", _("School")
        COMMUNE_HALL = "commune_hall", _("Commune hall")
        VILLAGE = "village", _("Village / hamlet")
        SERVICE_CENTER = "service_center", _("Public administrative service center")
        RELIC = "relic", _("Relic")
        RED_ADDRESS = "red_address", _("Red address")
        WIFI_POINT = "wifi_point", _("Public wifi point")
        DIGITAL_LIBRARY = "digital_library", _("Digital library")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CULTURE_HOUSE)
    commune = models.ForeignKey("units.OrgUnit", verbose_name=_("commune"), on_delete=models.PROTECT,
                                related_name="places", limit_choices_to={"kind": "commune"})
    path = models.CharField(max_length=255, editable=False, db_index=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    search_text = models.CharField(max_length=255, editable=False, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "name"], name="place_name_unique_in_commune"),
            models.CheckConstraint(condition=models.Q(kind__in=[
                "culture_house", "school", "commune_hall", "village", "service_center", "relic",
                "red_address", "wifi_point", "digital_library", "other"]), name="place_kind_known"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        from tienphong.core.text import search_blob

        self.path = self.commune.path
        self.search_text = search_blob(self.name)
        super().save(*args, **kwargs)

    def get_additional_data(self):
        return {"unit_path": self.path}

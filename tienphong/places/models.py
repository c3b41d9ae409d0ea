from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tienphong.core.images import PhotoBase, media_path
from tienphong.core.public import STORY_LANGUAGES
from tienphong.publishing.models import PublishStatus
from tienphong.qr.targets import PublicTarget


class Place(PublicTarget, models.Model):
    """A named place inside a commune: where classes meet and works are built, and, once published,
    a public page that visitors reach from its QR code (relics, red addresses, wifi points…)."""

    public_url_name = "visit_place"

    class Kind(models.TextChoices):
        RELIC = "relic", _("Relic")
        RED_ADDRESS = "red_address", _("Red address")
        CULTURE_HOUSE = "culture_house", _("Village culture house")
        WIFI_POINT = "wifi_point", _("Public wifi point")
        DIGITAL_LIBRARY = "digital_library", _("Digital library")
        SCHOOL = "school", _("School")
        COMMUNE_HALL = "commune_hall", _("Commune hall")
        VILLAGE = "village", _("Village / hamlet")
        SERVICE_CENTER = "service_center", _("Public administrative service center")
        OTHER = "other", _("Other")

    class Ranking(models.TextChoices):
        SPECIAL_NATIONAL = "special_national", _("Special national relic")
        NATIONAL = "national", _("National relic")
        PROVINCIAL = "provincial", _("Provincial relic")

    # Kinds whose page tells a story (text, audio guide, history).
    STORY_KINDS = ("relic", "red_address")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CULTURE_HOUSE)
    commune = models.ForeignKey("units.OrgUnit", verbose_name=_("commune"), on_delete=models.PROTECT,
                                related_name="places", limit_choices_to={"kind": "commune"})
    path = models.CharField(max_length=255, editable=False, db_index=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True,
                                 validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.FloatField(_("longitude"), null=True, blank=True,
                                  validators=[MinValueValidator(-180), MaxValueValidator(180)])
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)
    status = models.CharField(_("public page"), max_length=10, choices=PublishStatus.choices,
                              default=PublishStatus.DRAFT)
    # Historical facts of relics and red addresses.
    ranking = models.CharField(_("ranking"), max_length=20, choices=Ranking.choices, blank=True)
    recognised_year = models.PositiveSmallIntegerField(_("year recognised"), null=True, blank=True)
    # Wifi points: the network visitors join (the youth work that installed it links to the place).
    wifi_name = models.CharField(_("wifi network name"), max_length=64, blank=True)
    sample = models.BooleanField(_("sample content"), default=False,
                                 help_text=_("Demo content: the public page says it is a sample."))
    search_text = models.CharField(max_length=255, editable=False, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "name"], name="place_name_unique_in_commune"),
            models.CheckConstraint(condition=models.Q(kind__in=[
                "culture_house", "school", "commune_hall", "village", "service_center", "relic",
                "red_address", "wifi_point", "digital_library", "other"]), name="place_kind_known"),
            models.CheckConstraint(condition=models.Q(status__in=["draft", "published"]), name="place_status_known"),
            models.CheckConstraint(condition=models.Q(ranking__in=["", "special_national", "national", "provincial"]),
                                   name="place_ranking_known"),
            models.CheckConstraint(condition=models.Q(recognised_year__isnull=True)
                                   | models.Q(recognised_year__gte=1900, recognised_year__lte=2100),
                                   name="place_recognised_year_range"),
            models.CheckConstraint(condition=models.Q(latitude__isnull=True)
                                   | models.Q(latitude__gte=-90, latitude__lte=90), name="place_latitude_range"),
            models.CheckConstraint(condition=models.Q(longitude__isnull=True)
                                   | models.Q(longitude__gte=-180, longitude__lte=180), name="place_longitude_range"),
        ]
        indexes = [models.Index(fields=["status", "path"], name="place_status_path")]

    def __str__(self):
        return self.name

    @staticmethod
    def search_words(name: str, address: str = "") -> str:
        """What the place is found by: its name and address, folded (see core.text.search_blob)."""
        from tienphong.core.text import search_blob

        return search_blob(" ".join(filter(None, [name, address])))[:255]

    def save(self, *args, **kwargs):
        self.path = self.commune.path
        self.search_text = self.search_words(self.name, self.address)
        super().save(*args, **kwargs)

    @property
    def is_public(self) -> bool:
        return self.status == PublishStatus.PUBLISHED and self.active

    @property
    def tells_story(self) -> bool:
        return self.kind in self.STORY_KINDS


class PlaceStory(models.Model):
    """The story of a place in one language: the text, and an audio guide read aloud."""

    media_folder = "places/audio"

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="stories")
    language = models.CharField(_("language"), max_length=8, choices=STORY_LANGUAGES)
    title = models.CharField(_("name in this language"), max_length=200, blank=True)
    body = models.TextField(_("story"), max_length=20000, blank=True)
    audio = models.FileField(_("audio guide"), upload_to=media_path, blank=True)
    audio_type = models.CharField(max_length=40, blank=True, editable=False)
    audio_seconds = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["place", "id"]
        constraints = [
            models.UniqueConstraint(fields=["place", "language"], name="place_story_once_per_language"),
        ]

    def __str__(self):
        return f"{self.place} ({self.language})"

    def get_additional_data(self):
        # The place too: the place's history lists its stories and photos, deleted ones included.
        return {"unit_path": self.place.path, "place_id": self.place_id}


class PlacePhoto(PhotoBase):
    media_folder = "places/photos"

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="photos")

    class Meta(PhotoBase.Meta):
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def get_additional_data(self):
        # The place too: the place's history lists its stories and photos, deleted ones included.
        return {"unit_path": self.place.path, "place_id": self.place_id}

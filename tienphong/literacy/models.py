import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tienphong.core.choices import AgeBand, CitizenGender
from tienphong.core.models import ListItem

# A class may take walk-ins beyond its capacity, but not beyond this multiple of it.
ATTENDANCE_CAP_FACTOR = 3


def new_public_code() -> str:
    """The class's part of its public sign-up link: short enough for a poster, too long to guess."""
    return secrets.token_urlsafe(8)


class Module(ListItem):
    """A topic taught in "Bình dân học vụ số" classes, linked to the national course platform."""

    course_url = models.URLField(_("course on binhdanhocvuso.gov.vn"), blank=True)

    class Meta(ListItem.Meta):
        verbose_name = _("module")
        verbose_name_plural = _("modules")


class LiteracyClass(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        DONE = "done", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=200)
    commune = models.ForeignKey("units.OrgUnit", verbose_name=_("commune"), on_delete=models.PROTECT,
                                related_name="literacy_classes", limit_choices_to={"kind": "commune"})
    path = models.CharField(max_length=255, editable=False)
    venue = models.ForeignKey("places.Place", verbose_name=_("venue"), on_delete=models.PROTECT,
                              related_name="literacy_classes")
    team = models.ForeignKey("teams.Team", verbose_name=_("team"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="literacy_classes")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    teachers = models.ManyToManyField("members.Member", verbose_name=_("teachers"), blank=True,
                                      related_name="classes_taught")
    modules = models.ManyToManyField(Module, verbose_name=_("modules"), blank=True, related_name="classes")
    partners = models.ManyToManyField("partners.Partner", verbose_name=_("co-organising partners"), blank=True,
                                      related_name="literacy_classes")
    custom_topic = models.CharField(_("other topic"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(_("capacity"), default=30)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    public_code = models.CharField(max_length=16, unique=True, default=new_public_code, editable=False)
    signup_open = models.BooleanField(_("public sign-up open"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Folded words of the title and venue (core.text.search_blob), for search without diacritics.
    search_text = models.CharField(max_length=255, editable=False, default="")

    class Meta:
        verbose_name = _("literacy class")
        verbose_name_plural = _("literacy classes")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["path", "starts_at"], name="class_path_when")]
        constraints = [
            models.CheckConstraint(condition=models.Q(capacity__gte=1, capacity__lte=1000),
                                   name="class_capacity_1_to_1000"),
            models.CheckConstraint(condition=models.Q(ends_at__isnull=True)
                                   | models.Q(ends_at__gt=models.F("starts_at")),
                                   name="class_ends_after_start"),
            models.CheckConstraint(condition=models.Q(status__in=["scheduled", "done", "cancelled"]),
                                   name="class_status_known"),
        ]

    def __str__(self):
        return self.title

    def get_additional_data(self):
        return {"unit_path": self.path}


class Attendee(models.Model):
    """A citizen signed up for or present at a class: only what a sheet and a certificate need."""

    class Source(models.TextChoices):
        SIGNUP = "signup", _("Signed up")
        WALK_IN = "walk_in", _("Walk-in")

    literacy_class = models.ForeignKey(LiteracyClass, verbose_name=_("class"), on_delete=models.CASCADE,
                                       related_name="attendees")
    full_name = models.CharField(_("full name"), max_length=120)
    phone = models.CharField(_("phone"), max_length=15, blank=True)
    age_band = models.CharField(_("age band"), max_length=5, choices=AgeBand.choices, blank=True)
    gender = models.CharField(_("gender"), max_length=6, choices=CitizenGender.choices, blank=True)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices, default=Source.SIGNUP)
    attended = models.BooleanField(_("present"), default=False)
    attended_at = models.DateTimeField(_("marked present at"), null=True, blank=True)
    # Lets a double-tapped sign-up or a resent form find the row it already made.
    client_token = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("signed up at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["full_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["literacy_class", "phone"], condition=~models.Q(phone=""),
                                    name="attendee_phone_once_per_class"),
            models.UniqueConstraint(fields=["literacy_class", "client_token"],
                                    condition=~models.Q(client_token=""), name="attendee_token_once"),
            models.CheckConstraint(condition=models.Q(age_band__in=["", "u18", "18-35", "36-59", "60+"]),
                                   name="attendee_age_band_known"),
        ]

    def __str__(self):
        return self.full_name

    def get_additional_data(self):
        return {"unit_path": self.literacy_class.path}

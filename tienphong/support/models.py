import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tienphong.core.choices import AgeBand, CitizenGender, all_group_sets
from tienphong.core.models import ListItem

# The largest tally one entry may carry: beyond it a typo ("1200" for "12") is likelier than a crowd.
MAX_TALLY = 500


class Service(ListItem):
    """A kind of help, from a list the province manages (VNeID, online public service, …)."""

    needs_procedure = models.BooleanField(
        _("asks for the procedure's name"), default=False,
        help_text=_("For online public service submissions: which administrative procedure."))

    class Meta(ListItem.Meta):
        verbose_name = _("service")
        verbose_name_plural = _("services")


class SupportRecord(models.Model):
    """Citizens helped: one entry counts `people` citizen-turns (a tally of 12 is one entry, 12 turns)."""

    class Setting(models.TextChoices):
        DOOR_TO_DOOR = "door_to_door", _("Door to door in a village")
        COMMUNE_OFFICE = "commune_office", _("Commune office")
        SERVICE_CENTER = "service_center", _("Public Administrative Service Center")
        CLASS = "class", _("At a class")
        OTHER = "other", _("Elsewhere")

    class Outcome(models.TextChoices):
        DONE = "done", _("Done")
        PARTLY = "partly", _("Partly done")
        REFERRED = "referred", _("Referred")

    class Source(models.TextChoices):
        WEB = "web", _("Form")
        SYNC = "sync", _("Offline sync")
        DEMO = "demo", _("Demo data")

    # Made by the phone when the entry is written, so a resend finds the row it already created.
    uuid = models.UUIDField(_("entry id"), unique=True, default=uuid.uuid4, editable=False)
    occurred_at = models.DateTimeField(_("when"), db_index=True)
    setting = models.CharField(_("where"), max_length=20, choices=Setting.choices, default=Setting.DOOR_TO_DOOR)
    # The commune (or service point) where citizens were helped; its path scopes the record.
    unit = models.ForeignKey("units.OrgUnit", verbose_name=_("commune / service point"),
                             on_delete=models.PROTECT, related_name="support_records")
    commune = models.ForeignKey("units.OrgUnit", verbose_name=_("commune"), on_delete=models.PROTECT,
                                related_name="+", null=True, editable=False)
    path = models.CharField(max_length=255, editable=False)
    place = models.ForeignKey("places.Place", verbose_name=_("place"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="support_records")
    place_note = models.CharField(_("village / address"), max_length=120, blank=True,
                                  help_text=_("For example: Xóm 4, thôn Đông."))
    team = models.ForeignKey("teams.Team", verbose_name=_("team"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="support_records")
    volunteers = models.ManyToManyField("members.Member", verbose_name=_("volunteers"), blank=True,
                                        related_name="support_records")
    services = models.ManyToManyField(Service, verbose_name=_("services"), related_name="records")
    partners = models.ManyToManyField("partners.Partner", verbose_name=_("co-organising partners"), blank=True,
                                      related_name="support_records")
    procedure = models.CharField(_("procedure"), max_length=200, blank=True,
                                 help_text=_("The online public service's procedure, e.g. birth registration."))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.DONE)
    people = models.PositiveSmallIntegerField(_("citizens helped"), default=1)
    minutes = models.PositiveSmallIntegerField(_("minutes spent"), null=True, blank=True)
    age_band = models.CharField(_("age band"), max_length=5, choices=AgeBand.choices, blank=True)
    gender = models.CharField(_("gender"), max_length=6, choices=CitizenGender.choices, blank=True)
    # Groups the citizens helped belong to (elderly, disability, ethnic minority, household business):
    # codes joined by commas in a fixed order (core.choices.join_groups), "" for none given.
    groups = models.CharField(_("groups"), max_length=60, blank=True, default="")
    note = models.CharField(_("note"), max_length=255, blank=True)
    source = models.CharField(_("source"), max_length=5, choices=Source.choices, default=Source.WEB)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True,
                                   on_delete=models.SET_NULL, related_name="support_records")
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("support record")
        verbose_name_plural = _("support records")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["path", "occurred_at"], name="support_path_when"),
            models.Index(fields=["commune", "occurred_at"], name="support_commune_when"),
            models.Index(fields=["created_by", "occurred_at"], name="support_author_when"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(people__gte=1, people__lte=MAX_TALLY),
                                   name="support_people_1_to_500"),
            models.CheckConstraint(condition=models.Q(minutes__isnull=True) | models.Q(minutes__lte=1440),
                                   name="support_minutes_within_a_day"),
            models.CheckConstraint(condition=models.Q(setting__in=[
                "door_to_door", "commune_office", "service_center", "class", "other"]),
                name="support_setting_known"),
            models.CheckConstraint(condition=models.Q(outcome__in=["done", "partly", "referred"]),
                                   name="support_outcome_known"),
            models.CheckConstraint(condition=models.Q(age_band__in=["", "u18", "18-35", "36-59", "60+"]),
                                   name="support_age_band_known"),
            models.CheckConstraint(condition=models.Q(gender__in=["", "male", "female"]),
                                   name="support_gender_known"),
            models.CheckConstraint(condition=models.Q(groups__in=all_group_sets()), name="support_groups_known"),
        ]

    def __str__(self):
        return f"{self.occurred_at:%d/%m/%Y} · {self.people}"

    def get_additional_data(self):
        return {"unit_path": self.path}

"""From idea to project: the youth innovation ecosystem around the contests.

- Expert: the directory of experts and mentors (field, organisation, contact), listed only with their
  recorded consent; entrants and project teams ask them for help, and each match is recorded (MentorMatch).
- Project: a winning (or chosen) contest entry, or any youth initiative, followed until it is real: a
  mentor, milestones, the partners that support it and what each offers (ProjectSupport: mentoring,
  funding, space, data, a pilot site), and a follow-up every quarter (FollowUp).
- Startup: the youth startup register ("mô hình kinh tế khởi nghiệp, lập nghiệp"): founded by members, its
  products (the products app, so their public pages can show it), jobs created, a revenue band.
Each row belongs to a unit of the org tree (`path`): scope as everywhere."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Expert(models.Model):
    unit = models.ForeignKey("units.OrgUnit", verbose_name=_("kept by"), on_delete=models.PROTECT, related_name="+")
    path = models.CharField(max_length=255, editable=False, db_index=True)
    name = models.CharField(_("name"), max_length=120)
    field = models.CharField(_("field"), max_length=120)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    partner = models.ForeignKey("partners.Partner", verbose_name=_("partner"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="experts")
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    # Listed in the directory only with their consent, recorded with its date.
    consent_at = models.DateTimeField(_("agreed to be listed"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    # Name, field and organisation folded (core.text.search_blob): the directory is searched without diacritics.
    search_text = models.CharField(max_length=255, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["name", "id"]
        constraints = [models.CheckConstraint(condition=~Q(name=""), name="expert_name_required")]

    def __str__(self):
        return self.name

    @property
    def listed(self) -> bool:
        return self.active and self.consent_at is not None

    def get_additional_data(self):
        return {"unit_path": self.path}


class Project(models.Model):
    class Status(models.TextChoices):
        FOLLOWED = "followed", _("Being followed")
        REALISED = "realised", _("Realised")
        STOPPED = "stopped", _("Stopped")

    unit = models.ForeignKey("units.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    path = models.CharField(max_length=255, editable=False, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    entry = models.OneToOneField("contests.Entry", verbose_name=_("contest entry"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="project")
    mentor = models.ForeignKey(Expert, verbose_name=_("mentor"), null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="projects")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.FOLLOWED)
    started_on = models.DateField(_("started"))
    realised_on = models.DateField(_("realised"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="project_name_required"),
            models.CheckConstraint(condition=Q(status__in=["followed", "realised", "stopped"]),
                                   name="project_status_known"),
            models.CheckConstraint(condition=~Q(status="realised") | Q(realised_on__isnull=False),
                                   name="project_realised_dated"),
        ]

    def __str__(self):
        return self.name

    def get_additional_data(self):
        return {"unit_path": self.path}


class ProjectSupport(models.Model):
    class Kind(models.TextChoices):
        MENTORING = "mentoring", _("Mentoring")
        FUNDING = "funding", _("Funding")
        SPACE = "space", _("Space")
        DATA = "data", _("Data")
        PILOT = "pilot", _("Pilot site")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="supports")
    partner = models.ForeignKey("partners.Partner", verbose_name=_("partner"), on_delete=models.PROTECT,
                                related_name="project_supports")
    kind = models.CharField(_("what they offer"), max_length=10, choices=Kind.choices)
    amount = models.PositiveBigIntegerField(_("amount (₫)"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("support")
        constraints = [
            models.UniqueConstraint(fields=["project", "partner", "kind"], name="project_support_once"),
            models.CheckConstraint(condition=Q(kind__in=["mentoring", "funding", "space", "data", "pilot"]),
                                   name="project_support_kind_known"),
        ]


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]


def quarter_of(day: dt.date) -> dt.date:
    """The first day of the quarter holding `day`."""
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


class FollowUp(models.Model):
    """The quarter's follow-up of a project (one per quarter; a second report that quarter replaces it)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="follow_ups")
    quarter = models.DateField(_("quarter"))  # its first day
    progress = models.PositiveSmallIntegerField(_("progress (%)"))
    status = models.TextField(_("where it stands"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["project", "quarter"], name="project_follow_up_per_quarter"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="follow_up_progress_100"),
        ]


class MentorMatch(models.Model):
    """A request for an expert's help (from a contest entry or a project), and whether it was matched."""

    class Status(models.TextChoices):
        ASKED = "asked", _("Asked")
        MATCHED = "matched", _("Matched")
        DECLINED = "declined", _("Declined")

    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="matches")
    entry = models.ForeignKey("contests.Entry", null=True, blank=True, on_delete=models.CASCADE,
                              related_name="mentor_matches")
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.CASCADE, related_name="mentor_matches")
    path = models.CharField(max_length=255, editable=False, db_index=True)
    message = models.TextField(_("what help is needed"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ASKED)
    asked_at = models.DateTimeField(auto_now_add=True)
    matched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(entry__isnull=False) | Q(project__isnull=False),
                                   name="mentor_match_for_something"),
            models.CheckConstraint(condition=~Q(status="matched") | Q(matched_at__isnull=False),
                                   name="mentor_match_dated"),
        ]


class Startup(models.Model):
    class Revenue(models.TextChoices):
        NONE = "none", _("No revenue yet")
        UNDER_100M = "lt100m", _("Under 100 million ₫ a year")
        UNDER_1B = "lt1b", _("100 million to 1 billion ₫ a year")
        UNDER_10B = "lt10b", _("1 to 10 billion ₫ a year")
        OVER_10B = "ge10b", _("10 billion ₫ a year or more")

    unit = models.ForeignKey("units.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    path = models.CharField(max_length=255, editable=False, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    activity = models.CharField(_("what it does"), max_length=255, blank=True)
    founded_on = models.DateField(_("founded"))
    founders = models.ManyToManyField("members.Member", verbose_name=_("founders (members)"), blank=True,
                                      related_name="startups")
    products = models.ManyToManyField("products.Product", verbose_name=_("products"), blank=True,
                                      related_name="startups")
    project = models.ForeignKey(Project, verbose_name=_("project"), null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="startups")
    jobs_created = models.PositiveIntegerField(_("jobs created"), default=0)
    revenue_band = models.CharField(_("revenue"), max_length=8, choices=Revenue.choices, default=Revenue.NONE)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("startup")
        verbose_name_plural = _("startups")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="startup_name_required"),
            models.CheckConstraint(condition=Q(revenue_band__in=["none", "lt100m", "lt1b", "lt10b", "ge10b"]),
                                   name="startup_revenue_known"),
        ]

    def __str__(self):
        return self.name

    def get_additional_data(self):
        return {"unit_path": self.path}

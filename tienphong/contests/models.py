"""Idea and initiative contests: a contest of an organiser unit, its categories and rounds (submission →
preliminary review → final with presentations → results), a rubric per judged round (criteria, weights, a
0–10 or 0–100 scale, what each level means), entries (a draft until submitted before the deadline), a
jury per category that scores blind, and the results worked out by the written rules (ranking.py) and
kept per entry and round in `Result`, recomputed from that entry's score sheets on every score."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Contest(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for entries")
        JUDGING = "judging", _("Judging")
        APPROVED = "approved", _("Results approved")
        PUBLISHED = "published", _("Results published")

    unit = models.ForeignKey("units.OrgUnit", verbose_name=_("organiser"), on_delete=models.PROTECT,
                             related_name="contests")
    path = models.CharField(max_length=255, editable=False, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    theme = models.TextField(_("theme"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    age_min = models.PositiveSmallIntegerField(_("youngest age"), default=16)
    age_max = models.PositiveSmallIntegerField(_("oldest age"), default=35)
    members_only = models.BooleanField(_("union members only"), default=False)
    team_max = models.PositiveSmallIntegerField(_("largest team"), default=5,
                                                help_text=_("1 for individuals only."))
    # The written rules (ranking.py): drop the highest and lowest juror when at least this many scored.
    trim_from = models.PositiveSmallIntegerField(_("drop the highest and lowest score from"), default=5)
    # A juror whose total is this far (in points of the scale) from the others' mean is flagged.
    disagreement = models.DecimalField(_("flag a spread (standard deviation) over"), max_digits=5,
                                       decimal_places=2, default=1.5)
    prizes = models.TextField(_("prizes"), blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("contest")
        verbose_name_plural = _("contests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="contest_name_required"),
            models.CheckConstraint(condition=Q(age_min__lte=F("age_max")), name="contest_ages_in_order"),
            models.CheckConstraint(condition=Q(team_max__gte=1) & Q(team_max__lte=20), name="contest_team_1_20"),
            models.CheckConstraint(condition=Q(trim_from__gte=3), name="contest_trim_from_3"),
            models.CheckConstraint(condition=Q(status__in=["draft", "open", "judging", "approved", "published"]),
                                   name="contest_status_known"),
        ]

    def __str__(self):
        return self.name

    def get_additional_data(self):
        return {"unit_path": self.path}

    # --- QR target (the protocol of qr.targets.PublicTarget): a permanent /q/ code and its poster -----
    public_url_name = "visit_contest"

    def get_public_url(self) -> str:
        # The pk alone, no slug: a rename never breaks a printed code's redirect.
        return reverse(self.public_url_name, args=[self.pk])

    @property
    def public_title(self) -> str:
        return self.name

    @property
    def is_public(self) -> bool:
        """Its page is public once the contest leaves the draft."""
        return self.status != self.Status.DRAFT

    @property
    def commune_id(self):
        """Whose scans these are (qr.ShortCode.commune): the organiser unit, as an event's."""
        return self.unit_id

    @property
    def commune(self):
        """What the poster prints under the title: the organiser's union."""
        return self.unit


class Category(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["contest", "name"], name="contest_category_unique")]

    def __str__(self):
        return self.name


class Round(models.Model):
    class Kind(models.TextChoices):
        SUBMISSION = "submission", _("Submission")
        PRELIMINARY = "preliminary", _("Preliminary review")
        FINAL = "final", _("Final with presentations")
        RESULTS = "results", _("Results")

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="rounds")
    kind = models.CharField(_("round"), max_length=12, choices=Kind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    # Judged rounds: on a 0–10 or a 0–100 scale.
    scale = models.PositiveSmallIntegerField(_("scale"), default=10, choices=[(10, "0–10"), (100, "0–100")])

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["starts_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "kind"], name="contest_round_once"),
            models.CheckConstraint(condition=Q(starts_on__lte=F("ends_on")), name="contest_round_dates"),
            models.CheckConstraint(condition=Q(scale__in=[10, 100]), name="contest_round_scale"),
            models.CheckConstraint(condition=Q(kind__in=["submission", "preliminary", "final", "results"]),
                                   name="contest_round_kind_known"),
        ]

    def __str__(self):
        return self.get_kind_display()

    @property
    def judged(self) -> bool:
        return self.kind in (self.Kind.PRELIMINARY, self.Kind.FINAL)


class Criterion(models.Model):
    """One line of a judged round's rubric. The first one (by position) breaks ties (ranking.py)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=120)
    weight = models.PositiveSmallIntegerField(_("weight (%)"))
    levels = models.TextField(_("what each level means"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "name"], name="contest_criterion_unique"),
            models.CheckConstraint(condition=Q(weight__gte=1) & Q(weight__lte=100), name="contest_weight_1_100"),
        ]

    def __str__(self):
        return self.name


class Entry(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="entries")
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT,
                                 related_name="entries")
    # The entrant's unit (commune/branch): scope, and the jury's conflict rule (never their own unit).
    unit = models.ForeignKey("units.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="contest_entries")
    path = models.CharField(max_length=255, editable=False, db_index=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="contest_entries")
    # What jurors read: no names, no unit (blind until the results are published).
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("problem"))
    solution = models.TextField(_("solution"))
    beneficiaries = models.TextField(_("who benefits"), blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    # Who: the lead entrant and the team (names shown only after the results).
    lead_name = models.CharField(_("entrant"), max_length=120)
    lead_phone = models.CharField(_("phone"), max_length=20, blank=True)
    team = models.TextField(_("team members"), blank=True, help_text=_("One name per line."))
    people = models.PositiveSmallIntegerField(default=1, editable=False)  # the lead entrant and the team
    # Eligibility as the entrant declared it on the public form (views_public.py, services.entry_save_public).
    lead_birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    member_declared = models.BooleanField(_("declares being a union member"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    search_text = models.CharField(max_length=255, editable=False, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="contest_entry_title_required"),
            models.CheckConstraint(condition=Q(status__in=["draft", "submitted", "withdrawn"]),
                                   name="contest_entry_status_known"),
            models.CheckConstraint(condition=Q(status="draft") | Q(submitted_at__isnull=False),
                                   name="contest_entry_submitted_dated"),
        ]

    def __str__(self):
        return self.title

    @property
    def code(self) -> str:
        """What a juror calls the entry: a number, never a name."""
        return f"#{self.pk:04d}"

    def get_additional_data(self):
        return {"unit_path": self.path}


class Juror(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="jurors")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="juries")
    # The juror's own unit: they never score an entry from it or below it.
    unit = models.ForeignKey("units.OrgUnit", verbose_name=_("juror's unit"), on_delete=models.PROTECT,
                             related_name="+")
    categories = models.ManyToManyField(Category, verbose_name=_("categories"), related_name="jurors")
    declared_conflicts = models.ManyToManyField(Entry, verbose_name=_("declared conflicts"), blank=True,
                                                related_name="+")

    class Meta:
        verbose_name = _("juror")
        verbose_name_plural = _("jurors")
        constraints = [models.UniqueConstraint(fields=["contest", "user"], name="contest_juror_once")]


class Assignment(models.Model):
    """A juror's entry to score in a round: made by hand or automatically, never across a conflict."""

    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="assignments")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="assignments")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assignments")
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["juror", "entry", "round"], name="contest_assignment_once")]
        indexes = [models.Index(fields=["round", "entry"])]


class Score(models.Model):
    """One criterion of one score sheet (an assignment)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.DecimalField(max_digits=5, decimal_places=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="contest_score_once"),
            models.CheckConstraint(condition=Q(value__gte=0) & Q(value__lte=100), name="contest_score_0_100"),
        ]


class Result(models.Model):
    """An entry's standing in a judged round, recomputed from its score sheets whenever one changes, so
    the ranking is one ordered read: score desc, then the first criterion, then the final round."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="results")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="results")
    sheets = models.PositiveSmallIntegerField(default=0)  # complete score sheets counted
    score = models.FloatField(null=True)  # weighted mean on the round's scale, trimmed by the rules
    first_criterion = models.FloatField(null=True)  # the same mean on the rubric's first criterion
    spread = models.FloatField(null=True)  # standard deviation of the jurors' totals
    trimmed = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "round"], name="contest_result_once")]
        indexes = [models.Index(fields=["round", "score"])]


class Attachment(models.Model):
    """A file of an entry (a plan, slides, a photo): kept in the private storage (STORAGES["private"]),
    which no address serves; only the entrant's personal link hands it back (views_public.py).
    `file` is the storage name ("contests/<entry>/<uuid>.<ext>"), never the uploader's name."""

    entry = models.ForeignKey(Entry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="attachments")
    file = models.CharField(_("file"), max_length=200, unique=True, editable=False)
    original_name = models.CharField(_("file name"), max_length=150)
    size = models.PositiveIntegerField(_("size (bytes)"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self):
        return self.original_name


def _public_content_changed(sender, **kwargs):
    """What a visitor sees of a contest (its page, its /q/ code opening once out of the draft, the
    ranking once published) comes from these rows: clear the public pages' cache after the commit."""
    from tienphong.core.pagecache import public_content_changed

    public_content_changed()


for _model in (Contest, Category, Round, Criterion):
    models.signals.post_save.connect(_public_content_changed, sender=_model,
                                     dispatch_uid=f"contests.public.{_model.__name__}.saved")
    models.signals.post_delete.connect(_public_content_changed, sender=_model,
                                       dispatch_uid=f"contests.public.{_model.__name__}.deleted")

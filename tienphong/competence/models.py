"""A member's digital competence: dated self-assessments on the national framework (framework.py)
and the courses they attended outside the platform. Classes taught come from `literacy` (selectors).

Both hang on the member and are scoped through the member's path (a join on an indexed column): a
member who moves to another branch takes their history along, to the new commune's figures."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .framework import Area

LEVEL_FIELDS = tuple(Area.values)  # one column per area, named by the area's code


def _level(label):
    return models.PositiveSmallIntegerField(label)


class Assessment(models.Model):
    """One self-assessment on one day: the answers as given and the levels they give."""

    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.CASCADE,
                               related_name="assessments")
    taken_on = models.DateField(_("date"))
    data = _level(Area.DATA.label)
    communication = _level(Area.COMMUNICATION.label)
    content = _level(Area.CONTENT.label)
    safety = _level(Area.SAFETY.label)
    problems = _level(Area.PROBLEMS.label)
    ai = _level(Area.AI.label)
    overall = models.PositiveSmallIntegerField(_("overall level"))
    answers = models.JSONField(_("answers"), default=dict)  # {question code: level}
    # The member's newest assessment (kept by services): what "now" figures count.
    is_latest = models.BooleanField(default=True, editable=False)
    by_self = models.BooleanField(_("filled in by the member"), default=True)
    filled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("filled in by"), null=True,
                                  on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("digital competence self-assessment")
        verbose_name_plural = _("digital competence self-assessments")
        ordering = ["-taken_on", "-id"]
        indexes = [
            models.Index(fields=["is_latest", "member"], name="assessment_latest"),
            models.Index(fields=["taken_on"], name="assessment_day"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["member", "taken_on"], name="assessment_once_a_day"),
            models.UniqueConstraint(fields=["member"], condition=models.Q(is_latest=True),
                                    name="assessment_one_latest"),
            *[models.CheckConstraint(condition=models.Q(**{f"{f}__gte": 1, f"{f}__lte": 4}),
                                     name=f"assessment_{f}_1_to_4") for f in (*LEVEL_FIELDS, "overall")],
        ]

    def __str__(self):
        return f"{self.member} {self.taken_on:%d/%m/%Y}"

    def get_additional_data(self):
        return {"unit_path": self.member.path}

    @property
    def levels(self) -> list[tuple[str, int]]:
        """(area label, level) in the framework's order."""
        return [(Area(f).label, getattr(self, f)) for f in LEVEL_FIELDS]


class Course(models.Model):
    """A digital-skill training the member attended outside the platform's classes."""

    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.CASCADE,
                               related_name="courses")
    name = models.CharField(_("course"), max_length=200)
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    held_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    certificate = models.BooleanField(_("certificate received"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(hours__gt=0, hours__lte=2000), name="course_hours_positive"),
        ]

    def __str__(self):
        return self.name

    def get_additional_data(self):
        return {"unit_path": self.member.path}

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DigitalSkill(models.IntegerChoices):
    BASIC = 1, _("1 — Basic")
    USER = 2, _("2 — Confident user")
    HELPER = 3, _("3 — Can guide others")
    TRAINER = 4, _("4 — Trainer / specialist")


# The written meaning of each level: shown beside the field and in the import template.
DIGITAL_SKILL_MEANINGS = {
    DigitalSkill.BASIC: _("Uses a smartphone for calls, messages and Zalo; needs help with apps and online services."),
    DigitalSkill.USER: _("Installs apps and uses VNeID, online public services and cashless payment for themself."),
    DigitalSkill.HELPER: _("Guides citizens through VNeID level 2, online public service submissions and e-payment; spots scams."),
    DigitalSkill.TRAINER: _("Teaches digital-literacy classes, trains other volunteers and solves technical problems; IT background."),
}


# Still union members: the totals count them; "active" figures count ACTIVE only.
MEMBER_STATUSES = ("active", "away")


class Member(models.Model):
    class Gender(models.TextChoices):
        MALE = "male", _("Male")
        FEMALE = "female", _("Female")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        # Still a member (counted in the totals) but away for work: not counted as active.
        WORKING_AWAY = "away", _("Working away")
        MOVED = "moved", _("Transferred out")
        MATURED = "matured", _("Matured (over age)")
        LEFT = "left", _("Left")

    full_name = models.CharField(_("full name"), max_length=120)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=15, blank=True)
    email = models.EmailField(_("email"), blank=True)
    branch = models.ForeignKey(
        "units.OrgUnit", verbose_name=_("branch"), on_delete=models.PROTECT, related_name="members",
        limit_choices_to={"kind": "branch"},
    )
    # Copied from the branch so that scope and per-commune counts need no join.
    commune = models.ForeignKey(
        "units.OrgUnit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+",
        null=True, editable=False,
    )
    path = models.CharField(max_length=255, editable=False)
    joined_on = models.DateField(_("date joined the Union"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    is_core = models.BooleanField(_("core member"), default=False,
                                  help_text=_("A 'hạt nhân': a member others rely on for digital work."))
    # When and by whom the member was chosen as core (services.member_set_core); empty for a member
    # who is not core, and for core members recorded before the date was kept.
    core_since = models.DateField(_("core member since"), null=True, blank=True)
    core_chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("chosen as core by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    digital_skill = models.PositiveSmallIntegerField(
        _("digital skill"), choices=DigitalSkill.choices, default=DigitalSkill.BASIC
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="member",
    )
    search_text = models.CharField(max_length=255, editable=False, default="")
    sort_key = models.CharField(max_length=255, editable=False, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["sort_key", "id"]
        indexes = [
            models.Index(fields=["path", "sort_key"], name="member_path_sort"),
            models.Index(fields=["commune", "status"], name="member_commune_status"),
            models.Index(fields=["sort_key", "id"], name="member_sort"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["commune", "phone"], condition=~models.Q(phone=""),
                                    name="member_phone_unique_in_commune"),
            models.UniqueConstraint(fields=["commune", "email"], condition=~models.Q(email=""),
                                    name="member_email_unique_in_commune"),
            models.CheckConstraint(condition=models.Q(digital_skill__gte=1, digital_skill__lte=4),
                                   name="member_digital_skill_1_to_4"),
            models.CheckConstraint(condition=models.Q(gender__in=["male", "female", "other"]),
                                   name="member_gender_known"),
            models.CheckConstraint(condition=models.Q(status__in=["active", "away", "moved", "matured", "left"]),
                                   name="member_status_known"),
            models.CheckConstraint(condition=models.Q(is_core=True)
                                   | models.Q(core_since__isnull=True, core_chosen_by__isnull=True),
                                   name="member_core_since_only_if_core"),
        ]

    def __str__(self):
        return self.full_name

    def get_additional_data(self):
        return {"unit_path": self.path}

    @property
    def digital_skill_meaning(self):
        return DIGITAL_SKILL_MEANINGS.get(self.digital_skill, "")

from django.db import models
from django.utils.translation import gettext_lazy as _


class Team(models.Model):
    class Kind(models.TextChoices):
        COMMUNITY_TECH = "community_tech", _("Community digital-technology team")
        VOLUNTEER = "volunteer", _("Volunteer youth team")

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    commune = models.ForeignKey("units.OrgUnit", verbose_name=_("commune"), on_delete=models.PROTECT,
                                related_name="teams", limit_choices_to={"kind": "commune"})
    # Copied from the commune: scope filters need no join.
    path = models.CharField(max_length=255, editable=False, db_index=True)
    service_point = models.ForeignKey(
        "units.OrgUnit", verbose_name=_("service point"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="service_teams", limit_choices_to={"kind": "service_point"},
    )
    leader = models.ForeignKey("members.Member", verbose_name=_("leader"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="led_teams")
    members = models.ManyToManyField("members.Member", through="TeamMembership", related_name="teams",
                                     verbose_name=_("members"))
    active = models.BooleanField(_("active"), default=True)
    search_text = models.CharField(max_length=255, editable=False, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "kind", "name"], name="team_name_unique_in_commune"),
            models.CheckConstraint(condition=models.Q(kind__in=["community_tech", "volunteer"]),
                                   name="team_kind_known"),
        ]

    def __str__(self):
        return self.name

    def get_additional_data(self):
        return {"unit_path": self.path}


class TeamMembership(models.Model):
    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.CASCADE,
                               related_name="team_memberships")
    joined_on = models.DateField(_("joined on"), auto_now_add=True)

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        constraints = [models.UniqueConstraint(fields=["team", "member"], name="team_member_once")]

    def __str__(self):
        return f"{self.member} — {self.team}"

    def get_additional_data(self):
        return {"unit_path": self.team.path}

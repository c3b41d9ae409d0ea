"""The minimal citizen profile shared by support records and class attendees: no names, no ID numbers."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgeBand(models.TextChoices):
    UNDER_18 = "u18", _("Under 18")
    AGE_18_35 = "18-35", _("18–35")
    AGE_36_59 = "36-59", _("36–59")
    AGE_60_PLUS = "60+", _("60 and over")


class CitizenGroup(models.TextChoices):
    """Who a support entry helped, when they belong to a group the reports follow (none, one or several)."""

    ELDERLY = "elderly", _("Elderly")
    DISABILITY = "disability", _("Person with a disability")
    ETHNIC_MINORITY = "ethnic_minority", _("Ethnic minority")
    HOUSEHOLD_BUSINESS = "household_business", _("Household business")


def join_groups(codes) -> str:
    """Group codes as stored: known codes once each, in the fixed order, joined by commas."""
    wanted = set(codes)
    return ",".join(code for code in CitizenGroup.values if code in wanted)


def split_groups(text: str) -> list[str]:
    return [code for code in (text or "").split(",") if code]


def all_group_sets() -> list[str]:
    """Every value `join_groups` can give (16 for four groups): what the database accepts."""
    codes = CitizenGroup.values
    return [join_groups(c for i, c in enumerate(codes) if mask >> i & 1) for mask in range(2 ** len(codes))]


class CitizenGender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")

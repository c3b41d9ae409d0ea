"""The minimal citizen profile shared by support records and class attendees: no names, no ID numbers."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgeBand(models.TextChoices):
    UNDER_18 = "u18", _("Under 18")
    AGE_18_35 = "18-35", _("18–35")
    AGE_36_59 = "36-59", _("36–59")
    AGE_60_PLUS = "60+", _("60 and over")


class CitizenGender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")

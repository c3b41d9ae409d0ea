from django.db import models
from django.utils.translation import gettext_lazy as _


class PublishStatus(models.TextChoices):
    """Whether visitors see a public page (a place, a product, a producer): a draft's page does not exist."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")

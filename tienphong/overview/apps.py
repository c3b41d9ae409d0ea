from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverviewConfig(AppConfig):
    """The home page: a unit and its counts. Reads members and teams; nothing imports it."""

    name = "tienphong.overview"
    label = "overview"
    verbose_name = _("Overview")

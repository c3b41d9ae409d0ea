from django.urls import include, path

from .api import api
from .support.views import service_worker

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("tienphong.overview.urls")),
    path("", include("tienphong.core.urls")),
    path("", include("tienphong.accounts.urls")),
    path("members/", include("tienphong.members.urls")),
    path("teams/", include("tienphong.teams.urls")),
    path("places/", include("tienphong.places.urls")),
    path("support/", include("tienphong.support.urls")),
    path("classes/", include("tienphong.literacy.urls")),
    path("campaigns/", include("tienphong.campaigns.urls")),
    path("reports/", include("tienphong.reports.urls")),
    path("api/v1/", api.urls),
    path("sw.js", service_worker, name="service_worker"),
]

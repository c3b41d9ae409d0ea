from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("tienphong.overview.urls")),
    path("", include("tienphong.core.urls")),
    path("", include("tienphong.accounts.urls")),
    path("members/", include("tienphong.members.urls")),
    path("teams/", include("tienphong.teams.urls")),
]

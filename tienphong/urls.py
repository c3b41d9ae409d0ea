from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve

from .api import api
from .support.views import service_worker

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("tienphong.overview.urls")),
    path("", include("tienphong.core.urls")),
    path("", include("tienphong.accounts.urls")),
    path("members/", include("tienphong.members.urls")),
    path("teams/", include("tienphong.teams.urls")),
    # Staff pages under places/ and products/, public pages under visit/ (each app's urls.py has both).
    path("", include("tienphong.places.urls")),
    path("", include("tienphong.products.urls")),
    path("", include("tienphong.qr.urls")),
    path("support/", include("tienphong.support.urls")),
    path("classes/", include("tienphong.literacy.urls")),
    path("campaigns/", include("tienphong.campaigns.urls")),
    path("reports/", include("tienphong.reports.urls")),
    path("api/v1/", api.urls),
    path("sw.js", service_worker, name="service_worker"),
]

if settings.SERVE_MEDIA:
    # Photos and audio guides; a phone keeps them a day (their names never change once stored).
    from django.views.decorators.cache import cache_control

    @cache_control(public=True, max_age=86400)
    def media(request, path):
        return serve(request, path, document_root=settings.MEDIA_ROOT)

    urlpatterns.append(re_path(r"^media/(?P<path>.*)$", media, name="media"))

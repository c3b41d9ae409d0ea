from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve

from .api import api
from .places.urls import public_urlpatterns as place_pages
from .products.urls import public_urlpatterns as product_pages
from .qr.urls import public_urlpatterns as scans
from .support.views import service_worker

urlpatterns = [
    # What visitors load, first: the resolver tries patterns in order.
    *scans,
    *place_pages,
    *product_pages,
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("tienphong.overview.urls")),
    path("", include("tienphong.core.urls")),
    path("", include("tienphong.accounts.urls")),
    path("members/", include("tienphong.members.urls")),
    path("teams/", include("tienphong.teams.urls")),
    # Staff pages of places/, products/ and qr/; their public pages are above.
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

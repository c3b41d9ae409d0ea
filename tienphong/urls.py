from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve

from .api import api
from .places.urls import public_urlpatterns as place_pages
from .products.urls import public_urlpatterns as product_pages
from .qr.urls import public_urlpatterns as scans
from .events.urls import public_urlpatterns as event_pages
from .exhibition.urls import public_urlpatterns as exhibition_pages
from .campaigns.urls import public_urlpatterns as work_pages
from .contests.urls_public import urlpatterns as contest_pages
from .ecosystem.urls_public import urlpatterns as ecosystem_pages
from .support.views import service_worker

urlpatterns = [
    # What visitors load, first: the resolver tries patterns in order.
    *scans,
    *place_pages,
    *product_pages,
    *work_pages,
    *exhibition_pages,
    *event_pages,
    *contest_pages,
    *ecosystem_pages,
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("tienphong.overview.urls")),
    path("", include("tienphong.core.urls")),
    path("", include("tienphong.accounts.urls")),
    path("members/", include("tienphong.members.urls")),
    path("tree/", include("tienphong.units.urls")),
    path("tree/", include("tienphong.units.import_urls")),  # tree/import/, tree/export/
    path("teams/", include("tienphong.teams.urls")),
    # Staff pages of places/, products/ and qr/; their public pages are above.
    path("", include("tienphong.places.urls")),
    path("", include("tienphong.products.urls")),
    path("", include("tienphong.qr.urls")),
    path("support/", include("tienphong.support.urls")),
    path("classes/", include("tienphong.literacy.urls")),
    path("campaigns/", include("tienphong.campaigns.urls")),
    path("partners/", include("tienphong.partners.urls")),
    path("reports/", include("tienphong.reports.urls")),
    path("competence/", include("tienphong.competence.urls")),
    path("events/", include("tienphong.events.urls")),
    path("contests/", include("tienphong.contests.urls")),
    path("ecosystem/", include("tienphong.ecosystem.urls")),
    path("jury/", include("tienphong.contests.urls_jury")),
    path("", include("tienphong.exhibition.urls")),  # events/<pk>/exhibition/
    path("api/v1/", api.urls),
    path("sw.js", service_worker, name="service_worker"),
]

if settings.SERVE_MEDIA:
    # Photos and audio guides; a phone keeps them a day (their names never change once stored).
    # Only files inside MEDIA_ROOT, never imports/ (where an earlier version kept pending member
    # workbooks; they now live in the private storage, STORAGES["private"]): anything else is a 404.
    import posixpath

    from django.core.exceptions import SuspiciousFileOperation
    from django.http import Http404
    from django.utils.cache import patch_cache_control

    def media(request, path):
        if posixpath.normpath(path.replace("\\", "/")).lstrip("/").split("/", 1)[0] == "imports":
            raise Http404
        try:
            response = serve(request, path, document_root=settings.MEDIA_ROOT)
        except SuspiciousFileOperation:  # "../" and the like, out of MEDIA_ROOT
            raise Http404 from None
        patch_cache_control(response, public=True, max_age=86400)
        return response

    urlpatterns.append(re_path(r"^media/(?P<path>.*)$", media, name="media"))

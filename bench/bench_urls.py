"""The product's URLs plus /bench/bare/: the cheapest Django view, served by the same app.

It goes through the same middleware (session, auth, CSRF, locale, htmx, auditlog) as every
product page, so the ratio list/bare measures what the member list itself costs.
"""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("", include("tienphong.urls")),
]

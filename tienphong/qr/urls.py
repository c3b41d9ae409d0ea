from django.urls import path, re_path

from . import views

# A scan: `/q/<code>` and `/Q/<code>` (printed in upper case: a smaller QR code); codes ignore case.
# First in the root URLconf, with the public pages.
public_urlpatterns = [
    re_path(r"^[qQ]/(?P<code>[0-9A-Za-z]{1,12})/?$", views.scan, name="qr_scan"),
]

urlpatterns = [
    path("qr/<str:code>.png", views.code_png, name="qr_png"),
    path("qr/<str:code>.svg", views.code_svg, name="qr_svg"),
    path("qr/<str:code>/poster.pdf", views.code_poster, name="qr_poster"),
]

"""Public pages of contests: the contest page (behind its /q/ code), the entry form and the entrant's link."""

from django.urls import path

from . import views_public as views

urlpatterns = [
    path("visit/contest/<int:pk>/", views.visit_contest, name="visit_contest"),
    path("visit/contest/<int:pk>/enter/", views.contest_enter, name="contest_enter"),
    # The entrant's personal link: the entry's token, signed (services.entry_link_value).
    path("visit/contest/entry/<str:key>/", views.contest_entry, name="contest_entry"),
    path("visit/contest/entry/<str:key>/files/<int:file_pk>/", views.entry_file, name="contest_entry_file"),
    path("visit/contest/entry/<str:key>/files/<int:file_pk>/delete/", views.entry_file_delete,
         name="contest_entry_file_delete"),
]

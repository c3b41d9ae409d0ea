"""A juror's pages (/jury/...): the entries to score, blind, and the score sheet on a phone."""

from django.urls import path

from . import views_jury

urlpatterns = [
    path("", views_jury.jury_home, name="jury_home"),
    path("rounds/<int:pk>/", views_jury.jury_round, name="jury_round"),
    path("sheets/<int:pk>/", views_jury.jury_sheet, name="jury_sheet"),
]

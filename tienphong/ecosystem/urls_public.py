"""The ecosystem's page for entrants (no account): ask an expert, from the entry's personal link."""

from django.urls import path

from . import views_public

urlpatterns = [
    path("visit/contest/entry/<str:key>/expert/", views_public.ask_expert, name="entry_ask_expert"),
]

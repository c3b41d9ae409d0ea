"""Routes of the event's people pages (included by urls.py): the participants' Excel import, export and
template, and the badge sheets with their background jobs."""

from django.urls import path

from . import people

urlpatterns = [
    path("<int:pk>/participants/import/", people.event_import, name="event_import"),
    path("<int:pk>/participants/import/template.xlsx", people.event_import_template, name="event_import_template"),
    path("<int:pk>/participants/export.xlsx", people.event_export, name="event_export"),
    # The import framework returns here after a cancel (?unit=<event>): on to that event's import page.
    path("participants/import/", people.event_import_return, name="event_import_return"),
    path("<int:pk>/badges/", people.event_badges, name="event_badges"),
    path("<int:pk>/badges/jobs/<uuid:job_id>/", people.event_badges_job, name="event_badges_job"),
    path("<int:pk>/badges/jobs/<uuid:job_id>/badges.pdf", people.event_badges_file, name="event_badges_file"),
]
public_urlpatterns = []

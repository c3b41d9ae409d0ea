from django.urls import path

from . import views

# Staff (login, scoped): the organiser's picks for an event's gallery. Include at the site root.
urlpatterns = [
    path("events/<int:pk>/exhibition/", views.event_exhibition, name="event_exhibition"),
]

# Public pages, no login (first in the root URLconf).
public_urlpatterns = [
    path("visit/exhibition/", views.gallery, name="exhibition"),
    path("e/<int:pk>/exhibition/", views.event_gallery, name="event_gallery"),
]

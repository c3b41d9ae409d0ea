"""Routes of the event's kiosk pages (included by urls.py): the check-in kiosk, its search by name and the
attendance board. The kiosk's check-ins and the board's figures go through the API (api.py)."""

from django.urls import path

from . import kiosk

urlpatterns = [
    path("<int:pk>/kiosk/", kiosk.kiosk, name="event_kiosk"),
    path("<int:pk>/kiosk/search", kiosk.kiosk_search, name="event_kiosk_search"),
    path("<int:pk>/board/", kiosk.board, name="event_board"),
]
public_urlpatterns = []

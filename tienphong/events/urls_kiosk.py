"""Routes of the event's kiosk pages (included by urls.py)."""

urlpatterns = []
public_urlpatterns = []

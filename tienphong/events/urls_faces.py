"""Routes of the event's faces pages (included by urls.py)."""

urlpatterns = []
public_urlpatterns = []

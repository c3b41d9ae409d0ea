"""Routes of the event's people pages (included by urls.py)."""

urlpatterns = []
public_urlpatterns = []

"""The JSON API (django-ninja, OpenAPI at /api/v1/docs): session-authenticated and scoped like the pages.

Each app contributes a router from its own `api.py`; this module only assembles them.
"""

from django.db import DatabaseError, InterfaceError, OperationalError
from ninja import NinjaAPI
from ninja.security import django_auth

api = NinjaAPI(
    title="Tiên Phong API",
    version="1",
    urls_namespace="api",
    auth=django_auth,
    docs_url="/docs",
)

from tienphong.support.api import router as support_router  # noqa: E402

from tienphong.reports.api import router as reports_router  # noqa: E402

api.add_router("/support", support_router)
api.add_router("/reports", reports_router)


@api.exception_handler(DatabaseError)
def database_unavailable(request, exc):
    """The database is restarting or unreachable: nothing was stored; the phone should try again soon."""
    if not isinstance(exc, (OperationalError, InterfaceError)):
        raise exc
    response = api.create_response(request, {"detail": "database_unavailable"}, status=503)
    response["Retry-After"] = "5"
    return response

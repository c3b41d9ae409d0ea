"""The JSON API (django-ninja, OpenAPI at /api/v1/docs): session-authenticated and scoped like the pages.

Each app contributes a router from its own `api.py`; this module only assembles them. Every answer is
JSON: what the API's handlers do not catch (a database outage met by the session middleware, an
unknown address) is answered by `tienphong.core.apierrors.ApiErrorMiddleware`.
"""

from django.db import DatabaseError
from ninja import NinjaAPI
from ninja.security import SessionAuth

from tienphong.core.apierrors import is_outage, outage_response


class Session(SessionAuth):
    """Django's session cookie, with the CSRF header for writes.

    No session (or an expired one) answers 401 before the CSRF check, which would otherwise answer a
    caller that is not logged in at all with 403; a logged-in call without the CSRF header stays 403."""

    def __call__(self, request):
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


class TienPhongAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        from tienphong.support.api import publish_service_codes

        publish_service_codes(schema)
        return schema


api = TienPhongAPI(
    title="Tiên Phong API",
    version="1",
    urls_namespace="api",
    auth=Session(),
    docs_url="/docs",
)

from tienphong.support.api import router as support_router  # noqa: E402

from tienphong.reports.api import router as reports_router  # noqa: E402
from tienphong.events.api import router as events_router  # noqa: E402
from tienphong.events.face_api import router as events_face_router  # noqa: E402

api.add_router("/support", support_router)
api.add_router("/reports", reports_router)
api.add_router("/events", events_router)
api.add_router("/events-face", events_face_router)


@api.exception_handler(DatabaseError)
def database_unavailable(request, exc):
    """The database is restarting or unreachable: nothing was stored; the phone should try again soon."""
    if not is_outage(exc):
        raise exc
    return outage_response()

"""Every answer under /api/ is JSON, whatever failed and wherever it failed.

The API's own exception handlers only see what its views raise. A database outage is usually met
earlier: the session and the user are loaded by middleware (sessions, auth, the audit log) before
any view runs, and Django turns such an exception into its HTML error page. A phone's offline queue
cannot read that page, so it cannot tell "try again soon" from "this entry is wrong".

`ApiErrorMiddleware` sits near the top of MIDDLEWARE. For a path under API_PREFIX it

- refuses a body larger than API_MAX_BODY_BYTES at once (413), before anything reads it, and a body
  that is not JSON (415);
- answers a database outage (OperationalError, InterfaceError) raised anywhere below it — in a
  middleware, a view or while saving the session — with 503 and Retry-After;
- turns any other error page (a 500, Django's HTML 404, a CSRF 403…) into JSON `{"detail": code}`.

Django converts each middleware's exception into a response right where it happens, so the
exception itself is caught through `got_request_exception` (sent while it is being handled) and
remembered on the request; the middleware then rewrites the HTML page it gets back.
"""

import logging

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from ninja import Schema

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
RETRY_AFTER_SECONDS = 5
OUTAGES = (OperationalError, InterfaceError)
CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "request_too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
    503: "service_unavailable",
}
_SEEN = "_api_error"
BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class ErrorOut(Schema):
    """Every error answer: a code (`database_unavailable`, `not_found`…), a reason, or, for a request
    that does not match the schema (422), the list of what is wrong where."""

    detail: str | list[dict]


# The error answers an API operation documents (its `response=` mapping adds its own 200).
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 413: ErrorOut, 415: ErrorOut,
          422: ErrorOut, 503: ErrorOut}


def is_api(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


def outage_response() -> JsonResponse:
    """Nothing was stored: the client should send the same request again shortly."""
    response = JsonResponse({"detail": "database_unavailable"}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def error_response(status: int) -> JsonResponse:
    if status >= 500 and status != 503:
        return JsonResponse({"detail": "server_error"}, status=500)
    return JsonResponse({"detail": CODES.get(status, "error")}, status=status)


def is_outage(exc: BaseException | None) -> bool:
    # psycopg wraps a lost connection in OperationalError; a closed one reads as InterfaceError.
    while exc is not None:
        if isinstance(exc, OUTAGES):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _remember(sender, request=None, **kwargs):
    """Sent by Django while it handles an uncaught exception: keep it for the middleware above."""
    import sys

    if request is not None and is_api(request):
        setattr(request, _SEEN, sys.exc_info()[1])


got_request_exception.connect(_remember, dispatch_uid="tienphong.core.apierrors")


def _max_body() -> int:
    return getattr(settings, "API_MAX_BODY_BYTES", 2 * 1024 * 1024)


class ApiErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_api(request):
            return self.get_response(request)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return error_response(400)
        if length > _max_body():
            return error_response(413)
        if request.method in BODY_METHODS and length and request.content_type != "application/json":
            # The API reads JSON only; a form body would be parsed (and could fail) before any view runs.
            return error_response(415)
        try:
            response = self.get_response(request)
        except Exception as exc:  # only reached when nothing below converted it
            response = self._for_exception(request, exc)
        return self._as_json(request, response)

    def process_exception(self, request, exception):
        """A view's exception (the API's handlers re-raise what they do not know)."""
        if is_api(request):
            return self._for_exception(request, exception)
        return None

    def _for_exception(self, request, exc):
        if is_outage(exc):
            logger.warning("API %s %s: database unavailable: %s", request.method, request.path, exc)
            return outage_response()
        logger.error("API %s %s failed", request.method, request.path, exc_info=exc)
        return error_response(500)

    def _as_json(self, request, response):
        exc = getattr(request, _SEEN, None)
        if exc is not None and response.status_code >= 500:
            return outage_response() if is_outage(exc) else error_response(500)
        if response.status_code < 400 or _is_json(response):
            return response
        answer = error_response(response.status_code)
        for header in ("Allow", "Retry-After", "WWW-Authenticate"):
            if header in response:
                answer[header] = response[header]
        return answer


def _is_json(response) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip() == "application/json"

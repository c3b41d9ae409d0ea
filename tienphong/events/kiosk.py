"""The check-in kiosk and the attendance board (thin views: scope, one read, render).

The kiosk is a phone at a connection point's door: it reads badges through the camera or a USB scanner
and checks people in by name; every check-in goes through the phone's queue to the sync API (api.py),
so the kiosk keeps working with no signal. The board is for a projector: it asks the API for its figures
every few seconds. Both are for whoever `selectors.event_for_kiosk` allows (404 to anyone else); a host
works at, and sees, their own point.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from tienphong.core.scope import get_scope

from . import selectors, services
from .api import board_data, local_hm

SEARCH_LIMIT = 20


def _for_kiosk(request, pk):
    scope = get_scope(request)
    event, points = selectors.event_for_kiosk(scope=scope, user=request.user, pk=pk)
    return event, points, scope.allows(event.path, "check_in")


def _session(event, value):
    """The session asked for (?session=), else the one under way."""
    if value and str(value).isdigit():
        session = event.sessions.filter(pk=value).first()
        if session:
            return session
    return services.current_session(event)


def _point(points, value):
    """The point asked for (?point=), the only one the user may use, or None (the chooser)."""
    if value:
        point = next((p for p in points if str(p.pk) == value), None)
        if point is None:
            raise Http404
        return point
    return points[0] if len(points) == 1 else None


@login_required
def kiosk(request, pk):
    event, points, _everywhere = _for_kiosk(request, pk)
    point = _point(points, request.GET.get("point"))
    if point is None:
        return render(request, "events/kiosk_points.html", {"nav": "events", "event": event, "points": points})
    sessions = list(event.sessions.all())
    current = _session(event, request.GET.get("session"))
    config = {
        "event": event.pk, "point": point.pk, "session": current.pk,
        "api": reverse("api:event_checkin_sync", kwargs={"event_id": event.pk}),
        "search": reverse("event_kiosk_search", args=[event.pk]),
        "texts": {
            "waiting": _("Waiting to be sent (%(n)s)"),
            "login": _("Log in again to send the waiting check-ins."),
            "refused": _("Not accepted by the server."),
            "no_camera": _("This phone's camera cannot be opened here: use the scanner field."),
            "camera_on": _("Point the camera at the badge's QR code."),
            "check_in": _("Check in"),
            "already": _("already checked in at %(time)s"),
            "none_found": _("Nobody found with this name."),
        },
    }
    return render(request, "events/kiosk.html", {
        "nav": "events", "event": event, "point": point, "points": points, "sessions": sessions,
        "session": current, "config": config,
        "decoder": "reports/vendor/jsqr/jsQR.js",
    })


@login_required
def kiosk_search(request, pk):
    """Participants by name (diacritics ignored) for a check-in by name: JSON for the kiosk's list.
    A host finds the people of their own point."""
    event, points, everywhere = _for_kiosk(request, pk)
    q = (request.GET.get("q") or "").strip()[:100]
    rows = []
    if len(q) >= 2:
        people = selectors.participants(event=event, q=q)
        if not everywhere:
            people = people.filter(point__in=points)
        session = _session(event, request.GET.get("session"))
        found = list(people.order_by("full_name", "id")[:SEARCH_LIMIT])
        came = dict(session.checkins.filter(participant__in=found).values_list("participant_id", "at"))
        rows = [{"id": p.pk, "name": p.full_name, "delegation": p.delegation, "seat": p.seat,
                 "organisation": p.organisation, "checked_in_at": local_hm(came.get(p.pk))} for p in found]
    response = JsonResponse({"q": q, "results": rows}, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


@login_required
def board(request, pk):
    """The attendance board: projector-sized, refreshing itself from the API."""
    event, points, everywhere = _for_kiosk(request, pk)
    session = _session(event, request.GET.get("session"))
    data = board_data(event=event, session=session, points=None if everywhere else points)
    config = {
        "api": reverse("api:event_board_data", kwargs={"event_id": event.pk}), "session": session.pk,
        "every": 5, "texts": {"stale": _("Connection lost: figures as of %(time)s; trying again…"),
                              "updated": _("Updated at %(time)s")},
    }
    return render(request, "events/board.html", {
        "event": event, "sessions": list(event.sessions.all()), "session": session, "data": data,
        "config": config, "points": points if not everywhere else None,
        "kiosk_url": reverse("event_kiosk", args=[event.pk]),
    })

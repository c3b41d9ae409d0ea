"""Login lockouts (django-axes, configured in settings.py): what axes needs from us and what we read back.

Axes counts wrong passwords per (username, client address) in its AccessAttempt table; a pair with
AXES_FAILURE_LIMIT failures, the last one less than AXES_COOLOFF_TIME ago, is locked out.
"""

import datetime as dt
from dataclasses import dataclass

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone


def username_of(request, credentials) -> str | None:
    """The username axes counts: as the login form would match it (no spaces, lower case; accounts
    are made lower case), so "BiThu.PhuLy " gives a guesser no fresh tries."""
    if credentials:
        value = credentials.get("username")
    else:
        value = getattr(request, "POST", {}).get("username")
    return value.strip().lower() if isinstance(value, str) else value


def cool_off() -> dt.timedelta:
    return get_cool_off()


@dataclass(frozen=True)
class Lockout:
    username: str
    ip_address: str
    failures: int
    since: dt.datetime  # the failure that reached the limit
    until: dt.datetime


def active_lockouts(now=None) -> list[Lockout]:
    """Pairs locked out right now, the latest first."""
    now = now or timezone.now()
    period = cool_off()
    rows = (AccessAttempt.objects.filter(attempt_time__gt=now - period)
            .values("username", "ip_address")
            .annotate(failures=Sum("failures_since_start"), since=Max("attempt_time"))
            .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
            .order_by("-since", "username"))
    return [Lockout(username=r["username"] or "", ip_address=r["ip_address"] or "", failures=r["failures"],
                    since=r["since"], until=r["since"] + period) for r in rows]


def lockout_until(request, credentials=None) -> dt.datetime | None:
    """When the pair behind this request may try again (None when it is not locked)."""
    username = get_client_username(request, credentials)
    address = getattr(request, "axes_ip_address", None)
    last = (AccessAttempt.objects.filter(username=username, ip_address=address)
            .aggregate(last=Max("attempt_time"))["last"])
    return last + cool_off() if last else None

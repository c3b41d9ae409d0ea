"""Reads for support records: the commune list with its totals, and a volunteer's own day."""

import datetime as dt

from django.db.models import Count, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import SupportRecord


def visible_records_q(scope, user) -> Q:
    """Officers see their subtree; everyone sees what they entered themselves."""
    return scope.q("path") | Q(created_by=user)


def record_list(*, scope, user, unit=None, date_from=None, date_to=None, service: str = "", setting: str = "",
                mine: bool = False) -> QuerySet[SupportRecord]:
    qs = SupportRecord.objects.filter(visible_records_q(scope, user))
    if unit is not None:
        qs = qs.filter(scope.unit_q(unit, "path"))
    if date_from:
        qs = qs.filter(occurred_at__gte=_start(date_from))
    if date_to:
        qs = qs.filter(occurred_at__lt=_start(date_to + dt.timedelta(days=1)))
    if service:
        qs = qs.filter(services__code=service)
    if setting:
        qs = qs.filter(setting=setting)
    if mine:
        qs = qs.filter(created_by=user)
    return qs.order_by("-occurred_at", "-id")


def record_totals(qs: QuerySet[SupportRecord]) -> dict:
    """Entries, citizen-turns and volunteer-turns of a filtered list: two aggregate queries."""
    ids = qs.order_by().values("pk")
    totals = SupportRecord.objects.filter(pk__in=ids).aggregate(entries=Count("pk"), turns=Sum("people"))
    totals["volunteer_turns"] = SupportRecord.volunteers.through.objects.filter(supportrecord_id__in=ids).count()
    totals["turns"] = totals["turns"] or 0
    return totals


def record_get(*, scope, user, pk: int) -> SupportRecord:
    return get_object_or_404(SupportRecord.objects.filter(visible_records_q(scope, user))
                             .select_related("unit", "team", "place", "created_by"), pk=pk)


def with_lists(qs):
    return qs.select_related("unit", "team", "created_by").prefetch_related("services")


def my_day(user, day: dt.date | None = None) -> QuerySet[SupportRecord]:
    day = day or timezone.localdate()
    return with_lists(SupportRecord.objects.filter(
        created_by=user, occurred_at__gte=_start(day), occurred_at__lt=_start(day + dt.timedelta(days=1))))


def recent_places(user, limit: int = 5) -> list[str]:
    """The last distinct village/address notes `user` entered, newest first: one-tap choices on the phone."""
    places: list[str] = []
    notes = (SupportRecord.objects.filter(created_by=user).exclude(place_note="")
             .order_by("-created_at", "-id").values_list("place_note", flat=True)[:50])
    for note in notes:
        if note not in places:
            places.append(note)
            if len(places) == limit:
                break
    return places


def _start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))

"""Reads of the partner register, always through the viewer's scope (an outsider's partner is a 404)."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from tienphong.core.text import words_q

from .models import Partner, province_path


def visible(scope):
    """Partners kept at or above the viewer's units (their province's, their commune's) and below them."""
    return Partner.objects.filter(scope.around_q("path", "view"))


def partner_list(*, scope, q: str = "", kind: str = "", active: bool | None = True):
    rows = visible(scope).select_related("unit")
    if q:
        rows = rows.filter(words_q(q))
    if kind:
        rows = rows.filter(kind=kind)
    if active is not None:
        rows = rows.filter(active=active)
    return rows.order_by("name", "id")


def partner_get(*, scope, pk) -> Partner:
    return get_object_or_404(visible(scope).select_related("unit"), pk=pk)


def of_province(path: str, *, also=()):
    """The partners a record at `path` may name: the active ones of its province, plus those it names already."""
    ours = Q(path__startswith=province_path(path), active=True)
    return Partner.objects.filter(ours | Q(pk__in=[p.pk for p in also])).order_by("name", "id")

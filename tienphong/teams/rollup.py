"""Current team counts per commune for the dashboards (see tienphong.rollups): active teams by
kind, and whether the commune has at least one (coverage: the province total counts communes)."""

from django.db.models import Count

from tienphong.rollups import services as rollups

from .models import Team

TEAMS = "teams"
COVERED = "communes_covered"
INDICATORS = (TEAMS, COVERED)


def count(unit_ids: list[int]):
    rows = (Team.objects.filter(active=True, commune_id__in=unit_ids).order_by()
            .values_list("commune_id", "kind").annotate(n=Count("id")))
    covered = set()
    for commune, kind, n in rows:
        covered.add(commune)
        yield commune, TEAMS, kind, n
    for commune in covered:
        yield commune, COVERED, "", 1


def refresh(commune_ids) -> None:
    ids = {u for u in commune_ids if u}
    if ids:
        rollups.stock_recount(indicators=INDICATORS, unit_ids=ids, count=count)

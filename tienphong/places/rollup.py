"""Current place counts per commune for the dashboards (see tienphong.rollups): places in use, by
kind (the key) — public wifi points and digital libraries at village culture houses among them."""

from django.db.models import Count

from tienphong.rollups import services as rollups

from .models import Place

PLACES = "places"
INDICATORS = (PLACES,)


def count(unit_ids: list[int]):
    rows = (Place.objects.filter(active=True, commune_id__in=unit_ids).order_by()
            .values_list("commune_id", "kind").annotate(n=Count("id")))
    for commune, kind, n in rows:
        yield commune, PLACES, kind, n


def refresh(commune_ids) -> None:
    ids = {u for u in commune_ids if u}
    if ids:
        rollups.stock_recount(indicators=INDICATORS, unit_ids=ids, count=count)

"""Current place counts per commune for the dashboards (see tienphong.rollups): places in use, by
kind (the key) — public wifi points and digital libraries at village culture houses among them.

Kept by signals on Place (any save or delete recounts the communes it was and is in), since places are
also written outside this app's services (the QR moves, fixtures); bulk writes (the demo) rebuild."""

from django.db.models import Count
from django.db.models.signals import post_delete, post_save, pre_save

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


def _remember_commune(sender, instance, raw=False, **kwargs):
    instance._rollup_old_commune = (None if raw or instance.pk is None else
                                    sender.objects.filter(pk=instance.pk).values_list("commune_id", flat=True).first())


def _saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh([getattr(instance, "_rollup_old_commune", None), instance.commune_id])


def _deleted(sender, instance, **kwargs):
    refresh([instance.commune_id])


pre_save.connect(_remember_commune, sender=Place, dispatch_uid="places.rollup.remember")
post_save.connect(_saved, sender=Place, dispatch_uid="places.rollup.saved")
post_delete.connect(_deleted, sender=Place, dispatch_uid="places.rollup.deleted")

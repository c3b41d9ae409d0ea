"""Scans in the dashboards' rollups: the running totals equal a rebuild from the day rows."""

import datetime as dt

import pytest
from django.utils import timezone

from tienphong.qr import services
from tienphong.rollups import services as rollups
from tienphong.rollups.models import Fact, Level

from ..factories import ProducerFactory, ProductFactory
from ..rollups import assert_provinces_sum_their_units, assert_rebuild_matches, facts

pytestmark = pytest.mark.django_db


def scans(target, n, day):
    code = services.code_for(target)
    for _ in range(n):
        services.record_scan(shortcode=code, day=day)


def by_target(unit, level=Level.UNIT, grain=Fact.Grain.MONTH) -> dict:
    """key → scans, over every period held."""
    out: dict = {}
    for key, value in Fact.objects.filter(indicator="qr_scans", dim="target", unit=unit, level=level,
                                          grain=grain).exclude(value=0).values_list("key", "value"):
        out[key] = out.get(key, 0) + value
    return out


def test_scans_by_kind_of_target_and_the_rebuild_equals_the_running_totals(world, relic, other_relic):
    rollups.rebuild()  # the world's other figures, so only the scans differ below
    today = timezone.localdate()
    producer = ProducerFactory(commune=world.commune, status="published")
    product = ProductFactory(producer=producer, status="published")
    scans(relic, 3, today)
    scans(relic, 2, today - dt.timedelta(days=40))  # another month
    scans(product, 4, today)
    scans(producer, 1, today)
    scans(other_relic, 5, today)
    assert by_target(world.commune, grain=Fact.Grain.DAY) == {"place": 5, "product": 4, "producer": 1}
    assert by_target(world.other_commune, grain=Fact.Grain.DAY) == {"place": 5}
    assert by_target(world.province, Level.PROVINCE, Fact.Grain.DAY) == {"place": 10, "product": 4, "producer": 1}
    assert by_target(world.province, Level.PROVINCE) == {"place": 10, "product": 4, "producer": 1}  # months
    assert sum(v for (unit, level, grain, ind, dim, _p, _k), v in facts().items()
               if (level, grain, ind, dim) == (Level.PROVINCE, "d", "qr_scans", "")) == 15
    assert_provinces_sum_their_units()
    assert_rebuild_matches()


def test_a_target_moved_to_another_commune_takes_its_scans_along(world, relic):
    rollups.rebuild()
    today = timezone.localdate()
    scans(relic, 3, today)
    scans(relic, 1, today - dt.timedelta(days=40))
    relic.commune = world.other_commune
    relic.save()
    services.target_moved(relic)
    code = services.code_for(relic)
    assert (code.commune, code.path) == (world.other_commune, world.other_commune.path)
    assert by_target(world.commune, grain=Fact.Grain.DAY) == {}
    assert by_target(world.other_commune, grain=Fact.Grain.DAY) == {"place": 4}
    scans(relic, 2, today)  # later scans count for the new commune
    assert by_target(world.other_commune, grain=Fact.Grain.DAY) == {"place": 6}
    assert_rebuild_matches()

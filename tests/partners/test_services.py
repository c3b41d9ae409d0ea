"""The partner register's rules: names, kinds, who keeps which partner, the province boundary, the audit."""

import pytest

from tienphong.core.errors import DomainError
from tienphong.core.models import AuditEntry
from tienphong.partners import services
from tienphong.partners.models import Partner

from ..factories import make_unit
from .helpers import make_partner
from ..personas import build_world
from ..scenes import once_per_module

# Built once for the module instead of once per test; see tests/scenes.py.
world, _world = once_per_module(build_world, "world")


def test_a_province_partner_is_stored_with_its_path_search_words_and_units(world):
    p = make_partner(world, "Sở Khoa học và Công nghệ", kind=Partner.Kind.GOVERNMENT, short_name="Sở KH&CN",
                     units=[world.commune, world.other_commune])
    assert p.path == world.province.path and p.province_path == world.province.path
    assert " so " in p.search_text + " " and " khoa " in p.search_text
    assert set(p.units.all()) == {world.commune, world.other_commune}
    assert p.label == "Sở KH&CN" and str(p) == "Sở KH&CN"


def test_every_change_is_audited_with_the_unit_path(world):
    p = make_partner(world)
    services.partner_update(partner=p, by=world.province_admin, phone="0988000111")
    entries = AuditEntry.objects.filter(unit_path=world.province.path, object_pk=str(p.pk))
    assert entries.count() >= 2
    assert any("0988000111" in str(e.changes) for e in entries)


@pytest.mark.parametrize("fields, code", [
    ({"name": "  "}, "name_required"),
    ({"kind": "church"}, "kind_invalid"),
])
def test_bad_input_is_refused_with_its_reason(world, fields, code):
    with pytest.raises(DomainError) as e:
        make_partner(world, **{"name": "Agribank", **fields})
    assert e.value.code == code
    assert not Partner.objects.exists()


def test_a_name_is_unique_in_the_province_ignoring_case(world):
    make_partner(world, "VNPT Ninh Bình")
    with pytest.raises(DomainError) as e:
        make_partner(world, "vnpt ninh bình", unit=world.commune, by=world.secretary)
    assert e.value.code == "name_taken"


def test_a_commune_secretary_keeps_their_communes_partners_only(world):
    mine = make_partner(world, unit=world.commune, by=world.secretary)
    assert mine.path == world.commune.path
    for unit in (world.province, world.other_commune):
        with pytest.raises(DomainError) as e:
            make_partner(world, "Viettel", unit=unit, by=world.secretary)
        assert e.value.code == "not_allowed"
    province_partner = make_partner(world, "Sở Y tế")
    with pytest.raises(DomainError):
        services.partner_update(partner=province_partner, by=world.secretary, phone="1")


@pytest.mark.parametrize("persona", ["team_leader", "volunteer", "outsider"])
def test_others_cannot_keep_partners_of_phu_ly(world, persona):
    with pytest.raises(DomainError):
        make_partner(world, unit=world.commune, by=getattr(world, persona))


def test_units_of_another_province_are_refused(world):
    other = make_unit(None, "province", "Tỉnh Thanh Hóa", "38")
    with pytest.raises(DomainError) as e:
        make_partner(world, units=[other])
    assert e.value.code == "units_invalid"


def test_a_record_names_only_partners_of_its_province(world):
    ours = make_partner(world)
    other_province = make_unit(None, "province", "Tỉnh Thanh Hóa", "38")
    theirs = Partner.objects.create(unit=other_province, path=other_province.path, name="Agribank Thanh Hóa")
    assert services.check_named([ours, ours], path=world.commune.path) == [ours]
    with pytest.raises(DomainError) as e:
        services.check_named([ours, theirs], path=world.commune.path)
    assert e.value.code == "partners_invalid"


def test_the_database_refuses_an_unknown_kind_and_an_empty_name(world):
    from django.db import IntegrityError, transaction

    for bad in ({"kind": "church", "name": "X"}, {"kind": "bank", "name": ""}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Partner.objects.create(unit=world.province, path=world.province.path, **bad)


def test_a_campaign_names_partners_of_its_province_and_keeps_them_on_edit(world):
    import datetime as dt

    from tienphong.campaigns import services as campaigns

    bank = make_partner(world)
    other = make_unit(None, "province", "Tỉnh Thanh Hóa", "38")
    theirs = Partner.objects.create(unit=other, path=other.path, name="Agribank Thanh Hóa")
    start = dt.date(2026, 3, 1)
    c = campaigns.campaign_create(title="Tháng Thanh niên 2026", starts_on=start, ends_on=start + dt.timedelta(days=30),
                                  unit=world.province, by=world.province_admin, partners=[bank])
    assert list(c.partners.all()) == [bank]
    campaigns.campaign_update(campaign=c, by=world.province_admin, theme="Chuyển đổi số")
    assert list(c.partners.all()) == [bank]
    with pytest.raises(DomainError) as e:
        campaigns.campaign_update(campaign=c, by=world.province_admin, partners=[theirs])
    assert e.value.code == "partners_invalid"

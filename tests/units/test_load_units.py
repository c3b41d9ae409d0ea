import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tienphong.units.models import OrgUnit
from tienphong.units.selectors import communes_under, unit_subtree
from tienphong.units.services import load_units


@pytest.fixture
def ninh_binh(db):
    load_units(province_codes=["37"])
    return OrgUnit.objects.get(code="37")


def test_ninh_binh_has_its_129_real_communes(ninh_binh):
    assert ninh_binh.name == "Tỉnh Ninh Bình"
    assert ninh_binh.kind == OrgUnit.Kind.PROVINCE
    communes = communes_under(ninh_binh)
    assert communes.count() == 129
    phu_ly = OrgUnit.objects.get(code="13285")
    assert phu_ly.name == "Phường Phủ Lý"
    assert phu_ly.admin_type == OrgUnit.AdminType.WARD
    assert phu_ly.parent == ninh_binh and phu_ly.commune == phu_ly
    assert 20 < phu_ly.latitude < 21 and 105 < phu_ly.longitude < 107


def test_load_is_idempotent_and_matches_by_code(ninh_binh):
    before = OrgUnit.objects.count()
    # A renamed unit in our database is put back to the official name: matched by code, not spelling.
    OrgUnit.objects.filter(code="13285").update(name="Phu Ly (sai chính tả)")
    result = load_units(province_codes=["37"])
    assert result["created"] == 0 and result["updated"] == 1
    assert OrgUnit.objects.count() == before
    assert OrgUnit.objects.get(code="13285").name == "Phường Phủ Lý"


@pytest.mark.django_db
def test_all_provinces_and_communes():
    result = load_units()
    assert result == {"provinces": 34, "communes": 3321, "created": 3355, "updated": 0}
    kinds = set(OrgUnit.objects.filter(kind="commune").values_list("admin_type", flat=True))
    assert kinds == {"commune", "ward", "special_zone"}


def test_subtree_is_one_query(ninh_binh):
    with CaptureQueriesContext(connection) as ctx:
        n = len(list(unit_subtree(ninh_binh)))
    assert n == 130
    assert len(ctx.captured_queries) == 1
    sql = ctx.captured_queries[0]["sql"]
    assert "units_orgunit" in sql and ">=" in sql and "<" in sql


def test_each_new_commune_has_one_create_entry_under_its_own_path(ninh_binh):
    """Communes are written in bulk; the trail still has what django-auditlog would have written."""
    from django.contrib.contenttypes.models import ContentType

    from tienphong.core.models import AuditEntry

    phu_ly = OrgUnit.objects.get(code="13285")
    entries = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(OrgUnit),
                                        object_id=phu_ly.pk)
    [entry] = entries
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.unit_path == phu_ly.path
    assert entry.changes["name"] == [None, "Phường Phủ Lý"]
    assert entry.changes["parent"] == [None, "Tỉnh Ninh Bình"]  # by name (AUDITLOG_USE_FK_STRING_REPRESENTATION)
    assert "path" not in entry.changes  # only the registered fields
    assert AuditEntry.objects.filter(content_type=entry.content_type, action=AuditEntry.Action.CREATE).count() == 130

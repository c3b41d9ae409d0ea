import pytest

from tienphong.core.errors import DomainError
from tienphong.units.models import OrgUnit
from tienphong.units.services import unit_create

from ..personas import build_world
from ..scenes import once_per_module

# Built once for the module instead of once per test; see tests/scenes.py.
world, _world = once_per_module(build_world, "world")


def test_tree_paths_and_commune(world):
    assert world.branch.path.startswith(world.grassroots.path)
    assert world.grassroots.path.startswith(world.commune.path)
    assert world.branch.commune == world.commune
    assert world.branch.depth == 3
    assert not world.other_branch.path.startswith(world.commune.path)


def test_a_branch_cannot_hang_under_a_province(world):
    with pytest.raises(DomainError) as e:
        unit_create(parent=world.province, kind=OrgUnit.Kind.BRANCH, name="Chi đoàn lạc chỗ", code="X1")
    assert e.value.code == "unit_bad_parent"


def test_codes_are_unique(world):
    with pytest.raises(DomainError) as e:
        unit_create(parent=world.commune, kind=OrgUnit.Kind.GRASSROOTS, name="Trùng mã", code="13285-01")
    assert e.value.code == "unit_code_taken"


def test_union_names(world):
    assert world.province.union_name in ("Tỉnh Đoàn Ninh Bình", "Provincial Youth Union of Ninh Bình")
    assert "Phường Phủ Lý" in world.commune.union_name


def test_a_new_unit_is_in_the_audit_trail_of_whoever_holds_its_parent(world, client_for):
    """The path needs the primary key, so a unit is saved twice; its "create" entry must still be
    filed under its real path (it was filed under the temporary one, out of every scope)."""
    from django.urls import reverse

    from tienphong.core.models import AuditEntry

    branch = unit_create(parent=world.grassroots, kind=OrgUnit.Kind.BRANCH, name="Chi đoàn Tổ dân phố 9",
                         code="13285-01-09")
    entry = AuditEntry.objects.get(object_id=branch.pk, content_type__model="orgunit",
                                   action=AuditEntry.Action.CREATE)
    assert entry.unit_path == branch.path and entry.additional_data == {"unit_path": branch.path}
    page = client_for(world.province_admin).get(reverse("audit_list")).content.decode()
    assert "Chi đoàn Tổ dân phố 9" in page


def test_the_migration_refiles_entries_left_under_a_temporary_path(world):
    import importlib

    from django.apps import apps

    from tienphong.core.models import AuditEntry

    AuditEntry.objects.filter(object_id=world.branch.pk, content_type__model="orgunit").update(
        unit_path="/tmp-13285-01-01/", additional_data={"unit_path": "/tmp-13285-01-01/"})
    migration = importlib.import_module("tienphong.units.migrations.0003_audit_paths_of_new_units")
    migration.refile(apps, None)
    entry = AuditEntry.objects.get(object_id=world.branch.pk, content_type__model="orgunit",
                                   action=AuditEntry.Action.CREATE)
    assert entry.unit_path == world.branch.path and entry.additional_data["unit_path"] == world.branch.path

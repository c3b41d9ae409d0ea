import pytest

from tienphong.core.errors import DomainError
from tienphong.units.models import OrgUnit
from tienphong.units.services import unit_create


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

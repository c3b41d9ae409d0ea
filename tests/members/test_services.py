import datetime

import pytest

from tienphong.core.errors import DomainError
from tienphong.core.models import AuditEntry
from tienphong.members import services
from tienphong.members.models import Member

from ..factories import MemberFactory
from ..personas import build_world
from ..scenes import once_per_module

# Built once for the module instead of once per test; see tests/scenes.py.
world, _world = once_per_module(build_world, "world")


def test_create_fills_derived_fields(world):
    m = services.member_create(full_name="  Nguyễn   Văn  An ", gender="male", branch=world.branch,
                               phone="+84 912.345.678", email="An@Example.VN")
    assert m.full_name == "Nguyễn Văn An"
    assert m.phone == "0912345678" and m.email == "an@example.vn"
    assert m.path == world.branch.path and m.commune == world.commune
    assert "nguyen van an" in m.search_text


@pytest.mark.parametrize("raw, expected", [
    ("0912345678", "0912345678"), ("912345678", "0912345678"), ("84912345678", "0912345678"),
    ("0912 345 678", "0912345678"), ("912345678.0", "0912345678"), ("", ""), (None, ""),
])
def test_phone_normalisation(raw, expected):
    assert services.normalize_phone(raw) == expected


@pytest.mark.parametrize("raw", ["12345", "abc", "09123456789012"])
def test_bad_phone(raw):
    with pytest.raises(DomainError) as e:
        services.normalize_phone(raw)
    assert e.value.code == "phone_invalid"


def test_phone_unique_within_commune_but_not_across(world):
    MemberFactory(phone="0912000111", branch=world.branch)
    with pytest.raises(DomainError) as e:
        services.member_create(full_name="Lê Văn B", gender="male", branch=world.branch, phone="0912 000 111")
    assert e.value.code == "phone_taken"
    other = services.member_create(full_name="Lê Văn B", gender="male", branch=world.other_branch, phone="0912000111")
    assert other.pk


def test_member_must_be_in_a_branch(world):
    with pytest.raises(DomainError) as e:
        services.member_create(full_name="Lê Văn C", gender="male", branch=world.commune)
    assert e.value.code == "branch_required"


def test_joined_before_birth_is_refused(world):
    with pytest.raises(DomainError) as e:
        services.member_create(full_name="Lê Văn D", gender="male", branch=world.branch,
                               birth_date=datetime.date(2005, 1, 1), joined_on=datetime.date(2004, 1, 1))
    assert e.value.code == "joined_before_birth"


def test_update_moves_member_and_is_audited(world):
    from auditlog.context import set_actor

    m = MemberFactory(full_name="Phạm Thu Trang", branch=world.branch, digital_skill=1)
    with set_actor(world.province_admin):
        services.member_update(member=m, branch=world.other_branch, digital_skill=3)
    m.refresh_from_db()
    assert m.commune == world.other_commune and m.path == world.other_branch.path
    entry = AuditEntry.objects.filter(object_pk=str(m.pk), action=AuditEntry.Action.UPDATE).latest("timestamp")
    assert entry.actor == world.province_admin
    assert [str(v) for v in entry.changes_dict["digital_skill"]] == ["1", "3"]
    assert entry.unit_path == world.other_branch.path


def test_delete_is_audited(world):
    m = MemberFactory(full_name="Vũ Thị E", branch=world.branch)
    pk = m.pk
    services.member_delete(member=m)
    assert not Member.objects.filter(pk=pk).exists()
    assert AuditEntry.objects.filter(object_pk=str(pk), action=AuditEntry.Action.DELETE).exists()

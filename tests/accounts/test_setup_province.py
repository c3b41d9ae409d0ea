"""First run for a real province: `manage.py setup_province` loads its units and makes its first admin."""

import io

import pytest
from django.core.management import CommandError, call_command

from tienphong.accounts.models import Role, RoleAssignment, User
from tienphong.core.selectors import audit_for_object
from tienphong.units.models import OrgUnit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_terminal(monkeypatch):
    """Not a terminal: the password is generated and printed once."""
    monkeypatch.setattr("sys.stdin", io.StringIO())


def run(*args):
    out = io.StringIO()
    call_command("setup_province", *args, stdout=out)
    return out.getvalue()


def printed_password(out):
    return out.split("write it down): ")[1].strip()


def test_by_code_loads_units_and_creates_an_admin_whose_printed_password_logs_in():
    out = run("37", "--admin", "TinhDoan")
    province = OrgUnit.objects.get(kind=OrgUnit.Kind.PROVINCE, code="37")
    assert province.children.filter(kind=OrgUnit.Kind.COMMUNE).count() > 50
    user = User.objects.get(username="tinhdoan")
    assert list(user.roles.values_list("role", "unit")) == [(Role.PROVINCE_ADMIN, province.pk)]
    assert user.check_password(printed_password(out))
    assert audit_for_object(user).exists()


@pytest.mark.parametrize("name", ["Ninh Bình", "ninh binh", "Tỉnh Ninh Bình"])
def test_by_name_without_diacritics_or_prefix(name):
    run(name, "--admin", "tinhdoan")
    assert RoleAssignment.objects.get(user__username="tinhdoan").unit.code == "37"


def test_a_second_run_changes_nothing():
    run("37", "--admin", "tinhdoan")
    units, password = OrgUnit.objects.count(), User.objects.get().password
    out = run("Ninh Bình", "--admin", "tinhdoan")
    assert "nothing created" in out and "write it down" not in out
    assert OrgUnit.objects.count() == units and User.objects.get().password == password
    assert RoleAssignment.objects.count() == 1


def test_a_second_admin_only_when_asked():
    run("37", "--admin", "tinhdoan")
    with pytest.raises(CommandError, match="tinhdoan.*--another-admin"):
        run("37", "--admin", "phobithu")
    assert not User.objects.filter(username="phobithu").exists()
    run("37", "--admin", "phobithu", "--another-admin")
    assert RoleAssignment.objects.filter(role=Role.PROVINCE_ADMIN).count() == 2


def test_an_unknown_province_names_close_matches():
    with pytest.raises(CommandError, match="Ninh Bình \\(37\\)"):
        run("Ninh Binhh", "--admin", "tinhdoan")
    assert not User.objects.exists() and not OrgUnit.objects.exists()

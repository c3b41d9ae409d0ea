"""Members working away (đi làm ăn xa) and the record of core-member selection."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from tienphong.core.errors import DomainError
from tienphong.core.models import AuditEntry
from tienphong.members import excel, services
from tienphong.members.importing import import_file
from tienphong.members.models import Member
from tienphong.rollups.services import rebuild

from ..factories import MemberFactory
from ..members.test_import import row, xlsx
from ..rollups import stock, stocks
from ..personas import build_world
from ..scenes import once_per_module

# Built once for the module instead of once per test; see tests/scenes.py.
world, _world = once_per_module(build_world, "world")


@pytest.fixture(autouse=True)
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def _counts(unit, level="u"):
    return (stock(unit, "members", level=level), stock(unit, "members_total", level=level),
            stock(unit, "core_members", level=level))


def test_working_away_counts_in_the_totals_not_in_the_active_figures(world):
    C = world.commune
    a = services.member_create(full_name="Nguyễn Văn An", gender="male", branch=world.branch, is_core=True)
    services.member_create(full_name="Trần Thị Bình", gender="female", branch=world.branch, digital_skill=3)
    services.member_create(full_name="Lê Thị Cúc", gender="female", branch=world.branch, status="left")
    assert _counts(C) == (2, 2, 1)
    services.member_update(member=a, status=Member.Status.WORKING_AWAY)
    # Still a member (the total), no longer active (nor an active core member, nor in the skill counts).
    assert _counts(C) == (1, 2, 0)
    assert _counts(world.province, "p") == (1, 2, 0)
    assert stock(C, "members_by_skill", "1") == 0 and stock(C, "members_by_skill", "3") == 1
    services.member_update(member=a, status=Member.Status.ACTIVE)
    assert _counts(C) == (2, 2, 1)
    services.member_update(member=a, status=Member.Status.WORKING_AWAY)
    running = stocks()
    rebuild()
    assert stocks() == running  # the running counts equal a recount from the records


def test_the_database_knows_the_status_and_refuses_a_core_date_without_core(world):
    m = MemberFactory(branch=world.branch, status="away")
    assert m.get_status_display() == "Working away"
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.filter(pk=m.pk).update(status="abroad")
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.filter(pk=m.pk).update(is_core=False, core_since=dt.date(2025, 1, 1))


def test_list_filter_and_import_export_know_working_away(world, client_for):
    away = MemberFactory(full_name="Đinh Văn Xa", branch=world.branch, status="away")
    MemberFactory(full_name="Hoàng Thị Gần", branch=world.branch)
    client = client_for(world.secretary)
    page = client.get(reverse("member_list"), {"status": "away"})
    assert [m.full_name for m in page.context["page"].object_list] == ["Đinh Văn Xa"]
    assert excel.parse_status("Đi làm ăn xa") == "away" and excel.parse_status("di lam an xa") == "away"
    # The workbook writes the Vietnamese label, and reading it back changes nothing.
    response = client.get(reverse("member_export"))
    content = b"".join(response.streaming_content)
    plan = import_file(unit=world.commune, source=__import__("io").BytesIO(content), actor=world.secretary)
    assert plan.errors == [] and (plan.created, plan.updated, plan.unchanged) == (0, 0, 2)
    plan = import_file(unit=world.commune, actor=world.secretary, source=xlsx([
        row(name="Phan Văn Mới", phone="0912000001", status="Đi làm ăn xa")]))
    assert plan.errors == [] and Member.objects.get(phone="0912000001").status == "away"
    away.refresh_from_db()
    assert away.status == "away"


def test_core_selection_is_recorded_with_date_and_chooser(world, client_for):
    m = MemberFactory(full_name="Vũ Thị Hạt", branch=world.branch)
    client = client_for(world.secretary)
    response = client.post(reverse("member_core", args=[m.pk]), {"is_core": "1", "on": "02/03/2026"})
    assert response.status_code == 302
    m.refresh_from_db()
    assert (m.is_core, m.core_since, m.core_chosen_by) == (True, dt.date(2026, 3, 2), world.secretary)
    page = client.get(reverse("member_detail", args=[m.pk])).content.decode()
    assert "Since 02/03/2026" in page and "chosen by" in page and world.secretary.full_name in page
    entry = AuditEntry.objects.filter(object_pk=str(m.pk), object_repr=m.full_name).order_by("-timestamp", "-pk").first()
    assert entry.actor == world.secretary and "core_since" in entry.changes
    # Off the core: the date and the chooser go too.
    client.post(reverse("member_core", args=[m.pk]), {"is_core": "0"})
    m.refresh_from_db()
    assert (m.is_core, m.core_since, m.core_chosen_by) == (False, None, None)


def test_ticking_core_in_the_form_or_a_workbook_records_today_and_who(world):
    today = timezone.localdate()
    m = services.member_create(full_name="Ngô Văn Lõi", gender="male", branch=world.branch, is_core=True,
                               actor=world.secretary)
    assert (m.core_since, m.core_chosen_by) == (today, world.secretary)
    plan = import_file(unit=world.commune, actor=world.province_admin, source=xlsx([
        row(name="Đào Thị Nhân", phone="0912000002", core="Có")]))
    assert plan.errors == []
    imported = Member.objects.get(phone="0912000002")
    assert (imported.is_core, imported.core_since, imported.core_chosen_by) == (True, today, world.province_admin)
    entry = AuditEntry.objects.filter(object_pk=str(imported.pk), object_repr="Đào Thị Nhân").get()
    assert entry.changes["core_since"] == [None, today.isoformat()]
    # Taken off the core by a later workbook: cleared.
    plan = import_file(unit=world.commune, actor=world.province_admin, source=xlsx([
        row(name="Đào Thị Nhân", phone="0912000002", core="Không")]))
    imported.refresh_from_db()
    assert plan.updated == 1 and (imported.is_core, imported.core_since) == (False, None)


def test_core_selection_refusals_and_scope(world, client_for):
    left = MemberFactory(branch=world.branch, status="left")
    with pytest.raises(DomainError) as e:
        services.member_set_core(member=left, is_core=True, actor=world.secretary)
    assert e.value.code == "core_not_member"
    m = MemberFactory(branch=world.branch)
    with pytest.raises(DomainError):
        services.member_set_core(member=m, is_core=True, actor=world.secretary,
                                 on=timezone.localdate() + dt.timedelta(days=1))
    # The outsider (another ward's secretary) and a volunteer cannot choose: 404.
    for user in (world.outsider, world.volunteer):
        response = client_for(user).post(reverse("member_core", args=[m.pk]), {"is_core": "1"})
        assert response.status_code == 404
    m.refresh_from_db()
    assert not m.is_core

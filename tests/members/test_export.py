"""Excel export and the import template: the import's columns, scope, and export → import with no change."""

import io
from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from tienphong.core.models import AuditEntry
from tienphong.core.imports import reading
from tienphong.members import excel
from tienphong.members.importing import import_file
from tienphong.members.models import Member
from tienphong.members.services import fill_derived, member_create

from ..factories import MemberFactory
from ..xlsx_checks import HOSTILE, formula_cells, text_cells
from ..personas import build_world
from ..scenes import once_per_module

# Built once for the module instead of once per test; see tests/scenes.py.
world, _world = once_per_module(build_world, "world")


@pytest.fixture(autouse=True)
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # as the language switch sets it
    with translation.override("en"):
        yield


def sheet_rows(response, sheet=excel.MEMBERS_SHEET):
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return wb.sheetnames, [list(r) for r in wb[sheet].iter_rows(values_only=True)]


def varied_members(world):
    """Members with every kind of value the columns carry, created through the service."""
    return [
        member_create(full_name="Nguyễn Thị Hồng Nhung", gender="female", branch=world.branch,
                      birth_date=date(2001, 9, 2), phone="0912345678", email="nhung@example.vn",
                      joined_on=date(2016, 3, 26), is_core=True, digital_skill=4),
        member_create(full_name="Trần Văn Nam", gender="male", branch=world.branch, phone="0987654321",
                      status=Member.Status.MOVED, digital_skill=2),
        member_create(full_name="Lò Thị Khác", gender="other", branch=world.branch, email="kh@example.vn",
                      birth_date=date(1995, 1, 31), status=Member.Status.MATURED),
        # Neither phone nor email: recognised by name and birth date.
        member_create(full_name="Đinh Văn Lặng", gender="male", branch=world.branch, birth_date=date(2003, 12, 1),
                      status=Member.Status.LEFT, digital_skill=3),
    ]


def test_export_has_exactly_the_import_columns(world, client_for):
    varied_members(world)
    response = client_for(world.secretary).get(reverse("member_export"))
    assert response.status_code == 200
    assert response["Content-Type"] == excel.XLSX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
    names, rows = sheet_rows(response)
    assert names == [excel.MEMBERS_SHEET, excel.BRANCHES_SHEET]
    assert rows[0] == excel.headers()
    by_name = {r[0]: r for r in rows[1:]}
    assert len(by_name) == 4
    nhung = [v.date() if isinstance(v, datetime) else v for v in by_name["Nguyễn Thị Hồng Nhung"]]
    assert nhung[1:] == ["Nữ", date(2001, 9, 2), "0912345678", "nhung@example.vn", "13285-01-01",
                         date(2016, 3, 26), "Đang sinh hoạt", "Có", 4]
    nam = by_name["Trần Văn Nam"]
    assert nam[1] == "Nam" and nam[2] is None and nam[3] == "0987654321" and nam[7] == "Đã chuyển sinh hoạt"
    assert nam[8] == "Không"
    _names, branches = sheet_rows(client_for(world.secretary).get(reverse("member_export")),
                                  excel.BRANCHES_SHEET)
    assert branches[0][0] == "Mã chi đoàn"
    assert ["13285-01-01", "Chi đoàn Tổ dân phố 1", "Đoàn cơ sở phường Phủ Lý", "Phường Phủ Lý"] in branches
    assert all(not r[0].startswith("13291") for r in branches[1:])  # nothing of the other commune


def test_export_then_import_changes_nothing(world, client_for):
    varied_members(world)
    before = list(Member.objects.order_by("id").values())
    audits = AuditEntry.objects.count()
    response = client_for(world.secretary).get(reverse("member_export"))
    content = b"".join(response.streaming_content)
    plan = import_file(unit=world.commune, source=io.BytesIO(content), actor=world.secretary)
    assert plan.errors == []
    assert (plan.created, plan.updated, plan.unchanged) == (0, 0, 4)
    assert list(Member.objects.order_by("id").values()) == before
    assert AuditEntry.objects.count() == audits


def test_export_follows_the_list_filters(world, client_for):
    varied_members(world)
    client = client_for(world.secretary)
    _n, rows = sheet_rows(client.get(reverse("member_export"), {"status": "moved"}))
    assert [r[0] for r in rows[1:]] == ["Trần Văn Nam"]
    _n, rows = sheet_rows(client.get(reverse("member_export"), {"q": "nhung"}))
    assert [r[0] for r in rows[1:]] == ["Nguyễn Thị Hồng Nhung"]
    _n, rows = sheet_rows(client.get(reverse("member_export"), {"core": "1"}))
    assert [r[0] for r in rows[1:]] == ["Nguyễn Thị Hồng Nhung"]
    _n, rows = sheet_rows(client.get(reverse("member_export"), {"unit": world.commune.pk}))
    assert len(rows) == 5


def test_export_scope(world, client_for):
    varied_members(world)
    MemberFactory(full_name="Người Phù Vân", branch=world.other_branch)
    outsider = client_for(world.outsider)
    # Not the secretary's commune: a 404, as for any record outside one's scope.
    assert outsider.get(reverse("member_export"), {"unit": world.commune.pk}).status_code == 404
    _n, rows = sheet_rows(outsider.get(reverse("member_export")))
    assert [r[0] for r in rows[1:]] == ["Người Phù Vân"]
    # The province sees both communes.
    _n, rows = sheet_rows(client_for(world.province_admin).get(reverse("member_export")))
    assert len(rows) == 6


def test_large_export_streams_every_member(world, client_for):
    # Written in one bulk insert, as the import does (fill_derived gives each the fields save() would).
    members = [MemberFactory.build(full_name=f"Đoàn Viên {i:04d}", branch=world.branch, phone=f"09{i:08d}")
               for i in range(2500)]
    for m in members:
        fill_derived(m)
    Member.objects.bulk_create(members)
    response = client_for(world.secretary).get(reverse("member_export"))
    _n, rows = sheet_rows(response)
    assert len(rows) == 2501 and {r[3] for r in rows[1:]} == {f"09{i:08d}" for i in range(2500)}


def test_template_has_header_example_guide_and_branch_codes(world, client_for):
    client = client_for(world.secretary)
    response = client.get(reverse("member_import_template"))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    wb = load_workbook(io.BytesIO(content))
    assert wb.sheetnames == [excel.MEMBERS_SHEET, excel.GUIDE_SHEET, excel.BRANCHES_SHEET]
    members = list(wb[excel.MEMBERS_SHEET].iter_rows(values_only=True))
    assert list(members[0]) == excel.headers() and len(members) == 2
    assert members[1][5] == world.branch.code  # the example uses a real branch of the user's unit
    guide = [c for r in wb[excel.GUIDE_SHEET].iter_rows(values_only=True) for c in r if c]
    for column in excel.COLUMNS:
        assert column.header in guide
        assert str(column.allowed) in guide
    assert "Delete the example row before importing: it would be imported as a member." in guide
    branches = list(wb[excel.BRANCHES_SHEET].iter_rows(values_only=True))
    assert [r[0] for r in branches[1:]] == ["13285-01-01"]
    # The example row itself is a valid import.
    plan = import_file(unit=world.commune, source=io.BytesIO(content), dry_run=True)
    assert plan.errors == [] and plan.created == 1


def test_template_for_a_unit_is_scoped(world, client_for):
    outsider = client_for(world.outsider)
    assert outsider.get(reverse("member_import_template"), {"unit": world.commune.pk}).status_code == 404
    response = outsider.get(reverse("member_import_template"), {"unit": world.other_commune.pk})
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    assert [r[0] for r in wb[excel.BRANCHES_SHEET].iter_rows(min_row=2, values_only=True)] == ["13291-01-01"]


def test_both_readers_read_a_file_the_same_way(world):
    wb = Workbook()
    ws = wb.active
    ws.title = excel.MEMBERS_SHEET
    ws.append(excel.headers())
    ws.append(["Hà Thị Mai", "nữ", "02/09/2001", 912345678, "", "13285-01-01", date(2016, 3, 26), None, "x", 3])
    ws.append([None] * 10)
    ws.append(["Sai Ngày", "Nam", "30/02/2001", "0911000001", "", "13285-01-01", None, "Ra khỏi Đoàn", None, "4"])
    buf = io.BytesIO()
    wb.save(buf)
    assert reading.calamine_safe_sheet(buf, excel.SHEET) == excel.MEMBERS_SHEET  # a plain file takes the fast path
    fast = reading.parse_rows(reading.calamine_rows(buf, excel.MEMBERS_SHEET), excel.SHEET)
    buf.seek(0)
    slow = reading.parse_rows(reading.openpyxl_rows(buf, excel.MEMBERS_SHEET), excel.SHEET)
    assert fast == slow
    assert [r.row for r in fast.rows] == [2, 4] and [(e.row, e.column) for e in fast.errors] == [(4, "Ngày sinh")]
    assert fast.rows[0].values == {
        "full_name": "Hà Thị Mai", "gender": "female", "birth_date": date(2001, 9, 2), "phone": "0912345678",
        "email": "", "branch_code": "13285-01-01", "joined_on": date(2016, 3, 26), "status": "active",
        "is_core": True, "digital_skill": 3,
    }


def test_a_sheet_with_a_far_cell_is_not_given_to_the_dense_reader():
    wb = Workbook()
    ws = wb.active
    ws.append(excel.headers())
    ws["XFD1048576"] = "x"
    buf = io.BytesIO()
    wb.save(buf)
    assert reading.calamine_safe_sheet(buf, excel.SHEET) is None


# --------------------------------------------------------------------------- formula injection


def hostile_world(world):
    """Members, a branch, its union and its commune named like formulas (tests/xlsx_checks.py)."""
    from tienphong.units.models import OrgUnit

    for i, name in enumerate(HOSTILE):
        member_create(full_name=name, gender="female", branch=world.branch, phone=f"09120000{i:02d}")
    OrgUnit.objects.filter(pk=world.branch.pk).update(name='=HYPERLINK("http://x","Chi đoàn")')
    OrgUnit.objects.filter(pk=world.branch.parent_id).update(name="@SUM(1,1)")
    OrgUnit.objects.filter(pk=world.commune.pk).update(name="-1+2")


def test_export_writes_hostile_names_as_text(world, client_for):
    hostile_world(world)
    MemberFactory(full_name="Số Âm", branch=world.branch, digital_skill=2)
    content = b"".join(client_for(world.secretary).get(reverse("member_export")).streaming_content)
    assert formula_cells(content) == []
    cells = text_cells(content)
    for name in ['=HYPERLINK("http://x","Bấm vào")', "=1+1", "+1+1", "-2+3", "@SUM(1,1)",
                 '=HYPERLINK("http://x","Chi đoàn")', "-1+2"]:
        assert cells[name] == ("s", True), name  # shown as written, never run
    # The export imports back unchanged: the names come back as they were written.
    before = list(Member.objects.order_by("id").values())
    plan = import_file(unit=world.commune, source=io.BytesIO(content), actor=world.secretary)
    assert plan.errors == [] and plan.created == plan.updated == 0
    assert list(Member.objects.order_by("id").values()) == before


def test_template_writes_hostile_branch_names_as_text(world, client_for):
    hostile_world(world)
    content = b"".join(client_for(world.secretary).get(reverse("member_import_template")).streaming_content)
    assert formula_cells(content) == []
    assert text_cells(content)['=HYPERLINK("http://x","Chi đoàn")'] == ("s", True)

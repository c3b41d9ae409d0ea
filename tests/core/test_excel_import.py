"""core.imports: another import declares itself on the framework in a few lines — here a two-column
file of user groups — and gets the template, the checks of hostile files, every error by row and
column, and the all-or-nothing import."""

import io
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError
from django.test import RequestFactory
from django.utils import translation
from openpyxl import Workbook, load_workbook

from tienphong.core.imports import (
    CREATE, UNCHANGED, CellError, Column, ExtraSheet, GuideSection, Importer, Plan, PlannedRow, RowError, Sheet,
    pending, reading, writing,
)
from tienphong.core.imports import views as import_views
from tienphong.core.imports.cells import text

from ..xlsx_checks import formula_cells


def parse_name(value) -> str:
    name = text(value)
    if not name:
        raise CellError("The group name is required.")
    return name


def parse_size(value) -> int:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        if 1 <= value <= 100:
            return int(value)
    raise CellError(f"“{text(value)}” is not a number from 1 to 100.")


class GroupSheet(Sheet):
    name = "Nhóm"
    max_rows = 5
    columns = [
        Column("name", "Tên nhóm", parse_name, meaning="The group's name.", allowed="Any text. Required.",
               example="=Tổ tin học", required=True, width=24),
        Column("size", "Số người", parse_size, meaning="How many people.", allowed="A whole number from 1 to 100.",
               example=12),
    ]


class GroupImporter(Importer):
    """Creates the groups it does not know yet; a group called "Cấm" is refused against the database."""

    sheet = GroupSheet()

    def plan(self, rows):
        plan = Plan()
        known = set(Group.objects.values_list("name", flat=True))
        for parsed in rows:
            if len(parsed.values) < len(self.sheet.columns):
                continue  # a cell already failed
            if parsed.values["name"] == "Cấm":
                plan.errors.append(RowError(parsed.row, self.sheet.header("name"), "This name is not allowed."))
                continue
            action = UNCHANGED if parsed.values["name"] in known else CREATE
            plan.rows.append(PlannedRow(parsed.row, action, parsed.values))
        return plan

    def apply(self, plan, actor):
        for planned in plan.rows:
            if planned.action == CREATE:
                Group.objects.create(name=planned.values["name"])


def read(sheet, source):
    return reading.read_workbook(source, sheet)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def workbook(rows, headers=("Tên nhóm", "Số người"), title="Nhóm") -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def test_a_declaration_cannot_repeat_a_column():
    with pytest.raises(ValueError):
        Sheet(columns=[Column("a", "Tên", parse_name), Column("b", "TÊN", parse_name)])


def test_the_template_is_made_from_the_declaration():
    buf = io.BytesIO()
    writing.write_template(
        buf, GroupImporter.sheet, guide_lines=["One group per row."],
        guide_sections=[GuideSection("Sizes", [["1", "a person alone"]])],
        extra_sheets=[ExtraSheet("Mã", ["Mã", "Tên"], [["A1", "=Nhóm một"]], widths=(10, 30))],
    )
    content = buf.getvalue()
    assert formula_cells(content) == []  # the example "=Tổ tin học" and the codes are written as text
    wb = load_workbook(io.BytesIO(content))
    assert wb.sheetnames == ["Nhóm", "Hướng dẫn", "Mã"]
    assert list(wb["Nhóm"].iter_rows(values_only=True)) == [("Tên nhóm", "Số người"), ("=Tổ tin học", 12)]
    guide = [c for r in wb["Hướng dẫn"].iter_rows(values_only=True) for c in r if c]
    assert guide[0] == "How to fill in the sheet “Nhóm”" and "One group per row." in guide
    for column in GroupImporter.sheet.columns:
        assert {column.header, column.meaning, column.allowed} <= set(guide)
    assert guide[-3:] == ["Sizes", "1", "a person alone"]
    assert list(wb["Mã"].iter_rows(values_only=True)) == [("Mã", "Tên"), ("A1", "=Nhóm một")]
    # The template, example row and all, is a file the import reads.
    parsed = read(GroupImporter.sheet, io.BytesIO(content))
    assert parsed.errors == [] and parsed.rows[0].values == {"name": "=Tổ tin học", "size": 12}


def test_headers_match_without_capitals_diacritics_or_star():
    parsed = read(GroupImporter.sheet, workbook([["Tổ một", 3]], headers=("TEN NHOM*", "số người")))
    assert parsed.errors == [] and [(r.row, r.values) for r in parsed.rows] == [(2, {"name": "Tổ một", "size": 3})]
    parsed = read(GroupImporter.sheet, workbook([["Tổ một", 3]], headers=("Tên nhóm", "Ghi chú")))
    assert [(e.row, e.column) for e in parsed.errors] == [(1, "B"), (1, "Số người")]


def test_a_bad_row_is_named_by_row_and_column_and_nothing_is_written(db):
    plan = GroupImporter().import_file(workbook([["Tổ một", 3], ["Tổ hai", "nhiều"], ["Cấm", 2], ["", 200]]))
    assert [(e.row, e.column) for e in plan.errors] == [
        (3, "Số người"), (4, "Tên nhóm"), (5, "Tên nhóm"), (5, "Số người"),
    ]
    assert "“nhiều” is not a number from 1 to 100." == plan.errors[0].message
    assert "This name is not allowed." == plan.errors[1].message
    assert not Group.objects.exists()


def test_preview_then_import_all_or_nothing(db):
    Group.objects.create(name="Tổ một")
    f = workbook([["Tổ một", 3], ["Tổ hai", 4]])
    preview = GroupImporter().import_file(f, dry_run=True)
    assert (preview.created, preview.unchanged, preview.errors) == (1, 1, [])
    assert Group.objects.count() == 1  # a preview writes nothing
    f.seek(0)
    done = GroupImporter().import_file(f)
    assert done.created == 1 and sorted(Group.objects.values_list("name", flat=True)) == ["Tổ hai", "Tổ một"]

    # A failure while writing undoes the rows already written.
    rows = read(GroupImporter.sheet, workbook([["Tổ ba", 1], ["Tổ bốn", 1], ["Tổ ba", 2]])).rows
    with pytest.raises(IntegrityError):
        GroupImporter().run(rows)
    assert Group.objects.count() == 2


def test_the_row_limit_is_the_declarations():
    rows = [[f"Tổ {i}", 1] for i in range(7)]
    parsed = read(GroupImporter.sheet, workbook(rows))
    assert [(e.row, e.column) for e in parsed.errors] == [(7, "")]
    assert parsed.errors[0].message == "The file has more than 5 rows. Split it into several files."


@pytest.mark.parametrize("content, words", [
    (b"", "The file is empty."),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500, "old Excel 97–2003 (.xls)"),
    (b"<html>not a workbook</html>", "not an Excel workbook"),
    (b"PK\x03\x04" + b"\0" * 500, "damaged"),
])
def test_hostile_files_are_refused_with_one_error(content, words):
    parsed = read(GroupImporter.sheet, io.BytesIO(content))
    assert parsed.rows == [] and len(parsed.errors) == 1 and parsed.errors[0].row is None
    assert words in parsed.errors[0].message


def test_a_zip_bomb_and_a_sheet_declaring_too_many_rows_are_refused():
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"<" * (4 * 1024 * 1024))
    small = GroupSheet(columns=GroupSheet.columns, max_unpacked_bytes=1024 * 1024)
    assert len(bomb.getvalue()) < 50_000
    assert "too large once unpacked" in read(small, bomb).errors[0].message

    wb = Workbook()
    ws = wb.active
    ws.title = "Nhóm"
    ws.append(["Tên nhóm", "Số người"])
    ws["A20000"] = "xa"  # the sheet declares A1:B20000, past the 5 rows (and blank rows) it may hold
    buf = io.BytesIO()
    wb.save(buf)
    [error] = read(GroupImporter.sheet, buf).errors
    assert error.row is None and "The sheet “Nhóm” has 20.000 rows; a file can hold at most 5 rows." in error.message


def test_a_file_over_the_size_limit_is_refused():
    class Tiny(GroupSheet):
        def max_bytes(self):
            return 100

    [error] = read(Tiny(), workbook([["Tổ một", 3]])).errors
    assert "the largest file that can be imported is 100" in error.message


def test_the_two_readers_agree():
    buf = workbook([["Tổ một", 3], [None, None], ["Tổ hai", "x"]])
    assert reading.calamine_safe_sheet(buf, GroupImporter.sheet) == "Nhóm"
    fast = reading.parse_rows(reading.calamine_rows(buf, "Nhóm"), GroupImporter.sheet)
    slow = reading.parse_rows(reading.openpyxl_rows(buf, "Nhóm"), GroupImporter.sheet)
    assert fast == slow and [r.row for r in fast.rows] == [2, 4] and fast.errors[0].row == 4


def test_the_upload_waits_in_the_private_storage_until_confirmed(db):
    request = RequestFactory().post("/", {"token": ""})
    request.session = {}
    upload = workbook([["Tổ một", 3]])
    upload.name, upload.size = "nhom.xlsx", len(upload.getvalue())
    plan, token = import_views.preview_upload(request, "groups", upload, GroupImporter(), extra=7)
    assert plan.created == 1 and pending.exists(token) and not Group.objects.exists()
    assert request.session["groups"] == {"token": token, "file_name": "nhom.xlsx", "rows": 1, "extra": 7}

    request.POST = {"token": token}
    waiting = import_views.take_waiting(request, "groups")
    assert waiting["extra"] == 7 and "groups" not in request.session
    done = import_views.confirm_waiting(waiting, lambda w: GroupImporter(), actor=None)
    assert done.created == 1 and Group.objects.filter(name="Tổ một").exists()
    assert not pending.exists(token)

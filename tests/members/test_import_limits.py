"""Huge and formula-filled workbooks: refused from the sheet's declared size or as soon as the rows
pass the limit (never after reading a million rows), and a formula cell is read by its calculated
value or refused by name, never read as empty."""

import io
import time
import zipfile
from datetime import date

import pytest
from django.utils import translation
from openpyxl import Workbook

from tienphong.core.imports import reading
from tienphong.core.imports.cells import column_letter
from tienphong.members import excel
from tienphong.members.importing import import_file
from tienphong.members.models import Member

from .test_import import HEADERS, errors_of, row
from ..personas import build_world
from ..scenes import once_per_module

# Built once for the module instead of once per test; see tests/scenes.py.
world, _world = once_per_module(build_world, "world")

FORMULA_MESSAGE = "formula but no calculated value"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _cell(ref: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    if isinstance(value, tuple):  # (formula, cached value or None)
        formula, cached = value
        cached = "" if cached is None else f"<v>{cached}</v>"
        return f'<c r="{ref}" t="str"><f>{formula}</f>{cached}</c>'
    text = str(value).replace("&", "&amp;").replace("<", "&lt;")
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def sheet_rows_xml(rows, first=1) -> str:
    out = []
    for number, values in enumerate(rows, start=first):
        cells = "".join(_cell(f"{column_letter(i)}{number}", v) for i, v in enumerate(values))
        out.append(f'<row r="{number}">{cells}</row>')
    return "".join(out)


def raw_xlsx(sheet_data: str | bytes, dimension: str | None = None) -> io.BytesIO:
    """A minimal .xlsx whose one sheet ("Đoàn viên") holds exactly `sheet_data` (the XML inside
    <sheetData>), as a file written by another program may: small on disk whatever it claims."""
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel_ns = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    if isinstance(sheet_data, str):
        sheet_data = sheet_data.encode()
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {ns} {rel_ns}>{dim}'
             f"<sheetData>").encode() + sheet_data + b"</sheetData></worksheet>"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"))
        zf.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"))
        zf.writestr("xl/workbook.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} {rel_ns}><sheets>'
            f'<sheet name="{excel.MEMBERS_SHEET}" sheetId="1" r:id="rId1"/></sheets></workbook>'))
        zf.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"))
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
    buf.seek(0)
    return buf


def good_rows():
    return [HEADERS, row(born="02/09/2001", joined="26/03/2016")]


def timed_import(world, source):
    start = time.perf_counter()
    plan = import_file(unit=world.commune, source=source)
    return plan, time.perf_counter() - start


def test_the_minimal_file_imports(world):
    """The hand-made file is a valid workbook: the tests below change one thing each."""
    plan = import_file(unit=world.commune, source=raw_xlsx(sheet_rows_xml(good_rows()), "A1:J2"))
    assert plan.errors == [] and plan.created == 1


# --------------------------------------------------------------------------- huge sheets


def test_a_sheet_declaring_a_million_rows_is_refused_at_once(world):
    f = raw_xlsx(sheet_rows_xml(good_rows()), dimension="A1:K1048576")
    assert len(f.getvalue()) < 5000  # small on disk, whatever it claims
    plan, seconds = timed_import(world, f)
    assert seconds < 2
    assert len(plan.errors) == 1 and plan.errors[0].row is None
    message = plan.errors[0].message
    assert "1.048.576 rows" in message and "200.000" in message
    with translation.override("vi"):
        f.seek(0)
        vi = import_file(unit=world.commune, source=f).errors[0].message
    assert "1.048.576 dòng" in vi and "tối đa 200.000 đoàn viên" in vi
    assert Member.objects.count() == 0


def test_a_row_a_million_rows_down_is_refused_without_reading_the_gap(world):
    """The sheet claims two rows (a file can lie); its last row is row 1,048,576."""
    far = f'<row r="1048576">{_cell("A1048576", "Nguyễn Văn Xa")}{_cell("F1048576", "13285-01-01")}</row>'
    f = raw_xlsx(sheet_rows_xml(good_rows()) + far, dimension="A1:J2")
    plan, seconds = timed_import(world, f)
    assert seconds < 2
    assert errors_of(plan) == [(1048576, "")] and "more than 200.000 member rows" in plan.errors[0].message
    assert Member.objects.count() == 0


def test_a_million_rows_without_a_declared_size_stop_at_the_limit(world):
    """No <dimension>, rows without numbers: the count of rows is what stops the reading."""
    header = sheet_rows_xml([HEADERS]).encode()
    many = b"<row><c><v>1</v></c></row>"
    f = raw_xlsx(header + many * 1_048_575)
    assert len(f.getvalue()) < 1_000_000
    plan, seconds = timed_import(world, f)
    assert seconds < 2
    assert len(plan.errors) == 1 and "more than 200.000 member rows" in plan.errors[0].message


def test_a_far_note_outside_the_columns_does_not_stop_the_import(world):
    """A cell far right and far down (a note, say) is outside the columns the import reads."""
    note = f'<row r="1048576">{_cell("XFD1048576", "ghi chú")}</row>'
    plan, seconds = timed_import(world, raw_xlsx(sheet_rows_xml(good_rows()) + note, "A1:XFD1048576"))
    assert seconds < 2
    assert plan.errors == [] and plan.created == 1


# --------------------------------------------------------------------------- formulas


def test_a_formula_with_no_calculated_value_is_refused_naming_the_cell(world):
    """openpyxl (like other generators) writes formulas without their values: Excel computes them on
    opening, the import cannot; today the phone was silently read as empty."""
    wb = Workbook()
    ws = wb.active
    ws.title = excel.MEMBERS_SHEET
    ws.append(HEADERS)
    ws.append(row("Nguyễn Thị Hà", phone='=CONCATENATE("0912","345678")'))
    ws.append(row("Trần Văn Nam", "Nam", phone="0987000001"))
    ws.append([None, None, None, "=D3"])  # a row that holds nothing but a formula
    ws.append(row("Lê Văn Cột", "Nam", phone="0987000002") + [None, "=1+1"])  # right of the columns: ignored
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    plan = import_file(unit=world.commune, source=buf)
    assert errors_of(plan) == [(2, "Số điện thoại"), (4, "Số điện thoại")]
    assert FORMULA_MESSAGE in plan.errors[0].message and "Paste Values" in plan.errors[0].message
    with translation.override("vi"):
        buf.seek(0)
        vi = import_file(unit=world.commune, source=buf).errors[0].message
    assert vi == "Ô có công thức nhưng không có giá trị đã tính; hãy dán giá trị (Paste Values) rồi tải lên lại."
    assert Member.objects.count() == 0


@pytest.mark.parametrize("reader", ["calamine", "openpyxl"])
def test_a_formula_is_read_by_its_calculated_value(world, reader):
    rows = good_rows()
    rows[1][0] = ("PROPER(&quot;nguyễn thị hà&quot;)", "Nguyễn Thị Hà")
    rows[1][3] = ('CONCATENATE("0912","345678")', "0912345678")
    rows[1][9] = ("1+2", 3)
    xml = sheet_rows_xml(rows)
    if reader == "openpyxl":  # a row without its number sends the sheet to the streaming reader
        xml += "<row></row>"
    f = raw_xlsx(xml, "A1:J2")
    assert (reading.calamine_safe_sheet(f, excel.SHEET) is not None) == (reader == "calamine")
    plan = import_file(unit=world.commune, source=f, actor=world.secretary)
    assert plan.errors == [] and plan.created == 1
    member = Member.objects.get()
    assert (member.full_name, member.phone, member.digital_skill) == ("Nguyễn Thị Hà", "0912345678", 3)
    assert member.birth_date == date(2001, 9, 2)


@pytest.mark.parametrize("reader", ["calamine", "openpyxl"])
def test_a_hand_written_formula_without_value_is_refused_by_either_reader(world, reader):
    rows = good_rows()
    rows[1][3] = ("A1", None)
    xml = sheet_rows_xml(rows)
    if reader == "openpyxl":
        xml += "<row></row>"
    plan = import_file(unit=world.commune, source=raw_xlsx(xml, "A1:J2"))
    assert errors_of(plan) == [(2, "Số điện thoại")] and FORMULA_MESSAGE in plan.errors[0].message

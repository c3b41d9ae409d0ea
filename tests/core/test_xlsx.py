"""core.xlsx: text that looks like a formula is written as text; numbers stay numbers; the
platform's own formulas stay formulas; every exporter makes its workbook through the helper."""

import datetime as dt
import io
import subprocess
from pathlib import Path

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from tienphong.core import xlsx

from ..xlsx_checks import HOSTILE, formula_cells, text_cells

ROOT = Path(__file__).resolve().parent.parent.parent


def saved(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_hostile_text_is_written_as_text_shown_as_typed():
    wb = xlsx.workbook()
    ws = wb.create_sheet("Trang")
    ws.append(HOSTILE)
    bold = WriteOnlyCell(ws, value="=1+2")
    bold.font = Font(bold=True)
    ws.append([bold, WriteOnlyCell(ws, value="@A1"), "Nguyễn Thị Hà", "a=b"])
    content = saved(wb)

    assert formula_cells(content) == []
    cells = text_cells(content)
    for text in HOSTILE + ["=1+2", "@A1"]:
        # The same text, as a text cell marked the way Excel marks a typed leading apostrophe
        # (XML reads a carriage return as a line feed).
        assert cells[text.replace("\r", "\n")] == ("s", True), text
    assert cells["Nguyễn Thị Hà"] == ("s", False) and cells["a=b"] == ("s", False)
    ws2 = openpyxl.load_workbook(io.BytesIO(content))["Trang"]
    assert ws2["A2"].font.bold  # a styled cell keeps its style
    assert bold.value == "=1+2" and bold.data_type == "f"  # the caller's cell is left as it was


def test_numbers_dates_and_the_platforms_own_formulas_are_kept():
    wb = xlsx.workbook()
    ws = wb.create_sheet("Số")
    ws.append([-5, -2.5, 0, dt.date(2025, 1, 2), True, None, "-"])
    ws.append([xlsx.formula("=SUM(A1:C1)")])
    content = saved(wb)
    sheet = openpyxl.load_workbook(io.BytesIO(content))["Số"]
    assert [sheet.cell(1, c).value for c in range(1, 4)] == [-5, -2.5, 0]
    assert sheet["A1"].data_type == "n" and sheet["E1"].value is True
    assert sheet["D1"].value.date() == dt.date(2025, 1, 2)
    assert sheet["G1"].value == "-" and sheet["G1"].data_type == "s"
    assert formula_cells(content) == [("Số", "A2", "=SUM(A1:C1)"), ("xl/worksheets/sheet1.xml", "A2", "<f>")]


def test_an_unsafe_formula_is_refused():
    for bad in ("1+1", "=", ""):
        try:
            xlsx.formula(bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad!r} accepted as a formula")


def test_is_formula_like():
    assert all(xlsx.is_formula_like(t) for t in HOSTILE)
    assert not any(xlsx.is_formula_like(v) for v in ("Trần Văn Nam", " =1", "0912345678", -1, None))


def test_every_workbook_the_platform_writes_is_made_by_the_helper():
    """openpyxl's Workbook is used in core/xlsx.py only: every exporter goes through workbook()."""
    out = subprocess.run(["git", "grep", "-n", "-E", r"\bWorkbook\(|import Workbook|openpyxl\.Workbook",
                          "--", "tienphong/*.py"], cwd=ROOT, capture_output=True, text=True)
    users = [line for line in out.stdout.splitlines() if not line.startswith("tienphong/core/xlsx.py:")]
    assert users == []

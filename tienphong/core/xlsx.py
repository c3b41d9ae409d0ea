"""Workbooks the platform writes: no text from a record can become a live formula in Excel.

A member named `=HYPERLINK("http://x","Bấm vào")` or a team named `=1+1` would otherwise be
written as a formula (openpyxl turns any text that starts with "=" into one) and run on the
officer's computer when the file is opened (OWASP "CSV injection"). Every exporter makes its
workbook with `workbook()`: each sheet's `append` writes text that starts with =, +, -, @, a tab
or a carriage return as an explicit text cell (type "s", inline string) marked `quotePrefix`, the
mark Excel sets itself when one types a leading apostrophe. Excel and LibreOffice show the text as
it was written (no apostrophe added, so an export imported again reads the same name), and
editing the cell keeps it text.

Only text is touched: numbers (negative ones too), dates and booleans are written as they are.
A formula of the platform's own (a total, say) is written with `formula("=SUM(B2:B9)")` and stays
a formula.

    wb = xlsx.workbook()
    ws = wb.create_sheet("Đoàn viên")
    ws.append(["Họ và tên", "Số"])
    ws.append([member.full_name, -3])        # any text is safe here, styled cells too
    ws.append(["Tổng", xlsx.formula("=SUM(B2:B2)")])
    wb.save(target)
"""

from __future__ import annotations

from copy import copy

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

# What spreadsheets read as the start of a formula (OWASP CSV injection guidance).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    """Text a spreadsheet could take for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


class OwnFormulaCell(Cell):
    """A formula written by the platform itself: the one kind of cell left as a formula."""

    __slots__ = ()


def formula(text: str, ws=None) -> OwnFormulaCell:
    """The platform's own formula, e.g. a total: `ws.append(["Tổng", xlsx.formula("=SUM(B2:B9)")])`."""
    if not (isinstance(text, str) and text.startswith("=") and len(text) > 1):
        raise ValueError(f"a formula starts with '=': {text!r}")
    cell = OwnFormulaCell(ws, column=1, row=1, value=text)
    if cell.data_type != "f":  # pragma: no cover - openpyxl's own rule for "=" text
        raise ValueError(f"openpyxl does not read {text!r} as a formula")
    return cell


def text_cell(ws, value: str, like: Cell | None = None) -> Cell:
    """`value` as an explicit text cell Excel shows as written and never evaluates.

    `like`: a styled cell whose style the text cell takes (the caller's cell is not changed)."""
    cell = Cell(ws, column=1, row=1)
    cell._value = cell.check_string(value)  # openpyxl's checks: 32,767 characters, no control characters
    cell.data_type = "s"
    if like is not None and like.has_style:
        cell._style = copy(like._style)
    cell.quotePrefix = True
    return cell


def safe_value(ws, value):
    """One value of a row, ready for `append`: text that looks like a formula becomes a text cell."""
    kind = type(value)
    if kind is str:
        return text_cell(ws, value) if value.startswith(FORMULA_TRIGGERS) else value
    if isinstance(value, OwnFormulaCell):
        if value.parent is None:
            value.parent = ws
        return value
    if isinstance(value, Cell):
        inner = value._value
        if isinstance(inner, str) and value.data_type in ("s", "f") and inner.startswith(FORMULA_TRIGGERS):
            return text_cell(ws, inner, like=value)
        return value
    if isinstance(value, str):  # a str subclass (a lazy translation already rendered, SafeString…)
        text = str(value)
        return text_cell(ws, text) if text.startswith(FORMULA_TRIGGERS) else text
    return value


class SafeSheet(WriteOnlyWorksheet):
    """A write-only sheet whose rows never carry a formula the platform did not write."""

    def append(self, row):
        super().append([safe_value(self, value) for value in row])


class SafeWorkbook(Workbook):
    """A write-only workbook whose sheets are `SafeSheet`s."""

    def __init__(self):
        super().__init__(write_only=True)

    def create_sheet(self, title=None, index=None):
        sheet = SafeSheet(parent=self, title=title)
        self._add_sheet(sheet=sheet, index=index)
        return sheet


def workbook() -> SafeWorkbook:
    """The workbook every exporter writes (openpyxl write-only mode: rows stream to disk)."""
    return SafeWorkbook()

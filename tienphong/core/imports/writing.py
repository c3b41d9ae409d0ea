"""Workbooks made from a declaration: the data sheet (export or template), the guide, extra sheets.

Everything goes through `core.xlsx` (text that looks like a formula is written as text), in
openpyxl's write-only mode (rows stream to disk). The template is the data sheet with its header
and one example row, then the guide sheet (how to fill it in, then one line per column: header,
meaning, allowed values, example, required, then any sections the importer adds), then the extra
sheets the importer supplies (codes to copy, say).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from tienphong.core import xlsx

from .cells import column_letter
from .declaration import Sheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class ExtraSheet:
    """A sheet after the data (and the guide): a header row, then `rows`."""

    name: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[int] = ()


@dataclass
class GuideSection:
    """A block of the guide sheet after the columns: a bold title, then `rows`."""

    title: str
    rows: Iterable[Sequence[Any]]


def _header_cells(ws, headers: Iterable[str]):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="EEF0F4")
    cells = []
    for text in headers:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(vertical="top")
        cells.append(cell)
    return cells


def write_data_sheet(wb, sheet: Sheet, rows: Iterable[Iterable[Any]]):
    """The data sheet: header, then one row per record (values in column order, as exported)."""
    from openpyxl.cell import WriteOnlyCell

    columns = sheet.columns
    ws = wb.create_sheet(sheet.name)
    for index, column in enumerate(columns):
        ws.column_dimensions[column_letter(index)].width = column.width
    ws.freeze_panes = "A2"
    ws.append(_header_cells(ws, sheet.headers()))
    date_indexes = [i for i, c in enumerate(columns) if c.number_format]
    # One styled cell per formatted column, reused: write-only cells are serialised on append.
    date_cells = {i: WriteOnlyCell(ws) for i in date_indexes}
    for i, cell in date_cells.items():
        cell.number_format = columns[i].number_format
    for values in rows:
        values = list(values)
        for i in date_indexes:
            if values[i] is not None and values[i] != "":
                cell = date_cells[i]
                cell.value = values[i]
                values[i] = cell
            else:
                values[i] = None
        ws.append(values)
    return ws


def write_extra_sheet(wb, extra: ExtraSheet):
    ws = wb.create_sheet(extra.name)
    for index, width in enumerate(extra.widths):
        ws.column_dimensions[column_letter(index)].width = width
    ws.append(list(extra.header))
    for row in extra.rows:
        ws.append(list(row))
    return ws


def export_values(sheet: Sheet, record: dict) -> list:
    """A record as the cells of one row, from a dict keyed by each column's `source`."""
    return [c.export(record[c.source]) for c in sheet.columns]


def write_export(target, sheet: Sheet, records: Iterable[dict], extra_sheets: Iterable[ExtraSheet] = ()):
    """The data sheet with one row per record, then the extra sheets. `target` is a path or binary file."""
    wb = xlsx.workbook()  # any text that looks like a formula is written as text
    write_data_sheet(wb, sheet, (export_values(sheet, r) for r in records))
    for extra in extra_sheets:
        write_extra_sheet(wb, extra)
    wb.save(target)


def example_row(sheet: Sheet, **overrides) -> list:
    """Each column's example, or the value given for its key."""
    return [overrides[c.key] if c.key in overrides else c.example for c in sheet.columns]


def write_guide(wb, sheet: Sheet, example: Sequence[Any], *, lines: Iterable[str] = (),
                sections: Iterable[GuideSection] = ()):
    """How to fill in the data sheet, one line per column, then the importer's sections."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    guide = wb.create_sheet(sheet.guide_name)
    for letter, width in zip("ABCDE", (18, 50, 60, 24, 10)):
        guide.column_dimensions[letter].width = width
    wrap = Alignment(wrap_text=True, vertical="top")

    def row(values, bold=False):
        cells = []
        for v in values:
            cell = WriteOnlyCell(guide, value=v)
            cell.alignment = wrap
            if bold:
                cell.font = Font(bold=True)
            cells.append(cell)
        guide.append(cells)

    row([_("How to fill in the sheet “%(sheet)s”") % {"sheet": sheet.name}], bold=True)
    for line in lines:
        row(["", line])
    row([])
    row([_("Column"), _("Meaning"), _("Allowed values"), _("Example"), _("Required")], bold=True)
    for column, value in zip(sheet.columns, example):
        if isinstance(value, dt.date):
            value = value.strftime("%d/%m/%Y")
        row([column.header, str(column.meaning), str(column.allowed), value,
             _("Yes") if column.required else _("No")])
    for section in sections:
        row([])
        row([section.title], bold=True)
        for values in section.rows:
            row(values)
    return guide


def write_template(target, sheet: Sheet, *, example: Sequence[Any] | None = None, guide_lines: Iterable[str] = (),
                   guide_sections: Iterable[GuideSection] = (), extra_sheets: Iterable[ExtraSheet] = ()):
    """The import template: the data sheet (header, one example row), the guide, the extra sheets."""
    if example is None:
        example = example_row(sheet)
    wb = xlsx.workbook()
    write_data_sheet(wb, sheet, [example])
    write_guide(wb, sheet, example, lines=guide_lines, sections=guide_sections)
    for extra in extra_sheets:
        write_extra_sheet(wb, extra)
    wb.save(target)

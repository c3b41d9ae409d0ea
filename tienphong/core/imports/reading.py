"""Reading an uploaded workbook without trusting it: checks, the two readers, the parse.

Huge or odd files never keep a worker busy: the size, the magic bytes (an old .xls or an
encrypted workbook, anything not a zip) and the zip's directory (no xl/workbook.xml, more than
`max_unpacked_bytes` once unpacked) are checked before any parser runs; a sheet whose declared size
(<dimension>) passes the rows a file may hold is refused before any row is read; the scan of the
sheet stops counting at that limit whatever the declared size says; the streaming reader does not
make up the rows a file leaves out, and the parsing stops at the first row past the limit. A
formula cell is read by the value the file keeps for it, and refused by row and column when it has
none (never read as empty).

Two readers: python-calamine (about ten times faster) when the sheet is plain — every row and cell
carries its position, none lies beyond column Z or row 299,999 — and every formula has its value;
openpyxl streaming otherwise.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from tienphong.core.text import fold

from .cells import CellError, column_index, column_letter, is_empty, text
from .declaration import Column, ParsedFile, ParsedRow, RowError, Sheet


class FileRejected(Exception):
    """The file as a whole cannot be read (too large, not a workbook, damaged): one error for it."""

    def __init__(self, message):
        super().__init__(message)
        self.message = str(message)


def _damaged() -> FileRejected:
    return FileRejected(_("This file is damaged or is not an Excel workbook (.xlsx)."))


def file_too_large_message(size: int, limit: int) -> str:
    return _("The file is %(size)s; the largest file that can be imported is %(limit)s. "
             "Split it into several files.") % {"size": filesizeformat(size), "limit": filesizeformat(limit)}


def _size_of(source) -> int:
    if isinstance(source, (str, os.PathLike)):
        return os.path.getsize(source)
    position = source.tell()
    source.seek(0, os.SEEK_END)
    size = source.tell()
    source.seek(position)
    return size


def _head(source, n: int = 8) -> bytes:
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as f:
            return f.read(n)
    source.seek(0)
    head = source.read(n)
    source.seek(0)
    return head


def check_container(source, sheet: Sheet) -> None:
    """Size, magic bytes and zip contents: everything that can be refused before parsing."""
    size = _size_of(source)
    limit = sheet.max_bytes()
    if size > limit:
        raise FileRejected(file_too_large_message(size, limit))
    if size == 0:
        raise FileRejected(_("The file is empty."))
    head = _head(source)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRejected(_("This is an old Excel 97–2003 (.xls) file or a password-protected workbook. "
                             "Open it in Excel, remove any password and save it as an Excel Workbook (.xlsx)."))
    if not head.startswith(b"PK\x03\x04"):
        raise FileRejected(_("This file is not an Excel workbook (.xlsx). Download the template, fill it in "
                             "and upload it again."))
    try:
        with zipfile.ZipFile(source) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _damaged() from None
    finally:
        if not isinstance(source, (str, os.PathLike)):
            source.seek(0)
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        raise FileRejected(_("This file is a zip archive but not an Excel workbook (.xlsx)."))
    if sum(i.file_size for i in infos) > sheet.max_unpacked_bytes:
        raise FileRejected(_("The workbook is too large once unpacked. Split it into several files."))


class _Uncomputed:
    """A formula cell the file holds without its calculated value (openpyxl and other generators
    write formulas that way; Excel computes them on opening, the import cannot)."""

    __slots__ = ()

    def __repr__(self):
        return "<formula without value>"

    def __str__(self):
        return ""


UNCOMPUTED = _Uncomputed()
# Beyond this column a cell is never read (the header's columns come first); a far cell in a
# streamed row does not make a row of 16,384 values.
MAX_COLUMNS = 200


def formula_without_value_error() -> str:
    return _("The cell has a formula but no calculated value; paste the values (Paste Values) "
             "and upload the file again.")


def openpyxl_numbered(source, sheet_name: str) -> Iterator[tuple[int, list]]:
    """(row number, values from column A) of each row the sheet holds (openpyxl, streaming).

    Rows are numbered as the file numbers them and the rows it leaves out are not made up, so a
    row at 1,048,576 comes right after row 2 and the reading stops there. A formula cell holds its
    calculated value, or UNCOMPUTED when the file has none. The sheet called `sheet_name` is read,
    else the first one."""
    import openpyxl
    from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

    class Parser(WorkSheetParser):
        def parse_cell(self, element):
            cell = super().parse_cell(element)
            if element.find(FORMULA_TAG) is not None:
                value = element.find(VALUE_TAG)
                # No <v>, or an empty one in a cell that is not text (openpyxl writes <v />).
                if value is None or (not value.text and element.get("t") != "str"):
                    cell["value"] = UNCOMPUTED
            return cell

    try:
        wb = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (KeyError, XML errors, InvalidFileException)
        raise _damaged() from None
    try:
        ws = wb[sheet_name] if sheet_name in wb.sheetnames else wb.worksheets[0]
        with ws._get_source() as src:
            parser = Parser(src, ws._shared_strings, data_only=True, epoch=wb.epoch,
                            date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
            for number, cells in parser.parse():
                values: list = []
                for cell in cells:
                    column = cell["column"]
                    if column > MAX_COLUMNS or cell["value"] is None:
                        continue
                    if column > len(values):
                        values.extend([None] * (column - len(values)))
                    values[column - 1] = cell["value"]
                yield number, values
    except FileRejected:
        raise
    except Exception:
        raise _damaged() from None
    finally:
        wb.close()


def openpyxl_rows(source, sheet_name: str) -> Iterator[list]:
    """Rows of the sheet from A1, the rows the file leaves out as empty ones (benchmarks and tests
    compare the readers with it; the import reads `openpyxl_numbered`)."""
    expected = 1
    for number, values in openpyxl_numbered(source, sheet_name):
        while expected < number:
            yield []
            expected += 1
        yield values
        expected = number + 1


# A cell beyond column Z or row 299,999, or a row beyond 299,999. python-calamine holds a sheet as
# one dense block from its first to its last cell, so a tiny file with a cell at XFD1048576 would
# ask for hundreds of gigabytes and abort the process: such sheets go to openpyxl, which streams.
_FAR_CELL = re.compile(rb'<c r="(?:[A-Z]{2,}|[A-Z](?:[3-9]\d{5}|\d{7,}))"|<row r="(?:[3-9]\d{5}|\d{7,})"')
# A formula cell and what follows its formula (in a cell, <f> comes first, then <v>): no <v>, or an
# empty one in a cell that is not text (openpyxl writes <v />), means no calculated value. Excel
# writes a formula whose result is empty text as t="str" with an empty <v>: a value, empty.
_FORMULA_CELL = re.compile(rb"<c\b([^>]*)>\s*<f(?:\s[^>]*)?(?:/>|>[^<]*</f>)\s*(<v\s*/>|<v>\s*</v>|<v)?")


def _has_formula_without_value(piece: bytes) -> bool:
    for match in _FORMULA_CELL.finditer(piece):
        value = match.group(2)
        if value is None or (value != b"<v" and b't="str"' not in match.group(1)):
            return True
    return False


# The sheet's declared size, written before its data: <dimension ref="A1:J1048576"/>.
_DIMENSION = re.compile(rb'<dimension\s+ref="\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?"')
_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "p": "http://schemas.openxmlformats.org/package/2006/relationships"}


def _sheet_part(zf: zipfile.ZipFile, sheet_name: str) -> tuple[str, str] | None:
    """(sheet name, zip path of its XML) of the sheet the import reads, or None if unclear."""
    from xml.etree import ElementTree

    try:
        book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return None
    sheets = [(el.get("name"), el.get(f"{{{_NS['r']}}}id")) for el in book.iterfind("m:sheets/m:sheet", _NS)]
    if not sheets:
        return None
    name, rel_id = next((s for s in sheets if s[0] == sheet_name), sheets[0])
    target = next((el.get("Target") for el in rels.iterfind("p:Relationship", _NS) if el.get("Id") == rel_id), None)
    if not target:
        return None
    part = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return (name, part) if part in zf.namelist() else None


@dataclass
class SheetScan:
    name: str | None  # the sheet the import reads (None: not found in the workbook's parts)
    plain: bool  # python-calamine may load it: every cell placed, none far away
    formulas_without_values: bool  # some formula cell has no calculated value


def _check_declared_size(zf: zipfile.ZipFile, name: str, part: str, sheet: Sheet) -> None:
    """Refuse a sheet that says, before its data, that it reaches past the rows a file may hold.

    Excel writes the sheet's size first (<dimension ref="A1:J1048576"/>): a million-row sheet is
    refused here, in a millisecond, before any row is read. Only a size within columns A–Z counts:
    a note typed far right and far down (XFD1048576) makes the size huge and is harmless, since
    cells right of the header's columns are never read. A file can lie about its size (or have
    none): the scan and the reading stop at the limit too."""
    with zf.open(part) as f:
        head = f.read(64 * 1024)
    head = head.split(b"<sheetData", 1)[0]
    match = _DIMENSION.search(head)
    if match is None:
        return
    last_letters, last_row = (match.group(3), match.group(4)) if match.group(3) else (match.group(1), match.group(2))
    if int(last_row) > sheet.last_row and column_index(last_letters) <= 26:
        raise FileRejected(sheet.sheet_too_long_message(name, int(last_row)))


def scan_sheet(source, sheet: Sheet) -> SheetScan:
    """Read every part of the zip once and look at the data sheet on the way.

    Reading every part through Python's zipfile also checks each part's size and CRC against the
    zip's directory, so a part that lies about its size is refused before any parser sees it.
    The sheet is plain (python-calamine may load it) when every row and cell carries its position
    (r="…", as Excel, LibreOffice and openpyxl write them) and none lies beyond column Z or row
    299,999. A sheet with more rows than a file may hold is refused as soon as they are counted,
    whatever its declared size says.
    """
    last_row = sheet.last_row
    try:
        with zipfile.ZipFile(source) as zf:
            found = _sheet_part(zf, sheet.name)
            if found is not None:
                _check_declared_size(zf, *found, sheet)
            safe = found is not None
            formulas_without_values = False
            for info in zf.infolist():
                with zf.open(info) as part:
                    if found is None or info.filename != found[1]:
                        while part.read(1 << 20):
                            pass
                        continue
                    cells = cells_placed = rows = rows_placed = 0
                    far = False
                    has_data = False
                    tail = b""
                    while True:
                        chunk = part.read(1 << 20)
                        buf = tail + chunk
                        if chunk:
                            # Cut before the last cell or row that starts in the buffer: every cell
                            # (and so every formula with what follows it) is whole in one piece.
                            cut = max(buf.rfind(b"<c "), buf.rfind(b"<c>"), buf.rfind(b"<row"))
                            if cut <= 0:
                                cut = buf.rfind(b"<")
                            if cut <= 0:
                                tail = buf
                                continue
                            piece, tail = buf[:cut], buf[cut:]
                        else:
                            piece, tail = buf, b""
                        cells += piece.count(b"<c ") + piece.count(b"<c>") + piece.count(b"<c/>")
                        cells_placed += piece.count(b'<c r="')
                        rows += piece.count(b"<row ") + piece.count(b"<row>") + piece.count(b"<row/>")
                        rows_placed += piece.count(b'<row r="')
                        if rows > last_row:  # stop reading: the rest cannot be imported anyway
                            raise FileRejected(sheet.too_many_rows_message())
                        has_data = has_data or b"<sheetData" in piece
                        far = far or _FAR_CELL.search(piece) is not None
                        if not formulas_without_values and b"<f" in piece:
                            formulas_without_values = _has_formula_without_value(piece)
                        if not chunk:
                            break
                    safe = safe and has_data and not far and cells == cells_placed and rows == rows_placed
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise _damaged() from None
    finally:
        if not isinstance(source, (str, os.PathLike)):
            source.seek(0)
    return SheetScan(found[0] if found else None, safe, formulas_without_values)


def calamine_safe_sheet(source, sheet: Sheet) -> str | None:
    """The data sheet's name when python-calamine may load it (plain, and every formula has its value)."""
    scan = scan_sheet(source, sheet)
    return scan.name if scan.plain and not scan.formulas_without_values else None


def calamine_rows(source, sheet_name: str) -> list[list]:
    import python_calamine

    try:
        if isinstance(source, (str, os.PathLike)):
            wb = python_calamine.CalamineWorkbook.from_path(str(source))
        else:
            wb = python_calamine.CalamineWorkbook.from_filelike(source)
        try:
            return wb.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
        finally:
            wb.close()
    except Exception:
        raise _damaged() from None


def sheet_rows(source, sheet: Sheet) -> Iterable[tuple[int, Any]]:
    """(row number, values from column A) of the data sheet: python-calamine when the sheet is
    plain and every formula has its value, openpyxl streaming otherwise (it marks a formula
    without value as UNCOMPUTED)."""
    name = calamine_safe_sheet(source, sheet)
    if name is not None:
        return enumerate(calamine_rows(source, name), start=1)
    return openpyxl_numbered(source, sheet.name)


# --------------------------------------------------------------------------------------------- parsing


def match_header(row, sheet: Sheet) -> tuple[dict[int, Column], list[RowError]]:
    """Columns by position from the first row: capitals, diacritics and a trailing "*" do not matter."""
    expected = {fold(c.header): c for c in sheet.columns}
    found: dict[int, Column] = {}
    errors: list[RowError] = []
    seen: set[str] = set()
    for index, cell in enumerate(row):
        typed = text(cell)
        if not typed:
            continue
        column = expected.get(fold(typed.rstrip("*").strip()))
        if column is None:
            errors.append(RowError(1, column_letter(index), _(
                "The column “%(header)s” is not known. The columns are: %(headers)s."
            ) % {"header": typed, "headers": ", ".join(sheet.headers())}))
        elif column.key in seen:
            errors.append(RowError(1, column.header, _("The column “%(header)s” appears twice.")
                                   % {"header": column.header}))
        else:
            seen.add(column.key)
            found[index] = column
    for column in sheet.columns:
        if column.key not in seen:
            errors.append(RowError(1, column.header, _("The column “%(header)s” is missing from the first row.")
                                   % {"header": column.header}))
    return found, errors


def parse_rows(rows: Iterable, sheet: Sheet) -> ParsedFile:
    """Header then data rows (from A1) → clean values and every cell error. Blank rows are skipped."""
    return parse_numbered_rows(enumerate(rows, start=1), sheet)


def parse_numbered_rows(rows: Iterable[tuple[int, Any]], sheet: Sheet) -> ParsedFile:
    """(row number, values from column A) pairs, the header first at row 1 → clean values and every
    cell error. Blank rows are skipped; the reading stops at the first row past the limit.

    A formula cell without calculated value (UNCOMPUTED) is an error of its row and column: read
    as empty, it would lose a phone number without a word."""
    result = ParsedFile()
    rows = iter(rows)
    first = next(rows, None)
    header = first[1] if first is not None and first[0] == 1 else None
    if header is None or all(is_empty(v) for v in header):
        result.errors.append(RowError(None, "", _(
            "The first row must hold the column headers (%(headers)s); this sheet has none."
        ) % {"headers": ", ".join(sheet.headers())}))
        return result
    found, errors = match_header(header, sheet)
    if errors:
        result.errors.extend(errors)
        return result
    spec = [(index, column.key, column.header, column.parse) for index, column in sorted(found.items())]
    span = max(found) + 1  # cells right of the last known column are ignored
    last_row, max_rows = sheet.last_row, sheet.max_rows
    check_row = sheet.check_row
    out = result.rows
    errors = result.errors
    for number, raw in rows:
        raw = raw[:span]
        if not any(v is not None and v != "" and not (isinstance(v, str) and not v.strip()) for v in raw):
            continue
        if number > last_row or len(out) >= max_rows:
            errors.append(RowError(number, "", sheet.too_many_rows_message()))
            break
        values = {}
        width = len(raw)
        # A row of nothing but formulas without values: say that, not that its first cell is missing.
        only_formulas = UNCOMPUTED in raw and all(is_empty(v) or v is UNCOMPUTED for v in raw)
        for index, key, header_text, parse in spec:
            value = raw[index] if index < width else None
            if value is UNCOMPUTED:
                errors.append(RowError(number, header_text, formula_without_value_error()))
                continue
            if only_formulas:
                continue
            try:
                values[key] = parse(value)
            except CellError as e:
                errors.append(RowError(number, header_text, e.message))
        check_row(number, values, errors)
        out.append(ParsedRow(number, values))
    if not out and not errors:
        errors.append(RowError(None, "", sheet.no_rows_message()))
    return result


def read_workbook(source, sheet: Sheet) -> ParsedFile:
    """A path or a binary file object → parsed rows and every error. Never raises for bad input."""
    try:
        check_container(source, sheet)
        return parse_numbered_rows(sheet_rows(source, sheet), sheet)
    except FileRejected as e:
        return ParsedFile(errors=[RowError(None, "", e.message)])

"""The members workbook: one column spec shared by the import, the export and the template.

The file format is fixed and Vietnamese (sheet names and headers never change with the UI
language); everything said *about* the file — errors, the guide sheet — goes through gettext.

Reading is two steps: `read_workbook()` turns a file into clean Python values per row and
collects every cell error; `tienphong.members.importing` then checks the rows against the
database (branches, duplicates, matches) and writes them.

Huge or odd files never keep a worker busy: a sheet whose declared size (<dimension>) passes the
rows a file may hold is refused before any row is read; the scan of the sheet stops counting at
that limit whatever the declared size says; the streaming reader does not make up the rows a file
leaves out, and the parsing stops at the first row past the limit. A formula cell is read by the
value the file keeps for it, and refused by row and column when it has none (never read as empty).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tienphong.core import xlsx
from tienphong.core.errors import DomainError
from tienphong.core.text import clean_name, fold

from .models import DIGITAL_SKILL_MEANINGS, DigitalSkill, Member
from .services import normalize_email, normalize_phone

MEMBERS_SHEET = "Đoàn viên"
GUIDE_SHEET = "Hướng dẫn"
BRANCHES_SHEET = "Mã chi đoàn"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"

MAX_ROWS = 200_000
LAST_ROW = MAX_ROWS + 1 + 10_000  # the header, the rows and some blank rows between them
# What the zip may unpack to: a 20 MB upload of repeated XML could otherwise expand to gigabytes.
MAX_UNPACKED_BYTES = 512 * 1024 * 1024


class CellError(ValueError):
    """A cell that cannot be read; the message is a complete, translated sentence."""

    def __init__(self, message):
        super().__init__(message)
        self.message = str(message)


@dataclass(frozen=True)
class RowError:
    """One problem of the file: `row` is the Excel row number (None: the whole file)."""

    row: int | None
    column: str
    message: str


@dataclass
class ParsedRow:
    row: int
    # column key → clean value; a cell that failed to parse is absent.
    values: dict[str, Any]


@dataclass
class ParsedFile:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class Column:
    """One column of the workbook: how it is read, written and explained."""

    key: str
    header: str  # fixed Vietnamese text: the file format, not the UI
    parse: Callable[[Any], Any]
    source: str  # the Member lookup the export reads ("branch__code")
    export: Callable[[Any], Any]
    meaning: Promise
    allowed: Promise
    example: Any
    required: bool = False
    width: int = 16
    number_format: str = ""


COLUMNS: list[Column] = []


def register(column: Column) -> Column:
    if any(c.key == column.key or fold(c.header) == fold(column.header) for c in COLUMNS):
        raise ValueError(f"column {column.key!r} / {column.header!r} is already registered")
    COLUMNS.append(column)
    return column


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# ---------------------------------------------------------------------------------------------
# Cell parsers: raw Excel value → clean value, or CellError.


def _is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value) -> str:
    """A cell as text: numbers typed into Excel come back as floats (912345678.0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def parse_name(value) -> str:
    name = clean_name(_text(value))
    if not name:
        raise CellError(_("The full name is required."))
    limit = Member._meta.get_field("full_name").max_length
    if len(name) > limit:
        raise CellError(_("The full name is longer than %(limit)s characters.") % {"limit": limit})
    return name


GENDER_LABELS = {
    Member.Gender.MALE: "Nam",
    Member.Gender.FEMALE: "Nữ",
    Member.Gender.OTHER: "Khác",
}
_GENDER_WORDS = {
    "nam": Member.Gender.MALE, "male": Member.Gender.MALE, "m": Member.Gender.MALE,
    "nu": Member.Gender.FEMALE, "female": Member.Gender.FEMALE, "f": Member.Gender.FEMALE,
    "khac": Member.Gender.OTHER, "other": Member.Gender.OTHER,
}

_GENDER_EXACT = {label: gender for gender, label in GENDER_LABELS.items()}  # the common case, before folding


def parse_gender(value) -> str:
    gender = _GENDER_EXACT.get(value) if isinstance(value, str) else None
    if gender is not None:
        return gender
    text = _text(value)
    if not text:
        raise CellError(_("The gender is required: write Nam, Nữ or Khác."))
    gender = _GENDER_WORDS.get(fold(text))
    if gender is None:
        raise CellError(_("“%(value)s” is not a gender: write Nam, Nữ or Khác.") % {"value": text})
    return gender


_DATE_TEXT = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO_DATE_TEXT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
# No member was born or joined before this; it also keeps a bare year typed into a date cell
# (2001, read as Excel day number 2001, i.e. 23/06/1905) from passing as a date.
_OLDEST = dt.date(1920, 1, 1)
_OLDEST_SERIAL = (_OLDEST - _EXCEL_EPOCH).days
_today_cache = [0.0, dt.date.min]


def _today() -> dt.date:
    """Today in the project's time zone, looked up at most once a second (parsing calls it per cell)."""
    now = time.monotonic()
    if now - _today_cache[0] > 1:
        _today_cache[:] = [now, timezone.localdate()]
    return _today_cache[1]


def parse_date(value) -> dt.date | None:
    """A real Excel date, or dd/mm/yyyy text; empty is allowed. Never in the future."""
    if _is_empty(value):
        return None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        # A date cell whose format was lost comes back as Excel's serial day number.
        if not _OLDEST_SERIAL <= value < 2958466:
            raise CellError(_("“%(value)s” is not a date: write it as dd/mm/yyyy.") % {"value": _text(value)})
        day = _EXCEL_EPOCH + dt.timedelta(days=int(value))
    else:
        text = _text(value)
        match = _DATE_TEXT.match(text)
        try:
            if match:
                d, m, y = (int(g) for g in match.groups())
                day = dt.date(y, m, d)
            elif match := _ISO_DATE_TEXT.match(text):
                y, m, d = (int(g) for g in match.groups())
                day = dt.date(y, m, d)
            else:
                raise ValueError
        except ValueError:
            raise CellError(_("“%(value)s” is not a date: write it as dd/mm/yyyy.") % {"value": text}) from None
    if day < _OLDEST:
        raise CellError(_("The date %(date)s is too far in the past.") % {"date": day.strftime("%d/%m/%Y")})
    if day > _today():
        raise CellError(_("The date %(date)s is in the future.") % {"date": day.strftime("%d/%m/%Y")})
    return day


def parse_phone(value) -> str:
    try:
        return normalize_phone(value if not _is_empty(value) else None)
    except DomainError as e:
        raise CellError(e.message) from None


def parse_email(value) -> str:
    text = _text(value)
    if len(text) > Member._meta.get_field("email").max_length:
        raise CellError(_("The email is too long."))
    try:
        return normalize_email(text)
    except DomainError as e:
        raise CellError(e.message) from None


def parse_branch_code(value) -> str:
    code = _text(value)
    if not code:
        raise CellError(_("The branch code is required: copy it from the sheet “%(sheet)s”.")
                        % {"sheet": BRANCHES_SHEET})
    return code


STATUS_LABELS = {
    Member.Status.ACTIVE: "Đang sinh hoạt",
    Member.Status.MOVED: "Đã chuyển sinh hoạt",
    Member.Status.MATURED: "Đã trưởng thành Đoàn",
    Member.Status.LEFT: "Đã ra khỏi Đoàn",
}
_STATUS_EXACT = {label: status for status, label in STATUS_LABELS.items()}
_STATUS_WORDS = {fold(label): status for status, label in STATUS_LABELS.items()}
_STATUS_WORDS.update({
    "dang sinh hoat": Member.Status.ACTIVE, "active": Member.Status.ACTIVE,
    "chuyen sinh hoat": Member.Status.MOVED, "moved": Member.Status.MOVED,
    "transferred out": Member.Status.MOVED,
    "truong thanh": Member.Status.MATURED, "truong thanh doan": Member.Status.MATURED,
    "matured": Member.Status.MATURED, "matured (over age)": Member.Status.MATURED,
    "ra khoi doan": Member.Status.LEFT, "left": Member.Status.LEFT,
})


def parse_status(value) -> str:
    status = _STATUS_EXACT.get(value) if isinstance(value, str) else None
    if status is not None:
        return status
    text = _text(value)
    if not text:
        return Member.Status.ACTIVE
    status = _STATUS_WORDS.get(fold(text))
    if status is None:
        raise CellError(_("“%(value)s” is not a status: write one of %(allowed)s.")
                        % {"value": text, "allowed": ", ".join(STATUS_LABELS.values())})
    return status


_YES = {"co", "x", "yes", "y", "1", "true"}
_NO = {"", "khong", "no", "n", "0", "false"}


_CORE_EXACT = {"Có": True, "Không": False, "x": True, "X": True, "": False}


def parse_core(value) -> bool:
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, str) and value in _CORE_EXACT:
        return _CORE_EXACT[value]
    word = fold(_text(value))
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise CellError(_("“%(value)s” is not yes or no: write Có (or x) or Không, or leave it empty.")
                    % {"value": _text(value)})


_SKILL_LEVELS = frozenset(DigitalSkill.values)


def parse_skill(value) -> int:
    if _is_empty(value):
        return DigitalSkill.BASIC
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        level = int(value)
    else:
        text = _text(value)
        # "3", or a label copied from the guide ("3 — Can guide others")
        match = re.match(r"^([1-4])(?:\s*[—–\-:.].*)?$", text)
        level = int(match.group(1)) if match else 0
    if level not in _SKILL_LEVELS:
        raise CellError(_("“%(value)s” is not a digital skill level: write a number from 1 to 4.")
                        % {"value": _text(value)})
    return level


def _date_out(value):
    return value


def _same(value):
    return value if value is not None else ""


register(Column(
    "full_name", "Họ và tên", parse_name, "full_name", _same,
    meaning=gettext_lazy("Full name, family name first, with Vietnamese diacritics."),
    allowed=gettext_lazy("Text, up to 120 characters. Required."),
    example="Nguyễn Thị Hồng Nhung", required=True, width=28,
))
register(Column(
    "gender", "Giới tính", parse_gender, "gender", lambda v: GENDER_LABELS.get(v, v),
    meaning=gettext_lazy("Gender."),
    allowed=gettext_lazy("Nam, Nữ or Khác (capitals and diacritics do not matter). Required."),
    example="Nữ", required=True, width=10,
))
register(Column(
    "birth_date", "Ngày sinh", parse_date, "birth_date", _date_out,
    meaning=gettext_lazy("Date of birth."),
    allowed=gettext_lazy("An Excel date or text written dd/mm/yyyy. May be empty."),
    example=dt.date(2001, 9, 2), width=12, number_format=DATE_FORMAT,
))
register(Column(
    "phone", "Số điện thoại", parse_phone, "phone", _same,
    meaning=gettext_lazy("Mobile phone number. With the email, it recognises the member on the next import."),
    allowed=gettext_lazy("10 digits starting with 0 (+84 is accepted); unique in the commune. May be empty."),
    example="0912345678", width=14,
))
register(Column(
    "email", "Email", parse_email, "email", _same,
    meaning=gettext_lazy("Email address. With the phone, it recognises the member on the next import."),
    allowed=gettext_lazy("A valid email address; unique in the commune. May be empty."),
    example="nhung.nguyen@example.vn", width=26,
))
register(Column(
    "branch_code", "Mã chi đoàn", parse_branch_code, "branch__code", _same,
    meaning=gettext_lazy("Code of the branch (Chi đoàn) the member belongs to."),
    allowed=gettext_lazy("A branch code from the sheet “Mã chi đoàn”, inside the unit you import into. Required."),
    example="", required=True, width=16,
))
register(Column(
    "joined_on", "Ngày vào Đoàn", parse_date, "joined_on", _date_out,
    meaning=gettext_lazy("Date the member joined the Union."),
    allowed=gettext_lazy("An Excel date or text written dd/mm/yyyy, not before the date of birth. May be empty."),
    example=dt.date(2017, 3, 26), width=14, number_format=DATE_FORMAT,
))
register(Column(
    "status", "Trạng thái", parse_status, "status", lambda v: STATUS_LABELS.get(v, v),
    meaning=gettext_lazy("Membership status."),
    allowed=gettext_lazy("Đang sinh hoạt, Đã chuyển sinh hoạt, Đã trưởng thành Đoàn or Đã ra khỏi Đoàn. "
                         "Empty means Đang sinh hoạt."),
    example=STATUS_LABELS[Member.Status.ACTIVE], width=20,
))
register(Column(
    "is_core", "Hạt nhân", parse_core, "is_core", lambda v: "Có" if v else "Không",
    meaning=gettext_lazy("A core member (hạt nhân) others rely on for digital work."),
    allowed=gettext_lazy("Có (or x) for yes; Không or empty for no."),
    example="Có", width=10,
))
register(Column(
    "digital_skill", "Trình độ số", parse_skill, "digital_skill", lambda v: int(v) if v else 1,
    meaning=gettext_lazy("Digital skill level, from 1 to 4."),
    allowed=gettext_lazy("1, 2, 3 or 4 (see the levels below). Empty means 1."),
    example=3, width=12,
))

COLUMN_BY_KEY = {c.key: c for c in COLUMNS}


def headers() -> list[str]:
    return [c.header for c in COLUMNS]


def skill_levels() -> list[tuple[int, str, str]]:
    """(level, label, meaning) for the guide."""
    return [(int(level), str(level.label), str(DIGITAL_SKILL_MEANINGS[level])) for level in DigitalSkill]


# ---------------------------------------------------------------------------------------------
# Reading the file.


class FileRejected(Exception):
    """The file as a whole cannot be read (too large, not a workbook, damaged): one error for it."""

    def __init__(self, message):
        super().__init__(message)
        self.message = str(message)


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


def _check_container(source) -> None:
    """Size, magic bytes and zip contents: everything that can be refused before parsing."""
    size = _size_of(source)
    limit = settings.MEMBER_IMPORT_MAX_BYTES
    if size > limit:
        raise FileRejected(_("The file is %(size)s; the largest file that can be imported is %(limit)s. "
                             "Split it into several files.")
                           % {"size": filesizeformat(size), "limit": filesizeformat(limit)})
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
        raise FileRejected(_("This file is damaged or is not an Excel workbook (.xlsx).")) from None
    finally:
        if not isinstance(source, (str, os.PathLike)):
            source.seek(0)
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        raise FileRejected(_("This file is a zip archive but not an Excel workbook (.xlsx)."))
    if sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
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


def _formula_without_value_error() -> str:
    return _("The cell has a formula but no calculated value; paste the values (Paste Values) "
             "and upload the file again.")


def _openpyxl_numbered(source) -> Iterator[tuple[int, list]]:
    """(row number, values from column A) of each row the members sheet holds (openpyxl, streaming).

    Rows are numbered as the file numbers them and the rows it leaves out are not made up, so a
    row at 1,048,576 comes right after row 2 and the reading stops there. A formula cell holds its
    calculated value, or UNCOMPUTED when the file has none."""
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
        raise FileRejected(_("This file is damaged or is not an Excel workbook (.xlsx).")) from None
    try:
        ws = wb[MEMBERS_SHEET] if MEMBERS_SHEET in wb.sheetnames else wb.worksheets[0]
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
        raise FileRejected(_("This file is damaged or is not an Excel workbook (.xlsx).")) from None
    finally:
        wb.close()


def _openpyxl_rows(source) -> Iterator[list]:
    """Rows of the members sheet from A1, the rows the file leaves out as empty ones (benchmarks and
    tests compare the readers with it; the import reads `_openpyxl_numbered`)."""
    expected = 1
    for number, values in _openpyxl_numbered(source):
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


def _members_sheet_part(zf: zipfile.ZipFile) -> tuple[str, str] | None:
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
    name, rel_id = next((s for s in sheets if s[0] == MEMBERS_SHEET), sheets[0])
    target = next((el.get("Target") for el in rels.iterfind("p:Relationship", _NS) if el.get("Id") == rel_id), None)
    if not target:
        return None
    part = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return (name, part) if part in zf.namelist() else None


@dataclass
class _SheetScan:
    name: str | None  # the sheet the import reads (None: not found in the workbook's parts)
    plain: bool  # python-calamine may load it: every cell placed, none far away
    formulas_without_values: bool  # some formula cell has no calculated value


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _too_many_rows(sheet: str, rows: int) -> FileRejected:
    return FileRejected(_(
        "The sheet “%(sheet)s” has %(rows)s rows; a file can hold at most %(max)s member rows. "
        "Delete the empty rows below the members or split the file into several files."
    ) % {"sheet": sheet, "rows": _number(rows), "max": _number(MAX_ROWS)})


def _column_index(letters: bytes) -> int:
    """b"A" → 1, b"Z" → 26, b"AA" → 27."""
    index = 0
    for ch in letters:
        index = index * 26 + ch - 64
    return index


def _check_declared_size(zf: zipfile.ZipFile, name: str, part: str) -> None:
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
    if int(last_row) > LAST_ROW and _column_index(last_letters) <= 26:
        raise _too_many_rows(name, int(last_row))


def _scan_sheet(source) -> _SheetScan:
    """Read every part of the zip once and look at the members sheet on the way.

    Reading every part through Python's zipfile also checks each part's size and CRC against the
    zip's directory, so a part that lies about its size is refused before any parser sees it.
    The sheet is plain (python-calamine may load it) when every row and cell carries its position
    (r="…", as Excel, LibreOffice and openpyxl write them) and none lies beyond column Z or row
    299,999. A sheet with more rows than a file may hold is refused as soon as they are counted,
    whatever its declared size says.
    """
    try:
        with zipfile.ZipFile(source) as zf:
            found = _members_sheet_part(zf)
            if found is not None:
                _check_declared_size(zf, *found)
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
                        if rows > LAST_ROW:  # stop reading: the rest cannot be imported anyway
                            raise FileRejected(_("The file has more than %(max)s member rows. "
                                                 "Split it into several files.") % {"max": _number(MAX_ROWS)})
                        has_data = has_data or b"<sheetData" in piece
                        far = far or _FAR_CELL.search(piece) is not None
                        if not formulas_without_values and b"<f" in piece:
                            formulas_without_values = _has_formula_without_value(piece)
                        if not chunk:
                            break
                    safe = safe and has_data and not far and cells == cells_placed and rows == rows_placed
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise FileRejected(_("This file is damaged or is not an Excel workbook (.xlsx).")) from None
    finally:
        if not isinstance(source, (str, os.PathLike)):
            source.seek(0)
    return _SheetScan(found[0] if found else None, safe, formulas_without_values)


def _calamine_safe_sheet(source) -> str | None:
    """The sheet's name when python-calamine may load it (plain, and every formula has its value)."""
    scan = _scan_sheet(source)
    return scan.name if scan.plain and not scan.formulas_without_values else None


def _calamine_rows(source, sheet_name: str) -> list[list]:
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
        raise FileRejected(_("This file is damaged or is not an Excel workbook (.xlsx).")) from None


def _sheet_rows(source) -> Iterable[tuple[int, Any]]:
    """(row number, values from column A) of the members sheet: python-calamine when the sheet is
    plain and every formula has its value (about ten times faster than openpyxl), openpyxl
    streaming otherwise (it marks a formula without value as UNCOMPUTED)."""
    name = _calamine_safe_sheet(source)
    if name is not None:
        return enumerate(_calamine_rows(source, name), start=1)
    return _openpyxl_numbered(source)


def _match_header(row: tuple) -> tuple[dict[int, Column], list[RowError]]:
    expected = {fold(c.header): c for c in COLUMNS}
    found: dict[int, Column] = {}
    errors: list[RowError] = []
    seen: set[str] = set()
    for index, cell in enumerate(row):
        text = _text(cell)
        if not text:
            continue
        column = expected.get(fold(text.rstrip("*").strip()))
        if column is None:
            errors.append(RowError(1, column_letter(index), _(
                "The column “%(header)s” is not known. The columns are: %(headers)s."
            ) % {"header": text, "headers": ", ".join(headers())}))
        elif column.key in seen:
            errors.append(RowError(1, column.header, _("The column “%(header)s” appears twice.")
                                   % {"header": column.header}))
        else:
            seen.add(column.key)
            found[index] = column
    for column in COLUMNS:
        if column.key not in seen:
            errors.append(RowError(1, column.header, _("The column “%(header)s” is missing from the first row.")
                                   % {"header": column.header}))
    return found, errors


def parse_rows(rows: Iterable[tuple]) -> ParsedFile:
    """Header then data rows (from A1) → clean values and every cell error. Blank rows are skipped."""
    return parse_numbered_rows(enumerate(rows, start=1))


def parse_numbered_rows(rows: Iterable[tuple[int, Any]]) -> ParsedFile:
    """(row number, values from column A) pairs, the header first at row 1 → clean values and every
    cell error. Blank rows are skipped; the reading stops at the first row past the limit.

    A formula cell without calculated value (UNCOMPUTED) is an error of its row and column: read
    as empty, it would lose a phone number without a word."""
    result = ParsedFile()
    rows = iter(rows)
    first = next(rows, None)
    header = first[1] if first is not None and first[0] == 1 else None
    if header is None or all(_is_empty(v) for v in header):
        result.errors.append(RowError(None, "", _(
            "The first row must hold the column headers (%(headers)s); this sheet has none."
        ) % {"headers": ", ".join(headers())}))
        return result
    found, errors = _match_header(header)
    if errors:
        result.errors.extend(errors)
        return result
    spec = [(index, column.key, column.header, column.parse) for index, column in sorted(found.items())]
    span = max(found) + 1  # cells right of the last known column are ignored
    joined_header = COLUMN_BY_KEY["joined_on"].header
    out = result.rows
    errors = result.errors
    for number, raw in rows:
        raw = raw[:span]
        if not any(v is not None and v != "" and not (isinstance(v, str) and not v.strip()) for v in raw):
            continue
        if number > LAST_ROW or len(out) >= MAX_ROWS:
            errors.append(RowError(number, "", _(
                "The file has more than %(max)s member rows. Split it into several files."
            ) % {"max": _number(MAX_ROWS)}))
            break
        values = {}
        width = len(raw)
        # A row of nothing but formulas without values: say that, not that its name is missing.
        only_formulas = UNCOMPUTED in raw and all(_is_empty(v) or v is UNCOMPUTED for v in raw)
        for index, key, header_text, parse in spec:
            value = raw[index] if index < width else None
            if value is UNCOMPUTED:
                errors.append(RowError(number, header_text, _formula_without_value_error()))
                continue
            if only_formulas:
                continue
            try:
                values[key] = parse(value)
            except CellError as e:
                errors.append(RowError(number, header_text, e.message))
        born, joined = values.get("birth_date"), values.get("joined_on")
        if born and joined and joined < born:
            errors.append(RowError(number, joined_header, _("The date joined the Union is before the date of birth.")))
            del values["joined_on"]
        out.append(ParsedRow(number, values))
    if not out and not errors:
        errors.append(RowError(None, "", _("The file has the column headers but no member rows.")))
    return result


def read_workbook(source) -> ParsedFile:
    """A path or a binary file object → parsed rows and every error. Never raises for bad input."""
    try:
        _check_container(source)
        return parse_numbered_rows(_sheet_rows(source))
    except FileRejected as e:
        return ParsedFile(errors=[RowError(None, "", e.message)])


# ---------------------------------------------------------------------------------------------
# Writing workbooks (export and template).


def _header_cells(ws):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="EEF0F4")
    cells = []
    for text in headers():
        cell = WriteOnlyCell(ws, value=text)
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(vertical="top")
        cells.append(cell)
    return cells


def _members_sheet(wb, rows: Iterable[Iterable[Any]]):
    """The first sheet: header, then one row per member (values as the columns export them)."""
    from openpyxl.cell import WriteOnlyCell

    ws = wb.create_sheet(MEMBERS_SHEET)
    for index, column in enumerate(COLUMNS):
        ws.column_dimensions[column_letter(index)].width = column.width
    ws.freeze_panes = "A2"
    ws.append(_header_cells(ws))
    date_indexes = [i for i, c in enumerate(COLUMNS) if c.number_format]
    # One styled cell per date column, reused: write-only cells are serialised on append.
    date_cells = {i: WriteOnlyCell(ws) for i in date_indexes}
    for i, cell in date_cells.items():
        cell.number_format = COLUMNS[i].number_format
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


def _branches_sheet(wb, branches: Iterable[tuple[str, str, str, str]]):
    ws = wb.create_sheet(BRANCHES_SHEET)
    for letter, width in zip("ABCD", (18, 36, 36, 30)):
        ws.column_dimensions[letter].width = width
    ws.append(["Mã chi đoàn", "Tên chi đoàn", "Đoàn cơ sở", "Xã/phường"])
    for row in branches:
        ws.append(list(row))
    return ws


def export_values(record: dict) -> list:
    """A member as the cells of one row, from a dict keyed by each column's `source`."""
    return [c.export(record[c.source]) for c in COLUMNS]


def write_members_workbook(target, member_records: Iterable[dict], branches: Iterable[tuple]):
    """Export: the members sheet, then the branch codes. `target` is a path or binary file."""
    wb = xlsx.workbook()  # any name that looks like a formula is written as text
    _members_sheet(wb, (export_values(r) for r in member_records))
    _branches_sheet(wb, branches)
    wb.save(target)


def write_template(target, branches: list[tuple]):
    """The import template: header and one example row, the guide, and the branch codes."""
    from openpyxl.styles import Alignment, Font

    example = []
    for column in COLUMNS:
        value = column.example
        if column.key == "branch_code":
            value = branches[0][0] if branches else "13285-01-01"
        example.append(value)
    wb = xlsx.workbook()
    _members_sheet(wb, [example])

    guide = wb.create_sheet(GUIDE_SHEET)
    for letter, width in zip("ABCDE", (18, 50, 60, 24, 10)):
        guide.column_dimensions[letter].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    from openpyxl.cell import WriteOnlyCell

    def row(values, bold=False):
        cells = []
        for v in values:
            cell = WriteOnlyCell(guide, value=v)
            cell.alignment = wrap
            if bold:
                cell.font = Font(bold=True)
            cells.append(cell)
        guide.append(cells)

    row([_("How to fill in the sheet “%(sheet)s”") % {"sheet": MEMBERS_SHEET}], bold=True)
    for line in (
        _("Keep the first row (the column headers) exactly as it is; one member per row below it."),
        _("Delete the example row before importing: it would be imported as a member."),
        _("The import writes nothing if any row has an error; every error is listed with its row and column."),
        _("A member already in the unit with the same phone number or email is updated, not added again; "
          "a member with neither is recognised by full name and date of birth within the branch."),
        _("An exported file can be edited and imported again: it has exactly these columns."),
    ):
        row(["", line])
    row([])
    row([_("Column"), _("Meaning"), _("Allowed values"), _("Example"), _("Required")], bold=True)
    for column, value in zip(COLUMNS, example):
        if isinstance(value, dt.date):
            value = value.strftime("%d/%m/%Y")
        row([column.header, str(column.meaning), str(column.allowed), value,
             _("Yes") if column.required else _("No")])
    row([])
    row([_("Digital skill levels (column “%(header)s”)") % {"header": COLUMN_BY_KEY["digital_skill"].header}],
        bold=True)
    for level, label, meaning in skill_levels():
        row([level, label, meaning])
    row([])
    row([_("Status values (column “%(header)s”)") % {"header": COLUMN_BY_KEY["status"].header}], bold=True)
    for status, label in STATUS_LABELS.items():
        row([label, str(Member.Status(status).label)])

    _branches_sheet(wb, branches)
    wb.save(target)

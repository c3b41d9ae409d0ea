"""The members workbook, declared on the import framework (tienphong/core/imports): one column
list shared by the import, the export and the template.

The file format is fixed and Vietnamese (sheet names and headers never change with the UI
language); everything said *about* the file — errors, the guide sheet — goes through gettext.
Reading (hostile-file checks, the readers, header matching, every cell error by row and column) is
the framework's: `read_workbook(source)` gives clean values per row; `tienphong.members.importing`
then checks the rows against the database (branches, duplicates, matches) and writes them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tienphong.core.errors import DomainError
from tienphong.core.imports import Column, ExtraSheet, GuideSection, RowError, Sheet, reading, writing
from tienphong.core.imports.cells import CellError, number, parse_date, parse_yes_no
from tienphong.core.imports.cells import is_empty as _is_empty
from tienphong.core.imports.cells import text as _text
from tienphong.core.imports.writing import XLSX_CONTENT_TYPE  # noqa: F401  (the views' content type)
from tienphong.core.text import clean_name, fold

from .models import DIGITAL_SKILL_MEANINGS, DigitalSkill, Member
from .services import normalize_email, normalize_phone

MEMBERS_SHEET = "Đoàn viên"
GUIDE_SHEET = "Hướng dẫn"
BRANCHES_SHEET = "Mã chi đoàn"
DATE_FORMAT = "DD/MM/YYYY"

MAX_ROWS = 200_000

# ---------------------------------------------------------------------------------------------
# Cell parsers: raw Excel value → clean value, or CellError (dates and yes/no: core.imports.cells).


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
    Member.Status.WORKING_AWAY: "Đi làm ăn xa",
    Member.Status.MOVED: "Đã chuyển sinh hoạt",
    Member.Status.MATURED: "Đã trưởng thành Đoàn",
    Member.Status.LEFT: "Đã ra khỏi Đoàn",
}
_STATUS_EXACT = {label: status for status, label in STATUS_LABELS.items()}
_STATUS_WORDS = {fold(label): status for status, label in STATUS_LABELS.items()}
_STATUS_WORDS.update({
    "dang sinh hoat": Member.Status.ACTIVE, "active": Member.Status.ACTIVE,
    "lam an xa": Member.Status.WORKING_AWAY, "di lam xa": Member.Status.WORKING_AWAY,
    "working away": Member.Status.WORKING_AWAY,
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


COLUMNS: list[Column] = [
    Column(
        "full_name", "Họ và tên", parse_name, "full_name",
        meaning=gettext_lazy("Full name, family name first, with Vietnamese diacritics."),
        allowed=gettext_lazy("Text, up to 120 characters. Required."),
        example="Nguyễn Thị Hồng Nhung", required=True, width=28,
    ),
    Column(
        "gender", "Giới tính", parse_gender, "gender", lambda v: GENDER_LABELS.get(v, v),
        meaning=gettext_lazy("Gender."),
        allowed=gettext_lazy("Nam, Nữ or Khác (capitals and diacritics do not matter). Required."),
        example="Nữ", required=True, width=10,
    ),
    Column(
        "birth_date", "Ngày sinh", parse_date, "birth_date", _date_out,
        meaning=gettext_lazy("Date of birth."),
        allowed=gettext_lazy("An Excel date or text written dd/mm/yyyy. May be empty."),
        example=dt.date(2001, 9, 2), width=12, number_format=DATE_FORMAT,
    ),
    Column(
        "phone", "Số điện thoại", parse_phone, "phone",
        meaning=gettext_lazy("Mobile phone number. With the email, it recognises the member on the next import."),
        allowed=gettext_lazy("10 digits starting with 0 (+84 is accepted); unique in the commune. May be empty."),
        example="0912345678", width=14,
    ),
    Column(
        "email", "Email", parse_email, "email",
        meaning=gettext_lazy("Email address. With the phone, it recognises the member on the next import."),
        allowed=gettext_lazy("A valid email address; unique in the commune. May be empty."),
        example="nhung.nguyen@example.vn", width=26,
    ),
    Column(
        "branch_code", "Mã chi đoàn", parse_branch_code, "branch__code",
        meaning=gettext_lazy("Code of the branch (Chi đoàn) the member belongs to."),
        allowed=gettext_lazy("A branch code from the sheet “Mã chi đoàn”, inside the unit you import into. Required."),
        example="", required=True, width=16,
    ),
    Column(
        "joined_on", "Ngày vào Đoàn", parse_date, "joined_on", _date_out,
        meaning=gettext_lazy("Date the member joined the Union."),
        allowed=gettext_lazy("An Excel date or text written dd/mm/yyyy, not before the date of birth. May be empty."),
        example=dt.date(2017, 3, 26), width=14, number_format=DATE_FORMAT,
    ),
    Column(
        "status", "Trạng thái", parse_status, "status", lambda v: STATUS_LABELS.get(v, v),
        meaning=gettext_lazy("Membership status."),
        allowed=gettext_lazy("Đang sinh hoạt, Đi làm ăn xa, Đã chuyển sinh hoạt, Đã trưởng thành Đoàn or "
                             "Đã ra khỏi Đoàn. Empty means Đang sinh hoạt."),
        example=STATUS_LABELS[Member.Status.ACTIVE], width=20,
    ),
    Column(
        "is_core", "Hạt nhân", parse_yes_no, "is_core", lambda v: "Có" if v else "Không",
        meaning=gettext_lazy("A core member (hạt nhân) others rely on for digital work."),
        allowed=gettext_lazy("Có (or x) for yes; Không or empty for no."),
        example="Có", width=10,
    ),
    Column(
        "digital_skill", "Trình độ số", parse_skill, "digital_skill", lambda v: int(v) if v else 1,
        meaning=gettext_lazy("Digital skill level, from 1 to 4."),
        allowed=gettext_lazy("1, 2, 3 or 4 (see the levels below). Empty means 1."),
        example=3, width=12,
    ),
]


class MembersSheet(Sheet):
    """The sheet "Đoàn viên": its columns, limits and the words that name its rows (members)."""

    name = MEMBERS_SHEET
    guide_name = GUIDE_SHEET
    max_rows = MAX_ROWS

    def max_bytes(self) -> int:
        return settings.MEMBER_IMPORT_MAX_BYTES

    def check_row(self, row: int, values: dict, errors: list[RowError]) -> None:
        born, joined = values.get("birth_date"), values.get("joined_on")
        if born and joined and joined < born:
            errors.append(RowError(row, self.header("joined_on"),
                                   _("The date joined the Union is before the date of birth.")))
            del values["joined_on"]

    def too_many_rows_message(self) -> str:
        return _("The file has more than %(max)s member rows. Split it into several files.") % {
            "max": number(self.max_rows)}

    def sheet_too_long_message(self, sheet: str, rows: int) -> str:
        return _(
            "The sheet “%(sheet)s” has %(rows)s rows; a file can hold at most %(max)s member rows. "
            "Delete the empty rows below the members or split the file into several files."
        ) % {"sheet": sheet, "rows": number(rows), "max": number(self.max_rows)}

    def no_rows_message(self) -> str:
        return _("The file has the column headers but no member rows.")


SHEET = MembersSheet(columns=COLUMNS)
COLUMN_BY_KEY = SHEET.by_key


def headers() -> list[str]:
    return SHEET.headers()


def read_workbook(source):
    """A path or a binary file object → parsed rows and every error. Never raises for bad input."""
    return reading.read_workbook(source, SHEET)


def skill_levels() -> list[tuple[int, str, str]]:
    """(level, label, meaning) for the guide."""
    return [(int(level), str(level.label), str(DIGITAL_SKILL_MEANINGS[level])) for level in DigitalSkill]


# ---------------------------------------------------------------------------------------------
# Writing workbooks (export and template).


def _branches_sheet(branches: Iterable[tuple[str, str, str, str]]) -> ExtraSheet:
    return ExtraSheet(BRANCHES_SHEET, ["Mã chi đoàn", "Tên chi đoàn", "Đoàn cơ sở", "Xã/phường"], branches,
                      widths=(18, 36, 36, 30))


def write_members_workbook(target, member_records: Iterable[dict], branches: Iterable[tuple]):
    """Export: the members sheet, then the branch codes. `target` is a path or binary file."""
    writing.write_export(target, SHEET, member_records, [_branches_sheet(branches)])


def write_template(target, branches: list[tuple]):
    """The import template: header and one example row, the guide, and the branch codes."""
    example = writing.example_row(SHEET, branch_code=branches[0][0] if branches else "13285-01-01")
    writing.write_template(
        target, SHEET, example=example,
        guide_lines=(
            _("Keep the first row (the column headers) exactly as it is; one member per row below it."),
            _("Delete the example row before importing: it would be imported as a member."),
            _("The import writes nothing if any row has an error; every error is listed with its row and column."),
            _("A member already in the unit with the same phone number or email is updated, not added again; "
              "a member with neither is recognised by full name and date of birth within the branch."),
            _("An exported file can be edited and imported again: it has exactly these columns."),
        ),
        guide_sections=(
            GuideSection(_("Digital skill levels (column “%(header)s”)") % {"header": SHEET.header("digital_skill")},
                         [list(level) for level in skill_levels()]),
            GuideSection(_("Status values (column “%(header)s”)") % {"header": SHEET.header("status")},
                         [[label, str(Member.Status(status).label)] for status, label in STATUS_LABELS.items()]),
        ),
        extra_sheets=[_branches_sheet(branches)],
    )

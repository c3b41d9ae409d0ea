"""The participants workbook, declared on the import framework (tienphong/core/imports): one column list
shared by the import, the export and the template.

One row is one participant of the event imported into: a member of the province (named by their
number on Tiên Phong or the phone on their member record) or a guest. The sheet and its headers are
fixed and Vietnamese; roles are written with their Vietnamese labels (the catalogue's labels of
Participant.Role) and read with or without diacritics, in English or as their codes. The connection
point is named as it is in the event (empty: the main hall). `tienphong.events.importing` checks the
rows against the event and writes them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tienphong.core.errors import DomainError
from tienphong.core.imports import Column, GuideSection, Sheet, reading, writing
from tienphong.core.imports.cells import CellError, number
from tienphong.core.imports.cells import is_empty as _is_empty
from tienphong.core.imports.cells import text as _text
from tienphong.core.imports.writing import XLSX_CONTENT_TYPE  # noqa: F401  (the views' content type)
from tienphong.core.text import clean_name, fold
from tienphong.members.services import normalize_phone

from .models import Participant

PARTICIPANTS_SHEET = "Người tham dự"
GUIDE_SHEET = "Hướng dẫn"
MAX_ROWS = 10_000
MAX_BYTES = 10 * 1024 * 1024

R = Participant.Role


def _field_length(name: str) -> int:
    return Participant._meta.get_field(name).max_length


def _vietnamese(label) -> str:
    with translation.override("vi"):
        return str(label)


@lru_cache(maxsize=1)
def role_labels() -> dict[str, str]:
    """role → its label in the file (the Vietnamese label of Participant.Role)."""
    return {role.value: _vietnamese(role.label) for role in R}


# Words people write for a role besides its label and code.
_ROLE_SYNONYMS = {
    "dai bieu": R.DELEGATE, "dai bieu chinh thuc": R.DELEGATE, "delegate": R.DELEGATE,
    "khach": R.GUEST, "khach moi": R.GUEST, "dai bieu khach moi": R.GUEST, "guest": R.GUEST,
    "can bo": R.CADRE, "hoc vien": R.CADRE, "cadre": R.CADRE,
    "bao cao vien": R.SPEAKER, "dien gia": R.SPEAKER, "speaker": R.SPEAKER,
}


@lru_cache(maxsize=1)
def _role_words() -> dict[str, str]:
    words = dict(_ROLE_SYNONYMS)
    for role in R:
        for word in (role.value, role.label, _vietnamese(role.label)):
            words[fold(str(word))] = role.value
    return words


# ---------------------------------------------------------------------------------------------
# Cell parsers: raw Excel value → clean value, or CellError.


def _text_cell(value, field: str, what) -> str:
    typed = clean_name(_text(value))
    limit = _field_length(field)
    if len(typed) > limit:
        raise CellError(_("The %(what)s is longer than %(limit)s characters.") % {"what": what, "limit": limit})
    return typed


def parse_name(value) -> str:
    name = _text_cell(value, "full_name", _("full name"))
    if not name:
        raise CellError(_("The full name is required."))
    return name


_MEMBER_NUMBER = re.compile(r"^[1-9]\d{0,9}$")


def parse_member(value) -> tuple[str, int | str] | None:
    """("id", 123) for the member's number on Tiên Phong, ("phone", "0912345678") for a phone, None when empty.

    A member number never starts with 0; nine digits starting like a mobile number (3, 5, 7, 8, 9) are a
    phone whose leading zero Excel dropped."""
    if _is_empty(value):
        return None
    typed = _text(value).strip()
    if _MEMBER_NUMBER.match(typed) and not (len(typed) == 9 and typed[0] in "35789"):
        return ("id", int(typed))
    try:
        return ("phone", normalize_phone(typed))
    except DomainError:
        raise CellError(_("“%(value)s” is neither a member number nor a phone number.") % {"value": typed}) from None


def export_member(member_id) -> int | str:
    return member_id or ""


def parse_phone(value) -> str:
    try:
        return normalize_phone(value if not _is_empty(value) else None)
    except DomainError as e:
        raise CellError(e.message) from None


def parse_organisation(value) -> str:
    return _text_cell(value, "organisation", _("organisation"))


def parse_delegation(value) -> str:
    return _text_cell(value, "delegation", _("delegation"))


def parse_role(value) -> str:
    if _is_empty(value):
        return R.DELEGATE
    typed = _text(value)
    role = _role_words().get(fold(typed))
    if role is None:
        raise CellError(_("“%(value)s” is not a role: write one of %(allowed)s.")
                        % {"value": typed, "allowed": ", ".join(role_labels().values())})
    return role


def export_role(role: str) -> str:
    return role_labels().get(role, role)


def parse_seat(value) -> str:
    seat = _text(value).strip().upper()
    limit = _field_length("seat")
    if len(seat) > limit:
        raise CellError(_("The seat is longer than %(limit)s characters.") % {"limit": limit})
    return seat


def parse_point(value) -> str:
    return clean_name(_text(value))


COLUMNS: list[Column] = [
    Column(
        "full_name", "Họ và tên", parse_name, "full_name",
        meaning=gettext_lazy("Full name, family name first, with Vietnamese diacritics."),
        allowed=gettext_lazy("Text, up to 120 characters. Required."),
        example="Nguyễn Thị Hồng Nhung", required=True, width=28,
    ),
    Column(
        "member", "Mã đoàn viên hoặc SĐT", parse_member, "member_id", export_member,
        meaning=gettext_lazy(
            "Links the row to a union member of the province: their number on Tiên Phong (the number at the end "
            "of their page's address, …/members/123/) or the phone number on their member record. Leave it empty "
            "for a guest."),
        allowed=gettext_lazy("A member number, or a phone number that only one member of the province has. "
                             "May be empty."),
        example="", width=18,
    ),
    Column(
        "organisation", "Cơ quan, đơn vị", parse_organisation, "organisation",
        meaning=gettext_lazy("Where the participant works or studies."),
        allowed=gettext_lazy("Text, up to 200 characters. May be empty."),
        example="Đoàn Thanh niên phường Phủ Lý", width=28,
    ),
    Column(
        "phone", "Số điện thoại", parse_phone, "phone",
        meaning=gettext_lazy("Mobile phone number. With the full name, it recognises the participant on the next "
                             "import."),
        allowed=gettext_lazy("10 digits starting with 0 (+84 is accepted). May be empty."),
        example="0912345678", width=14,
    ),
    Column(
        "delegation", "Đoàn đại biểu", parse_delegation, "delegation",
        meaning=gettext_lazy("The delegation (đoàn đại biểu) the participant belongs to."),
        allowed=gettext_lazy("Text, up to 120 characters. May be empty."),
        example="Đoàn đại biểu phường Phủ Lý", width=26,
    ),
    Column(
        "role", "Vai trò", parse_role, "role", export_role,
        meaning=gettext_lazy("The participant's role at the event."),
        allowed=gettext_lazy("One of the roles listed below. Empty means the first of them."),
        example="", width=20,
    ),
    Column(
        "seat", "Số ghế", parse_seat, "seat",
        meaning=gettext_lazy("Seat in the hall, printed on the badge."),
        allowed=gettext_lazy("Up to 20 characters, each seat once in the event. May be empty."),
        example="A12", width=10,
    ),
    Column(
        "point", "Điểm cầu", parse_point, "point__name",
        meaning=gettext_lazy("The connection point (điểm cầu) where the participant attends."),
        allowed=gettext_lazy("The name of a connection point of the event, as written on the event's page. "
                             "Empty means the main hall."),
        example="", width=24,
    ),
]


class ParticipantsSheet(Sheet):
    """The sheet "Người tham dự": its columns, limits and the words that name its rows (participants)."""

    name = PARTICIPANTS_SHEET
    guide_name = GUIDE_SHEET
    max_rows = MAX_ROWS

    def max_bytes(self) -> int:
        return MAX_BYTES

    def too_many_rows_message(self) -> str:
        return _("The file has more than %(max)s participant rows. Split it into several files.") % {
            "max": number(self.max_rows)}

    def sheet_too_long_message(self, sheet: str, rows: int) -> str:
        return _(
            "The sheet “%(sheet)s” has %(rows)s rows; a file can hold at most %(max)s participant rows. "
            "Delete the empty rows below the participants or split the file into several files."
        ) % {"sheet": sheet, "rows": number(rows), "max": number(self.max_rows)}

    def no_rows_message(self) -> str:
        return _("The file has the column headers but no participant rows.")


SHEET = ParticipantsSheet(columns=COLUMNS)
# The file of someone who may not see phones: the same columns without "Số điện thoại". The import
# reads it too; the phones already stored stay as they are.
SHEET_WITHOUT_PHONE = ParticipantsSheet(columns=[c for c in COLUMNS if c.key != "phone"])
COLUMN_BY_KEY = SHEET.by_key


def headers() -> list[str]:
    return SHEET.headers()


def read_workbook(source):
    """A path or a binary file object → parsed rows and every error. Never raises for bad input."""
    return read_workbook_with_phone(source)[0]


def read_workbook_with_phone(source):
    """(parsed rows and every error, whether the file has the phone column).

    A file without the phone column (the export of someone who may not see phones) is read as such:
    its rows carry no "phone" value, and the import keeps the phones already stored."""
    parsed = reading.read_workbook(source, SHEET)
    phone = SHEET.header("phone")
    if len(parsed.errors) == 1 and parsed.errors[0].row == 1 and parsed.errors[0].column == phone:
        if hasattr(source, "seek"):
            source.seek(0)
        again = reading.read_workbook(source, SHEET_WITHOUT_PHONE)
        if not any(e.row == 1 for e in again.errors):
            return again, False
    return parsed, True


# ---------------------------------------------------------------------------------------------
# Writing workbooks (export and template).


def sheet_for(*, with_phone: bool) -> Sheet:
    return SHEET if with_phone else SHEET_WITHOUT_PHONE


def write_participants_workbook(target, records: Iterable[dict], *, with_phone: bool = True):
    """Export: one row per participant. `target` is a path or binary file."""
    writing.write_export(target, sheet_for(with_phone=with_phone), records)


def write_template(target, points: list[str]):
    """The import template: header and one example row, the guide (roles, the event's connection points)."""
    example = writing.example_row(SHEET, role=role_labels()[R.DELEGATE], point=points[0] if points else "")
    writing.write_template(
        target, SHEET, example=example,
        guide_lines=(
            _("Keep the first row (the column headers) exactly as it is; one participant per row below it."),
            _("Delete the example row before importing: it would be imported as a participant."),
            _("The import writes nothing if any row has an error; every error is listed with its row and column."),
            _("A participant already on the list is updated, not added again: the one linked to the same member; "
              "else the one with the same full name and phone number; else, for a row without a phone number, "
              "the one with the same full name and delegation."),
            _("An exported file can be edited and imported again: it has exactly these columns."),
        ),
        guide_sections=(
            GuideSection(_("Roles (column “%(header)s”)") % {"header": SHEET.header("role")},
                         [[label, str(R(role).label)] for role, label in role_labels().items()]),
            GuideSection(_("Connection points of the event (column “%(header)s”)") % {"header": SHEET.header("point")},
                         [[name] for name in points]),
        ),
    )

"""The union tree workbook, declared on the import framework (tienphong/core/imports): one column
list shared by the import, the export and the template.

One row is one grassroots union (Đoàn cơ sở), branch (Chi đoàn) or service point, hung under a
commune of the unit imported into (or under that unit itself) and, for a branch, under its
grassroots union. The sheet and its headers are fixed and Vietnamese; the kinds and branch types
are written with their Vietnamese labels (the catalogue's), and read with or without diacritics,
in English or as their codes. `tienphong.units.importing` checks the rows against the tree and
writes them.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tienphong.core import xlsx
from tienphong.core.imports import Column, ExtraSheet, GuideSection, Sheet, reading, writing
from tienphong.core.imports.cells import CellError, number
from tienphong.core.imports.cells import text as _text
from tienphong.core.imports.writing import XLSX_CONTENT_TYPE  # noqa: F401  (the views' content type)
from tienphong.core.text import clean_name, fold

from .models import OrgUnit

K = OrgUnit.Kind
UNITS_SHEET = "Đơn vị"
GUIDE_SHEET = "Hướng dẫn"
COMMUNES_SHEET = "Mã xã phường"
MAX_ROWS = 20_000
IMPORTED_KINDS = (K.GRASSROOTS, K.BRANCH, K.SERVICE_POINT)


def _vietnamese(label) -> str:
    with translation.override("vi"):
        return str(label)


@lru_cache(maxsize=1)
def kind_labels() -> dict[str, str]:
    """kind → its label in the file ("Đoàn cơ sở", "Chi đoàn", "Điểm phục vụ")."""
    return {kind.value: _vietnamese(kind.label) for kind in IMPORTED_KINDS}


@lru_cache(maxsize=1)
def branch_type_labels() -> dict[str, str]:
    """branch type → its label in the file ("Thôn, xóm (nông thôn)", "Trường học"…)."""
    return {t.value: _vietnamese(t.label) for t in OrgUnit.BranchType}


@lru_cache(maxsize=1)
def _kind_words() -> dict[str, str]:
    words = {}
    for kind in IMPORTED_KINDS:
        for word in (kind.value, _vietnamese(kind.label)):
            words[fold(word)] = kind.value
        with translation.override("en"):
            words[fold(str(kind.label))] = kind.value
    words.update({"doan co so": K.GRASSROOTS, "dcs": K.GRASSROOTS, "chi doan": K.BRANCH,
                  "diem dich vu": K.SERVICE_POINT, "diem phuc vu": K.SERVICE_POINT})
    return words


@lru_cache(maxsize=1)
def _branch_type_words() -> dict[str, str]:
    T = OrgUnit.BranchType
    words = {}
    for t in T:
        words[fold(t.value)] = t.value
        words[fold(_vietnamese(t.label))] = t.value
        with translation.override("en"):
            words[fold(str(t.label))] = t.value
    words.update({"thon": T.RURAL, "xom": T.RURAL, "thon xom": T.RURAL, "nong thon": T.RURAL,
                  "to dan pho": T.RURAL, "khu pho": T.RURAL, "ban": T.RURAL, "truong": T.SCHOOL,
                  "doanh nghiep": T.ENTERPRISE, "co quan": T.AGENCY, "luc luong vu trang": T.ARMED_FORCES,
                  "llvt": T.ARMED_FORCES, "quan doi": T.ARMED_FORCES, "cong an": T.ARMED_FORCES,
                  "khac": T.OTHER})
    return words


def _words_of(text: str) -> str:
    """fold() keeps punctuation: "Thôn, xóm (nông thôn)" and "thon xom nong thon" must meet."""
    return " ".join("".join(ch if ch.isalnum() else " " for ch in fold(text)).split())


def parse_kind(value) -> str:
    typed = _text(value)
    if not typed:
        raise CellError(_("The kind of unit is required: write %(allowed)s.")
                        % {"allowed": ", ".join(kind_labels().values())})
    kind = _kind_words().get(fold(typed)) or {_words_of(w): k for w, k in _kind_words().items()}.get(_words_of(typed))
    if kind is None:
        raise CellError(_("“%(value)s” is not a kind of unit that can be imported: write %(allowed)s.")
                        % {"value": typed, "allowed": ", ".join(kind_labels().values())})
    return kind


def parse_code(value) -> str:
    code = _text(value)
    limit = OrgUnit._meta.get_field("code").max_length
    if len(code) > limit:
        raise CellError(_("The code is longer than %(limit)s characters.") % {"limit": limit})
    if code and any(ch.isspace() for ch in code):
        raise CellError(_("The code “%(code)s” has spaces; a code is letters, digits and dashes.") % {"code": code})
    return code


def parse_name(value) -> str:
    name = clean_name(_text(value))
    if not name:
        raise CellError(_("The name of the unit is required."))
    limit = OrgUnit._meta.get_field("name").max_length
    if len(name) > limit:
        raise CellError(_("The name is longer than %(limit)s characters.") % {"limit": limit})
    return name


def parse_reference(value) -> str:
    """A commune or parent: its code or its name, resolved against the tree by the importer."""
    return clean_name(_text(value))


def parse_branch_type(value) -> str:
    typed = _text(value)
    if not typed:
        return ""
    words = _branch_type_words()
    found = words.get(fold(typed)) or {_words_of(w): t for w, t in words.items()}.get(_words_of(typed))
    if found is None:
        raise CellError(_("“%(value)s” is not a branch type: write one of %(allowed)s.")
                        % {"value": typed, "allowed": "; ".join(branch_type_labels().values())})
    return found


COLUMNS: list[Column] = [
    Column(
        "kind", "Loại đơn vị", parse_kind, "kind", lambda v: kind_labels().get(v, v),
        meaning=gettext_lazy("What the unit is: a grassroots union, a branch or a service point."),
        allowed=gettext_lazy("Đoàn cơ sở, Chi đoàn or Điểm phục vụ (capitals and diacritics do not matter). "
                             "Required."),
        example="Đoàn cơ sở", required=True, width=14,
    ),
    Column(
        "code", "Mã đơn vị", parse_code, "code",
        meaning=gettext_lazy("The unit's own code. A unit already in the tree with this code is updated "
                             "(its name or branch type), never added again."),
        allowed=gettext_lazy("Letters, digits and dashes, unique in the whole platform. Empty: a code is "
                             "made from the parent's code (13285-02, 13285-02-01)."),
        example="", width=16,
    ),
    Column(
        "name", "Tên đơn vị", parse_name, "name",
        meaning=gettext_lazy("Full name of the unit, with Vietnamese diacritics."),
        allowed=gettext_lazy("Text, up to 200 characters. Required."),
        example="Đoàn cơ sở phường Phủ Lý", required=True, width=36,
    ),
    Column(
        "commune", "Xã/phường", parse_reference, "commune",
        meaning=gettext_lazy("The commune or ward the unit belongs to."),
        allowed=gettext_lazy("Its name or official code (sheet “Mã xã phường”), inside the unit you import "
                             "into. Empty: directly under the unit you import into."),
        example="Phường Phủ Lý", width=24,
    ),
    Column(
        "parent", "Đơn vị cấp trên", parse_reference, "parent",
        meaning=gettext_lazy("For a branch: the grassroots union it belongs to. For a grassroots union or a "
                             "service point: leave it empty (it hangs under the commune)."),
        allowed=gettext_lazy("The code or the name of a grassroots union of the same commune, already in the "
                             "tree or on another row of the file."),
        example="", width=28,
    ),
    Column(
        "branch_type", "Loại chi đoàn", parse_branch_type, "branch_type",
        lambda v: branch_type_labels().get(v, "") if v else "",
        meaning=gettext_lazy("Branches only: what the branch gathers; reports split branches by it."),
        allowed=gettext_lazy("One of the branch types below. Required for a new branch (empty keeps an existing "
                             "branch's type); empty for other units."),
        example="", width=24,
    ),
]


class UnitsSheet(Sheet):
    """The sheet "Đơn vị": its columns, limits and the words that name its rows (units)."""

    name = UNITS_SHEET
    guide_name = GUIDE_SHEET
    max_rows = MAX_ROWS
    default_max_bytes = 5 * 1024 * 1024

    def too_many_rows_message(self) -> str:
        return _("The file has more than %(max)s unit rows. Split it into several files.") % {
            "max": number(self.max_rows)}

    def sheet_too_long_message(self, sheet: str, rows: int) -> str:
        return _(
            "The sheet “%(sheet)s” has %(rows)s rows; a file can hold at most %(max)s unit rows. "
            "Delete the empty rows below the units or split the file into several files."
        ) % {"sheet": sheet, "rows": number(rows), "max": number(self.max_rows)}

    def no_rows_message(self) -> str:
        return _("The file has the column headers but no unit rows.")


SHEET = UnitsSheet(columns=COLUMNS)
COLUMN_BY_KEY = SHEET.by_key


def headers() -> list[str]:
    return SHEET.headers()


def read_workbook(source):
    """A path or a binary file object → parsed rows and every error. Never raises for bad input."""
    return reading.read_workbook(source, SHEET)


# ---------------------------------------------------------------------------------------------
# Writing workbooks (export and template).


def _communes_sheet(communes: Iterable[tuple[str, str]]) -> ExtraSheet:
    return ExtraSheet(COMMUNES_SHEET, ["Mã xã/phường", "Tên xã/phường"], communes, widths=(16, 36))


def write_units_workbook(target, records: Iterable[dict], communes: Iterable[tuple[str, str]]):
    """Export: one row per unit (dicts keyed by column key), then the commune codes."""
    writing.write_export(target, SHEET, records, [_communes_sheet(communes)])


def template_examples(commune: tuple[str, str] | None) -> list[list]:
    """Three example rows (a grassroots union, one of its branches, a service point) in `commune`
    (code, name), which the template carries so the way a branch names its union is shown."""
    code, name = commune or ("13285", "Phường Phủ Lý")
    labels, types = kind_labels(), branch_type_labels()
    union = "Đoàn cơ sở Trường THPT A"
    return [
        [labels[K.GRASSROOTS], "", union, name, "", ""],
        [labels[K.BRANCH], "", "Chi đoàn 10A1", name, union, types[OrgUnit.BranchType.SCHOOL]],
        [labels[K.BRANCH], "", "Chi đoàn Giáo viên", code, union, types[OrgUnit.BranchType.AGENCY]],
        [labels[K.SERVICE_POINT], "", f"Điểm phục vụ {name}", name, "", ""],
    ]


def write_template(target, communes: list[tuple[str, str]]):
    """The import template: header and example rows, the guide, and the commune codes."""
    examples = template_examples(communes[0] if communes else None)
    wb = xlsx.workbook()
    writing.write_data_sheet(wb, SHEET, examples)
    writing.write_guide(
        wb, SHEET, examples[1],
        lines=(
            _("Keep the first row (the column headers) exactly as it is; one unit per row below it."),
            _("Delete the example rows before importing, or change them into your own units."),
            _("The import writes nothing if any row has an error; every error is listed with its row and column."),
            _("A branch names its grassroots union by code or by name in the column “%(header)s”; the union may "
              "be on another row of the same file.") % {"header": SHEET.header("parent")},
            _("A unit already in the tree with the same code (or, without a code, the same name under the same "
              "parent) is recognised: importing the same file again changes nothing."),
            _("An exported file can be edited and imported again: it has exactly these columns."),
        ),
        sections=(
            GuideSection(_("Kinds of unit (column “%(header)s”)") % {"header": SHEET.header("kind")},
                         [[label, str(OrgUnit.Kind(kind).label)] for kind, label in kind_labels().items()]),
            GuideSection(_("Branch types (column “%(header)s”)") % {"header": SHEET.header("branch_type")},
                         [[label, str(OrgUnit.BranchType(t).label)] for t, label in branch_type_labels().items()]),
        ),
    )
    writing.write_extra_sheet(wb, _communes_sheet(communes))
    wb.save(target)

"""What an import file is: its data sheet, its columns, its limits, and what a parse gives back.

An app declares its file once (a `Sheet` with its `Column`s) and gets from the framework the
reading (hostile-file checks, the two readers, header matching without diacritics, every cell error
by row and column: `reading`), the template workbook (`writing`) and the preview/confirm steps
(`importer`, `pending`, `views`). The file format is fixed and Vietnamese (sheet names and headers
never change with the UI language); everything said *about* the file — errors, the guide sheet —
goes through gettext.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from tienphong.core.text import fold

from .cells import number


@dataclass(frozen=True)
class RowError:
    """One problem of the file: `row` is the Excel row number (None: the whole file); `column` the
    column's header (or letter, for an unknown header), "" for the whole row."""

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


def _same(value):
    return value if value is not None else ""


@dataclass(frozen=True)
class Column:
    """One column of a workbook: how it is read, written and explained.

    `parse(raw) -> value` raises `cells.CellError` for a bad cell. `meaning` and `allowed` are the
    help texts (lazy translations) the guide sheet and the upload page show. `source` and `export`
    serve an export that writes the same columns (the lookup it reads, and how a value is written).
    """

    key: str
    header: str  # fixed Vietnamese text: the file format, not the UI
    parse: Callable[[Any], Any]
    source: str = ""
    export: Callable[[Any], Any] = _same
    meaning: Any = ""
    allowed: Any = ""
    example: Any = None
    required: bool = False
    width: int = 16
    number_format: str = ""


class Sheet:
    """The declaration of an import file: its data sheet and columns, its limits, its words.

    Subclass it (or instantiate it with keyword arguments) per kind of file. The three messages that
    name what a row is ("member rows") are the declaration's; every other message is the framework's.
    """

    name: str = "Dữ liệu"  # the data sheet (else the first sheet is read)
    guide_name: str = "Hướng dẫn"
    columns: Sequence[Column] = ()
    max_rows: int = 10_000
    blank_rows: int = 10_000  # blank rows tolerated between the rows before the reading stops
    # What the zip may unpack to: a 20 MB upload of repeated XML could otherwise expand to gigabytes.
    max_unpacked_bytes: int = 512 * 1024 * 1024
    default_max_bytes: int = 20 * 1024 * 1024

    def __init__(self, **kwargs):
        for key, value in kwargs.items():
            if not hasattr(type(self), key):
                raise TypeError(f"Sheet has no setting {key!r}")
            setattr(self, key, value)
        self.columns = list(self.columns)
        seen: set[str] = set()
        for column in self.columns:
            for mark in (column.key, "header:" + fold(column.header)):
                if mark in seen:
                    raise ValueError(f"column {column.key!r} / {column.header!r} is declared twice")
                seen.add(mark)
        self.by_key = {c.key: c for c in self.columns}

    # ------------------------------------------------------------------ limits

    @property
    def last_row(self) -> int:
        """The last row read: the header, the rows and some blank rows between them."""
        return self.max_rows + 1 + self.blank_rows

    def max_bytes(self) -> int:
        """The largest upload (read when checking, so a setting may set it)."""
        return self.default_max_bytes

    # ------------------------------------------------------------------ columns

    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def header(self, key: str) -> str:
        return self.by_key[key].header

    def check_row(self, row: int, values: dict, errors: list[RowError]) -> None:
        """Checks across columns of one parsed row (e.g. one date before another): append errors and
        drop the values they concern. Nothing by default."""

    def sort_errors(self, errors: list[RowError]) -> list[RowError]:
        """By row (the whole file first), then in column order."""
        order = {c.header: i for i, c in enumerate(self.columns)}
        return sorted(errors, key=lambda e: (e.row or 0, order.get(e.column, -1)))

    # ------------------------------------------------------------------ words of the declaration

    def too_many_rows_message(self) -> str:
        return _("The file has more than %(max)s rows. Split it into several files.") % {
            "max": number(self.max_rows)}

    def sheet_too_long_message(self, sheet: str, rows: int) -> str:
        return _("The sheet “%(sheet)s” has %(rows)s rows; a file can hold at most %(max)s rows. "
                 "Delete the empty rows below the data or split the file into several files.") % {
            "sheet": sheet, "rows": number(rows), "max": number(self.max_rows)}

    def no_rows_message(self) -> str:
        return _("The file has the column headers but no rows.")

"""Cell values as people type them into Excel: text, empty, dates, yes/no; and cell errors.

A column's parser takes the raw value a reader gives (str, float, int, bool, date, datetime or
None) and returns the clean value, or raises `CellError` with a complete, translated sentence; the
framework files it under the row and the column's header.
"""

from __future__ import annotations

import datetime as dt
import re
import time

from django.utils import timezone
from django.utils.translation import gettext as _

from tienphong.core.text import fold


class CellError(ValueError):
    """A cell that cannot be read; the message is a complete, translated sentence."""

    def __init__(self, message):
        super().__init__(message)
        self.message = str(message)


def is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value) -> str:
    """A cell as text: numbers typed into Excel come back as floats (912345678.0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def number(n: int) -> str:
    """12345 → "12.345" (the "." thousands of both languages)."""
    return f"{n:,}".replace(",", ".")


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: bytes) -> int:
    """b"A" → 1, b"Z" → 26, b"AA" → 27."""
    index = 0
    for ch in letters:
        index = index * 26 + ch - 64
    return index


# --------------------------------------------------------------------------------------------- dates

_DATE_TEXT = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO_DATE_TEXT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
# No date the platform imports is before this; it also keeps a bare year typed into a date cell
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
    """A real Excel date, or dd/mm/yyyy text; empty is allowed. Never in the future, never before 1920."""
    if is_empty(value):
        return None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        # A date cell whose format was lost comes back as Excel's serial day number.
        if not _OLDEST_SERIAL <= value < 2958466:
            raise CellError(_("“%(value)s” is not a date: write it as dd/mm/yyyy.") % {"value": text(value)})
        day = _EXCEL_EPOCH + dt.timedelta(days=int(value))
    else:
        typed = text(value)
        match = _DATE_TEXT.match(typed)
        try:
            if match:
                d, m, y = (int(g) for g in match.groups())
                day = dt.date(y, m, d)
            elif match := _ISO_DATE_TEXT.match(typed):
                y, m, d = (int(g) for g in match.groups())
                day = dt.date(y, m, d)
            else:
                raise ValueError
        except ValueError:
            raise CellError(_("“%(value)s” is not a date: write it as dd/mm/yyyy.") % {"value": typed}) from None
    if day < _OLDEST:
        raise CellError(_("The date %(date)s is too far in the past.") % {"date": day.strftime("%d/%m/%Y")})
    if day > _today():
        raise CellError(_("The date %(date)s is in the future.") % {"date": day.strftime("%d/%m/%Y")})
    return day


# --------------------------------------------------------------------------------------------- yes / no

_YES = {"co", "x", "yes", "y", "1", "true"}
_NO = {"", "khong", "no", "n", "0", "false"}
_YES_NO_EXACT = {"Có": True, "Không": False, "x": True, "X": True, "": False}


def parse_yes_no(value) -> bool:
    """Có / x / yes / 1 → True; Không / no / 0 / empty → False (capitals and diacritics do not matter)."""
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, str) and value in _YES_NO_EXACT:
        return _YES_NO_EXACT[value]
    word = fold(text(value))
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise CellError(_("“%(value)s” is not yes or no: write Có (or x) or Không, or leave it empty.")
                    % {"value": text(value)})

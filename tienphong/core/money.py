"""Money as people type it and read it: "15.000.000" or "15000000" in, "15.000.000 ₫" out."""

import re

from django.contrib.humanize.templatetags.humanize import intcomma

# Digits grouped by threes with "." (Vietnamese), "," (English) or a space, or plain digits.
_GROUPED = re.compile(r"^-?\d{1,3}(?:([.,\s])\d{3})(?:\1\d{3})*$")
_PLAIN = re.compile(r"^-?\d+$")
_CURRENCY = re.compile(r"(₫|đồng|dong|vnđ|vnd|đ|d)$", re.IGNORECASE)


def parse_vnd(raw) -> int:
    """The whole number of đồng in `raw`; ValueError when it is not one.

    Accepts "15.000.000", "15,000,000", "15 000 000", "15000000" and a trailing "₫"/"đ"/"VND".
    "1.5" is refused: in Vietnamese it would read as a decimal, and đồng have no decimals.
    """
    if raw is None:
        raise ValueError("empty")
    if isinstance(raw, int):
        return raw
    text = str(raw).replace("\u00a0", " ").replace("\u202f", " ").strip()
    text = _CURRENCY.sub("", text).strip()
    if text.startswith("+"):
        text = text[1:]
    if _PLAIN.match(text):
        return int(text)
    if _GROUPED.match(text):
        return int(re.sub(r"[.,\s]", "", text))
    raise ValueError(f"not an amount of money: {raw!r}")


def format_vnd(value) -> str:
    """1234567 → "1.234.567 ₫" (the project's formats group with "." in both languages)."""
    if value in (None, ""):
        return "—"
    return f"{intcomma(int(value))}\u00a0₫"


def group_thousands(value) -> str:
    """15000000 → "15.000.000" (what the money inputs show)."""
    try:
        return f"{int(value):,}".replace(",", ".")
    except (TypeError, ValueError):
        return "" if value is None else str(value)

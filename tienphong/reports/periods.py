"""Report periods: day, week, month, quarter, year, a campaign's dates or a custom range."""

import datetime as dt
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _, gettext_lazy

KINDS = [
    ("day", gettext_lazy("Day")),
    ("week", gettext_lazy("Week")),
    ("month", gettext_lazy("Month")),
    ("quarter", gettext_lazy("Quarter")),
    ("year", gettext_lazy("Year")),
    ("campaign", gettext_lazy("Campaign")),
    ("custom", gettext_lazy("Custom range")),
]
# The longest custom range: a report over more than five years is a typo in a year.
MAX_DAYS = 366 * 5
# The dates a report may ask about: the union's records start long after the first, and a period
# around the last one, or the one before or after it, must still be a real date.
EARLIEST = dt.date(1990, 1, 1)
LATEST = dt.date(2100, 12, 31)


def _d(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


def _add_months(d: dt.date, n: int) -> dt.date:
    m = d.month - 1 + n
    return dt.date(d.year + m // 12, m % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.date
    end: dt.date
    campaign_id: int | None = None
    campaign_title: str = ""

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        if self.kind == "day":
            return _d(self.start)
        if self.kind == "week":
            return _("Week %(n)s (%(start)s – %(end)s)") % {
                "n": self.start.isocalendar()[1], "start": _d(self.start), "end": _d(self.end)}
        if self.kind == "month":
            return _("Month %(m)02d/%(y)s") % {"m": self.start.month, "y": self.start.year}
        if self.kind == "quarter":
            return _("Quarter %(q)s/%(y)s") % {"q": (self.start.month - 1) // 3 + 1, "y": self.start.year}
        if self.kind == "year":
            return _("Year %(y)s") % {"y": self.start.year}
        text = f"{_d(self.start)} – {_d(self.end)}"
        return f"{self.campaign_title} ({text})" if self.campaign_title else text

    def previous(self) -> "Period":
        """The period before, of the same kind and length (the month before, the year before…)."""
        if self.kind in ("month", "quarter", "year"):
            months = {"month": 1, "quarter": 3, "year": 12}[self.kind]
            start = _add_months(self.start, -months)
            return Period(self.kind, start, self.start - dt.timedelta(days=1))
        return Period("custom" if self.kind == "campaign" else self.kind,
                      self.start - dt.timedelta(days=self.days), self.start - dt.timedelta(days=1))

    def running(self, today: dt.date) -> bool:
        """Begun and not yet ended: only part of it can have happened."""
        return self.start <= today < self.end

    def comparison(self, today: dt.date) -> "Period":
        """What the period is compared with: the previous one, or, while this one runs, the same
        elapsed part of the previous one (1–7 Dec against 1–7 Nov, not against all of November).
        A month, quarter or year keeps the day of the month (clamped: 31 Mar → 28 Feb); a week or a
        range keeps the number of days."""
        before = self.previous()
        if self.kind == "day" or not self.running(today):
            return before
        if self.kind in ("month", "quarter", "year"):
            months = {"month": 1, "quarter": 3, "year": 12}[self.kind]
            first = _add_months(today.replace(day=1), -months)
            last_day = (_add_months(first, 1) - dt.timedelta(days=1)).day
            end = first.replace(day=min(today.day, last_day))
        else:
            end = before.start + (today - self.start)
        return Period(before.kind, before.start, min(end, before.end))

    @property
    def span(self) -> str:
        """"01/11–07/11/2026"; the year on both ends when they differ."""
        if self.start.year == self.end.year:
            return f"{self.start:%d/%m}–{_d(self.end)}"
        return f"{_d(self.start)}–{_d(self.end)}"

    def clamp(self, today: dt.date) -> "Period":
        """Nothing after today counts: a class still to come is not yet held."""
        # A period that has not begun clamps to an empty range (end before start): it reads nothing.
        return self if self.end <= today else Period(self.kind, self.start, today, self.campaign_id,
                                                      self.campaign_title)

    @property
    def bucket(self) -> str:
        """How a trend over this period is drawn."""
        if self.days <= 31:
            return "day"
        if self.days <= 200:
            return "week"
        return "month"

    def params(self) -> dict[str, str]:
        if self.kind == "campaign":
            return {"period": "campaign", "campaign": str(self.campaign_id)}
        if self.kind == "custom":
            return {"period": "custom", "start": self.start.isoformat(), "end": self.end.isoformat()}
        return {"period": self.kind, "date": self.start.isoformat()}


def is_id(value) -> bool:
    """A row id as a query string carries it: 1 to 18 ASCII digits ("²" is a digit to str.isdigit())."""
    text = str(value or "")
    return 0 < len(text) <= 18 and text.isascii() and text.isdigit() and int(text) > 0


def parse_date(value) -> dt.date:
    """A yyyy-mm-dd date (ASCII digits) from EARLIEST to LATEST; ValueError with the reason otherwise."""
    text = str(value)
    if not (len(text) == 10 and text.isascii() and text[4] == text[7] == "-"
            and (text[:4] + text[5:7] + text[8:]).isdigit()):
        raise ValueError(_("Write the date as yyyy-mm-dd."))
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(_("This date does not exist.")) from None
    if not EARLIEST <= day <= LATEST:
        raise ValueError(_("Choose a date from %(first)s to %(last)s.") % {
            "first": _d(EARLIEST), "last": _d(LATEST)})
    return day


def _parse(value, default: dt.date) -> dt.date:
    try:
        return parse_date(value)
    except ValueError:
        return default


def period_of(kind: str, anchor: dt.date) -> Period:
    if kind == "day":
        return Period("day", anchor, anchor)
    if kind == "week":
        start = anchor - dt.timedelta(days=anchor.weekday())
        return Period("week", start, start + dt.timedelta(days=6))
    if kind == "quarter":
        start = dt.date(anchor.year, (anchor.month - 1) // 3 * 3 + 1, 1)
        return Period("quarter", start, _add_months(start, 3) - dt.timedelta(days=1))
    if kind == "year":
        return Period("year", dt.date(anchor.year, 1, 1), dt.date(anchor.year, 12, 31))
    start = anchor.replace(day=1)
    return Period("month", start, _add_months(start, 1) - dt.timedelta(days=1))


def parse_period(params, today: dt.date, campaigns=None) -> Period:
    """The period a request asks for (a month containing today when it asks for nothing usable).

    `campaigns` is a queryset of the campaigns the viewer may pick."""
    kind = params.get("period") or "month"
    if kind == "campaign" and campaigns is not None:
        campaign = campaigns.filter(pk=params.get("campaign")).first() if is_id(params.get("campaign")) else None
        if campaign is not None:
            return Period("campaign", campaign.starts_on, campaign.ends_on, campaign.pk, campaign.title)
        kind = "month"
    if kind == "custom":
        start = _parse(params.get("start"), today.replace(day=1))
        end = _parse(params.get("end"), today)
        if end < start:
            start, end = end, start
        if (end - start).days > MAX_DAYS:
            start = end - dt.timedelta(days=MAX_DAYS)
        return Period("custom", start, end)
    if kind not in {k for k, _label in KINDS}:
        kind = "month"
    return period_of(kind, _parse(params.get("date"), today))


def shift(period: Period, steps: int) -> Period:
    """The period `steps` before (negative) or after (positive), for the ‹ › arrows."""
    if period.kind in ("month", "quarter", "year"):
        months = {"month": 1, "quarter": 3, "year": 12}[period.kind] * steps
        return period_of(period.kind, _add_months(period.start, months))
    delta = dt.timedelta(days=period.days * steps)
    return Period(period.kind if period.kind != "campaign" else "custom", period.start + delta, period.end + delta)


def month_label(d: dt.date) -> str:
    return f"{d.month:02d}/{d.year}"


def day_label(d: dt.date) -> str:
    return date_format(d, "d/m")

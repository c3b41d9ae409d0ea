"""What a period is compared with: while it runs, the same elapsed part of the previous one."""

import datetime as dt

import pytest

from tienphong.reports.periods import Period, period_of

D = dt.date


@pytest.mark.parametrize("kind, today, start, end", [
    # 7 December: 1–7 Dec against 1–7 Nov, not against the whole of November.
    ("month", D(2026, 12, 7), D(2026, 11, 1), D(2026, 11, 7)),
    # A month longer than the one before: clamped to its last day.
    ("month", D(2026, 3, 30), D(2026, 2, 1), D(2026, 2, 28)),
    ("month", D(2028, 3, 30), D(2028, 2, 1), D(2028, 2, 29)),
    # Quarter IV to 7 Dec against quarter III to 7 Sep; 31 May against Q1 to 28 Feb.
    ("quarter", D(2026, 12, 7), D(2026, 7, 1), D(2026, 9, 7)),
    ("quarter", D(2026, 5, 31), D(2026, 1, 1), D(2026, 2, 28)),
    # The year to 7 Dec against 1 Jan–7 Dec of the year before; 29 Feb against 28 Feb.
    ("year", D(2026, 12, 7), D(2025, 1, 1), D(2025, 12, 7)),
    ("year", D(2028, 2, 29), D(2027, 1, 1), D(2027, 2, 28)),
    # Monday to Wednesday against Monday to Wednesday of the week before.
    ("week", D(2026, 12, 9), D(2026, 11, 30), D(2026, 12, 2)),
])
def test_a_running_period_is_compared_with_the_same_days_before(kind, today, start, end):
    period = period_of(kind, today)
    assert period.running(today)
    compare = period.comparison(today)
    assert (compare.start, compare.end) == (start, end)


@pytest.mark.parametrize("kind", ["month", "quarter", "year", "week", "day"])
def test_an_ended_period_is_compared_with_the_whole_previous_one(kind):
    period = period_of(kind, D(2025, 11, 15))
    today = D(2026, 12, 7)
    assert not period.running(today)
    assert period.comparison(today) == period.previous()


def test_the_last_day_of_a_month_compares_whole_months():
    period = period_of("month", D(2026, 11, 30))
    assert period.comparison(D(2026, 11, 30)) == period.previous()  # 30 Nov: the month is all there


def test_a_running_range_keeps_its_elapsed_days():
    period = Period("custom", D(2026, 12, 1), D(2026, 12, 20))
    compare = period.comparison(D(2026, 12, 5))
    assert (compare.start, compare.end) == (D(2026, 11, 11), D(2026, 11, 15))


def test_the_span_says_the_dates():
    assert Period("month", D(2026, 11, 1), D(2026, 11, 7)).span == "01/11–07/11/2026"
    assert Period("custom", D(2025, 12, 29), D(2026, 1, 4)).span == "29/12/2025–04/01/2026"

"""A province officer opens the dashboard on a phone, changes the period, drills into a commune and
downloads the Excel and PDF reports."""

import calendar
import datetime as dt
import shutil
import subprocess

import openpyxl
import pytest
from django.utils import timezone
expect = pytest.importorskip("playwright.sync_api", reason="needs the test extra: pip install -e .[test]").expect

from tienphong.core.scope import Scope
from tienphong.support import services

from ..literacy.pdftext import pdf_text
from .conftest import SCREENSHOTS
from .helpers import scroll_width

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]


def _log(world, user, **data):
    data.setdefault("services", ["vneid"])
    return services.record_create(author=user, scope=Scope.for_user(user), data=data)[0]


def test_province_dashboard_period_drill_down_and_exports(bfield, page, login, shot, tmp_path):
    _log(bfield, bfield.volunteer, people=12, services=["vneid", "cashless"])
    _log(bfield, bfield.outsider, people=4, unit=bfield.other_commune.pk)
    # Earlier in the year: shows once the period is the year, not in this month.
    earlier = timezone.now() - dt.timedelta(days=40)
    _log(bfield, bfield.secretary, people=7, occurred_at=earlier.isoformat())

    login(bfield.province_admin)
    page.goto("/reports/")
    card = page.locator("#card-support_turns")
    expect(card).to_have_attribute("data-value", "16")
    expect(page.locator("#chart-trend svg")).to_be_visible()
    expect(page.locator("#map path.leaflet-interactive")).to_have_count(2)
    assert scroll_width(page) <= 360
    # Item 8: the running month is held against the same days of the month before, and says which.
    today = timezone.localdate()
    before = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    last = min(today.day, calendar.monthrange(before.year, before.month)[1])
    same_days = (f"01/{before.month:02d}–{last:02d}/{before.month:02d}/{before.year}" if before.year == today.year
                 else f"01/{before.month:02d}/{before.year}–{last:02d}/{before.month:02d}/{before.year}")
    expect(card).to_contain_text(f"so với {same_days}")
    shot("month")

    page.select_option("#period-kind", "year")
    page.click("#period-form button")
    expect(page.locator("#period-label")).to_contain_text(str(timezone.localdate().year))
    expected_year = 16 + (7 if earlier.year == timezone.localdate().year else 0)
    expect(card).to_have_attribute("data-value", str(expected_year))
    shot("year")

    page.locator("#children a", has_text="Phường Phủ Lý").click()
    expect(page.locator("h1")).to_contain_text("Phủ Lý")
    expect(page.locator("#card-support_turns")).to_have_attribute("data-value", str(expected_year - 4))
    assert scroll_width(page) <= 360
    shot("commune")

    with page.expect_download() as info:
        page.click("#export-xlsx")
    xlsx = tmp_path / "report.xlsx"
    info.value.save_as(xlsx)
    book = openpyxl.load_workbook(xlsx, read_only=True)
    assert len(book.sheetnames) >= 3
    cells = [str(c) for row in book[book.sheetnames[0]].iter_rows(values_only=True) for c in row if c is not None]
    assert any(str(expected_year - 4) in c for c in cells), cells[:40]
    # Item 13: each table filters, prints on A4 one page wide with its header repeated; dates are dates.
    book = openpyxl.load_workbook(xlsx)
    summary = book[book.sheetnames[0]]
    assert summary.auto_filter.ref and int(summary.page_setup.paperSize) == int(summary.PAPERSIZE_A4)
    assert summary.page_setup.fitToWidth == 1 and summary.print_title_rows
    assert any(isinstance(c, dt.date) for row in summary.iter_rows(values_only=True) for c in row)

    with page.expect_download() as info:
        page.click("#export-pdf")
    pdf = tmp_path / "report.pdf"
    info.value.save_as(pdf)
    assert pdf.read_bytes()[:5] == b"%PDF-"
    text = pdf_text(pdf.read_bytes())
    assert "BÁO CÁO KẾT QUẢ" in text.upper() and "Phủ Lý" in text, text[:400]
    if shutil.which("pdftoppm"):  # page 1 as an image, to look at (poppler-utils)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(pdf),
                        str(SCREENSHOTS / "province_dashboard_period_drill_down_and_exports-pdf")], check=False)

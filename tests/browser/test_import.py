"""Importing members from Excel in the browser: a bad row stops everything; a good file goes through."""

import datetime as dt
import re

import pytest
from openpyxl import Workbook
expect = pytest.importorskip("playwright.sync_api", reason="needs the test extra: pip install -e .[test]").expect

from tienphong.members import excel
from tienphong.members.models import Member

from .helpers import scroll_width

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]  # WhiteNoise, no collectstatic


def _workbook(path, rows):
    """An .xlsx with the real headers (tienphong/members/excel.py) and one dict per member row."""
    wb = Workbook()
    ws = wb.active
    ws.title = excel.MEMBERS_SHEET
    ws.append(excel.headers())
    keys = [c.key for c in excel.COLUMNS]
    for row in rows:
        ws.append([row.get(k) for k in keys])
    wb.save(path)
    return path


def _rows(branch_code):
    return [
        {"full_name": "Nguyễn Văn An", "gender": "Nam", "birth_date": dt.date(2001, 9, 2),
         "phone": "0912345601", "branch_code": branch_code, "digital_skill": 3, "is_core": "Có"},
        {"full_name": "Trần Thị Bích Ngọc", "gender": "Nữ", "birth_date": "15/03/2003",
         "phone": "0912345602", "email": "ngoc.tran@example.vn", "branch_code": branch_code},
        {"full_name": "Đặng Đức Anh", "gender": "Nam", "birth_date": dt.date(1999, 12, 31),
         "branch_code": branch_code, "joined_on": dt.date(2015, 3, 26), "status": "Đang sinh hoạt"},
    ]


def test_bad_row_shows_errors_and_writes_nothing_then_good_file_imports(page, bworld, login, shot, tmp_path):
    code = bworld.branch.code
    bad_rows = _rows(code)
    bad_rows[1]["birth_date"] = "31/02/2003"  # no 31 February: Excel row 3
    bad = _workbook(tmp_path / "doan-vien-loi.xlsx", bad_rows)
    good = _workbook(tmp_path / "doan-vien.xlsx", _rows(code))
    before = Member.objects.count()

    login(bworld.secretary)
    page.goto("/members/")
    page.click(f"a[href='/members/import/']")
    expect(page).to_have_url(re.compile(r"/members/import/$"))
    shot("1-form")
    assert scroll_width(page) <= 360

    page.select_option("#id_unit", str(bworld.commune.pk))
    page.set_input_files("#id_file", str(bad))
    page.click("form.panel button.btn")
    errors = page.locator("table.errors-table tbody tr")
    expect(errors).to_have_count(1)
    expect(errors.first.locator("td").nth(0)).to_have_text("3")
    expect(errors.first.locator("td").nth(1)).to_have_text(excel.COLUMN_BY_KEY["birth_date"].header)
    expect(errors.first.locator("td").nth(2)).to_contain_text("31/02/2003")
    expect(page.locator(".msg-error")).to_be_visible()
    expect(page.locator("button[name=confirm]")).to_have_count(0)
    shot("2-errors")
    assert scroll_width(page) <= 360
    assert Member.objects.count() == before, "a file with an error must write nothing"

    page.click(f"a.btn[href*='/members/import/']")  # "upload a corrected file"
    page.select_option("#id_unit", str(bworld.commune.pk))
    page.set_input_files("#id_file", str(good))
    page.click("form.panel button.btn")
    expect(page.locator("table.errors-table")).to_have_count(0)
    expect(page.locator(".cards .card").first.locator(".n")).to_have_text("3")  # to create
    preview = page.locator("main table.stack")
    for name in ("Nguyễn Văn An", "Trần Thị Bích Ngọc", "Đặng Đức Anh"):
        expect(preview).to_contain_text(name)
    shot("3-preview")
    assert scroll_width(page) <= 360
    assert Member.objects.count() == before, "the preview must write nothing"

    page.click("button[name=confirm]")
    expect(page).to_have_url(re.compile(rf"/members/\?unit={bworld.commune.pk}$"))
    expect(page.locator(".msg")).to_be_visible()
    results = page.locator("#results")
    for name in ("Nguyễn Văn An", "Trần Thị Bích Ngọc", "Đặng Đức Anh"):
        expect(results).to_contain_text(name)
    shot("4-imported")
    assert Member.objects.count() == before + 3
    an = Member.objects.get(phone="0912345601")
    assert (an.full_name, an.birth_date, an.branch_id, an.is_core, an.digital_skill) == (
        "Nguyễn Văn An", dt.date(2001, 9, 2), bworld.branch.pk, True, 3)

"""Importing the union tree from Excel in the browser, on a phone: a bad file lists its errors and
writes nothing; a good file is previewed, then confirmed."""

import re

import pytest
from openpyxl import Workbook
expect = pytest.importorskip("playwright.sync_api", reason="needs the test extra: pip install -e .[test]").expect

from tienphong.units import excel
from tienphong.units.models import OrgUnit

from .helpers import scroll_width

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]  # WhiteNoise, no collectstatic


def _workbook(path, rows):
    wb = Workbook()
    ws = wb.active
    ws.title = excel.UNITS_SHEET
    ws.append(excel.headers())
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


GOOD = [
    ["Đoàn cơ sở", "", "Đoàn cơ sở Trường THPT Phủ Lý A", "Phường Phủ Lý", "", ""],
    ["Chi đoàn", "", "Chi đoàn 10A1", "Phường Phủ Lý", "Đoàn cơ sở Trường THPT Phủ Lý A", "Trường học"],
    ["Chi đoàn", "", "Chi đoàn Giáo viên", "13285", "Đoàn cơ sở Trường THPT Phủ Lý A", "Cơ quan"],
    ["Điểm phục vụ", "", "Điểm phục vụ Tổ dân phố 3", "Phường Phủ Lý", "", ""],
]


def test_bad_file_lists_its_errors_then_good_file_is_previewed_and_confirmed(page, bworld, login, shot, tmp_path):
    bad_rows = [list(r) for r in GOOD]
    bad_rows[1][5] = "Nhà máy"  # row 3: not a branch type
    bad_rows[2][3] = "Phường Phù Vân"  # row 4: the other ward, outside the secretary's commune
    bad = _workbook(tmp_path / "cay-loi.xlsx", bad_rows)
    good = _workbook(tmp_path / "cay.xlsx", GOOD)
    before = OrgUnit.objects.count()

    login(bworld.secretary)
    page.goto("/tree/import/")
    expect(page.locator("h1")).to_have_text("Nhập cây tổ chức Đoàn từ Excel")
    shot("1-form")
    assert scroll_width(page) <= 360

    page.set_input_files("#id_file", str(bad))
    page.click("form.panel button.btn")
    errors = page.locator("table.errors-table tbody tr")
    expect(errors).to_have_count(2)
    expect(errors.nth(0).locator("td").nth(0)).to_have_text("3")
    expect(errors.nth(0).locator("td").nth(1)).to_have_text("Loại chi đoàn")
    expect(errors.nth(0).locator("td").nth(2)).to_contain_text("“Nhà máy” không phải loại chi đoàn")
    expect(errors.nth(1).locator("td").nth(0)).to_have_text("4")
    expect(errors.nth(1).locator("td").nth(1)).to_have_text("Xã/phường")
    expect(errors.nth(1).locator("td").nth(2)).to_contain_text("Phường Phù Vân không thuộc Phường Phủ Lý")
    expect(page.locator("button[name=confirm]")).to_have_count(0)
    shot("2-errors")
    assert scroll_width(page) <= 360
    assert OrgUnit.objects.count() == before, "a file with an error must write nothing"

    page.click("a.btn[href*='/tree/import/']")  # "upload a corrected file"
    page.set_input_files("#id_file", str(good))
    page.click("form.panel button.btn")
    expect(page.locator("table.errors-table")).to_have_count(0)
    expect(page.locator(".cards .card").first.locator(".n")).to_have_text("4")  # to create
    preview = page.locator("main table.stack")
    expect(preview).to_contain_text("13285-02-01")  # a code made from the new union's
    expect(preview).to_contain_text("Trường học")
    shot("3-preview")
    assert scroll_width(page) <= 360
    assert OrgUnit.objects.count() == before

    page.click("button[name=confirm]")
    expect(page).to_have_url(re.compile(r"/tree/import/\?unit=\d+$"))
    expect(page.locator(".msg").first).to_contain_text("tạo 4 đơn vị")
    shot("4-done")
    assert OrgUnit.objects.count() == before + 4
    union = OrgUnit.objects.get(name="Đoàn cơ sở Trường THPT Phủ Lý A")
    assert (union.code, union.parent_id) == ("13285-02", bworld.commune.pk)
    assert OrgUnit.objects.get(code="13285-02-02").branch_type == OrgUnit.BranchType.AGENCY

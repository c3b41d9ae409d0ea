"""The province dashboard on a 360 px phone: the communes' table fits (name, turns, turns per 100
members), shows 20 rows at first with a search and a "show all", and the buttons are finger-sized."""

import pytest
expect = pytest.importorskip("playwright.sync_api", reason="needs the test extra: pip install -e .[test]").expect

from tienphong.core.scope import Scope
from tienphong.support import services

from ..factories import make_communes
from ..literacy.pdftext import pdf_text
from .helpers import scroll_width

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]


def test_province_dashboard_fits_a_phone_with_a_paged_searchable_commune_table(bfield, page, login, shot):
    make_communes(bfield.province, [f"Xã Thử Nghiệm Số {i:02d}" for i in range(40)], [f"98{i:03d}" for i in range(40)])
    services.record_create(author=bfield.volunteer, scope=Scope.for_user(bfield.volunteer),
                           data={"services": ["vneid"], "people": 6})
    login(bfield.province_admin)
    page.goto("/reports/")
    table = page.locator("#children")
    expect(table.locator("tbody tr:visible")).to_have_count(20)  # 42 communes: the first 20
    assert scroll_width(page) <= 360
    # The per-100 column is on screen, not cut off at the right edge.
    per100 = table.locator("thead th").nth(2)
    box = per100.bounding_box()
    assert per100.is_visible() and box["x"] + box["width"] <= 360, box
    cell = table.locator("tbody tr").first.locator("td").nth(2)
    assert cell.is_visible() and cell.bounding_box()["x"] + cell.bounding_box()["width"] <= 360
    assert not table.locator("thead th").nth(3).is_visible()  # the other columns: wider screens, Excel
    # The "Show" button of the period form: a real button, a finger tall.
    assert page.locator("#period-form button").bounding_box()["height"] >= 44
    # The province's service centre: its own section, not among the communes.
    expect(page.locator("#service-points-table")).to_contain_text(bfield.service_point.name)
    expect(table).not_to_contain_text(bfield.service_point.name)
    paged = page.evaluate("document.documentElement.scrollHeight")
    shot("360")

    page.fill("#children-search", "thu nghiem so 07")  # no accents typed
    expect(table.locator("tbody tr:visible")).to_have_count(1)
    expect(table.locator("tbody tr:visible")).to_contain_text("Xã Thử Nghiệm Số 07")
    page.fill("#children-search", "")
    page.click("#children-more")
    expect(table.locator("tbody tr:visible")).to_have_count(42)
    assert scroll_width(page) <= 360
    # Paged, the page is shorter by the 22 rows left out (each at least a line).
    assert page.evaluate("document.documentElement.scrollHeight") - paged > 22 * 30

    # The PDF's number, recipients and signer, typed before the export.
    page.click("#pdf-options summary")
    expect(page.locator("#pdf-form [name=signer_title]")).to_have_value("Bí thư")
    page.fill("#pdf-form [name=doc_number]", "31-BC/TĐTN")
    page.fill("#pdf-form [name=signer]", "Trần Quốc Bảo")
    assert scroll_width(page) <= 360
    shot("360-pdf-options")
    with page.expect_download() as info:
        page.click("#pdf-submit")
    text = " ".join(pdf_text(open(info.value.path(), "rb").read()).split())
    assert "Số: 31-BC/TĐTN" in text and "Trần Quốc Bảo" in text and "T/M BAN THƯỜNG VỤ" in text

    page.goto("/reports/pivot/")  # the pivot's "Show" too
    assert page.locator("#period-form button").bounding_box()["height"] >= 44

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/reports/")
    expect(table.locator("thead th").nth(7)).to_be_visible()  # every column on a wide screen
    shot("1280")

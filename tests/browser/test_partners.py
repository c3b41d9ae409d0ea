"""At 360 px: the province admin adds a partner, finds it without diacritics, a support entry names it,
and the dashboard, the pivot and the partner page show what was done together; a volunteer sees the
partner without its phone."""

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="needs the test extra: pip install -e .[test]").expect

from tienphong.core.scope import Scope
from tienphong.partners.models import Partner
from tienphong.support import services as support

from .helpers import scroll_width

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]  # WhiteNoise, no collectstatic


def _logout(page):
    page.locator("header form[action$='/logout/'] button").click()
    page.wait_for_load_state("domcontentloaded")


def test_a_partner_from_the_register_to_the_figures_at_360px(page, bfield, login, shot):
    w = bfield
    login(w.province_admin)
    page.goto("/partners/new/")
    page.select_option("#id_kind", "bank")
    page.fill("#id_name", "Quỹ tín dụng nhân dân Phủ Lý")
    page.fill("#id_short_name", "QTDND Phủ Lý")
    page.fill("#id_contact_name", "Ngô Văn Thành")
    page.fill("#id_phone", "0912000333")
    page.locator("summary", has_text="Đơn vị phối hợp").click()
    page.get_by_label("Phường Phủ Lý").check()
    assert scroll_width(page) <= 360
    shot("1-form")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("h1")).to_have_text("Quỹ tín dụng nhân dân Phủ Lý")
    expect(page.locator("#partner-units")).to_contain_text("Phường Phủ Lý")
    expect(page.locator("#partner-facts")).to_contain_text("0912000333")
    shot("2-detail")
    partner = Partner.objects.get(name="Quỹ tín dụng nhân dân Phủ Lý")

    page.goto("/partners/?q=quy+tin+dung")
    expect(page.locator("#partners")).to_contain_text("Quỹ tín dụng nhân dân Phủ Lý")
    assert scroll_width(page) <= 360
    shot("3-search-without-diacritics")

    # Citizens helped with cashless payment together with the fund, two entries; one names no partner.
    scope = Scope.for_user(w.volunteer)
    for people, partners in ((9, [partner.pk]), (4, [partner.pk]), (5, [])):
        support.record_create(author=w.volunteer, scope=scope,
                              data={"people": people, "services": ["cashless"], "partners": partners})

    page.goto("/reports/")
    breakdown = page.locator("section.breakdown", has_text="theo đối tác").first
    expect(breakdown).to_contain_text("QTDND Phủ Lý")
    expect(breakdown).to_contain_text("13")
    expect(breakdown.locator(".note-partners")).to_be_visible()
    breakdown.scroll_into_view_if_needed()
    shot("4-dashboard")

    page.goto("/reports/pivot/?columns=partner&indicator=support_turns")
    expect(page.locator("#pivot thead")).to_contain_text("QTDND Phủ Lý")
    expect(page.locator("#pivot-footnote")).to_be_visible()
    shot("5-pivot")

    page.goto(f"/partners/{partner.pk}/")
    page.locator("#done-together").click()
    expect(page.locator("h1")).to_contain_text("Phối hợp với QTDND Phủ Lý")
    expect(page.locator("#partner-figures")).to_contain_text("13")
    expect(page.locator("#partner-services")).to_contain_text("Thanh toán không dùng tiền mặt")
    assert scroll_width(page) <= 360
    shot("6-together")

    _logout(page)
    login(w.volunteer)
    page.goto(f"/partners/{partner.pk}/")
    expect(page.locator("#partner-facts")).to_contain_text("Ngô Văn Thành")
    expect(page.locator("#partner-facts")).not_to_contain_text("0912000333")
    shot("7-volunteer-no-phone")


def test_a_volunteer_names_a_partner_on_the_entry_page_and_the_phones_queue_sends_it(page, bfield, login, shot):
    from tienphong.partners import services as partners
    from tienphong.support.models import SupportRecord

    fund = partners.partner_create(by=bfield.province_admin, unit=bfield.province, kind="bank",
                                   name="Quỹ tín dụng nhân dân Phủ Lý", short_name="QTDND Phủ Lý")
    login(bfield.volunteer)
    page.goto("/support/new/")
    page.locator("details.more summary").click()
    box = page.get_by_label("QTDND Phủ Lý")
    expect(box).not_to_be_checked()
    box.check()
    box.scroll_into_view_if_needed()
    assert scroll_width(page) <= 360
    shot("more-details")
    page.click("#save")
    page.wait_for_function("() => document.getElementById('sync-status').textContent.includes('Đã gửi')")
    record = SupportRecord.objects.get()
    assert list(record.partners.all()) == [fund]
    # The next entry starts from the last one: the fund is ticked again.
    page.goto("/support/new/")
    expect(page.get_by_label("QTDND Phủ Lý")).to_be_checked()

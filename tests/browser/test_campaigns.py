"""A team leader files a youth work with a photo on a phone; the secretary approves it; the campaign counts it."""

import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from PIL import Image, ImageDraw
expect = pytest.importorskip("playwright.sync_api", reason="needs the test extra: pip install -e .[test]").expect

from tienphong.campaigns.models import Campaign, CampaignTarget, YouthWork

from .helpers import scroll_width

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]  # WhiteNoise, no collectstatic


def _photo(path):
    """A 1200×900 JPEG that looks like something: sky, a house, a wifi sign."""
    image = Image.new("RGB", (1200, 900), (135, 190, 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 620, 1200, 900], fill=(90, 160, 80))
    draw.rectangle([380, 380, 820, 700], fill=(230, 200, 150))
    draw.polygon([(340, 390), (600, 220), (860, 390)], fill=(180, 50, 40))
    for r in (60, 110, 160):
        draw.arc([600 - r, 160 - r, 600 + r, 160 + r], 225, 315, fill=(255, 255, 255), width=18)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    path.write_bytes(out.getvalue())
    return path


def _logout(page):
    page.locator("header form[action$='/logout/'] button").click()
    page.wait_for_load_state("domcontentloaded")


def test_leader_submits_a_work_with_a_photo_secretary_approves_campaign_counts_it(
        page, bfield, login, shot, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    today = timezone.localdate()
    campaign = Campaign.objects.create(title="Tháng Thanh niên 2026", theme="Tuổi trẻ tiên phong chuyển đổi số",
                                       starts_on=today - dt.timedelta(days=10), ends_on=today + dt.timedelta(days=20),
                                       unit=bfield.province, path=bfield.province.path)
    CampaignTarget.objects.create(campaign=campaign, commune=bfield.commune, path=bfield.commune.path, works=4,
                                  value_vnd=60_000_000)
    photo = _photo(tmp_path / "diem-wifi.jpg")

    # The team leader files the work on a 360 px phone and sends it straight for approval.
    login(bfield.team_leader)
    page.goto("/campaigns/works/new/")
    expect(page.locator("h1")).to_have_text("Đăng ký công trình, phần việc")
    expect(page.locator("#id_campaign")).to_have_value(str(campaign.pk))  # the campaign running today
    expect(page.locator("#id_completed_on")).to_have_value(today.strftime("%d/%m/%Y"))
    page.fill("#id_title", "Điểm wifi công cộng Nhà văn hóa Tổ dân phố 1")
    page.select_option("#id_kind", "wifi_point")
    page.fill("#id_value_vnd", "15.000.000")
    page.fill("#id_beneficiaries", "350")
    page.select_option("#id_place", str(bfield.place.pk))
    page.select_option("#id_team", str(bfield.team.pk))
    page.locator("#volunteer-list label", has_text="Phạm Thu Trang").locator("input").check()
    page.set_input_files("#id_photos", str(photo))
    shot("1-leader-form")
    assert scroll_width(page) <= 360
    page.click("button[name=send]")

    expect(page).to_have_url(re.compile(r"/campaigns/works/\d+/$"))
    expect(page.locator("#status")).to_have_text("Chờ duyệt")
    expect(page.locator("#value")).to_have_text("15.000.000\u00a0₫")
    thumb = page.locator(".thumbs img").first
    expect(thumb).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumb.element_handle())
    expect(page.locator("form[action$='/approve/']")).to_have_count(0)  # a team leader cannot approve
    shot("2-leader-sent")
    assert scroll_width(page) <= 360
    work = YouthWork.objects.get()
    assert (work.status, work.value_vnd, work.photos.count()) == (YouthWork.Status.SUBMITTED, 15_000_000, 1)

    # The secretary finds it in the list of works waiting for approval and approves it.
    _logout(page)
    login(bfield.secretary)
    page.goto("/campaigns/works/?status=submitted")
    expect(page.locator("h1")).to_have_text("Công trình chờ duyệt")
    rows = page.locator("#works tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("15.000.000\u00a0₫")
    shot("3-secretary-waiting")
    assert scroll_width(page) <= 360
    rows.first.locator("a").first.click()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                           arg=page.locator(".thumbs img").first.element_handle())
    shot("4-secretary-review")
    page.click("button[name=approve]")
    expect(page.locator("#status")).to_have_text("Đã duyệt")
    expect(page.locator(".msg")).to_contain_text("Đã duyệt công trình.")
    work.refresh_from_db()
    assert (work.status, work.reviewed_by_id) == (YouthWork.Status.APPROVED, bfield.secretary.pk)

    # The campaign page counts it against Phủ Lý's target.
    page.goto(f"/campaigns/{campaign.pk}/")
    totals = page.locator("#totals [data-metric=value_vnd]")
    expect(totals).to_contain_text("15.000.000\u00a0₫")
    expect(totals).to_contain_text("60.000.000\u00a0₫")
    expect(totals).to_contain_text("25%")
    row = page.locator("#progress tbody tr")
    expect(row).to_have_count(1)
    expect(row.first).to_contain_text("Phường Phủ Lý")
    expect(row.first.locator("[data-metric=value_vnd]")).to_contain_text("15.000.000\u00a0₫")
    expect(row.first.locator("[data-metric=works]")).to_contain_text("1")
    expect(row.first.locator("[data-metric=volunteer_turns]")).to_contain_text("1")
    shot("5-campaign-progress")
    assert scroll_width(page) <= 360


def test_province_admin_creates_a_campaign_and_sets_targets_on_a_phone(page, bfield, login, shot):
    from tests.factories import make_unit

    for i, name in enumerate(["Xã Kim Bảng", "Phường Hoa Lư", "Xã Gia Viễn", "Phường Tam Điệp"]):
        make_unit(bfield.province, "commune", name, f"9900{i}")
    login(bfield.province_admin)
    page.goto("/campaigns/")
    page.click("a[href='/campaigns/new/']")
    expect(page.locator("#id_unit")).to_have_value(str(bfield.province.pk))  # the user's province by default
    page.fill("#id_title", "Tháng Thanh niên 2026")
    page.fill("#id_theme", "Tuổi trẻ tiên phong chuyển đổi số")
    page.fill("#id_starts_on", "01/03/2026")
    page.fill("#id_ends_on", "31/03/2026")
    shot("1-new-campaign")
    assert scroll_width(page) <= 360
    page.click("form.panel button[type=submit]")

    # Straight to the targets: copy one row to every commune, then change one commune.
    expect(page).to_have_url(re.compile(r"/campaigns/\d+/targets/$"))
    campaign = Campaign.objects.get()
    expect(page.locator("table.targets tbody tr")).to_have_count(6)
    page.click("#copy summary")
    page.fill("#copy #id_works", "5")
    page.fill("#copy #id_value_vnd", "20.000.000")
    page.fill("#copy #id_volunteer_turns", "30")
    shot("2-copy")
    assert scroll_width(page) <= 360
    page.click("#copy button[type=submit]")
    expect(page.locator(".msg")).to_contain_text("6 xã/phường")
    phu_ly = bfield.commune.pk
    expect(page.locator(f"input[name=value_vnd-{phu_ly}]")).to_have_value("20.000.000")
    page.fill(f"input[name=works-{phu_ly}]", "-2")
    page.click("main > form button.btn[type=submit]")
    expect(page.locator(".msg-error")).to_be_visible()
    expect(page.locator(f"input[name=works-{phu_ly}]")).to_have_value("-2")
    expect(page.locator("td.err .cellerr")).to_have_text("Chỉ tiêu không được là số âm.")
    shot("3-negative-refused")
    assert scroll_width(page) <= 360
    assert CampaignTarget.objects.get(campaign=campaign, commune=bfield.commune).works == 5
    page.fill(f"input[name=works-{phu_ly}]", "8")
    page.click("main > form button.btn[type=submit]")
    expect(page).to_have_url(re.compile(rf"/campaigns/{campaign.pk}/$"))
    expect(page.locator("#totals [data-metric=works]")).to_contain_text("33")  # 8 + 5 × 5
    expect(page.locator("#progress tbody tr")).to_have_count(6)
    shot("4-campaign")
    assert scroll_width(page) <= 360
    assert CampaignTarget.objects.get(campaign=campaign, commune=bfield.commune).works == 8
    page.goto("/campaigns/")
    expect(page.locator("table.stack tbody tr")).to_have_count(1)
    expect(page.locator("table.stack tbody")).to_contain_text("01/03/2026 – 31/03/2026")
    shot("5-list")
    assert scroll_width(page) <= 360

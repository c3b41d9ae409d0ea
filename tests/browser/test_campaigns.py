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

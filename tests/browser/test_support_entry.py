"""The entry page as a volunteer met it in the field (issue 12): "repeat last" saves what it says, the
confirmation sits under the thumb and is announced, recent places are one tap away, and a phone set to
another time zone still logs the province's time, with messages in words, never codes."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from django.utils import timezone

from tests.browser.conftest import PHONE, SCREENSHOTS
from tienphong.core.scope import Scope
from tienphong.support import services
from tienphong.support.models import SupportRecord

from .helpers import wait_for_db

pytestmark = pytest.mark.service_worker  # the app shell and offline queue need it

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
SENT = "() => document.getElementById('sync-status').textContent.includes('Đã gửi')"


def _log(world, **data):
    return services.record_create(author=world.volunteer, scope=Scope.for_user(world.volunteer), data=data)[0]


def _as_label(record) -> str:
    """What "repeat last" must say for `record`: people · services by name · place."""
    names = ", ".join(s.name for s in record.services.order_by("position"))
    return f"↻ Lặp lại lần trước: {record.people} · {names}" + (f" · {record.place_note}" if record.place_note else "")


def _wait_count(page, n):
    assert wait_for_db(lambda: SupportRecord.objects.count() == n, page, tries=50), SupportRecord.objects.count()


def test_repeat_last_saves_exactly_what_its_label_says(page, bfield, login, shot):
    _log(bfield, services=["cashless", "other"], people=11, place_note="Xóm 9")
    login(bfield.volunteer)
    page.goto("/support/new/")
    assert page.inner_text("#repeat") == _as_label(SupportRecord.objects.get())
    # This phone logs another entry: the button now says (and will save) that one.
    page.fill("input[name=people]", "3")
    page.fill("input[name=place_note]", "Xóm 2")
    page.click("#save")
    page.wait_for_function(SENT)
    said = page.inner_text("#repeat")
    assert said.startswith("↻ Lặp lại lần trước: 3 · ") and said.endswith(" · Xóm 2")
    shot("label")
    page.click("#repeat")
    _wait_count(page, 3)
    repeated = SupportRecord.objects.order_by("-created_at", "-id").first()
    assert _as_label(repeated) == said
    # A phone with nothing of its own (cleared, or another phone) starts from the server's copy: the same.
    page.wait_for_function("() => document.getElementById('waiting').textContent === '0'")
    page.evaluate("localStorage.clear()")
    page.reload()
    assert page.inner_text("#repeat") == said


def test_the_confirmation_is_under_the_thumb_and_a_background_sync_is_announced(page, bfield, login, shot):
    login(bfield.volunteer)
    page.goto("/support/new/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.click("#save")
    page.wait_for_function(SENT)
    status, save = page.locator("#sync-status"), page.locator("#save")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    assert "Đã lưu: 1 người dân được hỗ trợ." in status.inner_text() and "Đã gửi 1 bản ghi" in status.inner_text()
    box, button = status.bounding_box(), save.bounding_box()  # relative to the viewport
    assert 0 <= box["y"] and box["y"] + box["height"] <= PHONE["height"]
    assert 0 <= box["y"] - (button["y"] + button["height"]) < 40
    shot("saved")
    page.screenshot(path=str(SCREENSHOTS / "confirmation_under_the_thumb-viewport.png"))  # what the eye sees

    page.context.set_offline(True)
    for people in ("2", "5"):
        page.fill("input[name=people]", people)
        page.click("#save")
    page.wait_for_function("() => document.getElementById('waiting').textContent === '2'")
    assert "Không có sóng" in status.inner_text()
    page.reload()  # from the phone's cache, then the signal comes back
    page.wait_for_function("() => document.getElementById('waiting').textContent === '2'")
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_function("() => document.getElementById('sync-status').textContent.includes('Đã gửi 2 bản ghi')")
    assert page.locator("[role=status][aria-live=polite]:has-text('Đã gửi 2 bản ghi')").count() == 1
    assert SupportRecord.objects.count() == 3


def test_the_place_starts_empty_and_recent_places_are_one_tap(page, bfield, login, shot):
    _log(bfield, services=["vneid"], people=1, place_note="Thôn Đông")
    _log(bfield, services=["vneid"], people=2, place_note="Xóm 4")
    login(bfield.volunteer)
    page.goto("/support/new/")
    assert page.input_value("input[name=place_note]") == ""
    assert page.locator("#place-choices button").all_inner_texts() == ["Xóm 4", "Thôn Đông"]
    shot("360")
    page.click("#place-choices button:has-text('Thôn Đông')")
    assert page.input_value("input[name=place_note]") == "Thôn Đông"
    assert page.get_attribute("#place-choices button:has-text('Thôn Đông')", "aria-pressed") == "true"
    page.click("#save")
    page.wait_for_function(SENT)
    assert SupportRecord.objects.order_by("-created_at", "-id").first().place_note == "Thôn Đông"
    # The next entry starts empty again, its last place first among the choices; typing replaces nothing.
    assert page.input_value("input[name=place_note]") == ""
    assert page.locator("#place-choices button").all_inner_texts() == ["Thôn Đông", "Xóm 4"]
    page.type("input[name=place_note]", "Xóm 7")
    assert page.input_value("input[name=place_note]") == "Xóm 7"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.set_viewport_size({"width": 1280, "height": 900})
    shot("1280")


def _shown(when: dt.datetime) -> str:
    return when.astimezone(HCM).strftime("%d/%m/%Y %H:%M")


def test_a_phone_in_another_time_zone_logs_the_provinces_time_and_messages_name_services(browser, live_server,
                                                                                         bfield):
    from tests.factories import PASSWORD

    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="vi-VN",
                                  timezone_id="America/Los_Angeles", base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto("/login/")
        page.fill("#id_username", bfield.volunteer.username)
        page.fill("#id_password", PASSWORD)
        page.click("form button[type=submit]")
        page.wait_for_load_state("domcontentloaded")
        page.goto("/support/new/")
        now = timezone.now().replace(second=0, microsecond=0)
        # The time field shows the province's time, not Los Angeles'.
        shown = page.input_value("input[name=occurred_at]")
        assert abs(dt.datetime.strptime(shown, "%d/%m/%Y %H:%M").replace(tzinfo=HCM) - now) <= dt.timedelta(minutes=2)

        # Tomorrow is refused: the reason and the entry in words (services by name, not code).
        page.fill("input[name=people]", "3")
        page.click("label.chip:has-text('VNeID')")
        page.click("label.chip:has-text('Thanh toán')")
        page.click("label.chip:has-text('Hỗ trợ khác')")
        page.click("details.more summary")
        page.fill("input[name=occurred_at]", _shown(now + dt.timedelta(days=1)))
        page.click("#save")
        page.wait_for_selector("#rejected li button")
        text = page.inner_text("#rejected")
        assert "3 · Thanh toán không dùng tiền mặt, ví điện tử, tài khoản ngân hàng, Hỗ trợ khác" in text
        assert "cashless" not in text and "other" not in text
        assert "Không được chấp nhận" in page.inner_text("#sync-status")

        # Fixed to two hours ago, province time: accepted and stored as that very time.
        intended = now - dt.timedelta(hours=2)
        page.click("#rejected button:has-text('Sửa')")
        page.fill("input[name=occurred_at]", _shown(intended))
        page.click("#save")
        page.wait_for_function(SENT)
        record = SupportRecord.objects.get()
        assert record.occurred_at == intended and record.people == 3
        # The next entry's time, filled in by the phone, is the province's now too.
        assert abs(dt.datetime.strptime(page.input_value("input[name=occurred_at]"), "%d/%m/%Y %H:%M")
                   .replace(tzinfo=HCM) - now) <= dt.timedelta(minutes=2)
        page.click("#save")
        _wait_count(page, 2)
        newest = SupportRecord.objects.order_by("-created_at", "-id").first()
        assert abs(newest.occurred_at - now) <= dt.timedelta(minutes=2)
    finally:
        context.close()

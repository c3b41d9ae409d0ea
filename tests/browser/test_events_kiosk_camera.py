"""The check-in kiosk's camera on a 360 px phone: the camera shows a participant's badge QR (the personal
link with the signed token, made by the project's own code, events.tasks.personal_url, and drawn by segno
through core.qrimage, as on the printed badge); the kiosk checks them in ("Đã điểm danh: …", a CheckIn
with method "qr"); the same badge still held up says "đã điểm danh lúc HH:MM" and checks no one in twice.

The camera is Chromium's fake capture device playing an MJPEG file of the badge (helpers.camera_chromium,
as the face kiosk's test does). Headless Chromium on Linux has no BarcodeDetector, so this covers the
kiosk's other path: the vendored jsQR, loaded on demand, reading the video's frames through a canvas. The
test checks that it is that path (no BarcodeDetector, window.jsQR loaded), so a Chromium that gains a
BarcodeDetector shows up here instead of silently testing the other path."""

import io
import re

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="needs the test extra: pip install -e .[test]").expect

from django.utils import timezone  # noqa: E402
from PIL import Image  # noqa: E402

from tests.factories import add_participant, make_event  # noqa: E402

from .conftest import PHONE  # noqa: E402
from .helpers import camera_chromium, scroll_width  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]  # WhiteNoise, no collectstatic


def badge_frame(url):
    """A camera frame: the badge's QR (segno, as core.qrimage draws it) on white, in the middle."""
    from tienphong.core.qrimage import qr_png

    qr = Image.open(io.BytesIO(qr_png(url, scale=7, border=4))).convert("RGB")
    frame = Image.new("RGB", (640, 480), "white")
    frame.paste(qr, ((640 - qr.width) // 2, (480 - qr.height) // 2))
    return frame


def test_the_kiosk_camera_reads_a_badge_and_says_already_in_the_second_time(browser, bworld, live_server, tmp_path):
    from django.conf import settings
    from django.test import Client

    from tienphong.events.api import local_hm
    from tienphong.events.models import CheckIn
    from tienphong.events.tasks import personal_url

    event = make_event(bworld.commune, name="Đại hội Đoàn phường Phủ Lý", kind="congress",
                       starts_on=timezone.localdate(), author=bworld.secretary)
    an = add_participant(event, full_name="Nguyễn Thị An", delegation="Đoàn Phủ Lý", seat="A12")
    add_participant(event, full_name="Trần Văn Bình", seat="A13")
    camera = camera_chromium(browser, badge_frame(personal_url(live_server.url, an)), tmp_path)
    context = camera.new_context(viewport=PHONE, screen=PHONE, device_scale_factor=1, is_mobile=True,
                                 has_touch=True, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                                 base_url=live_server.url, permissions=["camera"])
    try:
        context.set_default_timeout(10_000)
        client = Client()
        client.force_login(bworld.secretary)
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                              "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
        page = context.new_page()
        page.clock.install()                                      # the page's clock, moved on below
        page.goto(f"/events/{event.pk}/kiosk/")
        assert page.evaluate("'BarcodeDetector' in window") is False  # so: the jsQR path
        assert page.evaluate("typeof window.jsQR") == "undefined"  # not loaded with the page
        result = page.locator("#kiosk-result")
        page.click("#camera-start")
        expect(page.locator("#camera")).to_be_visible()
        expect(page.locator("#camera-note")).to_have_text("Đưa mã QR trên thẻ vào trước camera.")
        expect(result).to_have_class("kiosk-result ok")
        expect(result).to_have_text("Đã điểm danh: Nguyễn Thị An · Đoàn Phủ Lý · ghế A12")
        assert page.evaluate("typeof window.jsQR") == "function"  # loaded when the camera started
        checkin = CheckIn.objects.get()
        assert (checkin.participant, checkin.method, checkin.by) == (an, "qr", bworld.secretary)
        assert scroll_width(page) <= 360
        page.screenshot(path="/tmp/kiosk_camera.png", full_page=True)

        # The badge is still in front of the camera, read four times a second: the same code is let through
        # once in 3 s (the page's clock is moved on rather than waited for), then it is a new scan.
        log = page.locator("#kiosk-log li")
        page.wait_for_timeout(750)
        expect(log).to_have_count(1)
        page.clock.fast_forward(3_500)
        expect(result).to_have_class("kiosk-result repeat")
        expect(log).to_have_count(2)
        expect(result).to_have_text(f"Nguyễn Thị An đã điểm danh lúc {local_hm(checkin.at)}")
        assert re.fullmatch(r"\d\d:\d\d", local_hm(checkin.at))
        assert CheckIn.objects.count() == 1
        page.click("#camera-stop")
        expect(page.locator("#camera")).to_be_hidden()
    finally:
        context.close()
        camera.close()

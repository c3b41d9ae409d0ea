"""Face check-in in a phone's browser (360 px): a participant agrees and sends a selfie on their personal
link, sees "đã đăng ký", then erases it; a kiosk whose camera shows an enrolled person checks them in.

The kiosk's camera is Chromium's fake capture device playing an MJPEG file made at test time from a
package's sample portrait (tests/facedata.py): no photo of a person is committed."""


import pytest
expect = pytest.importorskip("playwright.sync_api", reason="needs the test extra: pip install -e .[test]").expect

from django.utils import timezone  # noqa: E402
from PIL import Image  # noqa: E402

from tests import facedata  # noqa: E402
from tests.factories import add_participant, make_event  # noqa: E402

from .conftest import PHONE, SCREENSHOTS  # noqa: E402
from .helpers import camera_chromium, scroll_width  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]  # WhiteNoise, no collectstatic


def _event(world):
    today = timezone.localdate()
    return make_event(world.commune, name="Đại hội Đoàn phường Phủ Lý", kind="congress", starts_on=today,
                      face_enabled=True, author=world.secretary)


def test_a_participant_enrols_their_face_on_the_personal_link_then_erases_it(page, bworld, shot, tmp_path):
    from django.urls import reverse

    from tienphong.events import services
    from tienphong.events.models import FaceConsent, FaceEmbedding

    event = _event(bworld)
    an = add_participant(event, full_name="Nguyễn Thị An", delegation="Đoàn Phủ Lý", seat="A12")
    page.goto(reverse("event_personal", args=[services.badge_value(an)]))
    box = page.locator("#face")
    expect(box).to_contain_text("Nghị định 13/2023/NĐ-CP")
    expect(box).to_contain_text("128 con số")
    assert page.locator("input[name=photo]").get_attribute("capture") == "user"
    assert scroll_width(page) <= 360
    shot("1-consent")
    selfie = tmp_path / "selfie.jpg"
    selfie.write_bytes(facedata.pictures()[("astronaut", "original")])
    page.check("input[name=agree]")
    page.set_input_files("input[name=photo]", str(selfie))
    page.get_by_role("button", name="Gửi ảnh").click()
    expect(page.locator("[data-face=enrolled]")).to_contain_text("đã đăng ký")
    expect(box).to_contain_text("Ảnh không được lưu lại")
    assert scroll_width(page) <= 360
    shot("2-enrolled")
    assert FaceEmbedding.objects.filter(participant=an).count() == 1
    page.locator("summary", has_text="Xóa dữ liệu khuôn mặt của tôi").click()
    page.get_by_role("button", name="Đồng ý, xóa ngay").click()
    expect(box).to_contain_text("Dữ liệu khuôn mặt của bạn đã bị xóa")
    expect(page.locator("input[name=photo]")).to_be_visible()  # may enrol again
    shot("3-erased")
    assert not FaceEmbedding.objects.exists() and FaceConsent.objects.get().withdrawn_at is not None


@pytest.fixture
def camera_page(browser, live_server, tmp_path):
    """A phone-sized tab in a second Chromium (same Playwright) whose camera plays a portrait of Grace
    Hopper, allowed without a prompt."""
    portrait = facedata.picture(facedata.PEOPLE["hopper"]).resize((410, 480))
    frame = Image.new("RGB", (640, 480), (128, 128, 128))
    frame.paste(portrait, (115, 0))
    camera = camera_chromium(browser, frame, tmp_path)
    context = camera.new_context(viewport=PHONE, screen=PHONE, is_mobile=True, has_touch=True, locale="vi-VN",
                                 timezone_id="Asia/Ho_Chi_Minh", base_url=live_server.url, permissions=["camera"])
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()
    camera.close()


def test_the_face_kiosk_checks_in_the_person_in_front_of_its_camera(camera_page, bworld, live_server):
    from django.conf import settings
    from django.test import Client

    from tienphong.events import faces
    from tienphong.events.models import CheckIn

    event = _event(bworld)
    hopper = add_participant(event, full_name="Grace Hopper", delegation="Đoàn Phủ Lý", seat="B7")
    add_participant(event, full_name="Nguyễn Thị An", seat="A12")
    faces.enrol(participant=hopper, photo=facedata.pictures()[("hopper", "original")], agreed=True)
    client = Client()
    client.force_login(bworld.secretary)
    camera_page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                                      "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
    camera_page.goto(f"/events/{event.pk}/faces/kiosk/")
    answer = camera_page.locator("[data-answer]")
    expect(answer).to_contain_text("Grace Hopper", timeout=20_000)
    expect(answer).to_contain_text("Đã điểm danh lúc")
    assert camera_page.evaluate("document.documentElement.scrollWidth") <= 360
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    camera_page.screenshot(path=str(SCREENSHOTS / "face_kiosk_checks_in-1-checked-in.png"), full_page=True)
    checkin = CheckIn.objects.get()
    assert checkin.participant == hopper and checkin.method == "face" and checkin.by == bworld.secretary

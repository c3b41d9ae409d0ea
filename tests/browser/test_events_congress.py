"""The issue's "done means", once, on a 360 px phone: a commune secretary creates a congress, imports its 300
delegates from Excel, prints a delegation's badges, adds a document and
prints the poster; the host checks delegates in at the kiosk by QR, online and with no signal, and one by face
(her selfie enrolled with consent on her personal link, a camera frame sent from the kiosk's page); the board
shows the quorum; a visitor opens the documents by the poster's QR; the online views are entered after the
broadcast; the figures are on the event page and on the commune's dashboard.

~20 s: it is the whole flow on purpose (each piece has its own faster tests in tests/events and the other
browser tests); the 300-row import and badge sheet are what a real congress needs."""

import base64
import io
import uuid

import pytest
from django.utils import timezone
from openpyxl import Workbook

expect = pytest.importorskip("playwright.sync_api").expect

from tests import facedata  # noqa: E402
from tienphong.events import excel, services  # noqa: E402
from tienphong.events.models import CheckIn, Event, FaceEmbedding, OnlineViews  # noqa: E402
from tienphong.qr import services as qr  # noqa: E402

from .helpers import scroll_width, wait_for_db  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]


def _delegates_xlsx(path, n=300):
    wb = Workbook()
    ws = wb.active
    ws.title = excel.PARTICIPANTS_SHEET
    ws.append(excel.headers())
    delegate = excel.role_labels()["delegate"]
    for i in range(n):
        ws.append([f"Đại biểu Số {i + 1:03d}", "", "", "", f"Chi đoàn {i % 10 + 1}", delegate, f"{chr(65 + i // 30)}{i % 30 + 1}", ""])
    wb.save(path)
    return path


def test_a_congress_from_creation_to_the_dashboard_at_360px(page, bworld, login, shot, live_server, tmp_path):
    today = timezone.localdate()
    login(bworld.secretary)

    # 1. Create the congress through its form.
    page.goto("/events/new/")
    page.fill("#id_name", "Đại hội Đoàn phường Phủ Lý lần thứ I")
    page.select_option("#id_kind", "congress")
    page.fill("#id_starts_on", today.strftime("%d/%m/%Y"))
    page.check("#id_face_enabled")
    assert scroll_width(page) <= 360
    page.click("main form.panel button.btn")
    page.wait_for_load_state("domcontentloaded")
    event = Event.objects.get(name="Đại hội Đoàn phường Phủ Lý lần thứ I")
    assert event.quorum == "two_thirds" and event.face_enabled
    shot("1-created")

    # 2. Import 300 delegates: preview, then confirm.
    page.goto(f"/events/{event.pk}/participants/import/")
    page.set_input_files("#id_file", str(_delegates_xlsx(tmp_path / "dai-bieu.xlsx")))
    page.click("main form button.btn")
    page.wait_for_load_state("domcontentloaded")
    expect(page.locator("main")).to_contain_text("300")
    page.click("button[name=confirm]")
    page.wait_for_load_state("domcontentloaded")
    assert wait_for_db(lambda: event.participants.count() == 300, page)
    shot("2-imported")

    # 3. Badges, one delegation's sheet (30: the PDF at once; the background job for larger sets is
    # tests/events/test_badges.py's, which keeps this flow's time down).
    page.goto(f"/events/{event.pk}/badges/")
    page.select_option("#id_delegation", "Chi đoàn 1")
    with page.expect_download() as got:
        page.click("main form.panel button.btn")
    assert got.value.suggested_filename.endswith(".pdf")
    assert open(got.value.path(), "rb").read(5) == b"%PDF-"
    shot("3-badges")

    # 4. A document behind its QR, and the poster.
    page.goto(f"/events/{event.pk}/documents/")
    page.fill("#id_title", "Báo cáo chính trị")
    page.fill("#id_link", "https://example.vn/bao-cao-chinh-tri.pdf")
    page.click("main form[enctype] button.btn")
    page.wait_for_load_state("domcontentloaded")
    assert event.documents.count() == 1
    poster = page.request.get(f"/events/{event.pk}/poster.pdf")
    assert poster.ok and poster.body().startswith(b"%PDF")

    # 5. The kiosk: two badges scanned with signal, one with none, then the queue goes once.
    people = list(event.participants.order_by("seat")[:4])
    links = [f"{live_server.url}/e/p/{services.badge_value(p)}/" for p in people]
    page.goto(f"/events/{event.pk}/kiosk/")
    result = page.locator("#kiosk-result")
    for link in links[:2]:
        page.fill("#kiosk-scan", link)
        page.press("#kiosk-scan", "Enter")
        expect(result).to_have_class("kiosk-result ok")
    page.fill("#kiosk-scan", links[0])
    page.press("#kiosk-scan", "Enter")
    expect(result).to_contain_text("đã điểm danh lúc")
    page.context.set_offline(True)
    page.fill("#kiosk-scan", links[2])
    page.press("#kiosk-scan", "Enter")
    expect(result).to_have_text("Đang chờ gửi (1)")
    page.context.set_offline(False)
    assert wait_for_db(lambda: CheckIn.objects.filter(session__event=event).count() == 3, page)
    assert scroll_width(page) <= 360
    shot("5-kiosk")

    # 6. Face: the fourth delegate agrees and sends her selfie on her personal link; the kiosk's page sends a
    # camera frame (an altered copy of the same face) and she is checked in.
    page.goto(links[3])
    page.check("input[name=agree]")
    selfie = tmp_path / "selfie.jpg"
    selfie.write_bytes(facedata.pictures()[("astronaut", "original")])
    page.set_input_files("input[name=photo]", str(selfie))
    page.get_by_role("button", name="Gửi ảnh").click()
    expect(page.locator("[data-face=enrolled]")).to_contain_text("đã đăng ký")
    assert FaceEmbedding.objects.filter(participant=people[3]).exists()
    page.goto(f"/events/{event.pk}/faces/kiosk/")
    frame = base64.b64encode(facedata.pictures()[("astronaut", "darker")]).decode()
    answer = page.evaluate("""async ([url, body]) => {
        const csrf = (document.cookie.match(/csrftoken=([^;]+)/) || [])[1] || document.querySelector("[name=csrfmiddlewaretoken]").value;
        const r = await fetch(url, {method: "POST", headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
                                    body: JSON.stringify(body)});
        return await r.json();
    }""", [f"/api/v1/events-face/{event.pk}/identify", {
        "point": event.points.get(is_main=True).pk, "nonce": str(uuid.uuid4()), "frame": frame}])
    assert answer["status"] == "created" and answer["participant"] == people[3].pk, answer
    assert CheckIn.objects.get(participant=people[3]).method == "face"

    # 7. The board on the projector: 4 of 300, the quorum (200) not reached.
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"/events/{event.pk}/board/")
    expect(page.locator("#b-came")).to_have_text("4")
    expect(page.locator("#b-expected")).to_have_text("300")
    expect(page.locator("#b-quorum")).to_contain_text("cần 200")
    shot("7-board")
    page.set_viewport_size({"width": 360, "height": 740})

    # 8. A visitor scans the poster's QR: the documents, then one of them.
    visitor = page.context.browser.new_context(viewport={"width": 360, "height": 740})
    public = visitor.new_page()
    public.goto(f"{live_server.url}/q/{qr.code_for(event).code}")
    expect(public.get_by_role("link", name="Báo cáo chính trị")).to_be_visible()
    visitor.close()

    # 9. The online views after the broadcast.
    page.goto(f"/events/{event.pk}/points/{event.points.get(is_main=True).pk}/views/")
    page.fill("#id_facebook_views", "30500")
    page.fill("#id_facebook_url", "https://www.facebook.com/doanphuly/videos/1")
    page.click("main form.panel button.btn")
    page.wait_for_load_state("domcontentloaded")
    assert OnlineViews.objects.get(event=event).views == 30_500

    # 10. The figures: the event page and the commune's dashboard.
    expect(page.locator('[data-figure="checked_in"]')).to_have_text("4")
    expect(page.locator('[data-figure="online_views"]')).to_have_text("30.500")
    assert scroll_width(page) <= 360
    shot("10-event")
    page.goto(f"/reports/?unit={bworld.commune.pk}&period=month&date={today.replace(day=1).isoformat()}")
    expect(page.locator("#card-event_checked_in .n")).to_have_text("4")
    expect(page.locator("#card-online_views .n")).to_have_text("30.500")
    expect(page.locator("#card-events_held .n")).to_have_text("1")
    shot("10-dashboard")

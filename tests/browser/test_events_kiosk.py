"""A connection point's host runs the check-in kiosk on a 360 px phone: a USB scanner types a badge's link,
a second scan says "already checked in at", two scans with no signal wait on the phone and are sent once
each when the signal is back; someone without a badge is found by name; the attendance board shows the
counts."""

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="needs the test extra: pip install -e .[test]").expect

from tienphong.events import services  # noqa: E402
from tienphong.events.models import CheckIn  # noqa: E402

from ..factories import add_participant, make_event  # noqa: E402
from .helpers import scroll_width, wait_for_db  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.service_worker,
              pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]


def _wait_checkins(page, n):
    assert wait_for_db(lambda: CheckIn.objects.count() == n, page, tries=50), CheckIn.objects.count()


def test_a_host_checks_in_online_and_offline_and_the_board_counts(page, bworld, login, shot, live_server):
    congress = make_event(bworld.province, name="Đại hội Đoàn tỉnh Ninh Bình", kind="congress",
                          author=bworld.province_admin)
    remote = services.point_save(event=congress, name="Điểm cầu Phủ Lý", host_unit=bworld.commune,
                                 host_user=bworld.volunteer)
    people = [add_participant(congress, full_name=name, delegation="Đoàn Phủ Lý", seat=seat, point=remote)
              for name, seat in [("Nguyễn Văn An", "A1"), ("Trần Thị Bích Ngọc", "A2"), ("Đặng Đức Anh", "A3"),
                                 ("Lê Thu Hà", "")]]
    add_participant(congress, full_name="Phạm Minh Đức", delegation="Đoàn Phù Vân")  # the main hall's

    def link(p):
        return f"{live_server.url}/e/p/{services.badge_value(p)}/"

    refused = []                                                    # what the Content-Security-Policy blocks
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    result = page.locator("#kiosk-result")
    login(bworld.volunteer)
    page.goto(f"/events/{congress.pk}/kiosk/")                      # their one point: straight to it
    expect(page.locator("h1")).to_contain_text("Điểm cầu Phủ Lý")
    expect(page.locator("#camera-start")).to_be_visible()
    expect(page.locator("#camera-stop")).to_be_hidden()
    page.fill("#kiosk-scan", link(people[0]))
    page.press("#kiosk-scan", "Enter")                              # what a USB scanner does
    expect(result).to_have_class("kiosk-result ok")
    expect(result).to_have_text("Đã điểm danh: Nguyễn Văn An · Đoàn Phủ Lý · ghế A1")
    page.fill("#kiosk-scan", link(people[0]))
    page.press("#kiosk-scan", "Enter")
    expect(result).to_have_class("kiosk-result repeat")
    expect(result).to_contain_text("Nguyễn Văn An đã điểm danh lúc ")
    page.fill("#kiosk-scan", "https://example.com/not-a-badge")
    page.press("#kiosk-scan", "Enter")
    expect(result).to_have_class("kiosk-result bad")

    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.reload()                                                   # under the service worker: the page is kept
    page.context.set_offline(True)                                  # the signal drops
    for p in people[1:3]:
        page.fill("#kiosk-scan", link(p))
        page.press("#kiosk-scan", "Enter")
    expect(result).to_have_class("kiosk-result waiting")
    expect(result).to_have_text("Đang chờ gửi (2)")
    assert CheckIn.objects.count() == 1
    page.reload()                                                   # no signal and reloaded: the kept kiosk
    expect(page.locator("h1")).to_contain_text("Điểm cầu Phủ Lý")
    expect(page.locator("#offline-stamp")).to_be_visible()          # "Không có sóng: số liệu cập nhật lúc …"
    expect(page.locator("#kiosk-queue")).to_have_text("Đang chờ gửi (2)")  # the queue is still on the phone
    shot("kiosk-offline-360")
    page.context.set_offline(False)                                 # back: the queue goes, once
    expect(page.locator("#kiosk-queue")).to_be_hidden()
    _wait_checkins(page, 3)
    expect(result).to_have_class("kiosk-result ok")
    assert sorted(CheckIn.objects.values_list("participant__full_name", flat=True)) == [
        "Nguyễn Văn An", "Trần Thị Bích Ngọc", "Đặng Đức Anh"]
    assert CheckIn.objects.values("nonce").distinct().count() == 3
    page.click("#manual summary")                                  # no badge: by name, without diacritics
    page.fill("#kiosk-name", "le thu ha")
    page.click("#kiosk-found button:has-text('Điểm danh')")
    expect(result).to_have_text("Đã điểm danh: Lê Thu Hà · Đoàn Phủ Lý")
    expect(page.locator("#kiosk-found")).to_contain_text("đã điểm danh lúc")
    _wait_checkins(page, 4)
    assert CheckIn.objects.get(participant=people[3]).method == "manual"
    assert scroll_width(page) <= 360
    shot("kiosk-360")

    page.goto(f"/events/{congress.pk}/board/")                      # the host's board: their point
    expect(page.locator("#b-came")).to_have_text("4")
    expect(page.locator("#b-expected")).to_have_text("4")
    expect(page.locator("#b-quorum")).to_be_hidden()               # the congress's quorum is not one point's
    page.context.set_offline(True)                                  # the board keeps its figures and says so
    expect(page.locator("#board-status")).to_contain_text("Mất kết nối: số liệu lúc")
    expect(page.locator("#b-came")).to_have_text("4")
    page.context.set_offline(False)
    expect(page.locator("#board-status")).to_contain_text("Cập nhật lúc")
    assert scroll_width(page) <= 360
    shot("board-360")
    login(bworld.province_admin)                                    # the organiser's, on the projector
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"/events/{congress.pk}/board/")
    expect(page.locator("#b-came")).to_have_text("4")
    expect(page.locator("#b-expected")).to_have_text("5")
    expect(page.locator("#b-quorum")).to_have_text("Đủ điều kiện tiến hành đại hội: 4/5 đại biểu (cần 4)")
    shot("board-1280")
    assert refused == []

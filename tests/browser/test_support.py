"""The volunteer's day on a phone: log citizens helped in three taps, and keep logging with no signal."""

from tienphong.support.models import SupportRecord


def test_log_a_support_record_in_three_taps(page, bfield, login, shot):
    login(bfield.volunteer)
    page.click("nav >> text=Hỗ trợ")                               # tap 1: open the entry page
    page.wait_for_selector("#entry-form")
    page.click("label.chip:has-text('Thanh toán không dùng tiền mặt')")  # tap 2: the service
    shot("form")
    page.click("#save")                                           # tap 3: save
    page.wait_for_function("() => document.getElementById('sync-status').textContent.includes('Đã gửi')")
    shot("saved")
    record = SupportRecord.objects.get()
    assert record.people == 1 and record.created_by == bfield.volunteer and record.team == bfield.team
    assert sorted(s.code for s in record.services.all()) == ["cashless", "vneid"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_offline_entries_wait_on_the_phone_and_sync_once(page, bfield, login, shot):
    login(bfield.volunteer)
    page.goto("/support/new/")
    # The service worker must control the page before the signal goes.
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    context = page.context
    context.set_offline(True)
    for people in ("3", "12"):
        page.fill("input[name=people]", people)
        page.fill("input[name=place_note]", "Xóm 4")
        page.click("#save")
        page.wait_for_function(f"() => document.getElementById('waiting').textContent === '{1 if people == '3' else 2}'")
    shot("offline-two-waiting")
    assert SupportRecord.objects.count() == 0
    # With no signal the page still opens, from the phone's cache, and still knows what waits.
    page.reload()
    page.wait_for_function("() => document.getElementById('waiting').textContent === '2'")
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_function("() => document.getElementById('waiting').textContent === '0'")
    shot("back-online")
    assert SupportRecord.objects.count() == 2
    assert sorted(SupportRecord.objects.values_list("people", flat=True)) == [3, 12]
    # A second sync (another tab, a retry) finds nothing left to send and counts nothing again.
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_timeout(500)
    assert SupportRecord.objects.count() == 2


def test_a_rejected_entry_stays_for_correction(page, bfield, login):
    login(bfield.volunteer)
    page.goto("/support/new/")
    page.click("label.chip:has-text('VNeID')")  # untick the default: no service at all
    page.click("#save")
    page.wait_for_selector("#rejected li button")
    assert "Chọn ít nhất một dịch vụ" in page.inner_text("#rejected")
    assert SupportRecord.objects.count() == 0
    page.click("#rejected button:has-text('Sửa')")
    page.click("label.chip:has-text('VNeID')")
    page.click("#save")
    page.wait_for_function("() => document.getElementById('sync-status').textContent.includes('Đã gửi')")
    assert SupportRecord.objects.count() == 1
    assert not page.query_selector("#rejected li")

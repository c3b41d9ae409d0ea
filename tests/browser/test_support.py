"""The volunteer's day on a phone: log citizens helped in three taps, and keep logging with no signal."""

import pytest

from tienphong.support.models import SupportRecord

pytestmark = pytest.mark.service_worker  # the app shell and offline queue need it


def test_log_a_support_record_in_three_taps(page, bfield, login, shot):
    login(bfield.volunteer, home=True)
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


def test_an_entry_changed_elsewhere_leaves_the_queue_and_the_stored_version_is_shown(page, bfield, login):
    """Written offline, then stored meanwhile with other content under the same id (a lost answer and
    an edit by the secretary): the server keeps its version, and the phone says so instead of resending."""
    from tienphong.core.scope import Scope
    from tienphong.support import services

    login(bfield.volunteer)
    page.goto("/support/new/")
    key = page.input_value("#entry-form input[name=uuid]")
    page.context.set_offline(True)
    page.fill("input[name=people]", "3")
    page.click("#save")
    page.wait_for_function("() => document.getElementById('waiting').textContent === '1'")
    services.record_create(author=bfield.volunteer, scope=Scope.for_user(bfield.volunteer),
                           data={"uuid": key, "services": ["vneid"], "people": 7, "place_note": "Xóm 9"})
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_function("() => document.getElementById('waiting').textContent === '0'")
    page.wait_for_selector("#conflicts li + li")
    text = page.inner_text("#conflicts")
    assert "nội dung khác" in text and "7 · " in text and "Xóm 9" in text and "VNeID" in text
    assert SupportRecord.objects.get().people == 7


def test_a_batch_refused_whole_is_sent_again_one_entry_at_a_time(page, bfield, login):
    """An entry the schema refuses (an old page's queue) makes the server refuse the whole batch: the
    others still go, and that one stays, with the reason, to fix or drop."""
    login(bfield.volunteer)
    page.goto("/support/new/")
    page.context.set_offline(True)
    page.fill("input[name=people]", "2")
    page.click("#save")
    page.wait_for_function("() => document.getElementById('waiting').textContent === '1'")
    page.evaluate("""() => new Promise((ok, fail) => {
        const req = indexedDB.open("tienphong", 1);
        req.onsuccess = () => {
            const t = req.result.transaction("support-queue", "readwrite");
            const e = {uuid: "0b5a4f9e-8d1c-4f3a-9a5e-2f6c7d8e9f10", people: 1, services: ["vneid"], unit: "Phủ Lý"};
            t.objectStore("support-queue").put({uuid: e.uuid, entry: e, queuedAt: 0});
            t.oncomplete = () => ok(true); t.onerror = () => fail(t.error);
        };
    })""")
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_selector("#rejected li button")
    page.wait_for_function("() => document.getElementById('waiting').textContent === '0'")
    assert SupportRecord.objects.get().people == 2
    # The reason names the field in words, never its code.
    text = page.inner_text("#rejected")
    assert "Xã/phường, điểm phục vụ" in text and "unit" not in text

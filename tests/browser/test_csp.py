"""The main pages work under the Content-Security-Policy without one violation: their scripts run
(the entry page's stepper and offline queue, the place form's kind switch, the work form's name
filter, the dashboard's charts and map, the public map) and Chromium reports nothing refused."""

import pytest
expect = pytest.importorskip("playwright.sync_api", reason="needs the test extra: pip install -e .[test]").expect

from tienphong.core.scope import Scope
from tienphong.support import services

from ..factories import PublicPlaceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.service_worker,
              pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]


def _support_entry(world, page, login):
    services.record_create(author=world.volunteer, scope=Scope.for_user(world.volunteer),
                           data={"services": ["vneid"], "people": 3, "place_note": "Thôn 1</script><b>x</b>"})
    login(world.volunteer)
    page.goto("/support/new/")
    page.click("button.step[data-step='1']")
    expect(page.locator("#id_people")).to_have_value("2")
    page.wait_for_function("() => navigator.serviceWorker.getRegistration('/').then(r => !!r)")  # sw.js registered
    page.click("#repeat")  # the last entry comes from the page's json_script and goes through the queue
    expect(page.locator("#sync-status")).not_to_be_empty()


def _place_form(world, page, login):
    login(world.team_leader)
    page.goto("/places/new/")
    page.select_option("#id_kind", "wifi_point")
    expect(page.locator(".field.for-wifi")).to_be_visible()
    expect(page.locator(".field.for-story").first).to_be_hidden()


def _work_form(world, page, login):
    login(world.team_leader)
    page.goto("/campaigns/works/new/")
    labels = page.locator("#volunteer-list label")
    total = labels.count()
    assert total >= 2
    page.fill("input.filter-list", world.leader_member.full_name.split()[-1])
    expect(page.locator("#volunteer-list label:visible")).not_to_have_count(total)


def _dashboard(world, page, login):
    services.record_create(author=world.volunteer, scope=Scope.for_user(world.volunteer),
                           data={"services": ["vneid", "cashless"], "people": 12})
    world.commune.name = "Phường Phủ Lý <img src=x>"  # the map's tooltip shows it as text
    world.commune.save()
    login(world.province_admin)
    page.goto("/reports/")
    expect(page.locator("#chart-trend svg")).to_be_visible()
    markers = page.locator("#map path.leaflet-interactive")
    expect(markers).not_to_have_count(0)
    tips = []
    for i in range(markers.count()):
        markers.nth(i).hover(force=True)
        expect(page.locator(".leaflet-tooltip")).to_have_count(1)
        tips.append(page.inner_text(".leaflet-tooltip"))
        assert page.locator(".leaflet-tooltip img").count() == 0
    assert any("Phường Phủ Lý <img src=x>: " in t for t in tips), tips
    # A tooltip, as a tap on the chart shows it (as HTML it would carry style="" attributes).
    page.evaluate("echarts.getInstanceByDom(document.getElementById('chart-trend'))"
                  ".dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: 0})")
    page.wait_for_timeout(300)


def _visit_map(world, page, login):
    PublicPlaceFactory(name="Đền Lảnh Giang", commune=world.commune, latitude=20.2596, longitude=105.9745)
    PublicPlaceFactory(name="Thư viện số", kind="digital_library", commune=world.commune,
                       latitude=20.2480, longitude=105.9800)
    for _ in range(2):  # rendered, then served from the page cache
        page.goto("/visit/map/")
        expect(page.locator("#map .leaflet-interactive")).to_have_count(2)
    page.locator("#map .leaflet-interactive").first.click(force=True)
    expect(page.locator(".leaflet-popup-content a")).to_be_visible()


def _member_search(world, page, login):
    login(world.secretary)
    page.goto("/members/")
    with page.expect_response(lambda r: "/members/" in r.url and r.request.headers.get("hx-request") == "true"):
        page.fill("input[name=q]", "an")  # htmx swaps the results in place


def _confirm_delete(world, page, login):
    record = services.record_create(author=world.volunteer, scope=Scope.for_user(world.volunteer),
                                    data={"services": ["vneid"], "people": 2})[0]
    login(world.volunteer)
    page.goto(f"/support/{record.pk}/edit/")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.locator("form[data-confirm] button").click()
    expect(page).to_have_url(f"/support/{record.pk}/edit/")  # dismissed: nothing sent
    assert asked and asked[0]


PAGES = {
    "support-entry": _support_entry, "place-form": _place_form, "work-form": _work_form,
    "dashboard": _dashboard, "visit-map": _visit_map, "member-search": _member_search,
    "confirm-delete": _confirm_delete,
}


@pytest.mark.parametrize("name", list(PAGES))
def test_no_content_security_policy_violation(name, bfield, page, login, shot):
    refused = []
    page.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.add_init_script("document.addEventListener('securitypolicyviolation', e => console.error("
                         "'Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI))")
    headers = []
    page.on("response", lambda r: headers.append(r.headers.get("content-security-policy"))
            if r.request.resource_type == "document" else None)
    PAGES[name](bfield, page, login)
    page.wait_for_timeout(100)
    shot()
    assert headers and all(h and "script-src 'self'" in h for h in headers), headers  # the policy is on
    assert refused == []

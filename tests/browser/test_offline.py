"""With no signal the app shell opens from the phone, marked with the time of its figures; any other page
says "no signal" in Vietnamese; one user's kept pages are never shown to the next."""

import pytest

from .helpers import scroll_width

pytestmark = pytest.mark.service_worker  # the app shell and offline queue need it

SHELL = ("/", "/today/", "/support/new/")


def _controlled(page):
    page.goto("/")                      # registers the service worker, which takes the page when ready
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def test_the_app_shell_opens_offline_and_other_pages_say_no_signal(page, bfield, login, shot):
    login(bfield.volunteer, home=True)
    _controlled(page)
    for path in SHELL:                  # online: each visit keeps the page's last good copy
        page.goto(path)
        assert not page.is_visible("#offline-stamp")
    page.context.set_offline(True)
    for path in SHELL:
        page.goto(path)
        stamp = page.inner_text("#offline-stamp")
        assert "cập nhật lúc" in stamp and page.is_visible("#offline-stamp"), path
        assert bfield.volunteer.full_name in page.inner_text("header")
    assert page.is_visible("#entry-form")
    page.goto("/today/")
    assert page.is_visible("#log-button")
    assert scroll_width(page) <= 360
    shot("today-360")
    page.goto("/members/")
    assert "Không có sóng" in page.inner_text("h1")
    assert scroll_width(page) <= 360
    shot("members-360")
    page.set_viewport_size({"width": 1280, "height": 800})
    shot("members-1280")
    page.goto("/")
    shot("home-1280")
    page.context.set_offline(False)
    page.goto("/members/")
    assert not page.is_visible("#offline-page")


def test_one_users_kept_pages_are_not_shown_to_the_next(page, bfield, login):
    login(bfield.volunteer, home=True)
    _controlled(page)
    page.goto("/today/")
    page.click("header form button:has-text('Đăng xuất')")
    page.wait_for_url("**/login/**")
    page.context.set_offline(True)
    page.goto("/today/")                # logged out: the volunteer's day is gone from the phone
    assert "Không có sóng" in page.inner_text("h1")
    page.context.set_offline(False)
    login(bfield.team_leader)           # the leader's home only
    page.goto("/")
    page.context.set_offline(True)
    page.goto("/")
    assert bfield.team_leader.full_name in page.inner_text("header") and page.is_visible("#offline-stamp")
    page.goto("/today/")                # never the volunteer's copy
    assert "Không có sóng" in page.inner_text("h1")

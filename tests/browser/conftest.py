"""Shared fixtures for the browser tests: one Chromium, a phone-sized page, a login helper.

The tests drive Debian's Chromium through Playwright's sync API against pytest-django's live server: its
headless shell (package chromium-headless-shell, the same Chromium build in the headless mode Playwright itself
uses by default) where installed, which takes a third of the CPU of the full browser (/usr/bin/chromium, the
fallback) for the same pages. Playwright's sync API keeps an asyncio event loop running in the
test thread, which makes Django refuse ORM calls made from that thread (SynchronousOnlyOperation);
the tests are plain synchronous code, so that guard is switched off here.
"""

import os
import re
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

HEADLESS_SHELL = "/usr/lib/chromium/chromium-headless-shell"
CHROMIUM = HEADLESS_SHELL if os.path.exists(HEADLESS_SHELL) else "/usr/bin/chromium"
PHONE = {"width": 360, "height": 740}
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
SCREENSHOT_SCALE = "device" if os.environ.get("SCREENSHOT_SCALE") == "device" else "css"


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium-headless-shell)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the test extra installs it
        pytest.skip("browser tests need the playwright package (pip install -e '.[test]')")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(request, browser, live_server):
    """A fresh phone-like tab (360×740, touch, Vietnamese) for each test. The service worker runs only in
    tests marked `service_worker`: elsewhere its install fetched the app shell's pages in the background,
    still running in the live server when the test's database was emptied ("database table is locked")."""
    context = browser.new_context(
        service_workers="allow" if request.node.get_closest_marker("service_worker") else "block",
        viewport=PHONE,
        screen=PHONE,
        device_scale_factor=1,  # CSS pixels = device pixels: a quarter of the painting of a 2x phone, same layout
        is_mobile=True,
        has_touch=True,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        # Charts drawn once, not animated for a second (what a phone asking for less motion gets): half the
        # browser's work on a dashboard.
        reduced_motion="reduce",
        base_url=live_server.url,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def bworld(transactional_db, live_server):
    """The shared personas (tests/personas.py), built in the live server's committed database."""
    from tests.personas import build_world

    return build_world()


@pytest.fixture
def login(page, live_server):
    """login(user) → that user is logged in (the session cookie set; the tab stays where it is, so the test's
    next page.goto is its first page load); login(user, home=True) → and on the home page.

    The session is made as the login form makes it (django.contrib.auth.login, through the test client's
    force_login: the same session row, the same signals, the same last_login) and handed to the browser as
    its cookie, which saves loading and posting the form. The form itself is under test in
    test_login_search.py. login(user, password=…) still goes through the form, for a test that names the
    password it wants checked; so does login(user, form=True)."""
    from django.conf import settings
    from django.test import Client

    from tests.factories import PASSWORD

    def do_login(user, password=None, form=False, home=False):
        if form or password is not None:
            page.goto("/login/")
            page.fill("#id_username", user.username)
            page.fill("#id_password", PASSWORD if password is None else password)
            page.click("form button[type=submit]")
            page.wait_for_load_state("domcontentloaded")
            return page
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies([{
            "name": settings.SESSION_COOKIE_NAME, "value": session.value, "url": live_server.url,
            "httpOnly": settings.SESSION_COOKIE_HTTPONLY, "sameSite": settings.SESSION_COOKIE_SAMESITE or "Lax",
        }])
        if home:
            page.goto("/")
            page.wait_for_load_state("domcontentloaded")
        return page

    return do_login


@pytest.fixture
def shot(page, request):
    """shot(step) → full-page screenshot tests/screenshots/<test>[-<param>]-<step>.png; returns the path.

    One image pixel per CSS pixel (a 360 px wide picture of the phone's screen), which takes a third of the
    time of the phone's two device pixels; SCREENSHOT_SCALE=device in the environment gives those."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = request.node.originalname.removeprefix("test_")
    callspec = getattr(request.node, "callspec", None)
    if callspec is not None:
        name += "-" + callspec.id
    name = re.sub(r"[^\w-]+", "_", name).strip("_")

    def take(step=""):
        path = SCREENSHOTS / (f"{name}-{step}.png" if step else f"{name}.png")
        page.screenshot(path=str(path), full_page=True, scale=SCREENSHOT_SCALE)
        return path

    return take


@pytest.fixture
def bfield(transactional_db, live_server):
    """The field-work personas (team, places) in the live server's committed database."""
    from tests.personas import build_field_world

    return build_field_world()


def pytest_collection_modifyitems(config, items):
    """Every test in this folder carries the `browser` mark (CI's PostgreSQL run leaves them out: `-m "not
    browser"`), whether or not its module says so."""
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)

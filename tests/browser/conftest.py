"""Shared fixtures for the browser tests: one Chromium, a phone-sized page, a login helper.

The tests drive Debian's Chromium (/usr/bin/chromium) through Playwright's sync API against
pytest-django's live server. Playwright's sync API keeps an asyncio event loop running in the
test thread, which makes Django refuse ORM calls made from that thread (SynchronousOnlyOperation);
the tests are plain synchronous code, so that guard is switched off here.
"""

import os
import re
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 360, "height": 740}
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
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
def page(browser, live_server):
    """A fresh phone-like tab (360×740, touch, Vietnamese) for each test."""
    context = browser.new_context(
        viewport=PHONE,
        screen=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
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
def login(page):
    """login(user) → logs in through the form as that user and waits for the home page."""
    from tests.factories import PASSWORD

    def do_login(user, password=PASSWORD):
        page.goto("/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        page.click("form button[type=submit]")
        page.wait_for_load_state("domcontentloaded")
        return page

    return do_login


@pytest.fixture
def shot(page, request):
    """shot(step) → full-page screenshot tests/screenshots/<test>[-<param>]-<step>.png; returns the path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = request.node.originalname.removeprefix("test_")
    callspec = getattr(request.node, "callspec", None)
    if callspec is not None:
        name += "-" + callspec.id
    name = re.sub(r"[^\w-]+", "_", name).strip("_")

    def take(step=""):
        path = SCREENSHOTS / (f"{name}-{step}.png" if step else f"{name}.png")
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def bfield(transactional_db, live_server):
    """The field-work personas (team, places) in the live server's committed database."""
    from tests.personas import build_field_world

    return build_field_world()

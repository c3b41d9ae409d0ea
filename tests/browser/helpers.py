"""Small helpers shared by the browser tests."""

from tests.factories import MemberFactory

NAMES = ["Nguyễn Văn An", "Trần Thị Bích Ngọc", "Đặng Đức Anh"]


def make_members(branch, names=NAMES, **extra):
    """One member per name in `branch`; returns {name: member}."""
    return {name: MemberFactory(full_name=name, branch=branch, **extra) for name in names}


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def camera_chromium(browser, frame, folder):
    """Another Chromium (the session's Playwright and executable) whose camera shows `frame`, a PIL image
    (say 640×480), allowed without a prompt: Chromium's fake capture device playing an MJPEG file of it
    written into `folder`. The caller closes it."""
    import io

    from .conftest import CHROMIUM

    out = io.BytesIO()
    frame.convert("RGB").save(out, "JPEG", quality=95)
    video = folder / "camera.mjpeg"
    video.write_bytes(out.getvalue() * 10)
    return browser.browser_type.launch(executable_path=CHROMIUM, args=[
        "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}"])


def wait_for_db(predicate, page, tries: int = 60) -> bool:
    """Until `predicate()` (a read of the database) is true, checking every 0.1 s, up to `tries` times; its
    last value. A read that meets a table the live server is writing right now (SQLite's shared in-memory
    test database says "database table is locked" at once, with no waiting) counts as not yet."""
    from django.db import OperationalError

    for _ in range(tries):
        try:
            if predicate():
                return True
        except OperationalError:
            pass
        page.wait_for_timeout(100)
    return predicate()

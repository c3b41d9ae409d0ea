"""Small helpers shared by the browser tests."""

from tests.factories import MemberFactory

NAMES = ["Nguyễn Văn An", "Trần Thị Bích Ngọc", "Đặng Đức Anh"]


def make_members(branch, names=NAMES, **extra):
    """One member per name in `branch`; returns {name: member}."""
    return {name: MemberFactory(full_name=name, branch=branch, **extra) for name in names}


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")

"""Every main page fits a 360 px phone screen: no sideways scrolling."""

import pytest
expect = pytest.importorskip("playwright.sync_api", reason="needs the test extra: pip install -e .[test]").expect

from tests.factories import MemberFactory, TeamFactory, TeamMembershipFactory
from tienphong.teams.models import Team

from .helpers import scroll_width

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]  # WhiteNoise, no collectstatic

PAGES = {
    "home": lambda d: "/",
    "units": lambda d: "/units/",
    "unit-detail": lambda d: f"/units/{d['commune'].pk}/",
    "member-list": lambda d: "/members/",
    "member-detail": lambda d: f"/members/{d['member'].pk}/",
    "member-form-new": lambda d: "/members/new/",
    "member-form-edit": lambda d: f"/members/{d['member'].pk}/edit/",
    "team-list": lambda d: "/teams/",
    "team-detail": lambda d: f"/teams/{d['team'].pk}/",
    "team-form": lambda d: f"/teams/{d['team'].pk}/edit/",
    "audit": lambda d: "/audit/",
    "import": lambda d: "/members/import/",
    "accounts": lambda d: "/accounts/",
    "account-new": lambda d: "/accounts/new/",
    "account-detail": lambda d: f"/accounts/{d['volunteer'].pk}/",
}


def _data(world):
    """Realistic, long Vietnamese content: the things that overflow a phone screen."""
    from tienphong.members.services import member_update

    long_email = "nguyen.thi.bich.ngoc.phuly.2001@thanhnien-ninhbinh.example.vn"
    member = MemberFactory(full_name="Nguyễn Thị Bích Ngọc", branch=world.branch, email=long_email,
                           is_core=True)
    others = [MemberFactory(full_name=n, branch=world.branch)
              for n in ("Nguyễn Văn An", "Đặng Đức Anh", "Tôn Nữ Hoàng Thị Thanh Xuân")]
    member_update(member=member, phone="0912345678", digital_skill=3)  # an audit entry with changes
    team = TeamFactory(commune=world.commune, leader=member, service_point=world.service_point,
                       name="Tổ công nghệ số cộng đồng Tổ dân phố 1 phường Phủ Lý",
                       kind=Team.Kind.COMMUNITY_TECH)
    for m in [member, *others]:
        TeamMembershipFactory(team=team, member=m)
    TeamFactory(commune=world.other_commune, kind=Team.Kind.VOLUNTEER,
                name="Đội hình thanh niên tình nguyện hỗ trợ dịch vụ công trực tuyến")
    return {"member": member, "team": team, "commune": world.commune, "volunteer": world.volunteer}


def test_every_main_page_fits_360px_without_horizontal_scroll(page, bworld, login, shot):
    """One login, then each page in turn (a screenshot each, tests/screenshots/every_main_page_…-<page>.png);
    every page that is not right is named in the failure, not only the first."""
    data = _data(bworld)
    login(bworld.province_admin)
    problems = []
    for name, url in PAGES.items():
        response = page.goto(url(data))
        if response.status != 200:
            problems.append(f"{name}: HTTP {response.status}")
            continue
        expect(page.locator("main h1").first).to_be_visible()
        shot(name)
        width = scroll_width(page)
        if width > 360:
            problems.append(f"{name} is {width}px wide at a 360px screen: it scrolls sideways")
    assert not problems, problems

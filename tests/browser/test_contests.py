"""The issue's "done means" for idea contests, once, on a 360 px phone: the province admin creates a contest with
its rubric on the staff form and opens it; three young people send their ideas from two wards on the public
form (no account); two jurors are added, the entries assigned automatically two per entry (the Phủ Lý juror
never gets the Phủ Lý entry), and both score blind on the phone sheet ("7,5"), so that two entries tie on the
total and the first criterion decides (the ranking page says so); the board approves, the results are
published with the names; the winner becomes a project with a mentor and a partner; the province dashboard
counts it all.

The project step goes through tienphong.ecosystem.services in the test code (project_from_entry with an
expert listed with consent, support_add with a partner): the ecosystem's pages are being built separately
and have their own tests.

~8 s (after the live server's setup): it is the whole flow on purpose (each piece has its faster tests in
tests/contests)."""

import pytest
from django.utils import timezone

expect = pytest.importorskip("playwright.sync_api").expect

from tests.factories import Role, UserFactory, give_role  # noqa: E402
from tienphong.contests.models import Assignment, Contest, Entry  # noqa: E402
from tienphong.ecosystem import services as ecosystem  # noqa: E402
from tienphong.ecosystem.models import Expert, ProjectSupport  # noqa: E402
from tienphong.partners import services as partners  # noqa: E402

from .conftest import PHONE  # noqa: E402
from .helpers import scroll_width  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]

NAME = "Cuộc thi Ý tưởng thanh niên chuyển đổi số Ninh Bình"
RUBRIC = ("Tính mới | 40 | 9–10: chưa ai làm ở Ninh Bình\n"
          "Tính khả thi | 30 | 9–10: làm được ngay với nguồn lực sẵn có\n"
          "Hiệu quả | 30 |")
# Title → (ward, entrant, phone, other team members).
ENTRIES = {
    "Bản đồ số di tích Phủ Lý": ("Phường Phủ Lý", "Nguyễn Văn An", "0912 345 601", ""),
    "Chợ nông sản online Phù Vân": ("Phường Phù Vân", "Trần Thị Bích Ngọc", "0912 345 602",
                                    "Lê Minh Khoa\nPhạm Thu Hà"),
    "Sổ tay số cho người cao tuổi": ("Phường Phù Vân", "Đặng Đức Anh", "0912 345 603", ""),
}
# Each juror's sheet per entry: the three criteria in the rubric's order, typed as a phone would.
# The two Phù Vân entries tie at 7.3 (7.4 and 7.2 / 7.3 and 7.3); the first criterion (7.75 against 7)
# puts the market first. The Phủ Lý entry has one sheet: its ward's juror may not score it.
SCORES = {
    "province": {"Bản đồ số di tích Phủ Lý": ("6", "6", "5,5"), "Chợ nông sản online Phù Vân": ("8", "7", "7"),
                 "Sổ tay số cho người cao tuổi": ("7", "8", "7")},
    "ward": {"Chợ nông sản online Phù Vân": ("7,5", "8", "6"), "Sổ tay số cho người cao tuổi": ("7", "7", "8")},
}


def _submit(page):
    with page.expect_navigation():
        page.click("main form.panel button[type=submit]")


def _narrow(page):
    assert scroll_width(page) <= PHONE["width"], page.url


def test_a_contest_from_its_rubric_to_a_project_on_the_dashboard_at_360px(page, bworld, login, shot, browser,
                                                                          live_server):
    admin, commune, other = bworld.province_admin, bworld.commune, bworld.other_commune
    # The jurors' accounts: a role inside the province makes them choosable on the "add a juror" page.
    jurors = {"province": UserFactory(username="giamkhao.tinh", full_name="Vũ Thị Lan"),
              "ward": UserFactory(username="giamkhao.phuly", full_name="Hoàng Văn Bình")}
    give_role(jurors["province"], bworld.province, Role.VOLUNTEER)
    give_role(jurors["ward"], bworld.branch, Role.VOLUNTEER)

    # 1. The province admin sets the contest up on the staff form and opens it for entries.
    login(admin)
    page.goto("/contests/new/")
    page.fill("#id_name", NAME)
    page.fill("#id_categories", "Chuyển đổi số cộng đồng")
    page.fill("#id_rubric", RUBRIC)
    page.fill("#id_prizes", "Giải Nhất: 10.000.000 ₫")
    _narrow(page)
    _submit(page)
    contest = Contest.objects.get(name=NAME)
    assert contest.unit == bworld.province and contest.status == "draft"
    prelim = contest.rounds.get(kind="preliminary")
    assert [(c.name, c.weight) for c in prelim.criteria.all()] == [
        ("Tính mới", 40), ("Tính khả thi", 30), ("Hiệu quả", 30)]
    with page.expect_navigation():
        page.click("button[name=status][value=open]")
    expect(page.locator("#contest-status")).to_have_text("Đang nhận bài")
    _narrow(page)

    # 2. Three entries on a phone, no account: the public page, its button, the form, "Submit".
    visitor = _phone(browser, live_server)
    phone = visitor.pages[0]
    for i, (title, (ward, lead, tel, team)) in enumerate(ENTRIES.items()):
        phone.goto(f"/visit/contest/{contest.pk}/")
        phone.click("#enter")
        phone.fill("#id_title", title)
        phone.fill("#id_problem", f"Vấn đề của ý tưởng “{title}”.")
        phone.fill("#id_solution", "Một trang web gọn trên điện thoại, mã QR dán tại chỗ.")
        phone.select_option("#id_commune", label=ward)
        phone.fill("#id_lead_name", lead)
        phone.fill("#id_lead_phone", tel)
        phone.fill("#id_birth_year", "2001")
        phone.fill("#id_team", team)
        if i == 0:
            assert scroll_width(phone) <= PHONE["width"]
            phone.screenshot(path=str(_path("1-entry-form")), full_page=True)
        with phone.expect_navigation():
            phone.click("button[name=submit]")
        expect(phone.locator("#status .badge")).to_have_text("Đã nộp")
        assert scroll_width(phone) <= PHONE["width"]
    entries = {e.title: e for e in Entry.objects.filter(contest=contest)}
    assert {e.status for e in entries.values()} == {"submitted"} and len(entries) == 3
    ours = entries["Bản đồ số di tích Phủ Lý"]  # the Phủ Lý entry
    market, notebook = entries["Chợ nông sản online Phù Vân"], entries["Sổ tay số cho người cao tuổi"]
    assert ours.unit == commune and market.unit == other and market.people == 3
    visitor.close()

    # 3. The jury: two jurors added on the staff page, the Phủ Lý one with Phủ Lý as their unit; then the
    # entries go out automatically, two per entry, never across the conflict; judging starts.
    for key, unit in (("province", bworld.province), ("ward", commune)):
        page.goto(f"/contests/{contest.pk}/jurors/new/")
        page.select_option("#id_user", label=f"{jurors[key].full_name} ({jurors[key].username})")
        page.select_option("#id_unit", label=unit.name)
        _narrow(page)
        _submit(page)
    assert contest.jurors.count() == 2
    page.fill("#id_per_entry", "2")
    with page.expect_navigation():
        page.click(f"form[action='/contests/{contest.pk}/assign/auto/'] button")
    expect(page.locator("main")).to_contain_text("Đã phân công 5 lượt chấm")
    with page.expect_navigation():
        page.click("button[name=status][value=judging]")
    jury = page.locator("#jurors tbody tr")
    expect(jury.filter(has_text=jurors["ward"].full_name)).to_contain_text("0/2")
    expect(jury.filter(has_text=jurors["province"].full_name)).to_contain_text("0/3")
    _narrow(page)
    # The Phủ Lý entry's sheet page: only the province juror scores it.
    page.goto(f"/contests/{contest.pk}/entries/{ours.pk}/")
    expect(page.locator("table.sheet tbody tr")).to_have_count(1)
    expect(page.locator("table.sheet tbody")).to_contain_text(jurors["province"].full_name)

    # 4. Each juror scores on the phone, blind: a code and the idea, never a name, a phone, a team or a ward.
    private = [v[1] for v in ENTRIES.values()] + [v[2] for v in ENTRIES.values()] + [
        e.lead_phone for e in entries.values()] + ["Lê Minh Khoa", "Phạm Thu Hà", "Phường Phù Vân", "Phường Phủ Lý"]
    for key in ("province", "ward"):
        page.context.clear_cookies()
        login(jurors[key])
        page.goto("/jury/")
        with page.expect_navigation():
            page.locator("main a[href^='/jury/rounds/']").first.click()
        listed = page.locator("main table tbody")
        for title in SCORES[key]:
            expect(listed).to_contain_text(entries[title].code)
        assert not [p for p in private if p in listed.inner_text()]
        _narrow(page)
        if key == "ward":  # the conflict: the Phủ Lý entry is not theirs to score
            expect(listed).not_to_contain_text(ours.code)
            expect(listed).not_to_contain_text(ours.title)
        mine = Assignment.objects.filter(juror__user=jurors[key], round=prelim).select_related("entry")
        assert {a.entry.title for a in mine} == set(SCORES[key])
        for a in mine.order_by("entry_id"):
            page.goto(f"/jury/sheets/{a.pk}/")
            body = page.locator("body").inner_text()
            assert not [p for p in private if p in body], body
            for criterion, value in zip(prelim.criteria.all(), SCORES[key][a.entry.title]):
                page.fill(f"#id_c{criterion.pk}", value)
            _narrow(page)
            if key == "ward" and a.entry == market:
                shot("2-jury-sheet")
            with page.expect_navigation():
                page.click("button[name=stay]")
            expect(page.locator("main")).to_contain_text(f"Đã lưu phiếu chấm {a.entry.code}")
        assert all(a.completed_at for a in mine.all())

    # 5. The ranking: the tie between the two Phù Vân ideas is broken by the first criterion, and says so.
    page.context.clear_cookies()
    login(admin)
    page.goto(f"/contests/{contest.pk}/ranking/preliminary/")
    rows = page.locator("#ranking tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text(market.code)
    expect(rows.nth(0)).to_contain_text("7,30")
    expect(rows.nth(0)).to_contain_text("theo tiêu chí đầu tiên (Tính mới)")
    expect(rows.nth(1)).to_contain_text(notebook.code)
    expect(rows.nth(1)).to_contain_text("7,30")
    expect(rows.nth(1)).to_contain_text("theo tiêu chí đầu tiên (Tính mới)")
    expect(rows.nth(2)).to_contain_text(ours.code)
    _narrow(page)
    shot("3-ranking")

    # 6. The board approves, then the results are published, each after its confirmation page.
    with page.expect_navigation():
        page.click(f"main a[href='/contests/{contest.pk}/approve/']")
    with page.expect_navigation():
        page.click("main .confirm form button.btn")
    expect(page.locator("#contest-status")).to_have_text("Đã duyệt kết quả")
    with page.expect_navigation():
        page.click(f"main a[href='/contests/{contest.pk}/publish/']")
    _narrow(page)
    with page.expect_navigation():
        page.click("main .confirm form button.btn")
    expect(page.locator("#contest-status")).to_have_text("Đã công bố kết quả")
    # The public page now names the winners (another phone: the public page is cached for 5 minutes by a
    # browser that saw it before).
    visitor = _phone(browser, live_server)
    phone = visitor.pages[0]
    phone.goto(f"/visit/contest/{contest.pk}/")
    results = phone.locator("#ranking li")
    expect(results).to_have_count(3)
    expect(results.nth(0)).to_contain_text("Chợ nông sản online Phù Vân")
    expect(results.nth(0)).to_contain_text("Trần Thị Bích Ngọc, Lê Minh Khoa, Phạm Thu Hà — Phường Phù Vân")
    expect(results.nth(1)).to_contain_text("Đặng Đức Anh")
    assert scroll_width(phone) <= PHONE["width"]
    phone.screenshot(path=str(_path("4-public-results")), full_page=True)
    visitor.close()

    # 7. The winner becomes a project with a mentor and a partner (through the ecosystem's services: its
    # pages are not part of this flow).
    mentor = ecosystem.expert_save(expert=Expert(unit=bworld.province, name="TS. Hoàng Minh Đức",
                                                 field="Thương mại điện tử"), by=admin, consent=True)
    project = ecosystem.project_from_entry(entry=market, by=admin, mentor=mentor)
    bank = partners.partner_create(by=admin, unit=bworld.province, name="Agribank chi nhánh Ninh Bình", kind="bank")
    ecosystem.support_add(project=project, partner=bank, kind=ProjectSupport.Kind.FUNDING, amount=50_000_000,
                          by=admin)
    assert project.mentor == mentor and project.supports.get().partner == bank

    # 8. The province dashboard counts it all this month.
    today = timezone.localdate()
    page.goto(f"/reports/?unit={bworld.province.pk}&period=month&date={today.replace(day=1).isoformat()}")
    section = page.locator("#innovation-cards")
    expect(page.locator("h2", has_text="Ý tưởng, dự án và khởi nghiệp")).to_be_visible()
    expect(section.locator("#card-contests_held .n")).to_have_text("1")
    expect(section.locator("#card-contest_entries .n")).to_have_text("3")
    expect(section.locator("#card-contest_entrants .n")).to_have_text("5")
    expect(section.locator("#card-contest_scores .n")).to_have_text("5")
    expect(section.locator("#stock-projects_followed .n")).to_have_text("1")
    _narrow(page)
    section.scroll_into_view_if_needed()
    shot("5-dashboard")


def _phone(browser, live_server):
    """Another phone (no account), with one tab open."""
    context = browser.new_context(viewport=PHONE, screen=PHONE, is_mobile=True, has_touch=True, locale="vi-VN",
                                  timezone_id="Asia/Ho_Chi_Minh", reduced_motion="reduce", base_url=live_server.url)
    context.set_default_timeout(10_000)
    context.new_page()
    return context


def _path(step):
    """Where `shot` would put this step's picture (another tab's page is shot by hand)."""
    from .conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"a_contest_from_its_rubric_to_a_project_on_the_dashboard_at_360px-{step}.png"

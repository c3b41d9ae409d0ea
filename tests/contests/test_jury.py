"""A juror's pages: blind entries, their own sheets only (else 404), "7,5" saved, refusals in Vietnamese."""

import pytest
from django.urls import reverse

from tienphong.accounts.models import User
from tienphong.contests import services
from tienphong.contests.models import Assignment, Score

from ..factories import add_entry, make_contest
from ..personas import build_world
from ..scenes import once_per_module

world, _world = once_per_module(build_world, "world")

SECRET = {"lead_name": "Hoàng Thị Bảo Mật", "team": "Vũ Văn Đồng Đội", "lead_phone": "0912345678"}


@pytest.fixture
def jury(world):
    """A contest being judged: two entries of a branch of Phù Vân, one juror of the province given both."""
    contest = make_contest(world.province, world.province_admin)
    first = add_entry(contest, world.other_branch, title="Bản đồ số di tích", beneficiaries="Du khách và người dân",
                      video_link="https://video.example/ban-do", **SECRET)
    second = add_entry(contest, world.other_branch, title="Chợ nông sản trực tuyến", lead_name="Lê Thị Thu")
    user = User.objects.create_user(username="gk.mot", password="x" * 12, full_name="Giám khảo Một")
    juror = services.juror_add(contest=contest, user=user, unit=world.province, categories=contest.categories.all(),
                               by=world.province_admin)
    services.set_status(contest=contest, status="judging", by=world.province_admin)
    prelim = contest.rounds.get(kind="preliminary")
    sheets = [services.assign(juror=juror, entry=e, round=prelim, by=world.province_admin) for e in (first, second)]
    return contest, prelim, juror, sheets, list(prelim.criteria.all())


def test_the_sheet_and_the_list_are_blind(world, jury, client_for):
    contest, prelim, juror, (sheet, _other), criteria = jury
    client = client_for(juror.user)
    html = client.get(reverse("jury_sheet", args=[sheet.pk])).content.decode()
    entry = sheet.entry
    for shown in (entry.code, "Bản đồ số di tích", "Du khách khó tìm thông tin", "Trang QR cho từng di tích",
                  "Du khách và người dân", "https://video.example/ban-do", entry.category.name, 'inputmode="decimal"',
                  "Tính mới", "40%"):
        assert shown in html
    listing = client.get(reverse("jury_round", args=[prelim.pk])).content.decode()
    assert entry.code in listing and "Bản đồ số di tích" in listing
    for page in (html, listing):
        for hidden in (*SECRET.values(), "Lê Thị Thu", world.other_branch.name, "Phù Vân"):
            assert hidden not in page


def test_the_home_page_shows_each_rounds_progress(jury, client_for):
    contest, prelim, juror, (sheet, _other), criteria = jury
    services.score(assignment=sheet, values={c.pk: 8 for c in criteria}, by=juror.user)
    html = client_for(juror.user).get(reverse("jury_home")).content.decode()
    assert contest.name in html and reverse("jury_round", args=[prelim.pk]) in html
    assert "đã chấm 1/2" in html


def test_anyone_else_gets_a_404(world, jury, client_for):
    contest, prelim, juror, (sheet, _other), criteria = jury
    other = User.objects.create_user(username="gk.hai", password="x" * 12)
    services.juror_add(contest=contest, user=other, unit=world.province, categories=contest.categories.all(),
                       by=world.province_admin)
    for user in (other, world.province_admin):
        client = client_for(user)
        assert client.get(reverse("jury_sheet", args=[sheet.pk])).status_code == 404
        assert client.post(reverse("jury_sheet", args=[sheet.pk]), {f"c{criteria[0].pk}": "5"}).status_code == 404
    assert client_for(world.province_admin).get(reverse("jury_round", args=[prelim.pk])).status_code == 404
    assert not Score.objects.exists()


def test_a_decimal_comma_is_saved_and_a_complete_sheet_moves_to_the_next_entry(jury, client_for):
    contest, prelim, juror, (sheet, second), criteria = jury
    client = client_for(juror.user)
    url = reverse("jury_sheet", args=[sheet.pk])
    r = client.post(url, {f"c{criteria[0].pk}": "7,5", "stay": "1"})
    assert r.status_code == 302 and r["Location"] == url
    assert Score.objects.get(assignment=sheet).value == 7.5
    assert Assignment.objects.get(pk=sheet.pk).completed_at is None  # part-filled
    page = client.get(url).content.decode()
    assert 'value="7,5"' in page
    assert f'name="next" value="{second.pk}"' in page  # the page names the next sheet: no lookup on saving
    r = client.post(url, {f"c{criteria[0].pk}": "7,5", f"c{criteria[1].pk}": "8", f"c{criteria[2].pk}": "6.5",
                          "next": str(second.pk)})
    assert r.status_code == 302 and r["Location"] == reverse("jury_sheet", args=[second.pk])
    r = client.post(url, {f"c{criteria[0].pk}": "7,5", "next": ""})  # a page that named none: looked up
    assert r.status_code == 302 and r["Location"] == reverse("jury_sheet", args=[second.pk])
    assert Assignment.objects.get(pk=sheet.pk).completed_at is not None
    assert sheet.entry.results.get(round=prelim).score == pytest.approx(0.4 * 7.5 + 0.3 * 8 + 0.3 * 6.5)


def test_a_refusal_shows_its_vietnamese_message(world, jury, client_for):
    contest, prelim, juror, (sheet, _other), criteria = jury
    client = client_for(juror.user)
    url = reverse("jury_sheet", args=[sheet.pk])
    r = client.post(url, {f"c{criteria[0].pk}": "11", f"c{criteria[1].pk}": "5"})
    assert r.status_code == 200
    assert "“Tính mới” được chấm từ 0 đến 10." in r.content.decode()
    assert not Score.objects.exists()  # nothing of a refused sheet is kept
    r = client.post(url, {f"c{criteria[0].pk}": "bảy"})
    assert r.status_code == 200 and "Nhập một số cho “Tính mới”." in r.content.decode()
    services.set_status(contest=contest, status="open", by=world.province_admin)
    r = client.post(url, {f"c{criteria[0].pk}": "7"})
    assert r.status_code == 200 and "Cuộc thi này đã đóng chấm điểm." in r.content.decode()
    assert not Score.objects.exists()

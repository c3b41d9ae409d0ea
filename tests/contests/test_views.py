"""The organiser's pages: a contest made through its one form, the scope (an outsider gets 404), the jury
(the conflict refusal in Vietnamese), the ranking with its tie rule in words, approval then publication."""

import re

import pytest
from django.urls import reverse

from tienphong.accounts.models import User
from tienphong.contests import services
from tienphong.contests.models import Assignment, Contest, Juror

from ..factories import Role, add_entry, give_role, make_contest
from ..personas import build_world
from ..scenes import once_per_module

world, _world = once_per_module(build_world, "world")


def text(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def login(client, user):
    client.force_login(user)
    return client


def juror_user(name, full_name=""):
    return User.objects.create_user(username=name, password="x" * 12, full_name=full_name)


def test_a_contest_is_made_on_one_form_with_good_defaults(client, world):
    login(client, world.secretary)
    page = client.get(reverse("contests:create"))
    assert page.status_code == 200
    form = page.context["form"]
    assert list(form.fields["unit"].queryset) == [world.commune, world.grassroots]  # what she manages
    data = {k: (v.strftime("%d/%m/%Y") if hasattr(v, "strftime") else v) for k, v in form.initial.items()}
    assert re.fullmatch(r"\d\d/\d\d/\d{4}", data["submission_from"])  # dd/mm/yyyy
    assert "Tính mới | 40" in data["rubric"]
    data.update(name="Ý tưởng số Phủ Lý", unit=world.commune.pk, categories="Chính quyền số\nKinh tế số\n",
                rubric="Tính mới | 50 | 9–10: chưa ai làm\nHiệu quả | 40 |", disagreement="1,5")
    bad = client.post(reverse("contests:create"), data)
    assert bad.status_code == 200 and "100%" in text(bad)  # the service's weights rule, under the rubric
    data["rubric"] += "\nTính khả thi | 10"
    done = client.post(reverse("contests:create"), data)
    contest = Contest.objects.get(name="Ý tưởng số Phủ Lý")
    assert done.status_code == 302 and done["Location"] == reverse("contests:detail", args=[contest.pk])
    assert contest.unit == world.commune and contest.status == "draft"
    assert [c.name for c in contest.categories.all()] == ["Chính quyền số", "Kinh tế số"]
    prelim = contest.rounds.get(kind="preliminary")
    assert [(c.name, c.weight, c.levels) for c in prelim.criteria.all()] == [
        ("Tính mới", 50, "9–10: chưa ai làm"), ("Hiệu quả", 40, ""), ("Tính khả thi", 10, "")]
    detail = client.get(done["Location"])
    assert "Tính mới" in text(detail) and "Bản nháp: 0 · Đã nộp: 0" in text(detail)
    client.post(reverse("contests:status", args=[contest.pk]), {"status": "open"})
    assert Contest.objects.get(pk=contest.pk).status == "open"
    assert reverse("contests:list") in client.get(reverse("contests:list")).content.decode()  # the nav link


def test_an_outsider_gets_404_on_every_contest_page(client, world):
    contest = make_contest(world.commune, world.secretary)
    entry = add_entry(contest, world.branch)
    login(client, world.outsider)
    urls = [reverse(name, args=[contest.pk]) for name in (
        "contests:detail", "contests:juror_add", "contests:assign", "contests:entries", "contests:approve",
        "contests:publish", "contests:scores_xlsx", "contests:certificates")]
    urls += [reverse("contests:ranking", args=[contest.pk, "preliminary"]),
             reverse("contests:sheet", args=[contest.pk, entry.pk])]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("contests:status", args=[contest.pk]), {"status": "judging"}).status_code == 404
    assert contest.name not in client.get(reverse("contests:list")).content.decode()
    login(client, world.volunteer)  # inside the commune, but no contest permission
    assert client.get(reverse("contests:detail", args=[contest.pk])).status_code == 404
    assert client.get(reverse("contests:list")).status_code == 404


def test_a_juror_is_added_and_a_conflict_is_refused_in_vietnamese(client, world):
    contest = make_contest(world.province, world.province_admin)
    own = add_entry(contest, world.branch, title="Ý tưởng của Phủ Lý")
    add_entry(contest, world.other_commune, title="Ý tưởng Phù Vân")
    give_role(juror_user("gk.phuly", "Vũ Văn Giám"), world.branch, Role.VOLUNTEER)  # an account of the province
    juror_user("ngoai", "Người Ngoài")  # no role inside the province: not offered
    login(client, world.province_admin)
    page = client.get(reverse("contests:juror_add", args=[contest.pk]))
    assert "Vũ Văn Giám (gk.phuly)" in page.content.decode() and "Người Ngoài" not in page.content.decode()
    user = User.objects.get(username="gk.phuly")
    r = client.post(reverse("contests:juror_add", args=[contest.pk]), {
        "user": user.pk, "unit": world.commune.pk, "categories": [c.pk for c in contest.categories.all()]})
    assert r.status_code == 302
    juror = Juror.objects.get(contest=contest, user=user)
    prelim = contest.rounds.get(kind="preliminary")
    r = client.post(reverse("contests:assign", args=[contest.pk]),
                    {"juror": juror.pk, "entry": own.pk, "round": prelim.pk})
    assert r.status_code == 200
    assert "Giám khảo không được chấm bài dự thi của đơn vị mình hoặc bài đã khai có xung đột lợi ích." in text(r)
    assert services.in_conflict(juror, own) and not Assignment.objects.exists()
    r = client.post(reverse("contests:assign_auto", args=[contest.pk]), {"round": prelim.pk, "per_entry": 3},
                    follow=True)
    assert Assignment.objects.count() == 1 and Assignment.objects.get().entry.title == "Ý tưởng Phù Vân"
    assert "0/1" in text(r)  # progress: scored / assigned


def scored(world, jurors=2):
    contest = make_contest(world.province, world.province_admin)
    a, b = (add_entry(contest, world.other_commune, title=t) for t in ("Ý tưởng A", "Ý tưởng B"))
    people = [services.juror_add(contest=contest, user=juror_user(f"gk{i}", f"Giám khảo {i}"), unit=world.province,
                                 categories=contest.categories.all(), by=world.province_admin) for i in range(jurors)]
    services.set_status(contest=contest, status="judging", by=world.province_admin)
    prelim = contest.rounds.get(kind="preliminary")
    services.assign_automatically(round=prelim, per_entry=jurors, by=world.province_admin)
    criteria = list(prelim.criteria.values_list("pk", flat=True))
    for juror, entry, values in ((people[0], a, (8, 6, 7)), (people[1], a, (6, 8, 8)),
                                 (people[0], b, (7.6, 6.8, 6.9)), (people[1], b, (7.6, 6.8, 6.9))):
        services.score(assignment=Assignment.objects.get(juror=juror, entry=entry, round=prelim),
                       values=dict(zip(criteria, values)), by=juror.user)
    return contest, prelim, a, b


def test_the_ranking_says_how_a_tie_was_broken_and_the_sheet_shows_each_juror(client, world):
    contest, prelim, a, b = scored(world)
    login(client, world.province_admin)
    page = text(client.get(reverse("contests:ranking", args=[contest.pk, "preliminary"])))
    assert page.index(b.title) < page.index(a.title)
    assert "theo tiêu chí đầu tiên (Tính mới)" in page and "7,15" in page  # Vietnamese decimals
    sheet = text(client.get(reverse("contests:sheet", args=[contest.pk, a.pk])))
    assert "Giám khảo 0" in sheet and "7,10" in sheet and "7,20" in sheet
    assert client.get(reverse("contests:ranking", args=[contest.pk, "results"])).status_code == 404


def test_results_are_approved_then_published_each_after_a_confirmation(client, world):
    contest, *_ = scored(world)
    login(client, world.province_admin)
    url = reverse("contests:approve", args=[contest.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200 and Contest.objects.get(pk=contest.pk).status == "judging"
    assert client.post(url).status_code == 302
    contest = Contest.objects.get(pk=contest.pk)
    assert contest.status == "approved" and contest.approved_by == world.province_admin
    ranking = client.get(reverse("contests:ranking", args=[contest.pk, "preliminary"])).content.decode()
    assert reverse("contests:publish", args=[contest.pk]) in ranking
    assert reverse("contests:certificates", args=[contest.pk]) not in ranking  # printed once published
    url = reverse("contests:publish", args=[contest.pk])
    assert client.get(url).status_code == 200 and Contest.objects.get(pk=contest.pk).status == "approved"
    client.post(url)
    assert Contest.objects.get(pk=contest.pk).status == "published"
    again = client.post(url, follow=True)  # a second publication is refused with the service's message
    assert again.status_code == 200 and Contest.objects.get(pk=contest.pk).status == "published"
    assert "msg-error" in again.content.decode()


def test_the_two_downloads(client, world, monkeypatch):
    pytest.importorskip("tienphong.contests.exports")
    monkeypatch.setattr("tienphong.contests.exports.render_pdf", lambda html: b"%PDF-1.7 " + html.encode())
    contest, *_ = scored(world)
    login(client, world.province_admin)
    xlsx = client.get(reverse("contests:scores_xlsx", args=[contest.pk]))
    assert xlsx.status_code == 200 and xlsx["Content-Disposition"].endswith('.xlsx"')
    early = client.get(reverse("contests:certificates", args=[contest.pk]), follow=True)
    assert early.status_code == 200 and "msg-error" in early.content.decode()  # not published yet
    services.approve(contest=contest, by=world.province_admin)
    services.publish(contest=contest, by=world.province_admin)
    pdf = client.get(reverse("contests:certificates", args=[contest.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

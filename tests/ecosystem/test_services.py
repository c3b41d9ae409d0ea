"""The ecosystem through its services: experts listed with consent, mentor matches, a winning entry followed
as a project with partners, milestones and quarterly follow-ups until it is realised, the startup register."""

import datetime as dt

import pytest
from django.db.models import Sum

from tienphong.core.errors import DomainError
from tienphong.ecosystem import services
from tienphong.ecosystem.models import Expert, FollowUp, MentorMatch, Project, Startup, quarter_of
from tienphong.partners.models import Partner

from ..factories import MemberFactory, add_entry, make_contest
from ..personas import build_world
from ..scenes import once_per_module

world, _world = once_per_module(build_world, "world")


def expert(world, consent=True, **fields):
    e = Expert(unit=world.province, name=fields.pop("name", "TS. Phạm Minh Đức"), field="Chuyển đổi số",
               organisation="ĐH Hoa Lư", **fields)
    return services.expert_save(expert=e, by=world.province_admin, consent=consent)


def test_an_expert_is_listed_only_with_consent_and_a_match_is_recorded(world):
    hidden = expert(world, consent=False, name="Bà Lê Thu")
    contest = make_contest(world.province, world.province_admin)
    entry = add_entry(contest, world.branch)
    with pytest.raises(DomainError) as e:
        services.ask_mentor(expert=hidden, entry=entry, message="Cần góp ý mô hình")
    assert e.value.code == "expert_not_listed" and "danh bạ" in e.value.message
    listed = expert(world)
    asked = services.ask_mentor(expert=listed, entry=entry, message="Cần góp ý mô hình kinh doanh")
    assert asked.status == "asked" and asked.path == world.branch.path
    services.answer_mentor(match=asked, matched=True, by=world.province_admin)
    assert MentorMatch.objects.get(pk=asked.pk).matched_at is not None
    with pytest.raises(DomainError):
        services.answer_mentor(match=asked, matched=False, by=world.province_admin)


def test_a_winning_entry_is_followed_until_it_is_real(world):
    contest = make_contest(world.province, world.province_admin)
    entry = add_entry(contest, world.branch, title="Chợ nông sản số")
    mentor = expert(world)
    project = services.project_from_entry(entry=entry, by=world.province_admin, mentor=mentor,
                                          started_on=dt.date(2026, 1, 10))
    assert project.name == "Chợ nông sản số" and project.path == world.branch.path
    with pytest.raises(DomainError) as e:
        services.project_from_entry(entry=entry, by=world.province_admin)
    assert e.value.code == "project_exists"
    bank = Partner.objects.create(unit=world.province, path=world.province.path, kind="bank", name="Agribank Ninh Bình")
    services.support_add(project=project, partner=bank, kind="funding", amount=50_000_000, by=world.province_admin)
    services.support_add(project=project, partner=bank, kind="funding", amount=80_000_000, by=world.province_admin)
    assert project.supports.get().amount == 80_000_000  # the same offer, updated
    services.milestone_add(project=project, title="Thí điểm tại 3 xã", due_on=dt.date(2026, 6, 30),
                           by=world.province_admin)
    services.follow_up(project=project, progress=30, status="Đã có 20 hộ bán hàng", by=world.province_admin,
                       today=dt.date(2026, 2, 1))
    services.follow_up(project=project, progress=40, status="Đã có 35 hộ bán hàng", by=world.province_admin,
                       today=dt.date(2026, 3, 31))  # same quarter: replaces
    services.follow_up(project=project, progress=70, status="Mở rộng", by=world.province_admin,
                       today=dt.date(2026, 4, 2))
    assert list(FollowUp.objects.values_list("quarter", "progress")) == [
        (dt.date(2026, 4, 1), 70), (dt.date(2026, 1, 1), 40)]
    with pytest.raises(DomainError) as e:
        services.realise(project=project, on=dt.date(2025, 12, 1), by=world.province_admin)
    assert e.value.code == "date_invalid"
    services.realise(project=project, on=dt.date(2026, 9, 1), by=world.province_admin)
    assert Project.objects.get(pk=project.pk).status == "realised"


def test_only_the_units_own_officers_keep_its_register(world):
    contest = make_contest(world.province, world.province_admin)
    entry = add_entry(contest, world.other_branch)
    with pytest.raises(DomainError) as e:
        services.project_from_entry(entry=entry, by=world.secretary)  # another commune's secretary
    assert e.value.code == "not_allowed"
    with pytest.raises(DomainError):
        services.startup_save(startup=Startup(unit=world.other_commune, name="X", founded_on=dt.date(2025, 1, 1)),
                              by=world.secretary)


def test_a_startup_of_members_with_jobs_and_a_revenue_band(world):
    founder = MemberFactory(full_name="Lê Văn Hùng", branch=world.branch)
    stranger = MemberFactory(full_name="Đỗ Văn Xa", branch=world.other_branch)
    with pytest.raises(DomainError) as e:
        services.startup_save(startup=Startup(unit=world.commune, name="HTX khác", founded_on=dt.date(2025, 5, 1)),
                              by=world.secretary, founders=[stranger])
    assert e.value.code == "founder_outside"
    s = services.startup_save(startup=Startup(unit=world.commune, name="HTX Rau sạch Phủ Lý", founded_on=dt.date(2025, 5, 1),
                                              jobs_created=12, revenue_band="lt1b"), by=world.secretary,
                              founders=[founder])
    assert s.path == world.commune.path and list(s.founders.all()) == [founder] and s.jobs_created == 12
    assert s.get_revenue_band_display() == "Từ 100 triệu đến 1 tỷ ₫ mỗi năm"


def test_quarters_start_on_their_first_day():
    assert quarter_of(dt.date(2026, 12, 7)) == dt.date(2026, 10, 1)
    assert quarter_of(dt.date(2026, 1, 1)) == dt.date(2026, 1, 1)


def test_the_figures_follow_every_write_and_equal_a_rebuild(world):
    from tienphong.rollups import services as rollups
    from tienphong.rollups.models import Fact, Stock

    def figures():
        facts = dict(Fact.objects.filter(level="p", grain="d", indicator__in=["mentor_matches", "projects_realised"])
                     .values_list("indicator").annotate(v=Sum("value")).order_by())
        stock = dict(Stock.objects.filter(level="p", indicator__in=["projects_followed", "startups", "startup_jobs"])
                     .values_list("indicator", "value"))
        return facts | stock

    contest = make_contest(world.province, world.province_admin)
    entry = add_entry(contest, world.branch)
    listed = expert(world)
    services.answer_mentor(match=services.ask_mentor(expert=listed, entry=entry, message="Góp ý"), matched=True,
                           by=world.province_admin)
    project = services.project_from_entry(entry=entry, by=world.province_admin, started_on=dt.date(2026, 1, 5))
    other = services.project_from_entry(entry=add_entry(contest, world.other_branch, title="Khác"),
                                        by=world.province_admin, started_on=dt.date(2026, 1, 5))
    services.realise(project=other, on=dt.date(2026, 6, 1), by=world.province_admin)
    services.startup_save(startup=Startup(unit=world.commune, name="HTX Rau sạch", founded_on=dt.date(2025, 5, 1),
                                          jobs_created=12), by=world.secretary)
    assert figures() == {"mentor_matches": 1, "projects_realised": 1, "projects_followed": 1, "startups": 1,
                         "startup_jobs": 12}
    assert project.status == "followed"
    rollups.rebuild()
    assert figures() == {"mentor_matches": 1, "projects_realised": 1, "projects_followed": 1, "startups": 1,
                         "startup_jobs": 12}


def test_an_entrant_asks_a_listed_expert_from_their_link_without_seeing_contacts(world, client):
    from django.urls import reverse

    from tienphong.contests import services as contest_services

    contest = make_contest(world.province, world.province_admin)
    entry = add_entry(contest, world.branch)
    listed = expert(world, phone="0912345678", email="duc@hoalu.edu.vn")
    hidden = expert(world, consent=False, name="Bà Lê Thu Kín")
    key = contest_services.entry_link_value(entry)
    page = client.get(reverse("contest_entry", args=[key])).content.decode()
    url = reverse("entry_ask_expert", args=[key])
    assert url in page
    page = client.get(url).content.decode()
    assert "TS. Phạm Minh Đức" in page and "Chuyển đổi số" in page and "Bà Lê Thu Kín" not in page
    assert "0912345678" not in page and "duc@hoalu.edu.vn" not in page  # contacts stay with the organisers
    r = client.post(url, {"expert": listed.pk, "message": "Cần góp ý mô hình kinh doanh"})
    assert r.status_code == 302
    match = MentorMatch.objects.get(entry=entry)
    assert match.expert == listed and match.status == "asked"
    page = client.get(url).content.decode()
    assert "Đề nghị của bạn đã được gửi" in page and "Đã đề nghị" in page
    assert client.post(url, {"expert": hidden.pk, "message": "x"}).status_code == 200  # not a choice
    assert client.get(reverse("entry_ask_expert", args=["forged"])).status_code == 404


def test_a_milestone_is_reached_and_a_project_can_be_stopped_from_its_page(world, client_for):
    from django.urls import reverse

    from tienphong.rollups.models import Stock

    contest = make_contest(world.province, world.province_admin)
    project = services.project_from_entry(entry=add_entry(contest, world.branch), by=world.province_admin,
                                          started_on=dt.date(2026, 1, 5))
    milestone = services.milestone_add(project=project, title="Thí điểm", due_on=dt.date(2026, 6, 30),
                                       by=world.province_admin)
    client = client_for(world.province_admin)
    client.post(reverse("ecosystem:project_milestone_done", args=[project.pk, milestone.pk]))
    milestone.refresh_from_db()
    assert milestone.done_on is not None
    page = client.get(reverse("ecosystem:project", args=[project.pk])).content.decode()
    assert "Đặt lại" in page or "Mở lại" in page
    followed = lambda: Stock.objects.filter(level="p", indicator="projects_followed").values_list("value", flat=True).first() or 0  # noqa: E731
    assert followed() == 1
    client.post(reverse("ecosystem:project_stop", args=[project.pk]))
    assert Project.objects.get(pk=project.pk).status == "stopped" and followed() == 0
    outsider = client_for(world.outsider)
    assert outsider.post(reverse("ecosystem:project_stop", args=[project.pk])).status_code == 404

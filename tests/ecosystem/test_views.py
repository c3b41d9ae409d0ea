"""The ecosystem's staff pages: in Vietnamese for the province admin, a 404 for an outsider, experts' contacts
for officers only, consent dated, one follow-up a quarter, an entry made a project, a startup of members."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tienphong.ecosystem import services
from tienphong.ecosystem.models import Expert, FollowUp, MentorMatch, Project, Startup
from tienphong.partners.models import Partner

from ..factories import MemberFactory, ProductFactory, ProducerFactory, add_entry, make_contest
from ..personas import build_world
from ..scenes import once_per_module

world, _world = once_per_module(build_world, "world")

PHONE = "0912345678"


def expert(world, unit=None, consent=True, **fields):
    e = Expert(unit=unit or world.province, name=fields.pop("name", "TS. Phạm Minh Đức"),
               field=fields.pop("field", "Chuyển đổi số"), organisation="ĐH Hoa Lư", phone=PHONE,
               email="duc@example.vn", **fields)
    return services.expert_save(expert=e, by=world.province_admin, consent=consent)


def project(world, unit=None, name="Chợ nông sản số"):
    contest = make_contest(world.province, world.province_admin)
    entry = add_entry(contest, unit or world.branch, title=name)
    return services.project_from_entry(entry=entry, by=world.province_admin, started_on=dt.date(2026, 1, 5))


def startup(world, unit=None, by=None):
    return services.startup_save(startup=Startup(unit=unit or world.commune, name="HTX Rau sạch Phủ Lý",
                                                 founded_on=dt.date(2025, 5, 1)), by=by or world.secretary)


def page(client, url, **data):
    response = client.get(url, data)
    assert response.status_code == 200, url
    return response.content.decode()


def test_every_page_renders_in_vietnamese_for_the_province_admin(world, client_for):
    e, p, s = expert(world), project(world), startup(world)
    services.ask_mentor(expert=e, project=p, message="Cần góp ý mô hình kinh doanh")
    c = client_for(world.province_admin)
    assert "Dự án" in page(c, reverse("ecosystem:projects")) and p.name in page(c, reverse("ecosystem:projects"))
    body = page(c, reverse("ecosystem:project", args=[p.pk]))
    assert "Cần góp ý" not in body and "Mốc" in body and "Hỗ trợ của đối tác" in body and "Cố vấn" in body
    assert "Quý" in body and "Đã hiện thực hóa" in body
    assert "Cần góp ý mô hình" in page(c, reverse("ecosystem:matches"))
    assert "Đã kết nối" in page(c, reverse("ecosystem:matches"))
    body = page(c, reverse("ecosystem:match_create"), project=p.pk)
    assert "Ghi nhận đề nghị cố vấn" in body and f'<option value="{p.pk}" selected>' in body
    assert e.name in page(c, reverse("ecosystem:experts")) and PHONE in page(c, reverse("ecosystem:experts"))
    assert "Lĩnh vực" in page(c, reverse("ecosystem:expert_create"))
    assert "Đồng ý công khai trong danh bạ" in page(c, reverse("ecosystem:expert_edit", args=[e.pk]))
    assert PHONE in page(c, reverse("ecosystem:expert", args=[e.pk]))
    assert s.name in page(c, reverse("ecosystem:startups"))
    assert "Người sáng lập" in page(c, reverse("ecosystem:startup_create"))
    assert s.name in page(c, reverse("ecosystem:startup_edit", args=[s.pk]))
    assert "Đổi mới sáng tạo" in page(c, reverse("home"))


def test_an_outsider_gets_404_on_another_units_records(world, client_for):
    theirs = expert(world, unit=world.commune, name="Bà Lê Thu")
    p, s = project(world), startup(world)
    c = client_for(world.outsider)  # the secretary of Phù Vân
    for url in (reverse("ecosystem:project", args=[p.pk]), reverse("ecosystem:expert", args=[theirs.pk]),
                reverse("ecosystem:expert_edit", args=[theirs.pk]), reverse("ecosystem:startup_edit", args=[s.pk])):
        assert c.get(url).status_code == 404, url
    for name in ("project_follow_up", "project_realise", "project_milestone", "project_support"):
        assert c.post(reverse(f"ecosystem:{name}", args=[p.pk]), {}).status_code == 404, name
    assert p.name not in page(c, reverse("ecosystem:projects"))
    assert "Bà Lê Thu" not in page(c, reverse("ecosystem:experts"))
    assert s.name not in page(c, reverse("ecosystem:startups"))
    assert client_for(world.volunteer).get(reverse("ecosystem:projects")).status_code == 404


def test_a_volunteer_sees_the_directory_without_phones(world, client_for):
    listed = expert(world)
    unlisted = expert(world, consent=False, name="Bà Lê Thu")
    c = client_for(world.volunteer)
    body = page(c, reverse("ecosystem:experts"))
    assert listed.name in body and "Bà Lê Thu" not in body and PHONE not in body and "duc@example.vn" not in body
    body = page(c, reverse("ecosystem:expert", args=[listed.pk]))
    assert listed.name in body and PHONE not in body and "duc@example.vn" not in body
    assert c.get(reverse("ecosystem:expert", args=[unlisted.pk])).status_code == 404  # not listed: not shown
    assert c.get(reverse("ecosystem:expert_edit", args=[listed.pk])).status_code == 404
    # The team leader is an officer: contacts shown.
    leader = Client()
    leader.force_login(world.team_leader)
    assert PHONE in page(leader, reverse("ecosystem:experts"))


def test_the_search_ignores_diacritics(world, client_for):
    expert(world)
    expert(world, name="Bà Lê Thu", field="Nông nghiệp công nghệ cao")
    c = client_for(world.province_admin)
    body = page(c, reverse("ecosystem:experts"), q="nong nghiep")
    assert "Bà Lê Thu" in body and "Phạm Minh Đức" not in body
    body = page(c, reverse("ecosystem:experts"), q="duc")
    assert "Phạm Minh Đức" in body and "Bà Lê Thu" not in body


def test_the_consent_checkbox_records_its_date_and_withdraws_it(world, client_for):
    c = client_for(world.province_admin)
    data = {"unit": world.province.pk, "name": "TS. Vũ Văn Lâm", "field": "Trí tuệ nhân tạo", "organisation": "",
            "partner": "", "phone": "", "email": "", "active": "on"}
    response = c.post(reverse("ecosystem:expert_create"), data)
    e = Expert.objects.get(name="TS. Vũ Văn Lâm")
    assert response.status_code == 302 and e.consent_at is None and not e.listed
    c.post(reverse("ecosystem:expert_edit", args=[e.pk]), {**data, "consent": "on"})
    e.refresh_from_db()
    agreed = e.consent_at
    assert agreed is not None and e.listed
    assert agreed.astimezone().strftime("%d/%m/%Y") in page(c, reverse("ecosystem:expert", args=[e.pk]))
    c.post(reverse("ecosystem:expert_edit", args=[e.pk]), {**data, "consent": "on", "field": "AI"})
    e.refresh_from_db()
    assert e.consent_at == agreed and e.field == "AI"  # an edit keeps the date it was given
    c.post(reverse("ecosystem:expert_edit", args=[e.pk]), data)
    e.refresh_from_db()
    assert e.consent_at is None


def test_a_follow_up_in_the_same_quarter_replaces_and_the_project_is_realised(world, client_for):
    p = project(world)
    c = client_for(world.province_admin)
    url = reverse("ecosystem:project_follow_up", args=[p.pk])
    assert c.post(url, {"followup-progress": "30", "followup-status": "20 hộ bán hàng"}).status_code == 302
    assert c.post(url, {"followup-progress": "45", "followup-status": "35 hộ bán hàng"}).status_code == 302
    assert list(FollowUp.objects.filter(project=p).values_list("progress", "status")) == [(45, "35 hộ bán hàng")]
    body = c.post(url, {"followup-progress": "130", "followup-status": "x"}).content.decode()
    assert "100" in body and FollowUp.objects.get(project=p).progress == 45
    bank = Partner.objects.create(unit=world.province, path=world.province.path, kind="bank",
                                  name="Agribank Ninh Bình")
    c.post(reverse("ecosystem:project_support", args=[p.pk]),
           {"support-partner": bank.pk, "support-kind": "funding", "support-amount": "50.000.000"})
    c.post(reverse("ecosystem:project_milestone", args=[p.pk]),
           {"milestone-title": "Thí điểm tại 3 xã", "milestone-due_on": "30/06/2026"})
    body = page(c, reverse("ecosystem:project", args=[p.pk]))
    assert "Agribank Ninh Bình" in body and "Tài chính" in body
    assert "50.000.000" in body and "30/06/2026" in body and "Thí điểm tại 3 xã" in body
    c.post(reverse("ecosystem:project_realise", args=[p.pk]), {"realise-on": "01/09/2026"})
    p.refresh_from_db()
    assert p.status == "realised" and p.realised_on == dt.date(2026, 9, 1)
    assert p.name in page(c, reverse("ecosystem:projects"), status="realised")
    assert p.name not in page(c, reverse("ecosystem:projects"), status="followed")


def test_a_mentor_request_is_recorded_and_answered(world, client_for):
    e, p = expert(world), project(world)
    c = client_for(world.secretary)
    # The secretary of Phủ Lý: their commune's project; the province's expert is in their directory.
    response = c.post(reverse("ecosystem:match_create"), {"expert": e.pk, "project": p.pk, "message": "Góp ý"})
    assert response.status_code == 302
    match = MentorMatch.objects.get(project=p)
    body = c.post(reverse("ecosystem:match_create"), {"expert": e.pk, "message": "Góp ý"}).content.decode()
    assert "dự án hoặc một bài dự thi" in body
    c.post(reverse("ecosystem:match_answer", args=[match.pk]), {"matched": "1"})
    match.refresh_from_db()
    assert match.status == "matched" and Project.objects.get(pk=p.pk).mentor == e
    outsider = Client()
    outsider.force_login(world.outsider)
    assert outsider.post(reverse("ecosystem:match_answer", args=[match.pk]), {"matched": "0"}).status_code == 404
    assert MentorMatch.objects.get(pk=match.pk).status == "matched"


def test_a_submitted_entry_becomes_a_project_from_its_contest_page(world, client_for):
    contest = make_contest(world.province, world.province_admin)
    entry = add_entry(contest, world.branch, title="Bản đồ số di tích")
    c = client_for(world.province_admin)
    sheet = reverse("contests:sheet", args=[contest.pk, entry.pk])
    assert "Chuyển thành dự án" in page(c, sheet)
    url = reverse("ecosystem:project_from_entry", args=[entry.pk])
    outsider = Client()
    outsider.force_login(world.outsider)
    assert outsider.post(url).status_code == 404  # another commune's secretary: not their contest
    assert c.get(url).status_code == 405
    response = c.post(url)
    p = Project.objects.get(entry=entry)
    assert response.url == reverse("ecosystem:project", args=[p.pk]) and p.name == "Bản đồ số di tích"
    assert c.post(url).url == response.url  # again: the same project
    assert reverse("ecosystem:project", args=[p.pk]) in page(c, sheet)


def test_a_startup_is_registered_with_its_founders_and_products(world, client_for):
    founder = MemberFactory(full_name="Lê Văn Hùng", branch=world.branch)
    stranger = MemberFactory(full_name="Lê Văn Xa", branch=world.other_branch)
    product = ProductFactory(name="Rau cải Phủ Lý", producer=ProducerFactory(commune=world.commune))
    c = client_for(world.secretary)
    data = {"unit": world.commune.pk, "name": "HTX Rau sạch Phủ Lý", "activity": "Rau an toàn",
            "founded_on": "01/05/2025", "jobs_created": "12", "revenue_band": "lt1b", "active": "on",
            "products": [product.pk], "founder_query": "le van"}
    found = c.post(reverse("ecosystem:startup_create"), {**data, "find": "1"}).content.decode()
    assert "Lê Văn Hùng" in found and "Lê Văn Xa" not in found and not Startup.objects.exists()
    assert "HTX Rau sạch Phủ Lý" in found  # what was typed stays
    bad = c.post(reverse("ecosystem:startup_create"), {**data, "founders": [stranger.pk]})
    assert bad.status_code == 200 and not Startup.objects.exists()
    response = c.post(reverse("ecosystem:startup_create"), {**data, "founders": [founder.pk]})
    assert response.status_code == 302
    s = Startup.objects.get()
    assert list(s.founders.all()) == [founder] and list(s.products.all()) == [product]
    assert s.founded_on == dt.date(2025, 5, 1) and s.jobs_created == 12
    body = page(c, reverse("ecosystem:startup_edit", args=[s.pk]))
    assert "Lê Văn Hùng" in body and "Từ 100 triệu đến 1 tỷ ₫ mỗi năm" in body


@pytest.mark.parametrize("name", ["experts", "matches", "projects", "startups"])
def test_the_pages_fit_a_phone(world, client_for, name):
    """Tables stack on a phone (class "stack" with data-label cells), like every list of the project."""
    body = page(client_for(world.province_admin), reverse(f"ecosystem:{name}"))
    assert 'class="stack"' in body and 'name="viewport"' in body

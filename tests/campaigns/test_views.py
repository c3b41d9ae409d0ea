import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tienphong.campaigns.models import Campaign, CampaignTarget, WorkPhoto, YouthWork
from tienphong.core.models import AuditEntry

from .factories import make_campaign, make_record, make_target, make_work, photo_upload
from ..personas import build_field_world
from ..scenes import once_per_module

# Built once for the module instead of once per test; see tests/scenes.py.
fworld, _fworld = once_per_module(build_field_world, "fworld")

S = YouthWork.Status


@pytest.fixture
def running(fworld):
    today = timezone.localdate()
    return make_campaign(fworld.province, today - dt.timedelta(days=7), today + dt.timedelta(days=7),
                         title="Tháng Thanh niên 2026", theme="Tuổi trẻ tiên phong chuyển đổi số")


@pytest.fixture
def phu_ly_work(fworld, running):
    """A submitted work in Phủ Lý, filed by the team leader, with a photo."""
    from tienphong.campaigns import services

    work = services.work_create(by=fworld.team_leader, commune=fworld.commune, title="Thư viện số Tổ dân phố 1",
                                kind=YouthWork.Kind.DIGITAL_LIBRARY, value_vnd=8_500_000,
                                completed_on=timezone.localdate(), campaign=running, photos=[photo_upload()])
    return services.work_submit(work=work, by=fworld.team_leader)


def _form(**changes):
    data = {"title": "Lắp điểm wifi công cộng thôn Đông", "category": "work", "kind": "wifi_point",
            "completed_on": timezone.localdate().strftime("%d/%m/%Y"), "value_vnd": "15.000.000",
            "beneficiaries": "120", "place_note": "Thôn Đông", "description": ""}
    data.update(changes)
    return data


# --- the outsider -------------------------------------------------------------------------------

def test_outsider_gets_404_on_every_page_and_action_of_a_phu_ly_work(fworld, phu_ly_work, client_for):
    photo = phu_ly_work.photos.get()
    client = client_for(fworld.outsider)
    pk = phu_ly_work.pk
    gets = [reverse("work_detail", args=[pk]), reverse("work_edit", args=[pk]),
            reverse("work_photo", args=[pk, photo.pk]), reverse("work_photo", args=[pk, photo.pk]) + "?size=thumb",
            reverse("work_create") + f"?commune={fworld.commune.pk}"]
    posts = [reverse(name, args=[pk]) for name in ("work_edit", "work_submit", "work_approve", "work_return",
                                                   "work_delete")]
    posts += [reverse("work_photo_delete", args=[pk, photo.pk])]
    for url in gets:
        assert client.get(url).status_code == 404, url
    for url in posts:
        assert client.post(url, {"note": "x", **_form()}).status_code == 404, url
    phu_ly_work.refresh_from_db()
    assert phu_ly_work.status == S.SUBMITTED and WorkPhoto.objects.count() == 1
    listed = client.get(reverse("work_list")).context["page"].object_list
    assert list(listed) == []


def test_outsider_gets_404_on_a_phu_ly_campaign(fworld, client_for):
    ward = make_campaign(fworld.commune, dt.date(2026, 3, 1), dt.date(2026, 3, 31), title="Ngày hội số Phủ Lý")
    client = client_for(fworld.outsider)
    for name in ("campaign_detail", "campaign_edit", "campaign_targets"):
        assert client.get(reverse(name, args=[ward.pk])).status_code == 404, name
    for name in ("campaign_edit", "campaign_targets", "campaign_targets_copy"):
        assert client.post(reverse(name, args=[ward.pk]), {"works": "5"}).status_code == 404, name
    assert not CampaignTarget.objects.exists()
    assert ward.title not in client.get(reverse("campaign_list")).content.decode()


def test_secretary_and_team_leader_cannot_manage_a_province_campaign(fworld, running, client_for):
    for user in (fworld.secretary, fworld.team_leader):
        client = client_for(user)
        assert client.get(reverse("campaign_detail", args=[running.pk])).status_code == 200
        assert client.get(reverse("campaign_create")).status_code == 404
        assert client.get(reverse("campaign_edit", args=[running.pk])).status_code == 404
        assert client.post(reverse("campaign_targets", args=[running.pk]),
                           {f"works-{fworld.commune.pk}": "99"}).status_code == 404
    assert not CampaignTarget.objects.exists()


# --- campaigns ------------------------------------------------------------------------------------

def test_province_admin_creates_a_campaign_with_dd_mm_yyyy_dates(fworld, client_for):
    client = client_for(fworld.province_admin)
    page = client.get(reverse("campaign_create"))
    assert page.context["form"].initial["unit"] == fworld.province.pk  # run by the user's province by default
    response = client.post(reverse("campaign_create"), {
        "title": "Tháng Thanh niên 2026", "theme": "Tuổi trẻ tiên phong chuyển đổi số",
        "starts_on": "01/03/2026", "ends_on": "31/03/2026", "unit": fworld.province.pk})
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("campaign_targets", args=[campaign.pk])
    assert (campaign.starts_on, campaign.ends_on, campaign.unit) == (dt.date(2026, 3, 1), dt.date(2026, 3, 31),
                                                                      fworld.province)
    bad = client.post(reverse("campaign_edit", args=[campaign.pk]), {
        "title": "Tháng Thanh niên 2026", "starts_on": "31/03/2026", "ends_on": "01/03/2026",
        "unit": fworld.province.pk})
    assert bad.status_code == 200
    assert "The campaign ends before it starts." in str(bad.context["form"].errors) or \
        "Chiến dịch kết thúc trước khi bắt đầu." in str(bad.context["form"].errors)
    campaign.refresh_from_db()
    assert campaign.ends_on == dt.date(2026, 3, 31)


def test_campaign_list_search_ignores_diacritics_and_filters_by_time(fworld, running, client_for):
    make_campaign(fworld.province, dt.date(2025, 3, 1), dt.date(2025, 3, 31), title="Chiến dịch Mùa hè xanh 2025")
    client = client_for(fworld.volunteer)

    def titles(query):
        return [c.title for c in client.get(reverse("campaign_list") + query).context["page"].object_list]

    assert titles("") == ["Tháng Thanh niên 2026", "Chiến dịch Mùa hè xanh 2025"]
    assert titles("?q=mua+he+xanh") == ["Chiến dịch Mùa hè xanh 2025"]
    assert titles("?q=chuyen+doi+so") == ["Tháng Thanh niên 2026"]  # the theme
    assert titles("?state=running") == ["Tháng Thanh niên 2026"]
    assert titles("?state=ended") == ["Chiến dịch Mùa hè xanh 2025"]


def test_secretary_sees_only_their_communes_progress_row(fworld, running, client_for):
    make_work(fworld.commune, value_vnd=15_000_000, completed_on=timezone.localdate())
    make_work(fworld.other_commune, value_vnd=3_000_000, completed_on=timezone.localdate())
    make_record(fworld.commune, timezone.now(), people=5)
    make_target(running, fworld.commune, works=3, value_vnd=45_000_000)
    response = client_for(fworld.secretary).get(reverse("campaign_detail", args=[running.pk]))
    rows = response.context["progress"].rows
    assert [r.commune for r in rows] == [fworld.commune]
    html = response.content.decode()
    assert "Phường Phù Vân" not in html
    assert "15.000.000\u00a0₫" in html and "45.000.000\u00a0₫" in html
    admin = client_for(fworld.province_admin).get(reverse("campaign_detail", args=[running.pk]))
    assert [r.commune for r in admin.context["progress"].rows] == [fworld.commune, fworld.other_commune]
    assert "18.000.000\u00a0₫" in admin.content.decode()  # the total


def test_targets_table_saves_every_commune_at_once_and_refuses_negatives(fworld, running, client_for):
    client = client_for(fworld.province_admin)
    url = reverse("campaign_targets", args=[running.pk])
    page = client.get(url)
    assert [r["commune"] for r in page.context["rows"]] == [fworld.commune, fworld.other_commune]
    a, b = fworld.commune.pk, fworld.other_commune.pk
    bad = client.post(url, {f"works-{a}": "10", f"value_vnd-{a}": "50.000.000", f"works-{b}": "-3"})
    assert bad.status_code == 200
    assert not CampaignTarget.objects.exists()
    cells = {c["name"]: c for row in bad.context["rows"] for c in row["cells"]}
    assert cells[f"works-{b}"]["error"] and cells[f"works-{b}"]["value"] == "-3"
    assert cells[f"value_vnd-{a}"]["value"] == "50.000.000" and not cells[f"value_vnd-{a}"]["error"]
    junk = client.post(url, {f"works-{a}": "mười"})
    assert junk.status_code == 200 and not CampaignTarget.objects.exists()
    ok = client.post(url, {f"works-{a}": "10", f"value_vnd-{a}": "50.000.000", f"citizens_supported-{a}": "300",
                           f"works-{b}": "4", f"volunteer_turns-{b}": "40"})
    assert ok.status_code == 302
    targets = {t.commune_id: t for t in CampaignTarget.objects.all()}
    assert (targets[a].works, targets[a].value_vnd, targets[a].citizens_supported) == (10, 50_000_000, 300)
    assert (targets[b].works, targets[b].volunteer_turns) == (4, 40)
    again = client.get(url)
    cells = {c["name"]: c["value"] for row in again.context["rows"] for c in row["cells"]}
    assert cells[f"value_vnd-{a}"] == "50.000.000" and cells[f"classes-{a}"] == ""


def test_copy_shortcut_sets_the_same_target_for_every_commune(fworld, running, client_for):
    client = client_for(fworld.province_admin)
    url = reverse("campaign_targets_copy", args=[running.pk])
    response = client.post(url, {"works": "5", "value_vnd": "20.000.000", "classes": "2"})
    assert response.status_code == 302
    assert sorted(CampaignTarget.objects.values_list("commune_id", "works", "value_vnd", "classes")) == sorted([
        (fworld.commune.pk, 5, 20_000_000, 2), (fworld.other_commune.pk, 5, 20_000_000, 2)])
    client.post(url, {"works": "-1"})
    assert set(CampaignTarget.objects.values_list("works", flat=True)) == {5}


# --- youth works ----------------------------------------------------------------------------------

def test_team_leader_files_and_sends_a_work_with_photos(fworld, running, client_for):
    client = client_for(fworld.team_leader)
    form_page = client.get(reverse("work_create"))
    assert form_page.status_code == 200
    form = form_page.context["form"]
    assert form.initial["campaign"] == running.pk  # the campaign running today
    assert set(form.fields["place"].queryset) == {fworld.place}
    assert set(form.fields["volunteers"].queryset) == {fworld.leader_member, fworld.volunteer_member}
    data = _form(place=fworld.place.pk, team=fworld.team.pk, campaign=running.pk,
                 volunteers=[fworld.leader_member.pk, fworld.volunteer_member.pk], send="1",
                 photos=[photo_upload("nghiem-thu.jpg"), photo_upload("toan-canh.png", "PNG")])
    response = client.post(reverse("work_create"), data)
    work = YouthWork.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("work_detail", args=[work.pk])
    assert (work.status, work.value_vnd, work.commune, work.beneficiaries) == (S.SUBMITTED, 15_000_000,
                                                                              fworld.commune, 120)
    assert work.photos.count() == 2 and work.volunteers.count() == 2
    detail = client.get(reverse("work_detail", args=[work.pk])).content.decode()
    assert "15.000.000\u00a0₫" in detail
    assert detail.count("?size=thumb") == 2
    thumb = client.get(reverse("work_photo", args=[work.pk, work.photos.first().pk]) + "?size=thumb")
    assert thumb.status_code == 200 and b"".join(thumb.streaming_content)[:2] == b"\xff\xd8"


def test_value_typed_without_dots_is_accepted_as_well(fworld, client_for):
    client_for(fworld.team_leader).post(reverse("work_create"), _form(value_vnd="15000000"))
    assert YouthWork.objects.get().value_vnd == 15_000_000


@pytest.mark.parametrize("changes, field", [
    ({"value_vnd": "-500.000"}, "value_vnd"),
    ({"value_vnd": "1.5"}, "value_vnd"),
    ({"value_vnd": "200.000.000.000"}, "value_vnd"),
    ({"completed_on": "01/01/2099"}, "completed_on"),
    ({"completed_on": "31/02/2026"}, "completed_on"),
    ({"title": ""}, "title"),
])
def test_bad_input_shows_an_error_and_saves_nothing(fworld, client_for, changes, field):
    response = client_for(fworld.team_leader).post(reverse("work_create"), _form(**changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not YouthWork.objects.exists()


def test_a_bad_photo_is_refused_in_the_form(fworld, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("anh.jpg", b"<html>not a photo</html>", content_type="image/jpeg")
    response = client_for(fworld.team_leader).post(reverse("work_create"), _form(photos=[fake]))
    assert response.status_code == 200 and "photos" in response.context["form"].errors
    assert not YouthWork.objects.exists() and not WorkPhoto.objects.exists()


def test_team_leader_cannot_approve_the_secretary_can(fworld, phu_ly_work, client_for):
    leader = client_for(fworld.team_leader)
    detail = leader.get(reverse("work_detail", args=[phu_ly_work.pk]))
    assert not detail.context["can_review"]
    assert leader.post(reverse("work_approve", args=[phu_ly_work.pk])).status_code == 404
    phu_ly_work.refresh_from_db()
    assert phu_ly_work.status == S.SUBMITTED

    secretary = client_for(fworld.secretary)
    waiting = secretary.get(reverse("work_list") + "?status=submitted")
    assert list(waiting.context["page"].object_list) == [phu_ly_work]
    assert secretary.get(reverse("work_detail", args=[phu_ly_work.pk])).context["can_review"]
    response = secretary.post(reverse("work_approve", args=[phu_ly_work.pk]), {"next_waiting": "1"})
    assert response["Location"] == reverse("work_list") + "?status=submitted"
    phu_ly_work.refresh_from_db()
    assert (phu_ly_work.status, phu_ly_work.reviewed_by) == (S.APPROVED, fworld.secretary)
    # Approved works are locked, for their author too.
    author = client_for(fworld.team_leader)
    assert author.get(reverse("work_edit", args=[phu_ly_work.pk])).status_code == 302
    author.post(reverse("work_edit", args=[phu_ly_work.pk]), _form(value_vnd="1"))
    phu_ly_work.refresh_from_db()
    assert phu_ly_work.value_vnd == 8_500_000
    entry = AuditEntry.objects.filter(object_pk=str(phu_ly_work.pk), content_type__model="youthwork").first()
    assert entry.actor == fworld.secretary and entry.changes_dict["status"] == ["submitted", "approved"]


def test_return_needs_a_note_then_the_author_fixes_and_resends(fworld, phu_ly_work, client_for):
    secretary = client_for(fworld.secretary)
    secretary.post(reverse("work_return", args=[phu_ly_work.pk]), {"note": ""})
    phu_ly_work.refresh_from_db()
    assert phu_ly_work.status == S.SUBMITTED
    secretary.post(reverse("work_return", args=[phu_ly_work.pk]), {"note": "Thiếu ảnh toàn cảnh"})
    phu_ly_work.refresh_from_db()
    assert (phu_ly_work.status, phu_ly_work.review_note) == (S.REJECTED, "Thiếu ảnh toàn cảnh")
    author = client_for(fworld.team_leader)
    page = author.get(reverse("work_edit", args=[phu_ly_work.pk]))
    assert "Thiếu ảnh toàn cảnh" in page.content.decode()
    assert page.context["form"]["value_vnd"].value() == "8.500.000"
    response = author.post(reverse("work_edit", args=[phu_ly_work.pk]),
                           _form(title=phu_ly_work.title, photos=[photo_upload("toan-canh.webp", "WEBP")],
                                 send="1"))
    assert response.status_code == 302
    phu_ly_work.refresh_from_db()
    assert phu_ly_work.status == S.SUBMITTED and phu_ly_work.photos.count() == 2
    # Someone else in the commune cannot edit the author's work.
    assert client_for(fworld.secretary).get(reverse("work_edit", args=[phu_ly_work.pk])).status_code == 404


def test_work_list_filters_and_search_ignores_diacritics(fworld, running, client_for):
    make_work(fworld.commune, title="Điểm wifi công cộng Nhà văn hóa", kind="wifi_point", campaign=running,
              search_text=" diem wifi cong cong nha van hoa")
    make_work(fworld.commune, title="Số hóa di tích đền Trần", kind="relic_digitisation", status=S.SUBMITTED,
              search_text=" so hoa di tich den tran")
    make_work(fworld.other_commune, title="Thư viện số", kind="digital_library", search_text=" thu vien so")
    client = client_for(fworld.province_admin)

    def titles(query):
        return [w.title for w in client.get(reverse("work_list") + query).context["page"].object_list]

    assert titles("?q=wifi+cong+cong") == ["Điểm wifi công cộng Nhà văn hóa"]
    assert titles("?q=đền+tran") == ["Số hóa di tích đền Trần"]
    assert titles("?status=submitted") == ["Số hóa di tích đền Trần"]
    assert titles("?kind=digital_library") == ["Thư viện số"]
    assert set(titles(f"?commune={fworld.commune.pk}")) == {"Điểm wifi công cộng Nhà văn hóa",
                                                             "Số hóa di tích đền Trần"}
    assert titles(f"?campaign={running.pk}") == ["Điểm wifi công cộng Nhà văn hóa"]
    assert client_for(fworld.secretary).get(reverse("work_list") + f"?commune={fworld.other_commune.pk}"
                                            ).context["page"].paginator.count == 2  # unknown commune: ignored


def test_province_admin_picks_the_commune_first(fworld, client_for):
    client = client_for(fworld.province_admin)
    picker = client.get(reverse("work_create"))
    assert picker.templates[0].name == "campaigns/pick_commune.html"
    form = client.get(reverse("work_create") + f"?commune={fworld.other_commune.pk}")
    assert set(form.context["form"].fields["place"].queryset) == {fworld.other_place}


def test_money_shows_with_dots_in_english_too(fworld, phu_ly_work, client_for):
    client = client_for(fworld.secretary)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("work_detail", args=[phu_ly_work.pk])).content.decode()
    assert "Waiting for approval" in html and "8.500.000\u00a0₫" in html
    assert timezone.localdate().strftime("%d/%m/%Y") in html
    vi = client_for(fworld.secretary)
    vi.cookies["django_language"] = "vi"
    html = vi.get(reverse("work_detail", args=[phu_ly_work.pk])).content.decode()
    assert "Chờ duyệt" in html and "8.500.000\u00a0₫" in html

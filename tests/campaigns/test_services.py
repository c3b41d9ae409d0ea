import datetime as dt
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tienphong.campaigns import services
from tienphong.campaigns.models import Campaign, CampaignTarget, WorkPhoto, YouthWork
from tienphong.core.money import format_vnd, parse_vnd
from tienphong.core.errors import DomainError
from tienphong.core.models import AuditEntry

from .factories import image_bytes, make_campaign, photo_upload
from ..personas import build_field_world
from ..scenes import once_per_module

# Built once for the module instead of once per test; see tests/scenes.py.
fworld, _fworld = once_per_module(build_field_world, "fworld")

TODAY = timezone.localdate


def _code(call):
    with pytest.raises(DomainError) as e:
        call()
    return e.value.code


@pytest.fixture
def campaign(fworld):
    today = TODAY()
    return make_campaign(fworld.province, today - dt.timedelta(days=10), today + dt.timedelta(days=10))


def _work(fworld, **extra):
    fields = dict(by=fworld.team_leader, commune=fworld.commune, title="Lắp điểm wifi công cộng thôn Đông",
                  kind=YouthWork.Kind.WIFI_POINT, value_vnd=15_000_000, completed_on=TODAY() - dt.timedelta(days=1))
    fields.update(extra)
    return services.work_create(**fields)


# --- money ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, value", [
    ("15.000.000", 15_000_000), ("15000000", 15_000_000), ("15,000,000", 15_000_000), ("15 000 000", 15_000_000),
    ("15.000.000 ₫", 15_000_000), ("2.500.000đ", 2_500_000), ("0", 0), ("-5.000", -5000), (" 700 ", 700),
])
def test_parse_vnd_accepts_what_people_type(typed, value):
    assert parse_vnd(typed) == value


@pytest.mark.parametrize("typed", ["1.5", "15.00.000", "abc", "15.000,000", "", "1.2345"])
def test_parse_vnd_refuses_what_is_not_an_amount(typed):
    with pytest.raises(ValueError):
        parse_vnd(typed)


def test_money_is_shown_with_dots_in_both_languages():
    from django.utils import translation

    for lang in ("vi", "en"):
        with translation.override(lang):
            assert format_vnd(1_234_567) == "1.234.567\u00a0₫"


# --- campaigns ------------------------------------------------------------------------------------

def test_province_admin_creates_a_campaign(fworld):
    c = services.campaign_create(title="  Tháng Thanh niên  2026 ", theme="Tuổi trẻ tiên phong chuyển đổi số",
                                 starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2026, 3, 31), unit=fworld.province,
                                 by=fworld.province_admin)
    assert (c.title, c.path, c.created_by) == ("Tháng Thanh niên 2026", fworld.province.path, fworld.province_admin)
    assert c.search_text == " thang thanh nien 2026 tuoi tre tien phong chuyen doi so"
    assert AuditEntry.objects.filter(object_pk=str(c.pk), content_type__model="campaign").exists()


def test_campaign_rules(fworld):
    base = dict(title="Tháng Thanh niên", starts_on=dt.date(2026, 3, 31), ends_on=dt.date(2026, 3, 1),
                unit=fworld.province, by=fworld.province_admin)
    assert _code(lambda: services.campaign_create(**base)) == "ends_before_start"
    base["ends_on"] = dt.date(2026, 4, 30)
    assert _code(lambda: services.campaign_create(**{**base, "title": "  "})) == "title_required"
    assert _code(lambda: services.campaign_create(**{**base, "unit": fworld.branch})) == "unit_invalid"
    assert _code(lambda: services.campaign_create(**{**base, "by": fworld.secretary})) == "not_allowed"
    assert _code(lambda: services.campaign_create(**{**base, "ends_on": dt.date(2027, 6, 1)})) == "period_too_long"
    assert not Campaign.objects.exists()


def test_targets_are_saved_per_commune_and_negative_numbers_save_nothing(fworld, campaign):
    ok = {fworld.commune.pk: {"works": 10, "value_vnd": 50_000_000, "citizens_supported": 300},
          fworld.other_commune.pk: {"works": 5}}
    assert services.campaign_set_targets(campaign=campaign, targets=ok, by=fworld.province_admin) == 2
    t = CampaignTarget.objects.get(campaign=campaign, commune=fworld.commune)
    assert (t.works, t.value_vnd, t.citizens_supported, t.classes, t.path) == (10, 50_000_000, 300, 0,
                                                                              fworld.commune.path)
    bad = {fworld.commune.pk: {"works": 12}, fworld.other_commune.pk: {"works": -1, "classes": 3}}
    with pytest.raises(DomainError) as e:
        services.campaign_set_targets(campaign=campaign, targets=bad, by=fworld.province_admin)
    assert e.value.code == "target_invalid"
    assert set(e.value.params["errors"]) == {(fworld.other_commune.pk, "works")}
    t.refresh_from_db()
    assert t.works == 10, "a bad cell anywhere saves nothing"
    # Unchanged rows are not rewritten; a row of zeros removes the target.
    same = {fworld.commune.pk: {"works": 10, "value_vnd": 50_000_000, "citizens_supported": 300},
            fworld.other_commune.pk: {}}
    assert services.campaign_set_targets(campaign=campaign, targets=same, by=fworld.province_admin) == 1
    assert list(CampaignTarget.objects.values_list("commune_id", flat=True)) == [fworld.commune.pk]


def test_targets_only_by_the_province_and_only_for_its_communes(fworld, campaign):
    targets = {fworld.commune.pk: {"works": 3}}
    assert _code(lambda: services.campaign_set_targets(campaign=campaign, targets=targets,
                                                       by=fworld.secretary)) == "not_allowed"
    ward_campaign = make_campaign(fworld.commune, campaign.starts_on, campaign.ends_on, title="Ngày hội số Phủ Lý")
    assert _code(lambda: services.campaign_set_targets(campaign=ward_campaign, targets={
        fworld.other_commune.pk: {"works": 1}}, by=fworld.province_admin)) == "commune_outside"
    assert not CampaignTarget.objects.exists()


def test_a_campaign_moved_to_one_commune_drops_the_other_communes_targets(fworld, campaign):
    services.campaign_set_targets(campaign=campaign, targets={fworld.commune.pk: {"works": 3},
                                                              fworld.other_commune.pk: {"works": 4}})
    services.campaign_update(campaign=campaign, unit=fworld.commune, title="Ngày hội số Phủ Lý",
                             by=fworld.province_admin)
    assert list(CampaignTarget.objects.values_list("commune_id", "works")) == [(fworld.commune.pk, 3)]
    assert campaign.path == fworld.commune.path


def test_copy_the_same_target_to_every_commune(fworld, campaign):
    communes = [fworld.commune, fworld.other_commune]
    values = {"works": 7, "value_vnd": 20_000_000, "citizens_supported": 0, "classes": 2, "attendees": 60,
              "volunteer_turns": 25}
    assert services.campaign_copy_target(campaign=campaign, communes=communes, values=values,
                                         by=fworld.province_admin) == 2
    rows = CampaignTarget.objects.filter(campaign=campaign).values_list("works", "classes", "volunteer_turns")
    assert list(rows) == [(7, 2, 25), (7, 2, 25)]
    assert _code(lambda: services.campaign_copy_target(campaign=campaign, communes=communes,
                                                       values={**values, "classes": -2},
                                                       by=fworld.province_admin)) == "target_invalid"
    assert set(CampaignTarget.objects.values_list("classes", flat=True)) == {2}


# --- youth works: validation ----------------------------------------------------------------------

def test_team_leader_files_a_draft(fworld, campaign):
    work = _work(fworld, volunteers=[fworld.leader_member, fworld.volunteer_member], place=fworld.place,
                 team=fworld.team, campaign=campaign)
    assert (work.status, work.path, work.created_by, work.value_vnd) == (
        YouthWork.Status.DRAFT, fworld.commune.path, fworld.team_leader, 15_000_000)
    assert "wifi cong cong" in work.search_text
    assert set(work.volunteers.all()) == {fworld.leader_member, fworld.volunteer_member}


@pytest.mark.parametrize("changes, code", [
    ({"value_vnd": -1}, "value_negative"),
    ({"value_vnd": 100_000_000_001}, "value_too_large"),
    ({"completed_on": "tomorrow"}, "completed_in_future"),
    ({"title": "   "}, "title_required"),
    ({"beneficiaries": -3}, "beneficiaries_invalid"),
    ({"description": "Mô tả. " * 715}, "description_too_long"),  # 5,005 characters: its public page stays light
])
def test_bad_work_values_are_refused(fworld, changes, code):
    if changes.get("completed_on") == "tomorrow":
        changes["completed_on"] = TODAY() + dt.timedelta(days=1)
    assert _code(lambda: _work(fworld, **changes)) == code
    assert not YouthWork.objects.exists()


def test_value_of_exactly_100_billion_is_accepted(fworld):
    assert _work(fworld, value_vnd=100_000_000_000).value_vnd == 100_000_000_000


def test_place_team_volunteers_and_campaign_must_belong_to_the_commune(fworld):
    from tests.factories import MemberFactory, TeamFactory

    stranger = MemberFactory(full_name="Đỗ Văn Ngoài", branch=fworld.other_branch)
    other_team = TeamFactory(commune=fworld.other_commune)
    other_campaign = make_campaign(fworld.other_commune, TODAY(), TODAY(), title="Ngày hội số Phù Vân")
    assert _code(lambda: _work(fworld, place=fworld.other_place)) == "place_outside"
    assert _code(lambda: _work(fworld, team=other_team)) == "team_outside"
    assert _code(lambda: _work(fworld, volunteers=[stranger])) == "volunteer_outside"
    assert _code(lambda: _work(fworld, campaign=other_campaign)) == "campaign_outside"
    assert not YouthWork.objects.exists()


def test_outsider_and_volunteer_cannot_file_works_in_phu_ly(fworld):
    assert _code(lambda: _work(fworld, by=fworld.outsider)) == "not_allowed"
    assert _code(lambda: _work(fworld, by=fworld.volunteer)) == "not_allowed"
    assert not YouthWork.objects.exists()


# --- youth works: workflow ------------------------------------------------------------------------

def test_draft_submitted_approved_then_locked(fworld):
    work = _work(fworld)
    work = services.work_submit(work=work, by=fworld.team_leader)
    assert work.status == YouthWork.Status.SUBMITTED and work.submitted_at is not None
    # The author may not change a work while it waits, and a team leader cannot approve.
    assert _code(lambda: services.work_update(work=work, by=fworld.team_leader, title="Khác")) == "not_editable"
    assert _code(lambda: services.work_approve(work=work, by=fworld.team_leader)) == "not_allowed"
    assert _code(lambda: services.work_approve(work=work, by=fworld.outsider)) == "not_allowed"
    assert _code(lambda: services.work_approve(work=work, by=fworld.volunteer)) == "not_allowed"
    work = services.work_approve(work=work, by=fworld.secretary)
    assert (work.status, work.reviewed_by) == (YouthWork.Status.APPROVED, fworld.secretary)
    assert work.reviewed_at is not None
    for call in (lambda: services.work_update(work=work, by=fworld.team_leader, value_vnd=1),
                 lambda: services.work_submit(work=work, by=fworld.team_leader),
                 lambda: services.work_add_photos(work=work, by=fworld.team_leader, files=[photo_upload()]),
                 lambda: services.work_delete(work=work, by=fworld.team_leader)):
        assert _code(call) == "locked"
    assert _code(lambda: services.work_approve(work=work, by=fworld.secretary)) == "not_submitted"
    assert _code(lambda: services.work_return(work=work, by=fworld.secretary, note="Sai")) == "not_submitted"
    work.refresh_from_db()
    assert (work.status, work.value_vnd) == (YouthWork.Status.APPROVED, 15_000_000)


def test_returned_with_a_note_then_fixed_and_resubmitted(fworld):
    work = services.work_submit(work=_work(fworld), by=fworld.team_leader)
    assert _code(lambda: services.work_return(work=work, by=fworld.secretary, note="  ")) == "note_required"
    work = services.work_return(work=work, by=fworld.secretary, note="Thiếu ảnh nghiệm thu")
    assert (work.status, work.review_note) == (YouthWork.Status.REJECTED, "Thiếu ảnh nghiệm thu")
    assert _code(lambda: services.work_update(work=work, by=fworld.secretary, title="Khác")) == "not_author"
    work = services.work_update(work=work, by=fworld.team_leader, value_vnd=12_000_000,
                                photos=[photo_upload()])
    assert work.value_vnd == 12_000_000 and work.photos.count() == 1
    work = services.work_submit(work=work, by=fworld.team_leader)
    work = services.work_approve(work=work, by=fworld.province_admin)
    assert work.status == YouthWork.Status.APPROVED


def test_submission_needs_a_completion_date(fworld):
    work = _work(fworld, completed_on=None)
    assert _code(lambda: services.work_submit(work=work, by=fworld.team_leader)) == "completed_required"
    assert YouthWork.objects.get().status == YouthWork.Status.DRAFT


def test_transitions_are_in_the_audit_trail(fworld):
    work = services.work_submit(work=_work(fworld), by=fworld.team_leader)
    services.work_approve(work=work, by=fworld.secretary)
    entries = AuditEntry.objects.filter(content_type__model="youthwork", object_pk=str(work.pk)).order_by("id")
    statuses = [e.changes_dict.get("status") for e in entries if "status" in e.changes_dict]
    assert [s[1] for s in statuses] == ["draft", "submitted", "approved"]
    assert all(e.unit_path == fworld.commune.path for e in entries)


# --- photos ---------------------------------------------------------------------------------------

def test_photos_in_three_formats_are_kept_with_thumbnails(fworld, media):
    work = _work(fworld, photos=[photo_upload("a.jpg", "JPEG", size=(1600, 1200)),
                                 photo_upload("b.png", "PNG"), photo_upload("c.webp", "WEBP")])
    photos = list(work.photos.all())
    assert len(photos) == 3
    for p in photos:
        assert os.path.exists(p.image.path) and os.path.exists(p.thumbnail.path)
        assert p.image.path.startswith(str(media))
    from PIL import Image

    with Image.open(photos[0].thumbnail.path) as thumb:
        assert thumb.format == "JPEG" and max(thumb.size) <= 480


@pytest.mark.parametrize("upload, code", [
    (SimpleUploadedFile("anh.jpg", b"this is not a photo at all", content_type="image/jpeg"), "photo_invalid"),
    (SimpleUploadedFile("cut.jpg", image_bytes("JPEG", size=(400, 300))[:200], content_type="image/jpeg"),
     "photo_invalid"),
    (SimpleUploadedFile("anim.gif", image_bytes("GIF"), content_type="image/gif"), "photo_format"),
    (SimpleUploadedFile("huge.jpg", b"\xff" * (8 * 1024 * 1024 + 1), content_type="image/jpeg"), "photo_too_large"),
])
def test_bad_photo_files_are_refused_and_nothing_is_saved(fworld, upload, code, media):
    good = photo_upload("tot.jpg")
    assert _code(lambda: _work(fworld, photos=[good, upload])) == code
    assert not YouthWork.objects.exists() and not WorkPhoto.objects.exists()
    assert not any(files for _, _, files in os.walk(media)), "no file is stored when a photo is refused"


def test_author_removes_a_photo_of_a_draft(fworld, django_capture_on_commit_callbacks):
    work = _work(fworld, photos=[photo_upload()])
    photo = work.photos.get()
    path = photo.image.path
    with django_capture_on_commit_callbacks(execute=True):  # files go once the row is gone for good
        services.work_delete_photo(photo=photo, by=fworld.team_leader)
    assert not WorkPhoto.objects.exists()
    assert not os.path.exists(path)


def test_approving_a_work_refreshes_the_public_pages(fworld, django_capture_on_commit_callbacks):
    """The place's public page lists the approved works done there, an approved work has its own page
    (tests/exhibition/test_work_page.py); public pages are cached whole."""
    from django.core.cache import cache

    from tienphong.core.pagecache import GENERATION_KEY

    work = services.work_submit(work=_work(fworld, place=fworld.place), by=fworld.team_leader)
    cache.set(GENERATION_KEY, 7, timeout=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.work_approve(work=work, by=fworld.secretary)
    assert cache.get(GENERATION_KEY) == 8
    # A work at no place has a public page of its own once approved (and its code, and the exhibition).
    other = services.work_submit(work=_work(fworld, title="Tập huấn VNeID"), by=fworld.team_leader)
    with django_capture_on_commit_callbacks(execute=True):
        services.work_approve(work=other, by=fworld.secretary)
    assert cache.get(GENERATION_KEY) == 9
    # Returned, a work at no place changes no public page.
    third = services.work_submit(work=_work(fworld, title="Tập huấn chữ ký số"), by=fworld.team_leader)
    with django_capture_on_commit_callbacks(execute=True):
        services.work_return(work=third, by=fworld.secretary, note="Thiếu ảnh")
    assert cache.get(GENERATION_KEY) == 9

"""A contest's public side: its page and `/q/` code, the entry form on a phone (no account), the entrant's
personal link, files in the private storage, and names hidden until the results are published."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tienphong.contests import services, views_public
from tienphong.contests.models import Attachment, Entry, Result, Round
from tienphong.qr.models import ScanDay, ShortCode

from ..factories import add_entry, make_contest
from ..personas import build_world
from ..scenes import once_per_module

world, _world = once_per_module(build_world, "world")

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode().replace("\u00a0", " ")


@pytest.fixture
def contest(world):
    return make_contest(world.province, world.province_admin, theme="Ý tưởng số cho khu phố", prizes="Giải Nhất: 10 triệu",
                        age_min=16, age_max=35, team_max=3,
                        rubric=(("Tính mới", 40, "9–10: chưa ai làm\n5–6: cải tiến cái có sẵn"),
                                ("Tính khả thi", 30, ""), ("Hiệu quả", 30, "")))


def _form(contest, world, **over):
    data = {"category": contest.categories.first().pk, "title": "Bản đồ số di tích Phủ Lý",
            "problem": "Du khách khó tìm thông tin", "solution": "Mỗi di tích một mã QR",
            "beneficiaries": "Du khách, người dân", "commune": world.commune.pk, "branch": world.branch.pk,
            "lead_name": "Nguyễn Văn An", "lead_phone": "0912 345 678", "birth_year": timezone.localdate().year - 22,
            "team": "Trần Thị Bình", "video_link": "", "draft": "1"}
    data.update(over)
    return data


def test_the_page_in_vietnamese_with_rounds_eligibility_prizes_and_rubric(contest, client):
    response = client.get(reverse("visit_contest", args=[contest.pk]))
    assert response.status_code == 200 and "<script" not in _text(response)
    page = _text(response)
    sub = contest.rounds.get(kind="submission")
    assert "<h1>Cuộc thi Ý tưởng thanh niên chuyển đổi số</h1>" in page and "Ý tưởng số cho khu phố" in page
    assert "Chính quyền số" in page and "Kinh tế số" in page
    assert f"{sub.starts_on:%d/%m/%Y} – {sub.ends_on:%d/%m/%Y}" in page
    assert "Từ 16 đến 35 tuổi" in page and "tối đa 3 người" in page and "Giải Nhất: 10 triệu" in page
    assert "Tính mới" in page and "40%" in page and "9–10: chưa ai làm<br>5–6" in page
    assert f'href="/visit/contest/{contest.pk}/enter/"' in page and "Gửi ý tưởng" in page
    # One page under 50 KB with its stylesheets (as the other public pages).
    css = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
    from django.contrib.staticfiles import finders

    weight = len(response.content) + sum(len(open(finders.find(u.removeprefix("/static/")), "rb").read()) for u in css)
    assert weight < 50_000, weight
    english = _text(client.get(reverse("visit_contest", args=[contest.pk]), {"lang": "en"}))
    assert "Send your idea" in english


def test_a_draft_contest_is_404_and_its_code_opens_nothing(world, client):
    draft = make_contest(world.province, world.province_admin, status="draft")
    assert client.get(reverse("visit_contest", args=[draft.pk])).status_code == 404
    assert client.get(reverse("contest_enter", args=[draft.pk])).status_code == 404
    from tienphong.qr import services as qr

    code = qr.code_for(draft)
    assert client.get(f"/q/{code.code}").status_code == 404 and not ScanDay.objects.exists()


def test_the_q_code_redirects_to_the_page_and_is_counted(contest, client):
    page = _text(client.get(reverse("visit_contest", args=[contest.pk])))
    code = ShortCode.objects.get()
    assert (code.target, code.commune_id) == (contest, contest.unit_id)
    assert f"Mã QR {code.code}" in page and f"HTTP://TESTSERVER/Q/{code.code}" in page
    response = client.get(f"/Q/{code.code}")
    assert response.status_code == 302 and response["Location"] == f"/visit/contest/{contest.pk}/"
    client.get(f"/q/{code.code.lower()}", REMOTE_ADDR="198.51.100.7")
    assert list(ScanDay.objects.values_list("shortcode", "count")) == [(code.pk, 2)]
    # The A4 poster the qr app prints for any public target.
    from tienphong.qr import documents

    poster = documents.poster_html(contest, f"HTTPS://TIENPHONG.EXAMPLE.VN/Q/{code.code}")
    assert "Cuộc thi Ý tưởng thanh niên chuyển đổi số" in poster and "Tỉnh Đoàn Ninh Bình" in poster


def test_an_entry_saved_as_a_draft_then_submitted_through_the_personal_link(contest, world, client):
    form_page = _text(client.get(reverse("contest_enter", args=[contest.pk])))
    # Units by name, never by number; the branches of the only commune chosen come once it is chosen.
    assert f'<option value="{world.commune.pk}">Phường Phủ Lý</option>' in form_page
    response = client.post(reverse("contest_enter", args=[contest.pk]), _form(contest, world, solution=""))
    assert response.status_code == 302
    entry = Entry.objects.get()
    assert (entry.status, entry.unit, entry.lead_phone, entry.member_declared) == (
        "draft", world.branch, "0912345678", False)
    link = response["Location"]
    assert link == f"/visit/contest/entry/{services.entry_link_value(entry)}/" and str(entry.token) in link
    page = _text(client.get(link))
    assert "Bản nháp" in page and "Hãy giữ đường dẫn này" in page and f"http://testserver{link}" in page
    assert "Đã lưu bản nháp" in page
    # Submitting without a solution is refused in Vietnamese; with it, the entry is submitted.
    page = _text(client.post(link, _form(contest, world, solution="", submit="1")))
    assert "Hãy mô tả vấn đề và giải pháp" in page and Entry.objects.get().status == "draft"
    response = client.post(link, _form(contest, world, submit="1"))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == "submitted" and entry.submitted_at is not None
    assert "Đã nộp" in _text(client.get(link))
    # A forged or mistyped link is a 404.
    assert client.get(link[:-3] + "xx/").status_code == 404


def test_age_and_membership_are_checked(world, client):
    members = make_contest(world.commune, world.secretary, name="Sáng kiến đoàn viên", members_only=True)
    url = reverse("contest_enter", args=[members.pk])
    page = _text(client.get(url))
    assert "Tôi cam đoan là đoàn viên" in page and f'value="{world.branch.pk}">Chi đoàn Tổ dân phố 1</option>' in page
    page = _text(client.post(url, _form(members, world, birth_year=timezone.localdate().year - 40)))
    assert "từ 16 đến 35 tuổi" in page
    page = _text(client.post(url, _form(members, world)))
    assert "chỉ dành cho đoàn viên" in page and not Entry.objects.exists()
    assert client.post(url, _form(members, world, member="on")).status_code == 302


def test_entries_close_after_the_deadline(contest, world, client):
    entry = add_entry(contest, world.branch, submit=False, lead_phone="0912345678", lead_birth_year=2000)
    link = reverse("contest_entry", args=[services.entry_link_value(entry)])
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Round.objects.filter(contest=contest, kind="submission").update(starts_on=yesterday - dt.timedelta(days=9),
                                                                    ends_on=yesterday)
    page = _text(client.get(reverse("contest_enter", args=[contest.pk])))
    assert "Cuộc thi đã hết hạn nhận bài" in page
    assert "Gửi ý tưởng" not in _text(client.get(reverse("visit_contest", args=[contest.pk])))
    page = _text(client.get(link))
    assert "không thể sửa bài dự thi nữa" in page and "<form" not in page
    response = client.post(link, _form(contest, world, submit="1"), follow=True)
    assert "Cuộc thi đã hết hạn nhận bài" in _text(response)
    assert Entry.objects.get().status == "draft"


def test_attachments_in_the_private_storage_checked_and_only_through_the_link(contest, world, client, settings):
    url = reverse("contest_enter", args=[contest.pk])
    big = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.7\n" + b"0" * (11 * 1024 * 1024), "application/pdf")
    page = _text(client.post(url, {**_form(contest, world), "files": big}))
    assert "“ke-hoach.pdf” nặng 11,0 MB; mỗi tệp tối đa 10 MB." in page and not Entry.objects.exists()
    fake = SimpleUploadedFile("anh.png", b"<html><script>alert(1)</script>", "image/png")
    page = _text(client.post(url, {**_form(contest, world), "files": fake}))
    assert "không phải tệp PNG thật" in page
    plan = SimpleUploadedFile("Kế hoạch.pdf", b"%PDF-1.7\n" + "nội dung".encode(), "application/pdf")
    link = client.post(url, {**_form(contest, world), "files": plan})["Location"]
    attachment = Attachment.objects.get()
    assert attachment.original_name == "Kế hoạch.pdf" and attachment.file.startswith("contests/")
    assert settings.MEDIA_ROOT not in services.private_storage().path(attachment.file)
    page = _text(client.get(link))
    file_url = reverse("contest_entry_file", args=[link.split("/")[-2], attachment.pk])
    assert f'href="{file_url}"' in page
    response = client.get(file_url)
    assert response.status_code == 200 and b"".join(response.streaming_content).endswith("nội dung".encode())
    assert "no-store" in response["Cache-Control"] and "attachment" in response["Content-Disposition"]
    other = add_entry(contest, world.other_branch, lead_phone="0912345679", lead_birth_year=2000)
    assert client.get(reverse("contest_entry_file", args=[services.entry_link_value(other),
                                                          attachment.pk])).status_code == 404


def test_names_are_hidden_before_publication_and_shown_after(contest, world, client,
                                                             django_capture_on_commit_callbacks):
    entry = add_entry(contest, world.branch, lead_name="Nguyễn Văn An", team="Trần Thị Bình",
                      title="Bản đồ số di tích")
    add_entry(contest, world.other_commune, lead_name="Lê Thị Cúc", title="Chợ số")
    url = reverse("visit_contest", args=[contest.pk])
    assert "Nguyễn Văn An" not in _text(client.get(url))
    services.set_status(contest=contest, status="judging", by=world.province_admin)
    final = contest.rounds.get(kind="final")
    Result.objects.create(entry=entry, round=final, sheets=3, score=8.4, first_criterion=8.0)
    services.approve(contest=contest, by=world.province_admin)
    page = _text(client.get(url))
    assert "Nguyễn Văn An" not in page and "Bản đồ số di tích" not in page
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(contest=contest, by=world.province_admin)
    page = _text(client.get(url))
    ranking = re.search(r'<ol class="ranking" id="ranking">.*?</ol>', page, re.S).group(0)
    assert "Bản đồ số di tích" in ranking and "Nguyễn Văn An, Trần Thị Bình — Chi đoàn Tổ dân phố 1" in ranking
    assert "Phường Phủ Lý" in ranking and "Lê Thị Cúc" not in ranking  # unscored: not placed


def test_entries_are_rate_limited_per_client(contest, world, client, monkeypatch):
    monkeypatch.setattr(views_public, "NEW_PER_CONTEST", 1)
    url = reverse("contest_enter", args=[contest.pk])
    assert client.post(url, _form(contest, world)).status_code == 302
    response = client.post(url, _form(contest, world, title="Lần hai"))
    assert response.status_code == 429 and "Retry-After" in response and "Gửi quá nhiều" in _text(response)
    assert Entry.objects.count() == 1
    # Another address is not affected.
    assert client.post(url, _form(contest, world, title="Nhà khác"), REMOTE_ADDR="198.51.100.9").status_code == 302


def test_hostile_text_is_escaped(world, client):
    contest = make_contest(world.province, world.province_admin, name="<script>alert(1)</script>",
                           theme='"><img src=x onerror=1>', prizes="<b>giải</b>",
                           categories=("<svg onload=alert(1)>",), rubric=(("<i>mới</i>", 100, "<u>mức</u>"),))
    page = client.get(reverse("visit_contest", args=[contest.pk])).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>giải" not in page
    assert "<svg onload" not in page and "<i>mới" not in page and "<u>mức" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    entry = add_entry(contest, world.branch, title="<script>alert(2)</script>", lead_name='"><img src=y onerror=1>')
    page = client.get(reverse("contest_entry", args=[services.entry_link_value(entry)])).content.decode()
    assert "<script>alert" not in page and "<img src=y" not in page


def test_the_form_pages_keep_the_link_from_other_sites_yet_post_with_their_origin(contest, world):
    """A bug the browser test found: the entry form and the personal page said "Referrer-Policy: no-referrer",
    under which Chromium posts a form with "Origin: null" and Django's CSRF check refuses every entry (403).
    "same-origin" still gives other sites nothing, and the browser sends the page's own origin."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    form = client.get(reverse("contest_enter", args=[contest.pk]))
    assert form["Referrer-Policy"] == "same-origin"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', _text(form)).group(1)
    data = {**_form(contest, world), "csrfmiddlewaretoken": token}
    # What the browser sends under same-origin (under no-referrer it was "null").
    sent = client.post(reverse("contest_enter", args=[contest.pk]), data, HTTP_ORIGIN="http://testserver")
    assert sent.status_code == 302 and Entry.objects.filter(contest=contest).count() == 1
    assert client.get(sent["Location"])["Referrer-Policy"] == "same-origin"

"""Event pages per role: the organiser's subtree manages, everyone in it reads, outsiders get 404 on every
page (GET and POST); a congress is created, given sessions, points, participants and documents through the
pages; the public documents page and a participant's personal link need no login; phones for staff only."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tienphong.events import services
from tienphong.events.models import Document, Event, OnlineViews, Participant
from tienphong.qr import services as qr_services
from tienphong.qr.models import ScanDay, ShortCode

from ..factories import add_participant, make_event
from ..rollups import total
from ..personas import build_world
from ..scenes import once_per_module

# The personas once for the module (tests/scenes.py): each test gets its own copy in its own savepoint.
world, _world = once_per_module(build_world, "world")


@pytest.fixture
def congress(world):
    event = make_event(world.commune, name="Đại hội Đoàn phường Phủ Lý lần thứ I", kind="congress",
                       starts_on=dt.date(2026, 3, 26), author=world.secretary)
    add_participant(event, full_name="Trần Thị Hoa", delegation="Chi đoàn Tổ dân phố 1", seat="A1", phone="0912345678")
    services.document_add(event=event, title="Báo cáo chính trị", link="https://example.vn/bao-cao.pdf")
    return event


def _urls(event):
    p, s, point, d = (event.participants.get(), event.sessions.get(), event.points.get(), event.documents.get())
    return [reverse("event_detail", args=[event.pk]), reverse("event_edit", args=[event.pk]),
            reverse("event_delete", args=[event.pk]), reverse("event_session_add", args=[event.pk]),
            reverse("event_session_edit", args=[event.pk, s.pk]), reverse("event_point_add", args=[event.pk]),
            reverse("event_point_edit", args=[event.pk, point.pk]),
            reverse("event_online_views", args=[event.pk, point.pk]),
            reverse("event_participants", args=[event.pk]), reverse("event_participant_add", args=[event.pk]),
            reverse("event_participant_members", args=[event.pk]),
            reverse("event_participant_edit", args=[event.pk, p.pk]), reverse("event_documents", args=[event.pk]),
            reverse("event_poster", args=[event.pk])]


def test_the_outsider_gets_404_on_every_page_get_and_post(world, congress, client_for):
    client = client_for(world.outsider)
    for url in _urls(congress):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"name": "x", "delete": "1"}).status_code == 404, url
    assert Event.objects.filter(pk=congress.pk).exists() and congress.participants.count() == 1
    assert congress.name not in client.get(reverse("event_list")).content.decode()


@pytest.mark.parametrize("persona, reads, manages", [
    ("province_admin", True, True), ("secretary", True, True), ("team_leader", True, False),
    ("volunteer", True, False)])
def test_who_reads_and_who_manages(world, congress, client_for, persona, reads, manages):
    client = client_for(getattr(world, persona))
    assert client.get(reverse("event_detail", args=[congress.pk])).status_code == (200 if reads else 404)
    assert client.get(reverse("event_participants", args=[congress.pk])).status_code == (200 if reads else 404)
    for name in ("event_edit", "event_documents", "event_participant_add", "event_session_add", "event_point_add"):
        assert client.get(reverse(name, args=[congress.pk])).status_code == (200 if manages else 404), name
    assert (congress.name in client.get(reverse("event_list")).content.decode()) == reads


@pytest.mark.parametrize("persona, shown", [("secretary", True), ("team_leader", True), ("volunteer", False)])
def test_participants_phones_are_for_staff_only(world, congress, client_for, persona, shown):
    page = client_for(getattr(world, persona)).get(reverse("event_participants", args=[congress.pk])).content.decode()
    assert "Trần Thị Hoa" in page
    assert ("0912345678" in page) == shown


def test_a_secretary_runs_a_congress_through_the_pages(world, client_for):
    client = client_for(world.secretary)
    r = client.post(reverse("event_create"), {"name": "Đại hội Chi đoàn Tổ dân phố 1", "kind": "congress",
                                              "unit": world.branch.pk, "starts_on": "26/03/2026",
                                              "face_erase_days": 7, "documents_public": "on"})
    event = Event.objects.get(name="Đại hội Chi đoàn Tổ dân phố 1")
    assert r.status_code == 302 and event.quorum == "two_thirds" and event.ends_on == dt.date(2026, 3, 26)
    r = client.post(reverse("event_session_add", args=[event.pk]),
                    {"name": "Phiên thứ hai", "starts_at": "13:30 26/03/2026"})
    assert r.status_code == 302 and event.sessions.count() == 2
    r = client.post(reverse("event_point_add", args=[event.pk]), {"name": "Điểm cầu Tổ dân phố 1",
                                                                 "host_unit": world.branch.pk})
    assert r.status_code == 302 and event.points.count() == 2
    r = client.post(reverse("event_participant_add", args=[event.pk]), {
        "full_name": "Nguyễn Văn Bình", "delegation": "Tổ dân phố 1", "role": "delegate", "seat": "b2",
        "point": event.points.get(is_main=True).pk})
    assert r.status_code == 302 and event.participants.get().seat == "B2"
    r = client.post(reverse("event_participant_add", args=[event.pk]), {
        "full_name": "Lê Hà", "role": "delegate", "seat": "B2", "point": event.points.get(is_main=True).pk})
    assert r.status_code == 200 and r.context["form"].errors["seat"] and event.participants.count() == 1
    r = client.post(reverse("event_documents", args=[event.pk]), {
        "title": "Dự thảo báo cáo", "file": SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 test", "application/pdf")})
    assert r.status_code == 302 and event.documents.count() == 1
    point = event.points.get(is_main=False)
    r = client.post(reverse("event_online_views", args=[event.pk, point.pk]),
                    {"facebook_views": "30000", "facebook_url": "https://facebook.com/doanphuly/videos/1"})
    assert r.status_code == 302 and OnlineViews.objects.get().views == 30_000
    assert total(world.branch, "online_views") == 30_000
    page = client.get(reverse("event_detail", args=[event.pk])).content.decode()
    assert "30.000" in page
    poster = client.get(reverse("event_poster", args=[event.pk]))
    assert poster["Content-Type"] == "application/pdf" and poster.content.startswith(b"%PDF")


def test_a_new_event_form_with_bad_dates_says_why_and_saves_nothing(world, client_for):
    r = client_for(world.secretary).post(reverse("event_create"), {
        "name": "Hội nghị", "kind": "conference", "unit": world.commune.pk, "starts_on": "26/03/2026",
        "ends_on": "20/03/2026", "face_erase_days": 7})
    assert r.status_code == 200 and r.context["form"].errors["ends_on"]
    assert not Event.objects.exists()


def test_the_public_documents_and_each_document_open_by_qr_and_count_as_scans(
        world, congress, client, django_capture_on_commit_callbacks):
    code = qr_services.code_for(congress)
    r = client.get(f"/q/{code.code}")
    assert r.status_code == 302 and r["Location"] == reverse("event_documents_public", args=[congress.pk])
    page = client.get(r["Location"]).content.decode()
    assert "Báo cáo chính trị" in page
    doc = congress.documents.get()
    assert client.get(reverse("event_document_public", args=[doc.pk]))["Location"] == "https://example.vn/bao-cao.pdf"
    assert ScanDay.objects.get().count == 1
    assert total(world.commune, "qr_scans") == 1
    with django_capture_on_commit_callbacks(execute=True):  # the public cache's generation moves on commit
        services.event_update(event=congress, documents_public=False)
    assert client.get(reverse("event_documents_public", args=[congress.pk])).status_code == 404
    assert client.get(f"/q/{code.code}").status_code == 404


def test_a_participant_opens_their_personal_link_without_login(world, congress, client):
    p = congress.participants.get()
    url = reverse("event_personal", args=[services.badge_value(p)])
    r = client.get(url)
    assert r.status_code == 200 and "Trần Thị Hoa" in r.content.decode() and "data:image/svg+xml" in r.content.decode()
    assert r["Cache-Control"] == "no-store"
    assert client.get(reverse("event_personal", args=[p.token + ":forged"])).status_code == 404
    assert "0912345678" not in r.content.decode()


def test_an_event_with_check_ins_cannot_be_deleted_and_one_without_can(world, congress, client_for):
    client = client_for(world.secretary)
    p = congress.participants.get()
    services.check_in(participant=p, session=congress.sessions.get(), point=congress.points.get(), method="qr")
    client.post(reverse("event_delete", args=[congress.pk]))
    assert Event.objects.filter(pk=congress.pk).exists()
    other = make_event(world.commune, name="Sinh hoạt chi đoàn tháng 3", kind="branch_meeting")
    add_participant(other, full_name="Đinh Văn Nam")  # its participants go with it
    r = client.post(reverse("event_delete", args=[other.pk]))
    assert r.status_code == 302 and not Event.objects.filter(pk=other.pk).exists()
    assert total(world.commune, "events_held") == 1
    assert Participant.objects.count() == 1 and Document.objects.count() == 1

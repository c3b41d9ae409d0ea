"""Badge sheets (tienphong/events/badges.py, tasks.py, people.py): A4 pages of 8 badges whose QR codes decode,
read back with a real decoder (zxing-cpp) from pages drawn by poppler, to each participant's personal link;
filters; a large set drawn by the background task with its progress page; a 404 for outsiders; each sheet
marks its participants printed, and "only those not yet printed" prints the late delegates alone.

The two tests that draw and decode pages take a few seconds each (WeasyPrint, poppler and the decoder
are the check itself); the others stay under a second."""

import io
import shutil
import subprocess
import uuid

import pytest
import zxingcpp
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from tienphong.accounts.models import RoleAssignment
from tienphong.events import badges, services, tasks
from tienphong.events.models import Participant

from ..factories import add_participant, make_event
from ..personas import build_world
from ..scenes import once_per_module

# The personas once for the module (tests/scenes.py): each test gets its own copy in its own savepoint.
world, _world = once_per_module(build_world, "world")

needs_poppler = pytest.mark.skipif(not shutil.which("pdftoppm"), reason="needs poppler-utils (pdftoppm, pdftotext)")


@pytest.fixture(autouse=True)
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def congress(world):
    event = make_event(world.commune, name="Đại hội đại biểu Đoàn TNCS Hồ Chí Minh phường Phủ Lý lần thứ I",
                       kind="congress")
    services.point_save(event=event, name="Điểm cầu Tổ dân phố 1", host_unit=world.commune)
    return event


def people(event, n, delegation="Đoàn đại biểu phường Phủ Lý", **fields):
    return [add_participant(event, full_name=f"Nguyễn Thị Hồng Nhung {i:02d}", delegation=delegation,
                            seat=f"{delegation[-3:]}{i:02d}".replace(" ", ""), **fields) for i in range(n)]


def personal_link(settings, participant) -> str:
    origin = settings.PUBLIC_BASE_URL.rstrip("/") or "http://testserver"
    return origin + reverse("event_personal", args=[services.badge_value(participant)])


def pages(pdf: bytes, tmp_path, dpi: int = 120) -> list[Image.Image]:
    source = tmp_path / "badges.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(source), str(tmp_path / "page")], check=True)
    return [Image.open(p) for p in sorted(tmp_path.glob("page*.png"))]


def pdf_text(pdf: bytes, tmp_path) -> str:
    source = tmp_path / "text.pdf"
    source.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(source), "-"], check=True, capture_output=True,
                          text=True).stdout


def decode(image) -> list[str]:
    return sorted(r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode)


@needs_poppler
def test_a_page_of_eight_badges_whose_qr_codes_decode_to_the_personal_links(world, congress, client_for,
                                                                             settings, tmp_path):
    crowd = people(congress, 9, role="delegate")
    response = client_for(world.secretary).post(reverse("event_badges", args=[congress.pk]), {})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="the-deo-dai-hoi-dai-bieu-doan-tncs')
    drawn = pages(response.content, tmp_path)
    assert len(drawn) == 2  # 9 badges: 8 on the first page, 1 on the second
    expected = sorted(personal_link(settings, p) for p in crowd)
    assert len(decode(drawn[0])) == 8 and sorted(decode(drawn[0]) + decode(drawn[1])) == expected
    for link in expected:  # each QR opens the personal page, and a kiosk reads the token from it
        assert services.token_from_badge(link) in {p.token for p in crowd}
    text = pdf_text(response.content, tmp_path)
    assert "Hồng Nhung 00" in text and "Đoàn đại biểu phường Phủ Lý" in text and "LÝ08" in text
    assert "ĐẠI HỘI ĐẠI BIỂU ĐOÀN TNCS" in text  # the event's name, on every badge
    with translation.override("vi"):
        assert str(Participant.Role.DELEGATE.label) in text


@needs_poppler
def test_a_delegation_or_a_connection_point_prints_only_its_badges(world, congress, client_for, tmp_path):
    point = congress.points.get(is_main=False)
    ours = people(congress, 2, delegation="Đoàn Phủ Lý")
    theirs = people(congress, 2, delegation="Đoàn Phù Vân", point=point)
    client = client_for(world.secretary)
    by_delegation = client.post(reverse("event_badges", args=[congress.pk]), {"delegation": "Đoàn Phủ Lý"})
    text = pdf_text(by_delegation.content, tmp_path)
    assert "Đoàn Phủ Lý" in text and "Đoàn Phù Vân" not in text and ours[0].seat in text
    by_point = client.post(reverse("event_badges", args=[congress.pk]), {"point": str(point.pk)})
    text = pdf_text(by_point.content, tmp_path)
    assert "Đoàn Phù Vân" in text and "Đoàn Phủ Lý" not in text and theirs[1].seat in text


def test_nobody_to_print_says_so_on_the_page(world, congress, client_for):
    page = client_for(world.secretary).post(reverse("event_badges", args=[congress.pk]), {})
    assert page.status_code == 200 and "No participant matches" in page.content.decode()


def test_the_badge_page_shows_the_filters(world, congress, client_for):
    people(congress, 1, delegation="Đoàn Phủ Lý")
    page = client_for(world.secretary).get(reverse("event_badges", args=[congress.pk])).content.decode()
    assert "Đoàn Phủ Lý" in page and "Điểm cầu Tổ dân phố 1" in page and 'name="delegation"' in page


@needs_poppler
def test_a_large_set_is_drawn_in_the_background_with_its_progress_up_to_100(world, congress, client_for,
                                                                              monkeypatch, settings, tmp_path):
    monkeypatch.setattr(tasks, "BACKGROUND_BADGES", 3)
    monkeypatch.setattr(badges, "CHUNK_PAGES", 1)  # 8 badges a chunk: 10 badges report 8, then 10
    crowd = people(congress, 10)
    seen = []
    save = tasks.BadgeJob.save

    def recording(self, **changes):
        save(self, **changes)
        seen.append((self.status, self.phase, self.percent))

    monkeypatch.setattr(tasks.BadgeJob, "save", recording)
    client = client_for(world.secretary)
    started = client.post(reverse("event_badges", args=[congress.pk]), {})
    assert started.status_code == 302
    job_id = started["Location"].rstrip("/").split("/")[-1]
    assert started["Location"] == reverse("event_badges_job", args=[congress.pk, job_id])
    # The immediate backend ran the task inside that request: the bar went up, chunk by chunk, to 100 %.
    assert [p for _s, _ph, p in seen] == [0, 0, 48, 60, 100]
    assert seen[-1][:2] == ("done", "finished")
    page = client.get(started["Location"]).content.decode()
    download = reverse("event_badges_file", args=[congress.pk, job_id])
    assert download in page and "hx-trigger" not in page  # finished: no more polling
    pdf = b"".join(client.get(download).streaming_content)
    drawn = pages(pdf, tmp_path, dpi=100)
    assert len(drawn) == 2  # the chunks joined into one PDF
    assert sorted(t for image in drawn for t in decode(image)) == sorted(personal_link(settings, p) for p in crowd)
    assert not congress.participants.filter(badge_printed_at__isnull=True).exists()  # marked once stored


def test_a_running_job_polls_with_a_progress_bar(world, congress, client_for):
    job = tasks.BadgeJob(id=str(uuid.uuid4()), event_id=congress.pk, actor_id=world.secretary.pk, total=1000,
                         status="running", phase="drawing", done=400)
    job.save()
    client = client_for(world.secretary)
    page = client.get(reverse("event_badges_job", args=[congress.pk, job.id])).content.decode()
    assert 'hx-trigger="every 1s"' in page and '<progress max="100" value="24">' in page and "400 of 1.000" in page
    partial = client.get(reverse("event_badges_job", args=[congress.pk, job.id]), HTTP_HX_REQUEST="true")
    assert partial.content.decode().lstrip().startswith('<div id="badges-job"')
    assert client.get(reverse("event_badges_file", args=[congress.pk, job.id])).status_code == 404  # not yet


def test_a_job_whose_starter_lost_the_right_fails_and_draws_nothing(world, congress, monkeypatch):
    crowd = people(congress, 2)
    job = tasks.BadgeJob(id=str(uuid.uuid4()), event_id=congress.pk, actor_id=world.secretary.pk, total=2)
    job.save()
    RoleAssignment.objects.filter(user=world.secretary).delete()
    tasks.make_badges.call(job_id=job.id, event_id=congress.pk, participant_ids=[p.pk for p in crowd],
                           origin="https://x", actor_id=world.secretary.pk)
    job = tasks.load(job.id)
    assert job.status == "failed" and "no longer" in job.error
    assert not tasks.storage().exists(job.pdf_name)
    assert not congress.participants.filter(badge_printed_at__isnull=False).exists()


def test_old_jobs_are_purged(world, congress):
    import datetime as dt

    from django.utils import timezone

    job = tasks.BadgeJob(id=str(uuid.uuid4()), event_id=congress.pk, actor_id=None, total=1)
    job.save()
    assert tasks.purge() == 0 and tasks.load(job.id) is not None
    assert tasks.purge(now=timezone.now() + dt.timedelta(hours=25)) == 1 and tasks.load(job.id) is None


@pytest.mark.parametrize("who", ["outsider", "team_leader", "volunteer"])
def test_whoever_may_not_manage_the_event_gets_a_404(world, congress, client_for, who):
    people(congress, 1)
    job = tasks.BadgeJob(id=str(uuid.uuid4()), event_id=congress.pk, actor_id=world.secretary.pk, total=1,
                         status="done", phase="finished", done=1)
    job.save()
    client = client_for(getattr(world, who))
    for url in (reverse("event_badges", args=[congress.pk]),
                reverse("event_badges_job", args=[congress.pk, job.id]),
                reverse("event_badges_file", args=[congress.pk, job.id])):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("event_badges", args=[congress.pk]), {}).status_code == 404
    assert client.post(reverse("event_badges", args=[congress.pk]), {"which": "unprinted"}).status_code == 404
    assert not congress.participants.filter(badge_printed_at__isnull=False).exists()


def test_a_job_is_only_shown_under_its_own_event(world, congress, client_for):
    other = make_event(world.commune, name="Hội nghị khác")
    job = tasks.BadgeJob(id=str(uuid.uuid4()), event_id=congress.pk, actor_id=world.secretary.pk, total=1)
    job.save()
    client = client_for(world.secretary)
    assert client.get(reverse("event_badges_job", args=[other.pk, job.id])).status_code == 404
    assert client.get(reverse("event_badges_job", args=[congress.pk, uuid.uuid4()])).status_code == 404


# ---------------------------------------------------------------- printed, and only those not yet printed

def test_a_sheet_marks_its_participants_printed_and_the_page_counts_those_left(world, congress, client_for):
    crowd = people(congress, 3)
    client = client_for(world.secretary)
    url = reverse("event_badges", args=[congress.pk])
    page = client.get(url).content.decode()
    assert "Only those not yet printed (3)" in page and "3 of them have no printed badge yet." in page
    before = timezone.now()
    assert client.post(url, {"which": "all"})["Content-Type"] == "application/pdf"
    printed = {p.pk: p.badge_printed_at for p in congress.participants.all()}
    assert set(printed) == {p.pk for p in crowd} and all(at and at >= before for at in printed.values())
    add_participant(congress, full_name="Lê Văn Muộn", delegation="Đoàn Phù Vân")  # a late delegate
    page = client.get(url).content.decode()
    assert "Only those not yet printed (1)" in page and "1 of them has no printed badge yet." in page
    listing = client.get(reverse("event_participants", args=[congress.pk])).content.decode()
    assert f"printed {timezone.localdate(printed[crowd[0].pk]):%d/%m/%Y}" in listing and "not printed" in listing


@needs_poppler
def test_only_those_not_yet_printed_gives_the_late_delegates_alone_with_the_other_filters(world, congress,
                                                                                          client_for, tmp_path):
    people(congress, 2, delegation="Đoàn Phủ Lý")
    client = client_for(world.secretary)
    url = reverse("event_badges", args=[congress.pk])
    client.post(url, {})  # the first sheet: everybody so far
    first = dict(congress.participants.values_list("pk", "badge_printed_at"))
    late = add_participant(congress, full_name="Lê Văn Đến Muộn", delegation="Đoàn Phủ Lý", seat="M01")
    other = add_participant(congress, full_name="Phạm Thị Muộn Màng", delegation="Đoàn Phù Vân", seat="M02")
    sheet = client.post(url, {"which": "unprinted", "delegation": "Đoàn Phủ Lý"})
    text = pdf_text(sheet.content, tmp_path)
    assert "Ghế: M01" in text and "Nhung" not in text and "M02" not in text  # the late one of that delegation
    sheet = client.post(url, {"which": "unprinted"})
    text = pdf_text(sheet.content, tmp_path)
    assert "Ghế: M02" in text and "M01" not in text and "Nhung" not in text  # the one late delegate left
    late.refresh_from_db(), other.refresh_from_db()
    assert late.badge_printed_at and other.badge_printed_at and late.badge_printed_at < other.badge_printed_at
    assert {pk: at for pk, at in congress.participants.values_list("pk", "badge_printed_at") if pk in first} == first


def test_nobody_left_to_print_says_so_in_vietnamese_instead_of_an_empty_pdf(world, congress, client, settings):
    people(congress, 2)
    congress.participants.update(badge_printed_at=timezone.now())
    client.force_login(world.secretary)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    page = client.post(reverse("event_badges", args=[congress.pk]), {"which": "unprinted"})
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    html = page.content.decode()
    assert "không còn thẻ nào chưa in" in html and "Chỉ những người chưa in thẻ (0)" in html


def test_a_sheet_that_is_not_kept_marks_nobody(world, congress):
    crowd = people(congress, 1)

    def keep(pdf):
        raise OSError("disk full")

    with pytest.raises(OSError):
        services.badge_sheet(event=congress, participants=crowd, url_for=lambda p: "https://x/e/p/1/", keep=keep)
    assert not congress.participants.filter(badge_printed_at__isnull=False).exists()


def test_a_change_to_what_the_badge_shows_puts_it_back_among_those_to_print(world, congress):
    an, binh = people(congress, 2)
    Participant.objects.filter(pk__in=[an.pk, binh.pk]).update(badge_printed_at=timezone.now())
    an.refresh_from_db(), binh.refresh_from_db()
    services.participant_save(event=congress, participant=an, seat="Z99")
    services.participant_save(event=congress, participant=binh, phone="0912000111")  # not on the badge
    an.refresh_from_db(), binh.refresh_from_db()
    assert an.badge_printed_at is None and binh.badge_printed_at is not None

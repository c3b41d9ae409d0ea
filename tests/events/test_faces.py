"""Face check-in: consent and enrolment on the personal link and by the organiser (one photo, a batch as a
task), identification at a kiosk through the API (exactly once, another person is never checked in),
erasure on request and on schedule (a moved clock), scope (outsiders 404), no photo ever kept.

dlib runs for real on the test faces of tests/facedata.py; each distinct picture is encoded once per test
process (`_encode_once`), so these tests stay quick after the first (~0.3 s per new picture)."""

import base64
import datetime as dt
import io
import os
import uuid
import zipfile
from functools import lru_cache
from unittest import mock

import numpy as np
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from tienphong.core import faces as engine
from tienphong.core.models import AuditEntry, ImportJob
from tienphong.events import face_tasks, faces, services
from tienphong.events.models import CheckIn, FaceConsent, FaceEmbedding

from .. import facedata
from ..factories import add_participant, make_event
from ..personas import build_world
from ..scenes import once_per_module

# The personas once for the module (tests/scenes.py): each test gets its own copy in its own savepoint.
world, _world = once_per_module(build_world, "world")

_real_encode = engine.encode


@lru_cache(maxsize=64)
def _encoded(data: bytes, options: tuple):
    return _real_encode(data, **dict(options))


@pytest.fixture(autouse=True)
def _encode_once(monkeypatch):
    """The real dlib encoder, each picture once per process; each test starts with no cached matrix."""
    monkeypatch.setattr(engine, "encode", lambda data, **kw: _encoded(bytes(data), tuple(sorted(kw.items()))))
    faces._matchers.clear()
    yield
    faces._matchers.clear()


def photo(person="astronaut", alteration="original") -> bytes:
    return facedata.pictures()[(person, alteration)]


def no_face() -> bytes:
    return facedata.jpeg(facedata.picture(facedata.NO_FACE))


def two_faces() -> bytes:
    """The astronaut twice, side by side, the same size: whose face would it be?"""
    crop = facedata.picture(facedata.PEOPLE["astronaut"]).crop((100, 20, 340, 260))
    both = Image.new("RGB", (480, 240))
    both.paste(crop, (0, 0))
    both.paste(crop.transpose(Image.Transpose.FLIP_LEFT_RIGHT), (240, 0))
    return facedata.jpeg(both)


@pytest.fixture
def event(world):
    today = timezone.localdate()
    return make_event(world.commune, name="Đại hội Đoàn phường Phủ Lý", kind="congress", starts_on=today,
                      ends_on=today + dt.timedelta(days=1), face_enabled=True, author=world.secretary)


@pytest.fixture
def an(event):
    return add_participant(event, full_name="Nguyễn Thị An", delegation="Đoàn Phủ Lý", seat="A12", phone="0912345678")


@pytest.fixture
def binh(event):
    return add_participant(event, full_name="Trần Văn Bình", seat="B3")


def personal(p):
    return reverse("event_personal", args=[services.badge_value(p)])


def upload(data: bytes, name="selfie.jpg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def files_under(*roots) -> list[str]:
    found = []
    for root in roots:
        for folder, _dirs, names in os.walk(root):
            found += [os.path.join(folder, n) for n in names]
    return found


# ---------------------------------------------------------------- the personal link

def test_a_participant_agrees_and_sends_a_selfie_only_the_numbers_are_kept(client, event, an, settings, tmp_path):
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(uploads)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1000  # Django's own handlers would write this photo to a temp file
    page = client.get(personal(an)).content.decode()
    assert "Nghị định 13/2023/NĐ-CP" in page and "128" in page
    assert (faces.erase_on(event).strftime("%d/%m/%Y")) in page and 'capture="user"' in page
    r = client.post(reverse("event_personal_face", args=[services.badge_value(an)]),
                    {"agree": "1", "photo": upload(photo())})
    assert r.status_code == 302 and r["Location"].endswith("#face")
    face = FaceEmbedding.objects.get(participant=an)
    assert len(bytes(face.vector)) == 512 and face.erase_after == event.ends_on + dt.timedelta(days=7)
    assert face.consent.source == "self" and face.consent.recorded_by is None
    assert "Nghị định 13/2023/NĐ-CP" in face.consent.text and faces.erase_on(event).strftime("%d/%m/%Y") in \
        face.consent.text
    # Nothing of the photo anywhere: no temporary file, no media file, no private file.
    assert files_under(uploads, settings.MEDIA_ROOT, settings.STORAGES["private"]["OPTIONS"]["location"]) == []
    page = client.get(r["Location"]).content.decode()
    assert "đã đăng ký" in page and "Xóa dữ liệu khuôn mặt của tôi" in page
    assert AuditEntry.objects.filter(content_type__model="faceembedding", action=AuditEntry.Action.CREATE,
                                     object_id=face.pk).exists()


def test_without_consent_nothing_is_kept(client, event, an):
    r = client.post(reverse("event_personal_face", args=[services.badge_value(an)]), {"photo": upload(photo())},
                    follow=True)
    assert not FaceEmbedding.objects.exists() and not FaceConsent.objects.exists()
    assert "Hãy đánh dấu đồng ý" in r.content.decode()


@pytest.mark.parametrize("picture, message", [
    (no_face, "Không tìm thấy khuôn mặt"), (two_faces, "nhiều khuôn mặt"),
    (lambda: b"not a picture", "không phải là ảnh")])
def test_a_photo_without_one_clear_face_is_refused_in_vietnamese(client, event, an, picture, message):
    r = client.post(reverse("event_personal_face", args=[services.badge_value(an)]),
                    {"agree": "1", "photo": upload(picture())}, follow=True)
    assert message in r.content.decode()
    assert not FaceEmbedding.objects.exists() and not FaceConsent.objects.exists()


def test_a_forged_link_is_404_and_an_event_without_faces_shows_nothing(client, world, an):
    assert client.post(reverse("event_personal_face", args=["forged:abc"]), {"agree": "1"}).status_code == 404
    plain = make_event(world.commune, name="Tập huấn", starts_on=timezone.localdate())
    p = add_participant(plain, full_name="Lê Văn Cường")
    assert "face-box" not in client.get(personal(p)).content.decode()
    r = client.post(reverse("event_personal_face", args=[services.badge_value(p)]),
                    {"agree": "1", "photo": upload(photo())}, follow=True)
    assert not FaceEmbedding.objects.exists() and not FaceConsent.objects.exists()
    assert [str(m) for m in r.context["messages"]] == ["Sự kiện này không dùng điểm danh bằng khuôn mặt."]


def test_the_participant_erases_their_face_at_once(client, event, an):
    faces.enrol(participant=an, photo=photo(), agreed=True)
    badge = services.badge_value(an)
    assert client.post(reverse("event_personal_face_erase", args=[badge]), {}).status_code == 302
    assert FaceEmbedding.objects.filter(participant=an).exists()  # not confirmed: nothing happens
    r = client.post(reverse("event_personal_face_erase", args=[badge]), {"confirm": "1"}, follow=True)
    assert not FaceEmbedding.objects.filter(participant=an).exists()
    consent = FaceConsent.objects.get(participant=an)
    assert consent.withdrawn_at is not None  # the record of consent stays, marked withdrawn
    entry = AuditEntry.objects.get(content_type__model="faceembedding", action=AuditEntry.Action.DELETE)
    assert entry.additional_data["reason"] == "request" and "theo yêu cầu" in str(entry.changes)
    assert entry.unit_path == event.path
    assert "đã bị xóa" in r.content.decode()


# ---------------------------------------------------------------- identification at a kiosk

def identify(client, event, frame: bytes, nonce=None, point=None):
    return client.post(reverse("api:event_face_identify", kwargs={"event_id": event.pk}), {
        "point": point or event.points.get(is_main=True).pk, "nonce": str(nonce or uuid.uuid4()),
        "frame": base64.b64encode(frame).decode()}, content_type="application/json")


def test_an_altered_copy_of_the_same_person_checks_in_once(world, client_for, event, an, binh):
    faces.enrol(participant=an, photo=photo("astronaut"), agreed=True)
    faces.enrol(participant=binh, photo=photo("hopper"), agreed=True)
    client = client_for(world.secretary)
    nonce = uuid.uuid4()
    r = identify(client, event, photo("astronaut", "darker"), nonce)
    assert r.status_code == 200, r.content
    data = r.json()
    assert data["status"] == "created" and data["name"] == "Nguyễn Thị An" and data["seat"] == "A12"
    assert data["delegation"] == "Đoàn Phủ Lý" and data["message"].startswith("Đã điểm danh lúc")
    assert identify(client, event, photo("astronaut", "darker"), nonce).json()["status"] == "duplicate"
    assert identify(client, event, photo("astronaut", "mirrored")).json()["status"] == "repeat"
    checkin = CheckIn.objects.get()
    assert checkin.participant == an and checkin.method == "face" and checkin.nonce == nonce
    assert checkin.by == world.secretary


def test_a_person_not_enrolled_is_not_checked_in(world, client_for, event, an):
    faces.enrol(participant=an, photo=photo("astronaut"), agreed=True)
    data = identify(client_for(world.secretary), event, photo("hopper", "darker")).json()
    assert data["status"] in ("none", "unsure") and not data["name"]
    assert data["message"] in ("Không nhận ra.", "Chưa chắc chắn — vui lòng quét mã QR.")
    assert not CheckIn.objects.exists()
    assert identify(client_for(world.secretary), event, no_face()).json()["status"] == "no_face"


def test_an_unsure_match_asks_for_the_qr_code(world, client_for, event, an, binh):
    """Two people enrolled with the same face: the kiosk cannot tell them apart and asks for the QR."""
    faces.enrol(participant=an, photo=photo("astronaut"), agreed=True)
    vector = engine.from_bytes(bytes(FaceEmbedding.objects.get().vector))
    consent = FaceConsent.objects.create(participant=binh, text="x", given_at=timezone.now(), source="organiser")
    FaceEmbedding.objects.create(participant=binh, event=event, vector=engine.to_bytes(vector + 0.001),
                                 consent=consent, erase_after=faces.erase_on(event))
    data = identify(client_for(world.secretary), event, photo("astronaut", "darker")).json()
    assert data["status"] == "unsure" and data["message"] == "Chưa chắc chắn — vui lòng quét mã QR."
    assert not CheckIn.objects.exists()


def test_the_matrix_is_loaded_once_until_the_enrolment_changes(world, client_for, event, an, binh):
    faces.enrol(participant=an, photo=photo("astronaut"), agreed=True)
    first = faces.matcher_for(event)
    assert faces.matcher_for(event) is first and len(first) == 1
    faces.enrol(participant=binh, photo=photo("hopper"), agreed=True)
    second = faces.matcher_for(event)
    assert second is not first and sorted(second.ids) == sorted([an.pk, binh.pk])
    faces.erase(participant=an)
    assert faces.matcher_for(event).ids == [binh.pk]


def test_every_write_of_a_face_moves_the_version_even_behind_the_services_back(world, client_for, event, an, binh):
    """The version is counted by database triggers: a bulk insert, a bare delete and a bare update move it too,
    so a kiosk process that cached the matrix never matches a face that is gone."""
    def version():
        return faces.enrolment_version(event)

    assert version() == 0
    faces.enrol(participant=an, photo=photo("astronaut"), agreed=True)
    enrolled = version()
    assert enrolled > 0
    client = client_for(world.secretary)
    assert identify(client, event, photo("astronaut", "darker")).json()["status"] == "created"
    CheckIn.objects.all().delete()
    FaceEmbedding.objects.filter(participant=an).update(erase_after=faces.erase_on(event))
    updated = version()
    assert updated > enrolled
    FaceEmbedding.objects.filter(participant=an).delete()  # not through faces.erase
    assert version() > updated
    data = identify(client, event, photo("astronaut", "darker")).json()
    assert data["status"] == "none" and not CheckIn.objects.exists()
    consent = FaceConsent.objects.create(participant=binh, text="x", given_at=timezone.now(), source="organiser")
    before = version()
    FaceEmbedding.objects.bulk_create([FaceEmbedding(
        participant=binh, event=event, vector=engine.to_bytes(np.ones(engine.DIMENSIONS, dtype=np.float32)),
        consent=consent, erase_after=faces.erase_on(event))])
    assert version() > before
    other = make_event(world.commune, name="Tập huấn", kind="training", face_enabled=True, author=world.secretary)
    assert faces.enrolment_version(other) == 0


def test_kiosk_scope_outsiders_get_404_and_a_host_only_their_point(world, client_for, event, an):
    faces.enrol(participant=an, photo=photo(), agreed=True)
    outsider = client_for(world.outsider)
    assert identify(outsider, event, photo("astronaut", "darker")).status_code == 404
    assert outsider.get(reverse("event_face_kiosk", args=[event.pk])).status_code == 404
    assert not CheckIn.objects.exists()
    other = services.point_save(event=event, name="Điểm cầu Phù Vân", host_unit=world.commune)
    leader = client_for(world.team_leader)  # may check in: the kiosk, not the staff pages
    assert leader.get(reverse("event_face_kiosk", args=[event.pk]) + f"?point={other.pk}").status_code == 200
    assert leader.get(reverse("event_faces", args=[event.pk])).status_code == 404


def test_a_frame_over_1_mb_is_refused(world, client_for, event, an):
    big = b"\xff\xd8" + os.urandom(faces.MAX_FRAME_BYTES)
    r = identify(client_for(world.secretary), event, big)
    assert r.status_code in (413, 422) and not CheckIn.objects.exists()


# ---------------------------------------------------------------- the organiser's pages

def test_staff_pages_are_404_to_outsiders_and_to_those_who_do_not_manage(world, client_for, event, an):
    job = ImportJob.objects.create(kind=face_tasks.job_kind(event), unit_path=event.path, rows_total=1)
    urls = [reverse("event_faces", args=[event.pk]), reverse("event_face_batch", args=[event.pk]),
            reverse("event_face_participant", args=[event.pk, an.pk]),
            reverse("event_face_job", args=[event.pk, job.pk])]
    for persona in ("outsider", "volunteer"):
        client = client_for(getattr(world, persona))
        for url in urls:
            assert client.get(url).status_code == 404, (persona, url)
            assert client.post(url, {"erase": "1", "signed": "on"}).status_code == 404, (persona, url)
    secretary = client_for(world.secretary)
    for url in urls:
        assert secretary.get(url).status_code == 200, url


def test_the_organiser_enrols_with_the_signed_form(world, client_for, event, an):
    client = client_for(world.secretary)
    url = reverse("event_face_participant", args=[event.pk, an.pk])
    r = client.post(url, {"photo": upload(photo())})
    assert r.status_code == 200 and "đã ký" in r.content.decode() and not FaceEmbedding.objects.exists()
    r = client.post(url, {"photo": upload(photo()), "signed": "on"})
    assert r.status_code == 302
    consent = FaceEmbedding.objects.get(participant=an).consent
    assert consent.source == "organiser" and consent.recorded_by == world.secretary
    page = client.get(reverse("event_faces", args=[event.pk])).content.decode()
    assert 'data-figure="enrolled">1<' in page
    # Another participant's photo filed under the wrong name is caught, and the organiser told whose.
    binh = add_participant(event, full_name="Trần Văn Bình")
    r = client.post(reverse("event_face_participant", args=[event.pk, binh.pk]),
                    {"photo": upload(photo("astronaut", "darker")), "signed": "on"})
    assert "Nguyễn Thị An" in r.content.decode() and not FaceEmbedding.objects.filter(participant=binh).exists()
    assert client.post(url, {"erase": "1"}).status_code == 302 and not FaceEmbedding.objects.exists()


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return out.getvalue()


def test_a_batch_of_photos_named_by_seat_or_phone_runs_as_a_task(world, client_for, event, an, binh, settings):
    client = client_for(world.secretary)
    batch = _zip({"fotos/A12_Nguyen Thi An.jpg": photo("astronaut"), "0912 000 000.jpg": photo("hopper"),
                  "b3.JPG": photo("hopper"), "C9.jpg": photo("hopper", "darker"), "notes.txt": b"x",
                  "__MACOSX/._b3.JPG": b"junk"})
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("event_face_batch", args=[event.pk])
    r = client.post(url, {"photos": SimpleUploadedFile("anh.zip", batch, "application/zip")})
    assert r.status_code == 200 and not ImportJob.objects.exists()  # the consent tick is required
    r = client.post(url, {"photos": SimpleUploadedFile("anh.zip", batch, "application/zip"), "signed": "on"})
    job = ImportJob.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("event_face_job", args=[event.pk, job.pk])
    assert job.status == "done" and job.rows_total == 4 and job.rows_done == 4
    assert (job.created, job.unchanged) == (2, 2)
    assert {f.participant for f in FaceEmbedding.objects.all()} == {an, binh}
    assert all(f.consent.source == "organiser" and f.consent.recorded_by == world.secretary
               for f in FaceEmbedding.objects.all())
    page = client.get(r["Location"]).content.decode()
    assert "0912 000 000.jpg" in page and "C9.jpg" in page and "2 khuôn mặt" in page
    assert files_under(settings.STORAGES["private"]["OPTIONS"]["location"]) == []  # the photos are gone


def test_a_batch_of_several_photos_and_a_bad_zip(world, client_for, event, an):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(world.secretary)
    url = reverse("event_face_batch", args=[event.pk])
    r = client.post(url, {"photos": [SimpleUploadedFile("0912345678.jpg", photo(), "image/jpeg")], "signed": "on"})
    assert r.status_code == 302 and FaceEmbedding.objects.get().participant == an
    r = client.post(url, {"photos": [SimpleUploadedFile("x.zip", b"PK no zip", "application/zip")], "signed": "on"})
    assert r.status_code == 200 and "không mở được" in r.content.decode()


# ---------------------------------------------------------------- erasure on schedule

def at_local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def test_face_data_is_erased_the_day_after_its_date_and_not_before(world, event, an, binh):
    faces.enrol(participant=an, photo=photo("astronaut"), agreed=True)
    faces.enrol(participant=binh, photo=photo("hopper"), agreed=True)
    last_day = event.ends_on + dt.timedelta(days=7)
    assert faces.erase_on(event) == last_day
    with mock.patch("django.utils.timezone.now", return_value=at_local(last_day, 23, 59)):
        call_command("erase_faces", stdout=io.StringIO())
    assert FaceEmbedding.objects.count() == 2
    with mock.patch("django.utils.timezone.now", return_value=at_local(last_day + dt.timedelta(days=1), 0, 10)):
        out = io.StringIO()
        call_command("erase_faces", stdout=out)
    assert FaceEmbedding.objects.count() == 0 and "erased: 2 expired" in out.getvalue()
    entries = AuditEntry.objects.filter(content_type__model="faceembedding", action=AuditEntry.Action.DELETE)
    assert entries.count() == 2
    assert all(e.additional_data["reason"] == "expired" and "hết hạn" in str(e.changes) for e in entries)
    assert FaceConsent.objects.count() == 2  # the record of consent stays


def test_a_date_change_moves_the_erasure_and_the_kiosk_never_uses_data_past_it(world, client_for, event, an):
    faces.enrol(participant=an, photo=photo("astronaut"), agreed=True)
    services.event_update(event=event, face_erase_days=2)
    day = event.ends_on + dt.timedelta(days=3)
    with mock.patch("django.utils.timezone.now", return_value=at_local(day, 9)):
        # Before the daily run: the kiosk no longer recognises anybody, enrolment is closed.
        result = faces.identify(event=event, frame=photo("astronaut", "darker"), session=event.sessions.get(),
                                point=event.points.get(), nonce=uuid.uuid4())
        assert result.status == "none" and not CheckIn.objects.exists()
        with pytest.raises(faces.DomainError) as e:
            faces.enrol(participant=an, photo=photo(), agreed=True)
        assert e.value.code == "face_closed"
        assert faces.erase_expired() == {"expired": 1, "disabled": 0}


def test_events_that_turn_face_check_in_off_lose_their_face_data(world, event, an):
    faces.enrol(participant=an, photo=photo(), agreed=True)
    services.event_update(event=event, face_enabled=False)
    assert faces.erase_expired() == {"expired": 0, "disabled": 1}
    assert AuditEntry.objects.get(action=AuditEntry.Action.DELETE,
                                  content_type__model="faceembedding").additional_data["reason"] == "disabled"


def test_enrolling_again_replaces_the_face(world, event, an):
    first = faces.enrol(participant=an, photo=photo("astronaut"), agreed=True)
    second = faces.enrol(participant=an, photo=photo("astronaut", "darker"), agreed=True)
    assert list(FaceEmbedding.objects.values_list("pk", flat=True)) == [second.pk] and second.pk != first.pk
    assert AuditEntry.objects.get(action=AuditEntry.Action.DELETE,
                                  content_type__model="faceembedding").additional_data["reason"] == "replaced"

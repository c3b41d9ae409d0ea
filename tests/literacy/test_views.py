"""Pages of the literacy classes: scope, forms, the public sign-up, attendance, PDFs and the QR code."""

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tienphong.literacy import services
from tienphong.literacy.models import ATTENDANCE_CAP_FACTOR, Attendee, LiteracyClass, Module
from tienphong.places.models import Place

from .factories import make_class
from .pdftext import page_count, pdf_text
from .test_services import started
from ..personas import build_field_world
from ..scenes import once_per_module

# Built once for the module instead of once per test; see tests/scenes.py.
fworld, _fworld = once_per_module(build_field_world, "fworld")

pytestmark = pytest.mark.django_db


def typed(when):
    """A datetime as a person types it into the form: dd/mm/yyyy HH:MM, local time."""
    return timezone.localtime(when).strftime("%d/%m/%Y %H:%M")


def class_post(world, **changes):
    starts = timezone.now() + dt.timedelta(days=5)
    data = {"commune": world.commune.pk, "title": "Thanh toán không dùng tiền mặt", "venue": world.place.pk,
            "starts_at": typed(starts), "duration": "90", "capacity": "25", "status": "scheduled",
            "signup_open": "on", "modules": [], "teachers": [world.leader_member.pk]}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def flat(text):
    return " ".join(text.split())


# ---------------------------------------------------------------- scope

def scoped_requests(cls, attendee):
    """Every scoped page and action of a class: (method, url)."""
    return [
        ("get", reverse("class_detail", args=[cls.pk])),
        ("get", reverse("class_edit", args=[cls.pk])),
        ("post", reverse("class_edit", args=[cls.pk])),
        ("post", reverse("class_status", args=[cls.pk])),
        ("get", reverse("class_attendance", args=[cls.pk])),
        ("post", reverse("class_attendance_toggle", args=[cls.pk, attendee.pk])),
        ("post", reverse("class_walk_in", args=[cls.pk])),
        ("get", reverse("class_sheet_pdf", args=[cls.pk])),
        ("get", reverse("class_certificates_pdf", args=[cls.pk])),
        ("get", reverse("class_certificate_pdf", args=[cls.pk, attendee.pk])),
    ]


def test_outsider_gets_404_on_every_scoped_page_and_action(fworld, client_for):
    cls = make_class(fworld)
    attendee, _ = services.signup(literacy_class=cls, full_name="Nguyễn Văn Dân")
    services.set_present(attendee=attendee, present=True)
    client = client_for(fworld.outsider)
    for method, url in scoped_requests(cls, attendee):
        data = {"action": "held", "present": "1", "full_name": "Kẻ lạ", "title": "x"} if method == "post" else None
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (method, url)
    assert client.get(reverse("class_create") + f"?commune={fworld.commune.pk}").status_code == 404
    assert client.post(reverse("class_create"), class_post(fworld)).status_code == 404
    assert cls.title not in client.get(reverse("class_list")).content.decode()
    assert not Attendee.objects.filter(full_name="Kẻ lạ").exists()
    assert Attendee.objects.get(pk=attendee.pk).attended
    assert LiteracyClass.objects.get(pk=cls.pk).status == "scheduled"


def test_anonymous_reaches_only_the_public_signup_and_its_qr(fworld, client):
    cls = make_class(fworld)
    attendee, _ = services.signup(literacy_class=cls, full_name="Nguyễn Văn Dân")
    for method, url in scoped_requests(cls, attendee) + [("get", reverse("class_list")),
                                                        ("get", reverse("class_create"))]:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/login/" in response["Location"], (method, url)
    assert client.get(reverse("class_signup", args=[cls.public_code])).status_code == 200
    assert client.get(reverse("class_qr", args=[cls.public_code])).status_code == 200
    assert client.get(reverse("class_signup", args=["not-a-code"])).status_code == 404


def test_volunteer_of_the_commune_takes_attendance_but_cannot_edit(fworld, client_for):
    cls = make_class(fworld)
    client = client_for(fworld.volunteer)  # the role sits on a branch; the class on the commune
    assert client.get(reverse("class_detail", args=[cls.pk])).status_code == 200
    assert client.get(reverse("class_attendance", args=[cls.pk])).status_code == 200
    assert client.get(reverse("class_edit", args=[cls.pk])).status_code == 404
    assert client.get(reverse("class_create")).status_code == 404
    assert cls.title in client.get(reverse("class_list")).content.decode()


def test_list_filters_and_search_without_diacritics(fworld, client_for):
    soon = make_class(fworld, title="An toàn trên không gian mạng")
    past = make_class(fworld, title="Cài đặt VNeID mức 2", starts_in=-dt.timedelta(days=3))
    elsewhere = make_class(fworld, title="Lớp ở Phù Vân", commune=fworld.other_commune, venue=fworld.other_place,
                           teachers=[])
    client = client_for(fworld.province_admin)

    def titles(**params):
        html = client.get(reverse("class_list"), params).content.decode()
        return {c.title for c in (soon, past, elsewhere) if c.title in html}

    assert titles() == {soon.title, past.title, elsewhere.title}
    assert titles(when="upcoming") == {soon.title, elsewhere.title}
    assert titles(when="past") == {past.title}
    assert titles(commune=fworld.commune.pk) == {soon.title, past.title}
    assert titles(q="khong gian") == {soon.title}
    assert titles(q="vneid") == {past.title}
    assert titles(q="nha van hoa kim") == {elsewhere.title}
    secretary = client_for(fworld.secretary).get(reverse("class_list")).content.decode()
    assert soon.title in secretary and elsewhere.title not in secretary


# ---------------------------------------------------------------- create and edit

def test_secretary_creates_a_class_typed_the_vietnamese_way(fworld, client_for):
    client = client_for(fworld.secretary)
    form = client.get(reverse("class_create"))
    html = form.content.decode()
    assert form.status_code == 200 and fworld.place.name in html and "binhdanhocvuso.gov.vn" in html
    assert fworld.leader_member.full_name in html  # the team's members are offered as teachers
    starts = timezone.localtime(timezone.now() + dt.timedelta(days=4)).replace(hour=19, minute=30, second=0,
                                                                               microsecond=0)
    modules = list(Module.objects.filter(code__in=["vneid", "cyber_safety"]).values_list("pk", flat=True))
    response = client.post(reverse("class_create"), class_post(
        fworld, starts_at=starts.strftime("%d/%m/%Y %H:%M"), duration="", end_time="21:00", modules=modules,
        teacher_query="Trang"))
    assert response.status_code == 302, response.content.decode()[:3000]
    cls = LiteracyClass.objects.get()
    assert response["Location"] == reverse("class_detail", args=[cls.pk])
    assert timezone.localtime(cls.starts_at) == starts
    assert timezone.localtime(cls.ends_at).strftime("%H:%M %d/%m/%Y") == starts.strftime("21:00 %d/%m/%Y")
    assert set(cls.teachers.all()) == {fworld.leader_member, fworld.volunteer_member}
    assert set(cls.modules.values_list("code", flat=True)) == {"vneid", "cyber_safety"}
    assert cls.capacity == 25 and cls.created_by == fworld.secretary and cls.path == fworld.commune.path


def test_a_new_venue_is_added_on_the_spot(fworld, client_for):
    client = client_for(fworld.team_leader)
    form = client.get(reverse("class_create")).content.decode()
    assert f'<option value="{fworld.team.pk}" selected>' in form  # the leader's own team is the default
    response = client.post(reverse("class_create"), class_post(
        fworld, venue="", new_venue="Trường Tiểu học Lê Hồng Phong", new_venue_kind="school", team=fworld.team.pk))
    assert response.status_code == 302
    cls = LiteracyClass.objects.get()
    assert cls.venue.name == "Trường Tiểu học Lê Hồng Phong" and cls.venue.kind == Place.Kind.SCHOOL
    assert cls.venue.commune == fworld.commune
    assert cls.team == fworld.team


@pytest.mark.parametrize("changes, field, message", [
    ({"starts_at": None}, "starts_at", "This field is required."),
    ({"capacity": "0"}, "capacity", "Số chỗ phải từ 1 đến 1.000 người."),
    ({"capacity": "1001"}, "capacity", "Số chỗ phải từ 1 đến 1.000 người."),
    ({"end_time": "06:00"}, "end_time", "Giờ kết thúc phải sau giờ bắt đầu."),
    ({"title": "  "}, "title", None),
    ({"venue": "", "new_venue": ""}, "venue", "Hãy chọn địa điểm, hoặc ghi tên địa điểm mới."),
    ({"teacher_query": "Không Có Ai"}, "teacher_query", "Không có đoàn viên nào của xã/phường khớp"),
    ({"starts_at": "30/02/2027 08:00"}, "starts_at", None),
])
def test_create_shows_a_vietnamese_error_and_saves_nothing(fworld, client_for, changes, field, message):
    client = client_for(fworld.secretary)
    places = Place.objects.count()
    data = class_post(fworld, **changes)
    if "end_time" in changes:
        data["starts_at"] = typed(timezone.localtime(timezone.now() + dt.timedelta(days=3)).replace(hour=8))
    response = client.post(reverse("class_create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    text = " ".join(errors[field])
    if message and message != "This field is required.":
        assert message in text
    assert re.search(r"[ăâđêôơưáàảãạéèẻẽẹíìỉĩịóòỏõọúùủũụýỳỷỹỵ]", text.lower()), text  # Vietnamese
    assert LiteracyClass.objects.count() == 0 and Place.objects.count() == places


def test_a_scheduled_class_in_the_past_is_refused_but_a_held_one_is_recorded(fworld, client_for):
    client = client_for(fworld.secretary)
    yesterday = typed(timezone.now() - dt.timedelta(days=1))
    response = client.post(reverse("class_create"), class_post(fworld, starts_at=yesterday))
    assert "Đã tổ chức" in " ".join(response.context["form"].errors["starts_at"])
    assert LiteracyClass.objects.count() == 0
    response = client.post(reverse("class_create"), class_post(fworld, starts_at=yesterday, status="done"))
    assert response.status_code == 302
    assert LiteracyClass.objects.get().status == "done"


def test_province_admin_picks_the_commune_first(fworld, client_for):
    client = client_for(fworld.province_admin)
    html = client.get(reverse("class_create")).content.decode()
    assert fworld.commune.name in html and fworld.other_commune.name in html and 'name="commune"' in html
    html = client.get(reverse("class_create"), {"commune": fworld.other_commune.pk}).content.decode()
    assert fworld.other_place.name in html and fworld.place.name not in html


def test_team_leader_edits_a_class(fworld, client_for):
    cls = make_class(fworld)
    client = client_for(fworld.team_leader)
    form = client.get(reverse("class_edit", args=[cls.pk]))
    assert form.status_code == 200 and cls.title in form.content.decode()
    data = class_post(fworld, title="Lớp VNeID (đổi giờ)", starts_at=typed(cls.starts_at + dt.timedelta(hours=2)),
                      capacity="40", signup_open=None)
    data.pop("commune")
    assert client.post(reverse("class_edit", args=[cls.pk]), data).status_code == 302
    cls.refresh_from_db()
    assert (cls.title, cls.capacity, cls.signup_open) == ("Lớp VNeID (đổi giờ)", 40, False)


def test_detail_shows_the_signup_link_qr_and_counts(fworld, client_for):
    cls = make_class(fworld)
    services.signup(literacy_class=cls, full_name="Trần Thị Hương")
    html = client_for(fworld.secretary).get(reverse("class_detail", args=[cls.pk])).content.decode()
    assert f"http://testserver/classes/s/{cls.public_code}/" in html
    assert "<svg" in html and "Trần Thị Hương" in html
    assert "binhdanhocvuso.gov.vn" in html


# ---------------------------------------------------------------- public sign-up

def signup_form(client, cls):
    html = client.get(reverse("class_signup", args=[cls.public_code])).content.decode()
    token = re.search(r'name="client_token" value="([^"]+)"', html).group(1)
    return html, token


def test_public_signup_once_even_when_sent_twice(fworld, client):
    cls = make_class(fworld)
    html, token = signup_form(client, cls)
    assert cls.title in html and fworld.place.name in html and "binhdanhocvuso.gov.vn" in html
    assert "<script" not in html  # a tiny page: no JavaScript
    data = {"full_name": "Bùi Thị Nụ", "phone": "0977 123 456", "age_band": "60+", "client_token": token}
    url = reverse("class_signup", args=[cls.public_code])
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert "no-store" in client.get(url)["Cache-Control"]  # back to the form: a fresh token for the next person
    done = client.get(first["Location"]).content.decode()
    assert "Bùi Thị Nụ" in done and "đăng ký thành công" in done
    a = Attendee.objects.get()
    assert (a.full_name, a.phone, a.age_band, a.source, a.attended) == ("Bùi Thị Nụ", "0977123456", "60+",
                                                                          "signup", False)
    # The same phone from another device: no second row, and the name on file is not shown.
    _html, other = signup_form(client, cls)
    again = client.post(url, {**data, "full_name": "Ai đó", "client_token": other})
    assert again.status_code == 200 and "đã đăng ký lớp học này rồi" in again.content.decode()
    assert "Bùi Thị Nụ" not in again.content.decode()
    assert Attendee.objects.count() == 1


def test_signup_with_an_empty_name_is_refused_in_vietnamese(fworld, client):
    cls = make_class(fworld)
    _html, token = signup_form(client, cls)
    response = client.post(reverse("class_signup", args=[cls.public_code]),
                           {"full_name": "   ", "client_token": token})
    assert response.status_code == 200 and "Vui lòng ghi họ và tên." in response.content.decode()
    assert not Attendee.objects.exists()


def test_full_class_says_so_politely(fworld, client):
    cls = make_class(fworld, capacity=1)
    services.signup(literacy_class=cls, full_name="Người đầu tiên")
    html = client.get(reverse("class_signup", args=[cls.public_code])).content.decode()
    assert "Xin lỗi, lớp đã đủ chỗ." in html and 'name="full_name"' not in html
    response = client.post(reverse("class_signup", args=[cls.public_code]),
                           {"full_name": "Người thứ hai", "client_token": "t" * 24})
    assert "Xin lỗi, lớp đã đủ chỗ." in response.content.decode()
    assert cls.attendees.count() == 1


@pytest.mark.parametrize("close, words", [("started", "đã bắt đầu"), ("cancelled", "đã bị hủy"),
                                          ("switched_off", "đã đóng đăng ký")])
def test_signup_page_closes(fworld, client, close, words):
    cls = make_class(fworld)
    if close == "started":
        started(cls)
    elif close == "cancelled":
        services.class_cancel(literacy_class=cls)
    else:
        services.class_update(literacy_class=cls, signup_open=False)
    url = reverse("class_signup", args=[cls.public_code])
    html = client.get(url).content.decode()
    assert words in html and 'name="full_name"' not in html
    response = client.post(url, {"full_name": "Người đến muộn", "client_token": "x" * 24})
    assert response.status_code == 200 and words in response.content.decode()
    assert not Attendee.objects.exists()


def test_qr_decodes_to_the_absolute_signup_url(fworld, client):
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    cls = make_class(fworld)
    response = client.get(reverse("class_qr", args=[cls.public_code]))
    assert response["Content-Type"] == "image/png"
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(response.content)))
    assert [r.text for r in results] == [f"http://testserver/classes/s/{cls.public_code}/"]
    # The QR code shown inline on the class page encodes the same link.
    from tienphong.literacy.documents import qr_png

    img = Image.open(io.BytesIO(qr_png(f"https://tienphong.example.vn/classes/s/{cls.public_code}/")))
    assert zxingcpp.read_barcodes(img)[0].text == f"https://tienphong.example.vn/classes/s/{cls.public_code}/"
    svg = client.get(reverse("class_qr", args=[cls.public_code]), {"format": "svg"})
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content


# ---------------------------------------------------------------- attendance

def test_tapping_a_name_toggles_present_with_htmx_and_without(fworld, client_for):
    cls = started(make_class(fworld))
    a = Attendee.objects.create(literacy_class=cls, full_name="Phùng Văn Tài")  # signed up before the start
    client = client_for(fworld.volunteer)
    page = client.get(reverse("class_attendance", args=[cls.pk])).content.decode()
    assert "Phùng Văn Tài" in page and "htmx" in page
    url = reverse("class_attendance_toggle", args=[cls.pk, a.pk])
    response = client.post(url, {"present": "1"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and 'class="here"' in html and "có mặt" in html
    assert 'id="tally" hx-swap-oob="true"' in html and "<b>1</b>" in html
    assert Attendee.objects.get(pk=a.pk).attended
    plain = client.post(url, {"present": "0"})
    assert plain.status_code == 302 and plain["Location"].endswith(f"#a{a.pk}")
    assert not Attendee.objects.get(pk=a.pk).attended


def test_walk_in_form_adds_and_marks_present_once(fworld, client_for):
    cls = started(make_class(fworld))
    client = client_for(fworld.volunteer)
    token = re.search(r'name="client_token" value="([^"]+)"',
                      client.get(reverse("class_attendance", args=[cls.pk])).content.decode()).group(1)
    data = {"full_name": "Cao Thị Lụa", "age_band": "36-59", "client_token": token}
    for _ in range(2):
        assert client.post(reverse("class_walk_in", args=[cls.pk]), data).status_code == 302
    a = Attendee.objects.get()
    assert (a.full_name, a.source, a.attended) == ("Cao Thị Lụa", "walk_in", True)
    empty = client.post(reverse("class_walk_in", args=[cls.pk]), {"full_name": "", "client_token": "y" * 24})
    assert "Vui lòng ghi họ và tên." in empty.content.decode() and Attendee.objects.count() == 1


def test_attendance_over_three_times_capacity_is_refused(fworld, client_for):
    cls = started(make_class(fworld, capacity=1))
    for i in range(ATTENDANCE_CAP_FACTOR):
        services.add_walk_in(literacy_class=cls, full_name=f"Người {i}")
    client = client_for(fworld.volunteer)
    response = client.post(reverse("class_walk_in", args=[cls.pk]), {"full_name": "Người thứ tư",
                                                                      "client_token": "z" * 24})
    html = response.content.decode()
    assert "Lớp 1 chỗ chỉ ghi được tối đa 3 người tham dự" in html and "Chưa lưu gì" in html
    assert cls.attendees.count() == ATTENDANCE_CAP_FACTOR


def test_marking_the_class_held(fworld, client_for):
    cls = make_class(fworld)
    client = client_for(fworld.volunteer)
    url = reverse("class_status", args=[cls.pk])
    client.post(url, {"action": "held"})
    assert LiteracyClass.objects.get(pk=cls.pk).status == "scheduled"  # not started yet
    started(cls)
    assert client.post(url, {"action": "held", "next": "attendance"})["Location"] == \
        reverse("class_attendance", args=[cls.pk])
    assert LiteracyClass.objects.get(pk=cls.pk).status == "done"
    # A volunteer may not cancel; a secretary may (a class still scheduled).
    other = make_class(fworld)
    assert client.post(reverse("class_status", args=[other.pk]), {"action": "cancel"}).status_code == 404
    client_for(fworld.secretary).post(reverse("class_status", args=[other.pk]), {"action": "cancel"})
    assert LiteracyClass.objects.get(pk=other.pk).status == "cancelled"


# ---------------------------------------------------------------- PDFs

def test_attendance_sheet_pdf_lists_the_names(fworld, client_for):
    cls = make_class(fworld)
    for name in ("Nguyễn Thị Ánh", "Đặng Văn Ửng"):
        services.signup(literacy_class=cls, full_name=name)
    response = client_for(fworld.volunteer).get(reverse("class_sheet_pdf", args=[cls.pk]))
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    text = flat(pdf_text(pdf))
    for words in ("Nguyễn Thị Ánh", "Đặng Văn Ửng", "Danh sách điểm danh", "Ký tên", cls.title, fworld.place.name):
        assert words in text, words


def test_certificates_only_for_those_present(fworld, client_for):
    cls = make_class(fworld, starts_in=-dt.timedelta(hours=3))
    here, _ = services.add_walk_in(literacy_class=cls, full_name="Lương Thị Yến")
    also, _ = services.add_walk_in(literacy_class=cls, full_name="Võ Đình Quý")
    absent = Attendee.objects.create(literacy_class=cls, full_name="Tạ Văn Vắng")
    client = client_for(fworld.secretary)
    one = client.get(reverse("class_certificate_pdf", args=[cls.pk, here.pk])).content
    assert one.startswith(b"%PDF-") and page_count(one) == 1
    text = flat(pdf_text(one))
    assert "Lương Thị Yến" in text and "GIẤY CHỨNG NHẬN" in text and "Bình dân học vụ số" in text
    assert "Võ Đình Quý" not in text
    assert client.get(reverse("class_certificate_pdf", args=[cls.pk, absent.pk])).status_code == 404
    every = client.get(reverse("class_certificates_pdf", args=[cls.pk])).content
    assert page_count(every) == 2
    text = flat(pdf_text(every))
    assert "Lương Thị Yến" in text and "Võ Đình Quý" in text and "Tạ Văn Vắng" not in text


def test_no_certificates_before_anyone_is_present(fworld, client_for):
    cls = make_class(fworld)
    response = client_for(fworld.secretary).get(reverse("class_certificates_pdf", args=[cls.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("class_detail", args=[cls.pk])


def test_a_tap_over_the_cap_shows_the_error_in_the_row_and_saves_nothing(fworld, client_for):
    cls = started(make_class(fworld, capacity=1))
    rows = [Attendee.objects.create(literacy_class=cls, full_name=f"Người {i}") for i in range(4)]
    for a in rows[:3]:
        services.set_present(attendee=a, present=True)
    client = client_for(fworld.volunteer)
    response = client.post(reverse("class_attendance_toggle", args=[cls.pk, rows[3].pk]), {"present": "1"},
                           headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and 'role="alert"' in html and "tối đa 3 người tham dự" in html
    assert 'class="here"' not in html and not Attendee.objects.get(pk=rows[3].pk).attended
    plain = client.post(reverse("class_attendance_toggle", args=[cls.pk, rows[3].pk]), {"present": "1"},
                        follow=True)
    assert "tối đa 3 người tham dự" in plain.content.decode()
    assert not Attendee.objects.get(pk=rows[3].pk).attended


def test_a_started_class_can_still_be_edited_through_the_form(fworld, client_for):
    cls = started(make_class(fworld), ago=dt.timedelta(minutes=20, seconds=17))
    client = client_for(fworld.secretary)
    form = client.get(reverse("class_edit", args=[cls.pk])).content.decode()
    shown = re.search(r'name="starts_at" value="([^"]+)"', form).group(1)
    assert shown == typed(cls.starts_at)
    data = class_post(fworld, title="Lớp đang học", starts_at=shown)
    data.pop("commune")
    assert client.post(reverse("class_edit", args=[cls.pk]), data).status_code == 302
    assert LiteracyClass.objects.get(pk=cls.pk).title == "Lớp đang học"

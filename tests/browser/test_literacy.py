"""Digital-literacy classes on a 360 px phone: a citizen signs up, a volunteer takes attendance,
a secretary schedules a class."""

import datetime as dt
import re

import pytest
expect = pytest.importorskip("playwright.sync_api", reason="needs the test extra: pip install -e .[test]").expect

from django.utils import timezone

from tienphong.literacy import services
from tienphong.literacy.models import Attendee, LiteracyClass, Module

from .helpers import scroll_width

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]  # WhiteNoise, no collectstatic


def _class(world, starts_in=dt.timedelta(days=2), **extra):
    starts = timezone.now() + starts_in
    kwargs = dict(title="Sử dụng VNeID và dịch vụ công trực tuyến cho người cao tuổi", commune=world.commune,
                  venue=world.place, starts_at=starts, ends_at=starts + dt.timedelta(minutes=90),
                  modules=list(Module.objects.filter(code__in=["vneid", "public_services", "cyber_safety"])),
                  teachers=[world.leader_member], capacity=30)
    kwargs.update(extra)
    return services.class_create(**kwargs)


def test_citizen_signs_up_on_a_phone(page, bfield, shot):
    cls = _class(bfield)
    page.goto(f"/classes/s/{cls.public_code}/")
    expect(page.locator("main h1")).to_have_text(cls.title)
    expect(page.locator(".public-class")).to_contain_text("Nhà văn hóa Tổ dân phố 1")
    expect(page.locator(".public-class a[href*='binhdanhocvuso.gov.vn']")).to_have_count(3)
    assert page.locator("script").count() == 0  # a tiny page: no JavaScript
    shot("1-form")
    assert scroll_width(page) <= 360

    page.click("form.signup button[type=submit]")  # nothing typed
    expect(page.locator(".errorlist")).to_contain_text("Vui lòng ghi họ và tên.")
    assert not Attendee.objects.exists()

    page.fill("#id_full_name", "Bùi Thị Nụ")
    page.fill("#id_phone", "0977 123 456")
    page.check("input[name=age_band][value='60+']")
    shot("2-filled")
    page.click("form.signup button[type=submit]")
    expect(page.locator(".msg.done")).to_contain_text("Cảm ơn Bùi Thị Nụ: bạn đã đăng ký thành công.")
    shot("3-done")
    assert scroll_width(page) <= 360

    # Someone else on the same phone opens a fresh form; the same number again makes no second sign-up.
    page.click("a.btn[href$='/classes/s/%s/']" % cls.public_code)
    expect(page.locator("#id_full_name")).to_have_value("")
    page.fill("#id_full_name", "Bùi Thị Nụ")
    page.fill("#id_phone", "0977123456")
    page.click("form.signup button[type=submit]")
    expect(page.locator(".msg.done")).to_contain_text("Số điện thoại này đã đăng ký lớp học này rồi.")
    a = Attendee.objects.get()
    assert (a.full_name, a.phone, a.age_band, a.literacy_class_id) == ("Bùi Thị Nụ", "0977123456", "60+", cls.pk)


def test_volunteer_takes_attendance_by_tapping_names(page, bfield, login, shot):
    cls = _class(bfield, starts_in=dt.timedelta(days=1), capacity=20)
    for name, phone in [("Nguyễn Văn An", "0911000001"), ("Trần Thị Bích Ngọc", ""),
                        ("Tôn Nữ Hoàng Thị Thanh Xuân", "0911000003")]:
        services.signup(literacy_class=cls, full_name=name, phone=phone, age_band="60+")
    now = timezone.now()  # the class began ten minutes ago
    LiteracyClass.objects.filter(pk=cls.pk).update(starts_at=now - dt.timedelta(minutes=10),
                                                   ends_at=now + dt.timedelta(minutes=80))

    login(bfield.volunteer)
    page.goto("/classes/")
    page.click(f"a[href='/classes/{cls.pk}/']")
    page.click(f"a[href='/classes/{cls.pk}/attendance/']")
    expect(page.locator("main h1")).to_have_text("Điểm danh")
    rows = page.locator("ul.roll > li")
    expect(rows).to_have_count(3)
    shot("1-list")
    assert scroll_width(page) <= 360

    for name in ("Nguyễn Văn An", "Tôn Nữ Hoàng Thị Thanh Xuân"):
        row = rows.filter(has_text=name)
        row.locator("button.tap").tap()
        expect(rows.filter(has_text=name)).to_have_class("here")
    expect(page.locator("#tally b")).to_have_text("2")
    # A wrong tap is undone by tapping again.
    rows.filter(has_text="Trần Thị Bích Ngọc").locator("button.tap").tap()
    expect(rows.filter(has_text="Trần Thị Bích Ngọc")).to_have_class("here")
    rows.filter(has_text="Trần Thị Bích Ngọc").locator("button.tap").tap()
    expect(rows.filter(has_text="Trần Thị Bích Ngọc")).not_to_have_class("here")
    expect(page.locator("#tally b")).to_have_text("2")
    shot("2-tapped")
    assert set(cls.attendees.filter(attended=True).values_list("full_name", flat=True)) == {
        "Nguyễn Văn An", "Tôn Nữ Hoàng Thị Thanh Xuân"}

    page.fill("#id_full_name", "Cao Thị Lụa")
    page.check("input[name=age_band][value='36-59']")
    page.click("form.walk-in button[type=submit]")
    expect(page.locator(".msg")).to_contain_text("Đã thêm Cao Thị Lụa và điểm danh có mặt.")
    expect(rows).to_have_count(4)
    expect(rows.filter(has_text="Cao Thị Lụa")).to_have_class("here")
    expect(page.locator("#tally b")).to_have_text("3")
    shot("3-walk-in")
    assert scroll_width(page) <= 360

    page.click("button[name=action][value=held]")
    expect(page.locator(".msg")).to_contain_text("Đã ghi lớp học là đã tổ chức.")
    cls.refresh_from_db()
    assert cls.status == "done"
    assert cls.attendees.filter(attended=True).count() == 3
    walk_in = cls.attendees.get(full_name="Cao Thị Lụa")
    assert (walk_in.source, walk_in.age_band) == ("walk_in", "36-59")


def test_secretary_schedules_a_class_and_shares_its_qr(page, bfield, login, shot):
    login(bfield.secretary)
    page.goto("/classes/")
    page.click("a[href='/classes/new/']")
    expect(page.locator("main h1")).to_have_text("Lớp học mới")
    shot("1-form")
    assert scroll_width(page) <= 360

    starts = timezone.localtime(timezone.now() + dt.timedelta(days=3)).replace(hour=19, minute=30)
    page.fill("#id_title", "Thanh toán không dùng tiền mặt an toàn")
    page.fill("#id_new_venue", "Nhà văn hóa thôn Đông")
    page.fill("#id_starts_at", starts.strftime("%d/%m/%Y %H:%M"))
    page.select_option("#id_duration", "120")
    page.check("input[name=modules][value='%s']" % Module.objects.get(code="cashless").pk)
    page.check("input[name=teachers][value='%s']" % bfield.volunteer_member.pk)
    page.fill("#id_capacity", "0")
    page.click("form.class-form button[type=submit]")
    expect(page.locator(".errorlist")).to_contain_text("Số chỗ phải từ 1 đến 1.000 người.")
    assert not LiteracyClass.objects.exists()
    shot("2-error")

    page.fill("#id_capacity", "40")
    page.click("form.class-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/classes/\d+/$"))
    expect(page.locator(".signup-share svg")).to_be_visible()
    shot("3-detail")
    assert scroll_width(page) <= 360
    cls = LiteracyClass.objects.get()
    assert cls.venue.name == "Nhà văn hóa thôn Đông" and cls.capacity == 40
    assert timezone.localtime(cls.starts_at).strftime("%d/%m/%Y %H:%M") == starts.strftime("%d/%m/%Y %H:%M")
    assert cls.ends_at - cls.starts_at == dt.timedelta(hours=2)
    assert list(cls.modules.values_list("code", flat=True)) == ["cashless"]  # kept through the error
    assert list(cls.teachers.all()) == [bfield.volunteer_member]
    expect(page.locator(".signup-link")).to_have_text(re.compile(rf"/classes/s/{cls.public_code}/$"))

    page.goto("/classes/")
    expect(page.locator("main table")).to_contain_text("Thanh toán không dùng tiền mặt an toàn")
    shot("4-list")
    assert scroll_width(page) <= 360

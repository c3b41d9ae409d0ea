"""Rules of classes, sign-up and attendance, at the service level."""

import datetime as dt

import pytest
from django.db.models import Q
from django.utils import timezone

from tienphong.core.errors import DomainError
from tienphong.core.paths import subtree_q
from tienphong.literacy import selectors, services
from tienphong.literacy.models import ATTENDANCE_CAP_FACTOR, Attendee, LiteracyClass
from tienphong.places.models import Place

from .factories import make_class
from ..personas import build_field_world
from ..scenes import once_per_module

# Built once for the module instead of once per test; see tests/scenes.py.
fworld, _fworld = once_per_module(build_field_world, "fworld")

pytestmark = pytest.mark.django_db

TOKEN = "tok-0123456789abcdef"


def started(cls, ago=dt.timedelta(minutes=10)):
    """Move a class's start into the past, as if time had passed since it was scheduled."""
    now = timezone.now()
    LiteracyClass.objects.filter(pk=cls.pk).update(starts_at=now - ago, ends_at=now - ago + dt.timedelta(hours=2))
    cls.refresh_from_db()
    return cls


def unchanged(model):
    """Context: the table's row count must not change (nothing saved on error)."""
    class _Guard:
        def __enter__(self):
            self.before = model.objects.count()

        def __exit__(self, *exc):
            assert model.objects.count() == self.before
    return _Guard()


# ---------------------------------------------------------------- creating and editing

def test_create_fills_path_search_and_relations(fworld):
    cls = make_class(fworld, custom_topic="  Nhận biết  lừa đảo ")
    assert cls.path == fworld.commune.path
    assert cls.status == LiteracyClass.Status.SCHEDULED
    assert cls.custom_topic == "Nhận biết lừa đảo"
    assert " vneid" in cls.search_text and " nha van hoa" in cls.search_text
    assert set(cls.modules.values_list("code", flat=True)) == {"vneid", "public_services"}
    assert list(cls.teachers.all()) == [fworld.leader_member]
    assert len(cls.public_code) >= 10


@pytest.mark.parametrize("changes, code", [
    ({"title": "   "}, "title_required"),
    ({"capacity": 0}, "capacity_invalid"),
    ({"capacity": 1001}, "capacity_invalid"),
    ({"starts_in": -dt.timedelta(hours=1), "status": "scheduled"}, "starts_in_past"),
    ({"duration": -dt.timedelta(minutes=30)}, "ends_before_start"),
    ({"duration": dt.timedelta(0)}, "ends_before_start"),
    ({"duration": dt.timedelta(hours=20)}, "too_long"),
    ({"status": "done"}, "held_in_future"),
])
def test_create_refuses_bad_input_and_saves_nothing(fworld, changes, code):
    with unchanged(LiteracyClass), pytest.raises(DomainError) as e:
        make_class(fworld, **changes)
    assert e.value.code == code
    assert e.value.message and e.value.message != code


def test_past_class_may_be_recorded_as_held(fworld):
    cls = make_class(fworld, starts_in=-dt.timedelta(days=2))
    assert cls.status == LiteracyClass.Status.DONE


def test_venue_and_teacher_must_belong_to_the_commune(fworld):
    from tests.factories import MemberFactory

    with pytest.raises(DomainError) as e:
        make_class(fworld, venue=fworld.other_place)
    assert e.value.code == "venue_outside"
    stranger = MemberFactory(full_name="Vũ Văn Khách", branch=fworld.other_branch)
    with unchanged(LiteracyClass), pytest.raises(DomainError) as e:
        make_class(fworld, teachers=[stranger])
    assert e.value.code == "teacher_outside"


def test_venue_create_reuses_a_place_of_the_same_name(fworld):
    a = services.venue_create(commune=fworld.commune, name="Nhà văn hóa thôn  Đông")
    b = services.venue_create(commune=fworld.commune, name="nhà văn hóa thôn đông", kind=Place.Kind.SCHOOL)
    assert a.pk == b.pk and a.name == "Nhà văn hóa thôn Đông" and a.path == fworld.commune.path
    assert services.venue_create(commune=fworld.commune, name=fworld.place.name).pk == fworld.place.pk
    with pytest.raises(DomainError) as e:
        services.venue_create(commune=fworld.commune, name="  ")
    assert e.value.code == "venue_name_required"


def test_update_keeps_a_started_class_but_refuses_moving_it_into_the_past(fworld):
    cls = started(make_class(fworld))
    services.class_update(literacy_class=cls, title="Lớp VNeID buổi tối", capacity=40)
    cls.refresh_from_db()
    assert cls.title == "Lớp VNeID buổi tối" and cls.capacity == 40
    future = make_class(fworld)
    with pytest.raises(DomainError) as e:
        services.class_update(literacy_class=future, starts_at=timezone.now() - dt.timedelta(days=1),
                              ends_at=None)
    assert e.value.code == "starts_in_past"
    future.refresh_from_db()
    assert future.starts_at > timezone.now()


def test_capacity_cannot_drop_below_what_attendance_needs(fworld):
    cls = make_class(fworld, capacity=2)
    for i in range(5):
        services.add_walk_in(literacy_class=cls, full_name=f"Người {i}")
    with pytest.raises(DomainError) as e:
        services.class_update(literacy_class=cls, capacity=1)
    assert e.value.code == "capacity_below_attendance"
    assert LiteracyClass.objects.get(pk=cls.pk).capacity == 2


def test_mark_held_only_after_start_and_not_when_cancelled(fworld):
    cls = make_class(fworld)
    with pytest.raises(DomainError) as e:
        services.class_mark_held(literacy_class=cls)
    assert e.value.code == "held_in_future"
    started(cls)
    services.class_mark_held(literacy_class=cls)
    assert LiteracyClass.objects.get(pk=cls.pk).status == "done"
    with pytest.raises(DomainError):
        services.class_cancel(literacy_class=cls)
    other = started(make_class(fworld))
    services.class_cancel(literacy_class=other)
    with pytest.raises(DomainError) as e:
        services.class_mark_held(literacy_class=other)
    assert e.value.code == "class_cancelled"


# ---------------------------------------------------------------- public sign-up

def test_signup_is_idempotent_by_token_and_by_phone(fworld):
    cls = make_class(fworld)
    a, created = services.signup(literacy_class=cls, full_name="Nguyễn Thị  Lan", phone="+84 912 345 678",
                                 age_band="60+", client_token=TOKEN)
    assert created and a.full_name == "Nguyễn Thị Lan" and a.phone == "0912345678" and a.source == "signup"
    again, created = services.signup(literacy_class=cls, full_name="Nguyễn Thị Lan", phone="0912345678",
                                     age_band="60+", client_token=TOKEN)
    assert not created and again.pk == a.pk
    same_phone, created = services.signup(literacy_class=cls, full_name="Lan", phone="0912.345.678",
                                          client_token="another-token-0123456789")
    assert not created and same_phone.pk == a.pk
    assert cls.attendees.count() == 1


def test_signup_refuses_empty_name_bad_phone_and_unknown_age(fworld):
    cls = make_class(fworld)
    for kwargs, code in [({"full_name": "  "}, "name_required"),
                         ({"full_name": "An", "phone": "12345"}, "phone_invalid"),
                         ({"full_name": "An", "age_band": "99+"}, "age_band_invalid")]:
        with unchanged(Attendee), pytest.raises(DomainError) as e:
            services.signup(literacy_class=cls, **kwargs)
        assert e.value.code == code


def test_signup_stops_at_capacity_politely(fworld):
    cls = make_class(fworld, capacity=2)
    services.signup(literacy_class=cls, full_name="An")
    services.signup(literacy_class=cls, full_name="Bình")
    with unchanged(Attendee), pytest.raises(DomainError) as e:
        services.signup(literacy_class=cls, full_name="Chi")
    assert e.value.code == "class_full"
    assert "Sorry" in e.value.message or "Xin lỗi" in e.value.message


@pytest.mark.parametrize("close", ["started", "done", "cancelled", "switched_off"])
def test_signup_closes(fworld, close):
    cls = make_class(fworld)
    if close == "started":
        started(cls)
    elif close == "done":
        services.class_mark_held(literacy_class=started(cls))
    elif close == "cancelled":
        services.class_cancel(literacy_class=cls)
    else:
        services.class_update(literacy_class=cls, signup_open=False)
    cls.refresh_from_db()
    assert services.signup_closed_reason(cls)
    with unchanged(Attendee), pytest.raises(DomainError) as e:
        services.signup(literacy_class=cls, full_name="Trần Văn Muộn")
    assert e.value.code == "signup_closed"


def test_a_resent_form_after_closing_still_finds_its_row(fworld):
    cls = make_class(fworld)
    a, _ = services.signup(literacy_class=cls, full_name="Đinh Thị Hoa", client_token=TOKEN)
    started(cls)
    again, created = services.signup(literacy_class=cls, full_name="Đinh Thị Hoa", client_token=TOKEN)
    assert again.pk == a.pk and not created


# ---------------------------------------------------------------- attendance

def test_walk_in_is_present_and_idempotent(fworld):
    cls = started(make_class(fworld))
    a, created = services.add_walk_in(literacy_class=cls, full_name="Hoàng Văn Tới", age_band="36-59",
                                      client_token=TOKEN)
    assert created and a.attended and a.attended_at and a.source == "walk_in"
    b, created = services.add_walk_in(literacy_class=cls, full_name="Hoàng Văn Tới", client_token=TOKEN)
    assert not created and b.pk == a.pk and cls.attendees.count() == 1


def test_walk_in_with_the_phone_of_a_signup_marks_that_signup_present(fworld):
    cls = make_class(fworld)
    a, _ = services.signup(literacy_class=cls, full_name="Lý Thị Mai", phone="0987654321")
    b, created = services.add_walk_in(literacy_class=cls, full_name="Mai", phone="0987 654 321")
    assert not created and b.pk == a.pk
    assert Attendee.objects.get(pk=a.pk).attended


def test_toggle_present_and_back(fworld):
    cls = make_class(fworld)
    a, _ = services.signup(literacy_class=cls, full_name="Phan Văn Đức")
    services.set_present(attendee=a, present=True)
    a.refresh_from_db()
    assert a.attended and a.attended_at
    services.set_present(attendee=a, present=False)
    a.refresh_from_db()
    assert not a.attended and a.attended_at is None


def test_attendance_cannot_exceed_three_times_capacity(fworld):
    cls = make_class(fworld, capacity=2)
    limit = 2 * ATTENDANCE_CAP_FACTOR
    for i in range(limit):
        services.add_walk_in(literacy_class=cls, full_name=f"Người đến {i}")
    with unchanged(Attendee), pytest.raises(DomainError) as e:
        services.add_walk_in(literacy_class=cls, full_name="Người thứ bảy")
    assert e.value.code == "attendance_cap"
    assert cls.attendees.filter(attended=True).count() == limit


def test_present_cap_also_holds_for_rows_already_there(fworld):
    cls = make_class(fworld, capacity=1)
    rows = [Attendee.objects.create(literacy_class=cls, full_name=f"Hàng {i}") for i in range(4)]
    for a in rows[:3]:
        services.set_present(attendee=a, present=True)
    with pytest.raises(DomainError) as e:
        services.set_present(attendee=rows[3], present=True)
    assert e.value.code == "attendance_cap"
    assert not Attendee.objects.get(pk=rows[3].pk).attended


def test_no_attendance_for_a_cancelled_class(fworld):
    cls = make_class(fworld)
    a, _ = services.signup(literacy_class=cls, full_name="An")
    services.class_cancel(literacy_class=cls)
    cls.refresh_from_db()
    with pytest.raises(DomainError):
        services.set_present(attendee=a, present=True)
    with unchanged(Attendee), pytest.raises(DomainError):
        services.add_walk_in(literacy_class=cls, full_name="Bình")


# ---------------------------------------------------------------- counts for dashboards

def test_class_counts_by_scope_and_period(fworld):
    now = timezone.now()
    held = make_class(fworld, starts_in=-dt.timedelta(days=2))
    for name in ("An", "Bình", "Chi"):
        services.add_walk_in(literacy_class=held, full_name=name)
    Attendee.objects.create(literacy_class=held, full_name="Vắng mặt")  # signed up, never came
    old = make_class(fworld, starts_in=-dt.timedelta(days=40))
    services.add_walk_in(literacy_class=old, full_name="Dũng")
    make_class(fworld)  # scheduled, upcoming
    cancelled = started(make_class(fworld), ago=dt.timedelta(days=1))
    services.add_walk_in(literacy_class=cancelled, full_name="Không tính")
    services.class_cancel(literacy_class=cancelled)
    unmarked = started(make_class(fworld), ago=dt.timedelta(days=3))  # took place, nobody tapped "held"
    services.add_walk_in(literacy_class=unmarked, full_name="Ế")
    other_place = fworld.other_place
    elsewhere = make_class(fworld, commune=fworld.other_commune, venue=other_place, teachers=[],
                           starts_in=-dt.timedelta(days=1))
    services.add_walk_in(literacy_class=elsewhere, full_name="Ở Phù Vân")

    c = selectors.class_counts(path_q=subtree_q(fworld.commune.path))
    assert (c.held, c.present, c.scheduled) == (3, 5, 1)
    c = selectors.class_counts(path_q=subtree_q(fworld.commune.path), since=now - dt.timedelta(days=7))
    assert (c.held, c.present) == (2, 4)
    c = selectors.class_counts(path_q=subtree_q(fworld.commune.path), now=now - dt.timedelta(days=5))
    assert (c.held, c.present, c.scheduled) == (2, 4, 2)  # seen five days ago: the unmarked one was ahead
    c = selectors.class_counts(path_q=subtree_q(fworld.commune.path), since=(now - dt.timedelta(days=60)).date(),
                               until=(now - dt.timedelta(days=7)).date())
    assert (c.held, c.present) == (1, 1)
    c = selectors.class_counts(path_q=subtree_q(fworld.province.path))
    assert (c.held, c.present) == (4, 6)
    assert selectors.class_counts(path_q=Q(pk__in=[])).held == 0


def test_attendees_are_listed_by_given_name(fworld):
    cls = make_class(fworld)
    for name in ("Trần Văn Bình", "Nguyễn Thị An", "Đỗ Minh Anh", "Lê Ánh"):
        services.signup(literacy_class=cls, full_name=name)
    services.set_present(attendee=cls.attendees.get(full_name="Lê Ánh"), present=True)
    assert [a.full_name for a in selectors.attendee_list(cls)] == [
        "Nguyễn Thị An", "Đỗ Minh Anh", "Lê Ánh", "Trần Văn Bình"]
    assert [a.full_name for a in selectors.attendee_list(cls, present_only=True)] == ["Lê Ánh"]

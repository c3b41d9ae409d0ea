"""Public sign-up is limited per client address: one client cannot fill a class.

Defaults: SIGNUP_LIMIT_PER_CLASS (5) per class and SIGNUP_LIMIT_PER_CLIENT (20) in all, per hour.
A refusal is a Vietnamese page, 429, and stores nothing; only what was stored counts.
"""

import pytest
from django.urls import reverse

from tienphong.core import ratelimit
from tienphong.literacy.models import Attendee

from ..personas import build_field_world
from ..scenes import once_per_module
from .factories import make_class

# Built once for the module instead of once per test; see tests/scenes.py.
fworld, _fworld = once_per_module(build_field_world, "fworld")

pytestmark = pytest.mark.django_db

ONE = "203.0.113.21"
TWO = "198.51.100.22"


def sign_up(client, cls, i, address=ONE, **data):
    data = {"full_name": f"Người dân số {i}", "phone": f"0912 000 {i:03d}", "client_token": "token-" + address.replace(".", "-") + f"-{i:04d}",
            **data}
    return client.post(reverse("class_signup", args=[cls.public_code]), data, REMOTE_ADDR=address)


def test_settings_defaults():
    from django.conf import settings

    assert (settings.SIGNUP_LIMIT_PER_CLASS, settings.SIGNUP_LIMIT_PER_CLIENT, settings.SIGNUP_LIMIT_WINDOW) == (
        5, 20, 3600)


def test_one_client_cannot_fill_a_class(fworld, client):
    cls = make_class(fworld)
    responses = [sign_up(client, cls, i) for i in range(21)]
    assert [r.status_code for r in responses] == [302] * 5 + [429] * 16
    assert cls.attendees.count() == 5
    refused = responses[-1]
    page = refused.content.decode()
    assert "Có quá nhiều lượt đăng ký từ cùng một điện thoại hoặc mạng" in page
    assert "chưa được lưu" in page and cls.title in page
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "Người dân số 20" not in set(Attendee.objects.values_list("full_name", flat=True))


def test_each_client_is_counted_on_its_own(fworld, client):
    cls = make_class(fworld)
    for n, address in enumerate((ONE, TWO)):
        codes = [sign_up(client, cls, i, address, phone=f"09{n}{i:07d}").status_code for i in range(7)]
        assert codes == [302] * 5 + [429] * 2
    assert cls.attendees.count() == 10


def test_the_limit_is_per_class_and_in_all(fworld, client, settings):
    settings.SIGNUP_LIMIT_PER_CLIENT = 7
    first, second = make_class(fworld), make_class(fworld, title="Mua sắm trực tuyến an toàn")
    assert [sign_up(client, first, i).status_code for i in range(5)] == [302] * 5
    assert [sign_up(client, second, 100 + i).status_code for i in range(3)] == [302, 302, 429]
    assert (first.attendees.count(), second.attendees.count()) == (5, 2)


def test_what_stores_nothing_does_not_count(fworld, client):
    """A typo in the form or the same form sent again: not a sign-up, the client keeps its turns."""
    cls = make_class(fworld)
    for i in range(6):
        assert sign_up(client, cls, i, full_name="  ").status_code == 200  # refused: no name
    assert sign_up(client, cls, 0).status_code == 302
    for _again in range(6):
        assert sign_up(client, cls, 0).status_code == 302  # the same form: the row already made
    assert [sign_up(client, cls, i).status_code for i in range(1, 6)] == [302] * 4 + [429]
    assert cls.attendees.count() == 5


def test_after_the_window_the_client_may_sign_up_again(fworld, client, monkeypatch):
    cls = make_class(fworld)
    assert [sign_up(client, cls, i).status_code for i in range(6)] == [302] * 5 + [429]
    later = ratelimit.time.time() + 3600
    monkeypatch.setattr(ratelimit.time, "time", lambda: later)
    assert sign_up(client, cls, 6).status_code == 302
    assert cls.attendees.count() == 6


def test_the_cache_keeps_no_address(fworld, client):
    from django.core.cache import caches

    cls = make_class(fworld)
    for i in range(3):
        sign_up(client, cls, i)
    store = caches["default"]
    keys = [k for k in store._cache if ":rl:" in k]
    assert len(keys) == 2  # this class, and all classes
    for key in keys:
        assert ONE not in key and ONE.encode() not in store._cache[key]

"""Login brute force: a username is locked out from an address after a few wrong passwords.

Locked by the pair (username, address): a guesser at one address stops after LOGIN_FAILURE_LIMIT
tries, while the real user on their own phone (another address) still logs in, and nobody can lock
a colleague out from afar. The province admin sees the lockouts and can lift one.
"""

import datetime as dt
import json

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from tienphong.core.models import AuditEntry
from tienphong.support.models import SupportRecord

from ..factories import PASSWORD

pytestmark = pytest.mark.django_db

GUESSER = "203.0.113.5"
ELSEWHERE = "198.51.100.7"


@pytest.fixture
def guest():
    """A browser of its own (the `client` fixture is the one `client_for` logs in)."""
    return Client()


def login(client, username, password, address=GUESSER, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def lock(client, username="bithu.phuly", address=GUESSER):
    responses = [login(client, username, f"sai-{i}", address) for i in range(settings.AXES_FAILURE_LIMIT)]
    assert [r.status_code for r in responses] == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    return responses[-1]


def test_limit_and_cool_off_are_the_documented_defaults():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME * 60 == 15
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_five_wrong_passwords_lock_out_even_the_right_one(client, world):
    last_wrong = lock(client)
    right = login(client, "bithu.phuly", PASSWORD)
    for response in (last_wrong, right):
        assert response.status_code == 429
        page = response.content.decode()
        assert "Đăng nhập sai quá nhiều lần" in page
        assert "15 phút" in page
        assert '<nav class="nav"' in page or "<header" in page  # the site's layout, not a bare text
        assert 0 < int(response["Retry-After"]) <= 15 * 60
    assert "_auth_user_id" not in client.session
    # The page says until when, in local time.
    attempt = AccessAttempt.objects.get(username="bithu.phuly")
    from django.utils import timezone

    until = timezone.localtime(attempt.attempt_time + dt.timedelta(minutes=15))
    assert until.strftime("%H:%M") in right.content.decode()


def test_a_right_password_before_the_limit_forgets_the_typos(client, world):
    for i in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "bithu.phuly", f"sai-{i}").status_code == 200
    assert login(client, "bithu.phuly", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for i in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "bithu.phuly", f"sai-{i}").status_code == 200
    assert login(client, "bithu.phuly", PASSWORD).status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, world):
    lock(client)
    assert login(client, "bithu.phuly", PASSWORD).status_code == 429
    # Sixteen minutes later.
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - dt.timedelta(minutes=16))
    response = login(client, "bithu.phuly", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_the_username_is_locked_at_that_address_only(client, world, django_user_model):
    lock(client)
    # The real user, on their own phone: logs in.
    assert login(client, "bithu.phuly", PASSWORD, ELSEWHERE).status_code == 302
    client.post(reverse("logout"))
    # A colleague at the guesser's address (the same shared network): logs in.
    assert login(client, "tnv.phuly", PASSWORD, GUESSER).status_code == 302
    client.post(reverse("logout"))
    # The case or spaces of the username do not give the guesser new tries.
    assert login(client, " BiThu.PhuLy ", PASSWORD, GUESSER).status_code == 429


def test_behind_a_proxy_the_forwarded_client_is_locked_and_cannot_forge_its_way_out(client, world, settings):
    settings.PROXY_COUNT = 1
    proxy = "192.0.2.1"
    for i in range(settings.AXES_FAILURE_LIMIT):
        login(client, "bithu.phuly", f"sai-{i}", proxy, HTTP_X_FORWARDED_FOR=f"10.9.9.{i}, {GUESSER}")
    assert AccessAttempt.objects.get().ip_address == GUESSER
    # Writing another address in front of the proxy's does not help.
    forged = login(client, "bithu.phuly", PASSWORD, proxy, HTTP_X_FORWARDED_FOR=f"{ELSEWHERE}, {GUESSER}")
    assert forged.status_code == 429
    # Another client behind the same proxy logs in.
    assert login(client, "bithu.phuly", PASSWORD, proxy, HTTP_X_FORWARDED_FOR=ELSEWHERE).status_code == 302


def test_the_phones_sync_gets_no_session_while_locked(client, fworld):
    """The phone logs in through the same /login/ form; the sync API has no login of its own."""
    lock(client, "tnv.phuly")
    assert login(client, "tnv.phuly", PASSWORD).status_code == 429
    entry = {"uuid": "7d6c1c1e-58f6-4d7a-9d7e-2b1a6f0e9a11", "services": ["vneid"], "people": 1}
    response = client.post("/api/v1/support/sync", json.dumps({"entries": [entry]}),
                           content_type="application/json", REMOTE_ADDR=GUESSER)
    assert response.status_code in (401, 403)
    assert not SupportRecord.objects.exists()
    # The API offers no other way in (no basic auth, no token): session only.
    from ninja.security import SessionAuth

    from tienphong.api import api

    assert api.auth and all(isinstance(a, SessionAuth) for a in api.auth)


def test_force_login_still_works(client_for, world):
    assert client_for(world.secretary).get(reverse("home")).status_code == 200


def test_the_province_admin_sees_and_lifts_a_lockout(guest, client_for, world):
    lock(guest)
    lock(guest, "ai.do", ELSEWHERE)  # a username nobody has: listed too
    admin = client_for(world.province_admin)
    page = admin.get(reverse("lockout_list"))
    assert page.status_code == 200
    html = page.content.decode()
    for text in ("bithu.phuly", GUESSER, "ai.do", ELSEWHERE, "Mở khóa"):
        assert text in html
    rows = page.context["lockouts"]
    row = next(r for r in rows if r.username == "bithu.phuly")
    assert row.failures == 5 and row.until == row.since + dt.timedelta(minutes=15)

    response = admin.post(reverse("lockout_reset"), {"username": "bithu.phuly", "ip_address": GUESSER})
    assert response.status_code == 302 and response["Location"] == reverse("lockout_list")
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["ai.do"]
    entry = AuditEntry.objects.get(content_type=ContentType.objects.get_for_model(AccessAttempt))
    assert entry.actor == world.province_admin and entry.action == AuditEntry.Action.DELETE
    assert "bithu.phuly" in entry.object_repr and entry.unit_path == world.province.path
    assert f"bithu.phuly @ {GUESSER}" in admin.get(reverse("audit_list")).content.decode()  # on the audit page
    # Lifted: the real user logs in from that address at once.
    assert login(guest, "bithu.phuly", PASSWORD).status_code == 302
    assert [r.username for r in admin.get(reverse("lockout_list")).context["lockouts"]] == ["ai.do"]


def test_an_expired_lockout_is_not_listed(guest, client_for, world):
    lock(guest)
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - dt.timedelta(minutes=16))
    assert not client_for(world.province_admin).get(reverse("lockout_list")).context["lockouts"]


def test_only_the_province_admin_sees_lockouts(guest, client_for, world):
    lock(guest)
    for user in (world.secretary, world.team_leader, world.volunteer, world.outsider):
        other = client_for(user)
        assert other.get(reverse("lockout_list")).status_code == 404
        response = other.post(reverse("lockout_reset"), {"username": "bithu.phuly", "ip_address": GUESSER})
        assert response.status_code == 404
    assert AccessAttempt.objects.count() == 1
    assert reverse("lockout_list") not in client_for(world.secretary).get(reverse("user_list")).content.decode()
    assert reverse("lockout_list") in client_for(world.province_admin).get(reverse("user_list")).content.decode()


def test_unlocking_needs_a_post(client_for, world):
    admin = client_for(world.province_admin)
    assert admin.get(reverse("lockout_reset")).status_code == 405

"""The check-in sync API and the board's figures: each scan checked in once whatever is re-sent, forged and
foreign badges refused per entry, every error JSON, scope as the kiosk's (outsiders 404, a host at their
own point only), every check-in audited with its actor."""

import datetime as dt
import json
import uuid

import pytest
from django.test import Client
from django.utils import timezone

from tienphong.core.models import AuditEntry
from tienphong.events import services
from tienphong.events.models import CheckIn

from ..factories import add_participant, make_event
from ..personas import build_world
from ..scenes import once_per_module

# The personas once for the module (tests/scenes.py): each test gets its own copy in its own savepoint.
world, _world = once_per_module(build_world, "world")


def sync_url(event):
    return f"/api/v1/events/{event.pk}/checkins/sync"


def kiosk_client(user, event):
    """Logged in like the kiosk page: the CSRF cookie from the page, the header on every write."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get(f"/events/{event.pk}/kiosk/")
    token = client.cookies["csrftoken"].value if "csrftoken" in client.cookies else ""
    return client, {"HTTP_X_CSRFTOKEN": token}


def scan(participant=None, badge=None, nonce=None, **extra):
    entry = {"nonce": nonce or str(uuid.uuid4()), **extra}
    if participant is not None and badge is None:
        entry["badge"] = f"https://tienphong.example/e/p/{services.badge_value(participant)}/"
    elif badge is not None:
        entry["badge"] = badge
    return entry


def is_json(response) -> bool:
    return response["Content-Type"].split(";")[0] == "application/json"


def post(client, event, body, headers):
    return client.post(sync_url(event), json.dumps(body), content_type="application/json", **headers)


@pytest.fixture
def congress(world):
    """A provincial congress: the main hall (the organiser's) and a remote point in Phủ Lý hosted by the
    volunteer; 2 delegates in the hall, 1 at the remote point."""
    event = make_event(world.province, name="Đại hội Đoàn tỉnh Ninh Bình", kind="congress",
                       author=world.province_admin)
    event.main = event.points.get()
    event.remote = services.point_save(event=event, name="Điểm cầu Phủ Lý", host_unit=world.commune,
                                       host_user=world.volunteer)
    event.an = add_participant(event, full_name="Nguyễn Văn An", delegation="Đoàn Phủ Lý", seat="A12")
    event.binh = add_participant(event, full_name="Trần Thị Bình", delegation="Đoàn Phù Vân")
    event.cuong = add_participant(event, full_name="Lê Văn Cường", delegation="Đoàn Phủ Lý", point=event.remote)
    return event


def test_a_scan_checks_in_once_and_a_resent_batch_counts_once(world, congress):
    client, h = kiosk_client(world.province_admin, congress)
    batch = [scan(congress.an), scan(congress.an), scan(congress.binh, method="qr")]
    body = post(client, congress, {"point": congress.main.pk, "entries": batch}, h).json()
    assert [r["status"] for r in body["results"]] == ["created", "repeat", "created"]
    assert (body["created"], body["repeats"], body["duplicates"], body["invalid"]) == (2, 1, 0, 0)
    first = body["results"][0]
    assert first["message"] == "Đã điểm danh: Nguyễn Văn An · Đoàn Phủ Lý · ghế A12"
    assert (first["name"], first["delegation"], first["seat"]) == ("Nguyễn Văn An", "Đoàn Phủ Lý", "A12")
    assert body["results"][1]["message"] == f"Nguyễn Văn An đã điểm danh lúc {first['at']}"
    # The kiosk lost the answer and sends the same queue again: nothing new, each scan answered once more.
    again = post(client, congress, {"point": congress.main.pk, "entries": batch}, h).json()
    assert [r["status"] for r in again["results"]] == ["duplicate", "repeat", "duplicate"]
    assert CheckIn.objects.count() == 2
    congress.an.refresh_from_db()
    assert congress.an.first_checkin_at is not None
    assert body["session"] == services.current_session(congress).pk


def test_the_scan_time_is_kept_and_a_wild_clock_is_not(world, congress):
    client, h = kiosk_client(world.province_admin, congress)
    earlier = timezone.now() - dt.timedelta(minutes=42)
    entries = [scan(congress.an, at=earlier.isoformat()), scan(congress.binh, at="0001-01-01T00:00:00+14:00")]
    body = post(client, congress, {"point": congress.main.pk, "entries": entries}, h).json()
    assert [r["status"] for r in body["results"]] == ["created", "created"]
    an, binh = (CheckIn.objects.get(participant=p) for p in (congress.an, congress.binh))
    assert abs((an.at - earlier).total_seconds()) < 1
    assert abs((binh.at - timezone.now()).total_seconds()) < 60  # year 1: dated when it arrived


def test_forged_mistyped_and_foreign_badges_are_invalid_and_store_nothing(world, congress):
    other = make_event(world.province, name="Tọa đàm chuyển đổi số")
    stranger = add_participant(other, full_name="Phạm Minh Đức")
    value = services.badge_value(congress.an)
    forged = value[:-3] + ("AAA" if not value.endswith("AAA") else "BBB")
    client, h = kiosk_client(world.province_admin, congress)
    entries = [scan(badge=forged), scan(badge="hello"), scan(badge=""), scan(stranger),
               scan(badge=congress.an.token), {"nonce": "not-a-uuid", "badge": value}]
    body = post(client, congress, {"point": congress.main.pk, "entries": entries}, h).json()
    assert [r["status"] for r in body["results"]] == ["invalid"] * 6
    assert body["results"][0]["message"] == "Mã QR này không phải thẻ đại biểu của sự kiện."
    assert body["results"][3]["message"] == body["results"][0]["message"]  # another event's real badge
    assert body["results"][5]["nonce"] == "not-a-uuid"
    assert not CheckIn.objects.exists()


def test_a_nonce_reused_for_someone_else_is_invalid(world, congress):
    client, h = kiosk_client(world.province_admin, congress)
    nonce = str(uuid.uuid4())
    body = post(client, congress, {"point": congress.main.pk,
                                   "entries": [scan(congress.an, nonce=nonce), scan(congress.binh, nonce=nonce)]},
                h).json()
    assert [r["status"] for r in body["results"]] == ["created", "invalid"]
    assert list(CheckIn.objects.values_list("participant", flat=True)) == [congress.an.pk]


def test_check_in_by_name_uses_the_same_call(world, congress):
    client, h = kiosk_client(world.province_admin, congress)
    entry = {"nonce": str(uuid.uuid4()), "participant": congress.binh.pk, "method": "manual"}
    body = post(client, congress, {"point": congress.main.pk, "entries": [entry]}, h).json()
    assert body["results"][0]["status"] == "created"
    assert CheckIn.objects.get().method == "manual"
    other = make_event(world.province, name="Tọa đàm")
    stranger = add_participant(other, full_name="Phạm Minh Đức")
    body = post(client, congress, {"point": congress.main.pk, "entries": [
        {"nonce": str(uuid.uuid4()), "participant": stranger.pk, "method": "manual"}]}, h).json()
    assert body["results"][0]["status"] == "invalid"
    assert CheckIn.objects.count() == 1


def test_a_chosen_session_and_a_foreign_one(world, congress):
    client, h = kiosk_client(world.province_admin, congress)
    first = congress.sessions.get()
    afternoon = services.session_save(event=congress, name="Phiên bế mạc",
                                      starts_at=first.starts_at + dt.timedelta(hours=6))
    body = post(client, congress, {"point": congress.main.pk, "session": afternoon.pk,
                                   "entries": [scan(congress.an)]}, h).json()
    assert body["session"] == afternoon.pk and CheckIn.objects.get().session == afternoon
    foreign = make_event(world.commune, name="Sinh hoạt chi đoàn", kind="branch_meeting").sessions.get()
    r = post(client, congress, {"point": congress.main.pk, "session": foreign.pk, "entries": [scan(congress.binh)]}, h)
    assert r.status_code == 422 and is_json(r)
    assert CheckIn.objects.count() == 1


def test_every_check_in_is_audited_with_who_made_it(world, congress):
    client, h = kiosk_client(world.volunteer, congress)
    post(client, congress, {"point": congress.remote.pk, "entries": [scan(congress.cuong)]}, h)
    checkin = CheckIn.objects.get()
    assert checkin.by == world.volunteer
    entry = AuditEntry.objects.get(content_type__model="checkin", object_id=checkin.pk)
    assert entry.action == AuditEntry.Action.CREATE and entry.actor == world.volunteer
    assert entry.unit_path == congress.path


def test_outsiders_get_json_404_and_the_anonymous_401(world, congress):
    entries = {"point": congress.main.pk, "entries": [scan(congress.an)]}
    client, h = kiosk_client(world.outsider, congress)  # Phù Vân's secretary: no point of this event is theirs
    r = post(client, congress, entries, h)
    assert r.status_code == 404 and r.json() == {"detail": "Not Found"}
    r = client.get(f"/api/v1/events/{congress.pk}/board")
    assert r.status_code == 404 and is_json(r)
    r = client.post("/api/v1/events/999999/checkins/sync", json.dumps(entries), content_type="application/json", **h)
    assert r.status_code == 404
    r = Client().post(sync_url(congress), json.dumps(entries), content_type="application/json")
    assert r.status_code == 401 and is_json(r)
    assert not CheckIn.objects.exists()


def test_a_host_checks_in_at_their_own_point_only(world, congress):
    client, h = kiosk_client(world.volunteer, congress)
    r = post(client, congress, {"point": congress.main.pk, "entries": [scan(congress.an)]}, h)
    assert r.status_code == 403 and r.json() == {"detail": "point_forbidden"}
    # A badge of the main hall's list shown at the remote point checks in there (the person came there);
    # by name, a host finds only their own point's people.
    body = post(client, congress, {"point": congress.remote.pk, "entries": [
        scan(congress.cuong), scan(congress.an),
        {"nonce": str(uuid.uuid4()), "participant": congress.binh.pk, "method": "manual"}]}, h).json()
    assert [r["status"] for r in body["results"]] == ["created", "created", "invalid"]
    assert set(CheckIn.objects.values_list("point", flat=True)) == {congress.remote.pk}
    # Phủ Lý's team leader may check in in the commune: the remote point, hosted by the commune, is theirs.
    client, h = kiosk_client(world.team_leader, congress)
    assert post(client, congress, {"point": congress.main.pk, "entries": [scan(congress.binh)]}, h).status_code == 403
    assert post(client, congress, {"point": congress.remote.pk, "entries": [scan(congress.binh)]},
                h).json()["created"] == 1


def test_without_the_csrf_header_nothing_is_stored(world, congress):
    client, _h = kiosk_client(world.province_admin, congress)
    r = post(client, congress, {"point": congress.main.pk, "entries": [scan(congress.an)]}, {})
    assert r.status_code == 403 and is_json(r)
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("body, status", [
    ("{not json", 400),                                        # not JSON at all (the API's rule: 400)
    ("[]", 422),
    ('{"entries": []}', 422),                                  # no point
    ('{"point": "main", "entries": []}', 422),
    ('{"point": 1, "entries": [{"badge": "x"}]}', 422),        # an entry without its nonce
    ('{"point": 1, "entries": [{"nonce": "x", "method": "face"}]}', 422),
    ('{"point": 1, "entries": [{"nonce": "x", "at": "yesterday"}]}', 422),
    ('{"point": 99999999999999999999999, "entries": []}', 422),
    ('{"point": 1, "entries": [{"nonce": "x", "participant": 9223372036854775808}]}', 422),
    ('{"point": 1, "session": 0, "entries": []}', 422),
])
def test_a_malformed_request_is_refused_whole_in_json(world, congress, body, status):
    client, h = kiosk_client(world.province_admin, congress)
    r = client.post(sync_url(congress), body, content_type="application/json", **h)
    assert r.status_code == status and is_json(r)
    assert "detail" in r.json()
    assert not CheckIn.objects.exists()


def test_a_batch_is_at_most_200_scans(world, congress):
    client, h = kiosk_client(world.province_admin, congress)
    too_many = [scan(badge="x") for _ in range(201)]
    r = post(client, congress, {"point": congress.main.pk, "entries": too_many}, h)
    assert r.status_code == 422
    full = [scan(congress.an)] + [scan(badge="x") for _ in range(199)]
    body = post(client, congress, {"point": congress.main.pk, "entries": full}, h).json()
    assert (body["created"], body["invalid"]) == (1, 199)


def test_a_huge_event_id_is_not_a_server_error(world, congress):
    client, h = kiosk_client(world.province_admin, congress)
    r = post(client, congress, {"point": congress.main.pk, "entries": []}, h)
    assert r.status_code == 200
    r = client.post("/api/v1/events/99999999999999999999999/checkins/sync", "{}", content_type="application/json", **h)
    assert r.status_code in (404, 422) and is_json(r)


def test_the_board_counts_the_session_by_delegation_and_point_with_the_quorum(world, congress):
    more = [add_participant(congress, full_name=f"Đại biểu {i}", delegation="Đoàn Phủ Lý") for i in range(3)]
    guest = add_participant(congress, full_name="Khách mời", role="guest")
    client, h = kiosk_client(world.province_admin, congress)
    session = congress.sessions.get()
    entries = [scan(p, at=(session.starts_at - dt.timedelta(minutes=20)).isoformat()) for p in [congress.an, *more]]
    entries.append(scan(guest))
    post(client, congress, {"point": congress.main.pk, "entries": entries}, h)
    board = client.get(f"/api/v1/events/{congress.pk}/board").json()
    # 7 on the list, 6 delegates; 4 delegates and the guest in: two thirds of 6 is 4.
    assert (board["came"], board["expected"], board["delegates_came"], board["delegates"]) == (5, 7, 4, 6)
    assert board["quorum_needed"] == 4 and board["quorum_met"] is True
    assert board["quorum_text"] == "Đủ điều kiện tiến hành đại hội: 4/6 đại biểu (cần 4)"
    by_delegation = {r["label"]: (r["came"], r["expected"]) for r in board["by_delegation"]}
    assert by_delegation == {"—": (1, 1), "Đoàn Phù Vân": (0, 1), "Đoàn Phủ Lý": (4, 5)}
    by_point = {r["label"]: (r["came"], r["expected"]) for r in board["by_point"]}
    assert by_point == {"Điểm cầu Phủ Lý": (0, 1), congress.main.name: (5, 6)}
    assert [c["name"] for c in board["latecomers"]] == ["Khách mời"]  # scanned now, after the opening
    # The host of the remote point sees their point only.
    host, _ = kiosk_client(world.volunteer, congress)
    mine = host.get(f"/api/v1/events/{congress.pk}/board").json()
    assert (mine["came"], mine["expected"]) == (0, 1)
    assert [r["label"] for r in mine["by_point"]] == ["Điểm cầu Phủ Lý"]
    assert mine["quorum_text"] == "" and mine["quorum_needed"] is None  # the whole congress's, not one point's


def test_the_board_lists_numbered_delegations_as_people_count(world, congress):
    for name in ["Chi đoàn 10", "Chi đoàn 2", "Chi đoàn 1", "Ấp Bắc", "An Hòa"]:
        add_participant(congress, full_name=f"Đại biểu {name}", delegation=name)
    client, _ = kiosk_client(world.province_admin, congress)
    labels = [r["label"] for r in client.get(f"/api/v1/events/{congress.pk}/board").json()["by_delegation"]]
    # Letters first, tones only break ties (core.text.collation_key): "Phủ Lý" before "Phù Vân".
    assert labels == ["An Hòa", "Ấp Bắc", "Chi đoàn 1", "Chi đoàn 2", "Chi đoàn 10", "Đoàn Phủ Lý",
                      "Đoàn Phù Vân"]


def test_the_board_says_when_the_quorum_is_not_there(world, congress):
    client, _ = kiosk_client(world.province_admin, congress)
    board = client.get(f"/api/v1/events/{congress.pk}/board").json()
    assert board["quorum_met"] is False
    assert board["quorum_text"] == "Chưa đủ điều kiện tiến hành đại hội: 0/3 đại biểu (cần 2)"
    training = make_event(world.province, name="Tập huấn", kind="training")
    assert client.get(f"/api/v1/events/{training.pk}/board").json()["quorum_text"] == ""
    r = client.get(f"/api/v1/events/{congress.pk}/board?session=abc")
    assert r.status_code == 422 and is_json(r)


def test_the_openapi_document_names_the_check_in_schemas_apart_from_the_others(world, client_for):
    schema = client_for(world.secretary).get("/api/v1/openapi.json").json()
    assert {"/api/v1/events/{event_id}/checkins/sync", "/api/v1/events/{event_id}/board"} <= set(schema["paths"])
    components = schema["components"]["schemas"]
    assert "badge" in components["CheckInEntry"]["properties"]
    assert "services" in components["EntryIn"]["properties"]  # the support sync's own entry, untouched

"""The kiosk, its search by name and the attendance board: for whoever may check people in at the event
(outsiders 404), a host at their own point only; no inline script, data by json_script; the QR decoder
only on the kiosk, loaded only when needed."""

import datetime as dt
import json
import re

import pytest

from tienphong.events import services

from ..factories import add_participant, make_event
from ..personas import build_world
from ..scenes import once_per_module

# The personas once for the module (tests/scenes.py): each test gets its own copy in its own savepoint.
world, _world = once_per_module(build_world, "world")


@pytest.fixture
def congress(world):
    event = make_event(world.province, name="Đại hội Đoàn tỉnh Ninh Bình", kind="congress",
                       author=world.province_admin)
    event.main = event.points.get()
    event.remote = services.point_save(event=event, name="Điểm cầu Phủ Lý", host_unit=world.commune,
                                       host_user=world.volunteer)
    event.an = add_participant(event, full_name="Nguyễn Văn An", delegation="Đoàn Phủ Lý", seat="A12")
    event.anh = add_participant(event, full_name="Đặng Đức Anh", delegation="Đoàn Phủ Lý", point=event.remote)
    return event


def config(response, name="kiosk-config"):
    m = re.search(rf'<script id="{name}" type="application/json">(.*?)</script>', response.content.decode(), re.S)
    return json.loads(m.group(1))


def test_the_organiser_chooses_a_point_then_gets_the_kiosk(world, congress, client_for):
    client = client_for(world.province_admin)
    r = client.get(f"/events/{congress.pk}/kiosk/")
    assert r.status_code == 200
    assert "Điểm cầu Phủ Lý" in r.content.decode() and 'id="kiosk-form"' not in r.content.decode()
    r = client.get(f"/events/{congress.pk}/kiosk/?point={congress.remote.pk}")
    assert r.status_code == 200
    page = r.content.decode()
    c = config(r)
    assert c["point"] == congress.remote.pk and c["session"] == services.current_session(congress).pk
    assert c["api"] == f"/api/v1/events/{congress.pk}/checkins/sync"
    assert 'id="kiosk-scan"' in page and "autofocus" in page
    # The decoder is named for the script to load when the camera starts: no <script> for it, no inline script.
    assert 'data-src="/static/reports/vendor/jsqr/jsQR.js"' in page
    assert "jsQR.js\"></script>" not in page
    assert not re.search(r"<script(?![^>]*(src=|type=\"application/json\"))", page)
    assert client.get(f"/events/{congress.pk}/kiosk/?point=999").status_code == 404


def test_a_host_goes_straight_to_their_point_and_nowhere_else(world, congress, client_for):
    client = client_for(world.volunteer)
    r = client.get(f"/events/{congress.pk}/kiosk/")
    assert r.status_code == 200 and config(r)["point"] == congress.remote.pk
    assert client.get(f"/events/{congress.pk}/kiosk/?point={congress.main.pk}").status_code == 404


@pytest.mark.parametrize("path", ["kiosk/", "kiosk/search?q=nguyen", "board/"])
def test_outsiders_get_404(world, congress, client_for, path):
    assert client_for(world.outsider).get(f"/events/{congress.pk}/{path}").status_code == 404
    assert client_for(world.outsider).get(f"/events/999999/{path}").status_code == 404


@pytest.mark.parametrize("path", ["kiosk/", "board/"])
def test_the_anonymous_are_sent_to_log_in(client, congress, path):
    r = client.get(f"/events/{congress.pk}/{path}")
    assert r.status_code == 302 and "/login/" in r["Location"]


def test_search_by_name_ignores_diacritics_and_keeps_a_host_to_their_point(world, congress, client_for):
    client = client_for(world.province_admin)
    found = client.get(f"/events/{congress.pk}/kiosk/search?q=dang+duc").json()["results"]
    assert [p["name"] for p in found] == ["Đặng Đức Anh"]
    found = client.get(f"/events/{congress.pk}/kiosk/search?q=AN").json()["results"]
    assert {p["name"] for p in found} == {"Nguyễn Văn An", "Đặng Đức Anh"}
    assert client.get(f"/events/{congress.pk}/kiosk/search?q=a").json()["results"] == []  # one letter: nothing
    session = congress.sessions.get()
    services.check_in(participant=congress.an, session=session, point=congress.main, method="qr")
    [an] = client.get(f"/events/{congress.pk}/kiosk/search?q=nguyen van").json()["results"]
    assert an["seat"] == "A12" and re.fullmatch(r"\d\d:\d\d", an["checked_in_at"])
    host = client_for(world.volunteer)
    assert [p["name"] for p in host.get(f"/events/{congress.pk}/kiosk/search?q=an").json()["results"]] == [
        "Đặng Đức Anh"]


def test_the_board_shows_the_figures_and_its_refresh(world, congress, client_for):
    session = congress.sessions.get()
    services.check_in(participant=congress.an, session=session, point=congress.main, method="qr")
    r = client_for(world.province_admin).get(f"/events/{congress.pk}/board/")
    assert r.status_code == 200
    page = r.content.decode()
    data = config(r, "board-data")
    assert (data["came"], data["expected"]) == (1, 2)
    assert config(r, "board-config")["api"] == f"/api/v1/events/{congress.pk}/board"
    assert 'id="b-came">1<' in page and "Đoàn Phủ Lý" in page
    assert "Chưa đủ điều kiện tiến hành đại hội: 1/2 đại biểu (cần 2)" in page  # two thirds of 2 is 2
    assert "jsQR" not in page
    assert not re.search(r"<script(?![^>]*(src=|type=\"application/json\"))", page)


def test_a_host_sees_their_points_figures_only(world, congress, client_for):
    session = congress.sessions.get()
    services.check_in(participant=congress.an, session=session, point=congress.main, method="qr")
    r = client_for(world.volunteer).get(f"/events/{congress.pk}/board/")
    data = config(r, "board-data")
    assert (data["came"], data["expected"]) == (0, 1)
    assert [row["label"] for row in data["by_point"]] == ["Điểm cầu Phủ Lý"]
    assert "Nguyễn Văn An" not in r.content.decode()


def test_the_board_and_kiosk_follow_a_chosen_session(world, congress, client_for):
    first = congress.sessions.get()
    later = services.session_save(event=congress, name="Phiên thứ hai", starts_at=first.starts_at + dt.timedelta(hours=5))
    client = client_for(world.province_admin)
    assert config(client.get(f"/events/{congress.pk}/board/?session={first.pk}"), "board-data")["session"] == first.pk
    assert config(client.get(f"/events/{congress.pk}/board/?session={later.pk}"), "board-data")["session"] == later.pk
    r = client.get(f"/events/{congress.pk}/kiosk/?point={congress.main.pk}&session={first.pk}")
    assert config(r)["session"] == first.pk
    other = make_event(world.province, name="Tọa đàm").sessions.get()
    r = client.get(f"/events/{congress.pk}/board/?session={other.pk}")  # not this event's: the one under way
    assert config(r, "board-data")["session"] == services.current_session(congress).pk

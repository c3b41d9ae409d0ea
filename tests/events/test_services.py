"""Events: the event with its main hall and first session, participants, exactly-once check-in, online views,
and the figures they add (equal to a rebuild, provinces the sum of their units)."""

import datetime as dt
import threading
import uuid

import pytest
from django.db import connection

from tienphong.core.errors import DomainError
from tienphong.events import services
from tienphong.events.models import CheckIn, Event, Participant
from tienphong.events.selectors import board, figures, quorum_needed
from tienphong.rollups import services as rollups

from ..factories import MemberFactory, add_participant, make_event
from ..rollups import assert_provinces_sum_their_units, assert_rebuild_matches, total


@pytest.fixture
def training(world):
    rollups.rebuild()
    return make_event(world.province, author=world.province_admin)


def test_an_event_comes_with_its_main_hall_and_a_first_session(world, training):
    assert [p.name for p in training.points.all()] == ["Hội trường chính"]
    main = training.points.get()
    assert main.is_main and main.host_unit == world.province and main.host_user == world.province_admin
    assert training.sessions.count() == 1
    assert total(world.province, "events_held") == 1
    assert total(world.province, "event_points") == 1
    assert_rebuild_matches()


def test_a_congress_asks_for_two_thirds_of_its_delegates(world):
    congress = make_event(world.commune, name="Đại hội Đoàn phường Phủ Lý", kind="congress")
    assert congress.quorum == Event.Quorum.TWO_THIRDS
    assert quorum_needed(congress, 300) == 200 and quorum_needed(congress, 301) == 201
    congress.quorum = Event.Quorum.HALF
    assert quorum_needed(congress, 300) == 151


@pytest.mark.parametrize("change, code", [
    ({"name": "  "}, "name_required"),
    ({"ends_on": dt.date(2026, 3, 1)}, "dates_order"),
    ({"ends_on": dt.date(2026, 5, 1)}, "dates_span"),
])
def test_a_bad_event_is_refused_and_nothing_changes(world, training, change, code):
    with pytest.raises(DomainError) as e:
        services.event_update(event=training, **change)
    assert e.value.code == code
    training.refresh_from_db()
    assert training.name == "Hội nghị tập huấn chuyển đổi số"


def test_check_in_is_exactly_once_per_session_and_a_resent_scan_counts_once(world, training):
    p = add_participant(training, role="cadre")
    session, main = training.sessions.get(), training.points.get()
    nonce = uuid.uuid4()
    first = services.check_in(participant=p, session=session, point=main, method="qr", nonce=nonce)
    again = services.check_in(participant=p, session=session, point=main, method="qr", nonce=nonce)
    other_scan = services.check_in(participant=p, session=session, point=main, method="face")
    assert (first.status, again.status, other_scan.status) == ("created", "duplicate", "repeat")
    assert again.checkin.pk == first.checkin.pk == other_scan.checkin.pk
    assert CheckIn.objects.count() == 1
    assert total(world.province, "event_checked_in") == 1
    assert total(world.province, "cadres_trained") == 1
    # A second session: checked in again there, still one participant in the figures.
    day2 = services.session_save(event=training, name="Phiên chiều",
                                 starts_at=session.starts_at + dt.timedelta(hours=6))
    assert services.check_in(participant=p, session=day2, point=main, method="manual").status == "created"
    assert total(world.province, "event_checked_in") == 1
    assert_rebuild_matches()
    assert_provinces_sum_their_units()


def test_a_nonce_used_for_someone_else_is_refused(world, training):
    a, b = add_participant(training, full_name="Lê An"), add_participant(training, full_name="Lê Bình")
    session, main = training.sessions.get(), training.points.get()
    nonce = uuid.uuid4()
    services.check_in(participant=a, session=session, point=main, method="qr", nonce=nonce)
    with pytest.raises(DomainError) as e:
        services.check_in(participant=b, session=session, point=main, method="qr", nonce=nonce)
    assert e.value.code == "nonce_reused"
    assert not b.checkins.exists()


def test_a_kiosk_clock_ahead_never_dates_a_check_in_in_the_future(world, training):
    p = add_participant(training)
    from django.utils import timezone

    future = timezone.now() + dt.timedelta(hours=3)
    r = services.check_in(participant=p, session=training.sessions.get(), point=training.points.get(),
                          method="qr", at=future)
    assert r.checkin.at <= timezone.now()


@pytest.mark.django_db(transaction=True)
def test_concurrent_scans_of_one_badge_check_in_once(world):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers: the race is PostgreSQL's")  # pragma: no cover
    event = make_event(world.province)
    p = add_participant(event)
    session, main = event.sessions.get(), event.points.get()
    results, barrier = [], threading.Barrier(4)

    def scan():
        from django.db import connections

        barrier.wait()
        try:
            results.append(services.check_in(participant=p, session=session, point=main, method="qr").status)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=scan) for _ in range(4)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert sorted(results) == ["created", "repeat", "repeat", "repeat"]
    assert total(world.province, "event_checked_in") == 1


def test_role_change_of_a_checked_in_participant_moves_its_figure(world, training):
    p = add_participant(training, role="guest")
    services.check_in(participant=p, session=training.sessions.get(), point=training.points.get(), method="qr")
    services.participant_save(event=training, participant=p, role="cadre")
    assert_rebuild_matches()
    with pytest.raises(DomainError):
        services.participant_delete(participant=p)


def test_seats_and_members_are_unique_within_an_event(world, training):
    m = MemberFactory(branch=world.branch)
    add_participant(training, full_name="A", seat="a1", member=m)
    with pytest.raises(DomainError) as e:
        add_participant(training, full_name="B", seat="A1")
    assert e.value.code == "seat_taken"
    assert services.participants_add_members(event=training, members=[m]) == 0
    assert training.participants.count() == 1


def test_connection_points_and_online_views_count_for_the_event(world, training):
    point = services.point_save(event=training, name="Điểm cầu phường Phủ Lý", host_unit=world.commune)
    services.online_views_set(point=point, platform="facebook", views=21_000, source_url="https://fb.com/x")
    services.online_views_set(point=training.points.get(is_main=True), platform="youtube", views=9_500)
    f = figures(training)
    assert (f.points, f.online_views) == (2, 30_500)
    assert total(world.province, "online_views") == 30_500
    assert total(world.province, "event_points") == 2
    services.online_views_set(point=point, platform="facebook", views=0)
    assert total(world.province, "online_views") == 9_500
    with pytest.raises(DomainError):
        services.online_views_set(point=point, platform="myspace", views=1)
    congress = make_event(world.commune, kind="congress")
    with pytest.raises(DomainError) as e:  # a commune's congress has no point hosted in another ward
        services.point_save(event=congress, name="Điểm cầu Phù Vân", host_unit=world.other_commune)
    assert e.value.code == "host_outside"
    assert_rebuild_matches()


def test_moving_an_event_to_another_day_and_unit_moves_its_figures(world, training):
    add = add_participant(training)
    services.check_in(participant=add, session=training.sessions.get(), point=training.points.get(), method="qr")
    services.event_update(event=training, unit=world.commune, starts_on=dt.date(2026, 4, 2),
                          ends_on=dt.date(2026, 4, 2))
    assert total(world.commune, "events_held") == 1 and total(world.commune, "event_checked_in") == 1
    assert_rebuild_matches()
    assert_provinces_sum_their_units()


def test_badge_values_are_signed(world, training):
    p = add_participant(training)
    value = services.badge_value(p)
    assert services.token_from_badge(value) == p.token
    assert services.token_from_badge(f"https://tp.example.vn/e/p/{value}/") == p.token
    with pytest.raises(DomainError):
        services.token_from_badge(p.token + ":forged")


def test_the_board_counts_by_delegation_point_and_the_quorum(world):
    congress = make_event(world.commune, name="Đại hội", kind="congress")
    session, main = congress.sessions.get(), congress.points.get()
    people = [add_participant(congress, full_name=f"Đại biểu {i}", delegation="Chi đoàn 1" if i < 4 else "Chi đoàn 2")
              for i in range(6)]
    add_participant(congress, full_name="Khách mời", role="guest")
    for p in people[:4]:
        services.check_in(participant=p, session=session, point=main, method="qr")
    b = board(event=congress, session=session)
    assert (b.expected, b.came, b.delegates, b.delegates_came, b.quorum_needed, b.quorum_met) == (7, 4, 6, 4, 4, True)
    assert [(r.label, r.expected, r.came) for r in b.by_delegation] == [
        ("—", 1, 0), ("Chi đoàn 1", 4, 4), ("Chi đoàn 2", 2, 0)]


def test_the_report_exports_carry_the_event_figures(world, training):
    from django.utils import timezone

    from tienphong.reports import exports
    from tienphong.reports.periods import period_of
    from tienphong.reports.selectors import subject_for

    point = training.points.get()
    services.online_views_set(point=point, platform="youtube", views=1_234)
    report = exports.gather(subject_for(world.province), period_of("month", training.starts_on), timezone.localdate())
    cards = {c.code: c.value for c in report.cards}
    assert cards["online_views"] == 1_234 and cards["events_held"] == 1 and cards["event_points"] == 1
    assert "support_turns" in cards  # the headline figures stay first

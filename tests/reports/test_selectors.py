"""What a dashboard shows, read from the rollups, against figures counted by hand.

Last month (M) in Ninh Bình (P): Phủ Lý (C) with team T and a one-stop desk (SP, a service point of
Phủ Lý, where team H works), Phù Vân (O), and the province's own service centre (PC); the month
before (M0) has a little too. Hà Nam (Q) is a second province for the nationwide view. Scope is
not the selectors' business (the views filter), so it is not tested here."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from tienphong.campaigns.models import YouthWork
from tienphong.members import services as members
from tienphong.places.models import Place
from tienphong.qr import services as qr
from tienphong.reports import selectors as rs
from tienphong.reports.periods import Period, period_of
from tienphong.rollups import services as rollups
from tienphong.support.models import Service, SupportRecord
from tienphong.teams import services as teams
from tienphong.teams.models import Team
from tienphong.units.models import OrgUnit

from ..factories import Role, UserFactory, give_role, make_unit
from ..personas import build_field_world
from ..rollups import approved_work, at, held_class, log, month_start
from ..scenes import once_per_module

HEADLINE = ("support_turns", "people_reached", "classes_held", "class_attendees", "works", "works_value",
            "beneficiaries", "volunteer_turns", "qr_scans")


def figures(*values):
    return dict(zip(HEADLINE, values))


# Last month, by hand (see `field` below).
#                 turns reached classes attendees works value        beneficiaries volunteer-turns QR scans
C_ONLY = figures(15, 19, 1, 4, 1, 20_000_000, 50, 6, 3)     # Phủ Lý's own unit
SP = figures(6, 6, 0, 0, 0, 0, 0, 1, 0)                     # its one-stop desk
COMMUNE = figures(21, 25, 1, 4, 1, 20_000_000, 50, 7, 3)    # Phủ Lý with its desk
O = figures(3, 5, 1, 2, 1, 5_000_000, 10, 0, 2)
PC = figures(2, 2, 0, 0, 0, 0, 0, 0, 0)
PROVINCE = figures(26, 32, 2, 6, 2, 25_000_000, 60, 7, 5)
TEAM_T = figures(15, 19, 1, 4, 1, 20_000_000, 50, 6, 0)     # scans belong to no team
TEAM_H = figures(6, 6, 0, 0, 0, 0, 0, 1, 0)
HA_NAM = figures(7, 7, 0, 0, 0, 0, 0, 0, 0)
BEFORE = figures(8, 11, 1, 3, 0, 0, 0, 1, 1)                 # Ninh Bình, the month before


def _build_field():
    w = build_field_world()
    rollups.rebuild()  # the factories' members and team
    K = OrgUnit.Kind
    C, L, V, T = w.commune, w.leader_member, w.volunteer_member, w.team
    w.desk = make_unit(C, K.SERVICE_POINT, "Bộ phận một cửa phường Phủ Lý", "13285-PV")
    w.hcc = teams.team_create(name="Đội hình TNTN một cửa", kind=Team.Kind.VOLUNTEER, commune=C,
                              service_point=w.desk, leader=V)
    members.member_create(full_name="Đinh Văn Sơn", gender="male", branch=w.branch, digital_skill=3, is_core=True)
    w.ha_nam = make_unit(None, K.PROVINCE, "Tỉnh Hà Nam", "35")
    w.ha_nam_ward = make_unit(w.ha_nam, K.COMMUNE, "Phường Châu Sơn", "13321")
    ha_nam_admin = UserFactory(username="tinhdoan.hanam")
    give_role(ha_nam_admin, w.ha_nam, Role.PROVINCE_ADMIN)

    m = w.m = month_start(1)
    m0 = w.m0 = month_start(2)
    day = lambda n: m + dt.timedelta(days=n - 1)  # noqa: E731  (the n-th of M)
    # The volunteer is in both teams: every entry names its unit and team.
    log(w.volunteer, unit=C.pk, team=T.pk, people=10, services=["vneid", "cashless"], occurred_at=at(day(3)))
    log(w.team_leader, people=5, volunteers=[L.pk, V.pk], occurred_at=at(day(10)))               # C, T, L+V
    log(w.volunteer, unit=w.desk.pk, team=w.hcc.pk, people=6, services=["citizen_apps"],
        setting="service_center", occurred_at=at(day(10), 15))                                    # SP, H, V
    log(w.province_admin, unit=w.other_commune.pk, people=3, occurred_at=at(day(21)))            # O
    log(w.province_admin, unit=w.service_point.pk, people=2, setting="service_center",
        occurred_at=at(day(6)))                                                                   # PC
    log(ha_nam_admin, unit=w.ha_nam_ward.pk, people=7, occurred_at=at(day(2)))                   # Q
    held_class(C, w.place, at(day(16), 8), teachers=[L], team=T, present=4)
    held_class(w.other_commune, w.other_place, at(day(16), 8), present=2)
    approved_work(w.team_leader, w.secretary, C, completed_on=day(4), value_vnd=20_000_000, beneficiaries=50,
                  volunteers=[L, V], team=T, kind=YouthWork.Kind.WIFI_POINT)
    approved_work(w.province_admin, w.province_admin, w.other_commune, completed_on=day(5), value_vnd=5_000_000,
                  beneficiaries=10, kind=YouthWork.Kind.TRAINING)
    # QR scans: a relic in Phủ Lý, a wifi point in Phù Vân.
    relic = Place.objects.create(name="Đền Trương Hán Siêu", kind="relic", commune=C, status="published")
    wifi = Place.objects.create(name="Điểm wifi Kim Lũ", kind="wifi_point", commune=w.other_commune,
                                status="published")
    for place, d, n in ((relic, day(12), 3), (wifi, day(21), 2), (relic, m0 + dt.timedelta(days=9), 1)):
        for _scan in range(n):
            qr.record_scan(shortcode=qr.code_for(place), day=d)
    # The month before.
    log(w.volunteer, unit=C.pk, team=T.pk, people=8, occurred_at=at(m0 + dt.timedelta(days=9)))
    held_class(C, w.place, at(m0 + dt.timedelta(days=4), 8), present=3)
    w.today = timezone.localdate()
    return w


# Built once for the module (it took most of each test's time); see tests/scenes.py.
field, _field = once_per_module(_build_field, "field")


def month(w) -> Period:
    return period_of("month", w.m)


# --- flows ----------------------------------------------------------------------------------------

def test_flows_of_each_subject(field):
    w = field
    assert rs.flows(rs.subject_for(w.province), month(w)) == PROVINCE
    assert rs.flows(rs.subject_for(w.commune), month(w)) == COMMUNE
    assert rs.flows(rs.subject_for(w.other_commune), month(w)) == O
    assert rs.flows(rs.subject_for(team=w.team), month(w)) == TEAM_T
    assert rs.flows(rs.subject_for(team=w.hcc), month(w)) == TEAM_H
    assert rs.flows(rs.subject_for(w.ha_nam), month(w)) == HA_NAM
    assert rs.flows(rs.nation(), month(w)) == {k: PROVINCE[k] + HA_NAM[k] for k in HEADLINE}
    assert rs.flows(rs.subject_for(w.province), month(w).previous()) == BEFORE
    # The province is its units added up.
    parts = (C_ONLY, SP, O, PC)
    assert PROVINCE == {k: sum(x[k] for x in parts) for k in HEADLINE}


def test_flows_of_a_range_across_months(field):
    w = field
    span = Period("custom", w.m0 + dt.timedelta(days=9), w.m + dt.timedelta(days=9))  # 10th of M0 to 10th of M
    got = rs.flows(rs.subject_for(w.province), span)
    # M0: the entry of 8 and its volunteer (the class on the 5th is before the range); M up to the 10th:
    # entries of 10, 5, 6, 2 and 4 volunteer-turns, both works and their 2.
    assert got == figures(8 + 10 + 5 + 6 + 2, 31, 0, 0, 2, 25_000_000, 60, 1 + 4 + 2, 1)  # the scan on the 10th of M0


# --- cards ----------------------------------------------------------------------------------------

def test_cards_compare_with_the_previous_period(field):
    w = field
    cards = {c.code: c for c in rs.cards(rs.subject_for(w.province), month(w), w.today)}
    assert list(cards) == list(HEADLINE)
    assert {code: (c.value, c.previous) for code, c in cards.items()} == {
        code: (PROVINCE[code], BEFORE[code]) for code in HEADLINE}
    assert cards["support_turns"].change == 225          # 8 → 26
    assert cards["people_reached"].change == 191         # 11 → 32: 190.9
    assert cards["classes_held"].change == 100           # 1 → 2
    assert cards["volunteer_turns"].change == 600        # 1 → 7
    assert cards["works"].change is None                 # nothing the month before
    assert cards["qr_scans"].change == 400               # 1 → 5
    assert cards["works_value"].money and not cards["works"].money


def test_cards_of_a_period_still_running_stop_at_today(field):
    w = field
    # Seen on the 10th of M: the month so far against the same days of the month before (1st–10th).
    today = w.m + dt.timedelta(days=9)
    cards = {c.code: c for c in rs.cards(rs.subject_for(w.province), month(w), today)}
    assert cards["support_turns"].value == 10 + 5 + 6 + 2
    assert cards["classes_held"].value == 0               # on the 16th
    assert cards["support_turns"].previous == 8           # the entry on the 10th of M0
    assert cards["classes_held"].previous == 1            # the class on the 5th of M0
    assert cards["support_turns"].compared == "so với " + f"{w.m0:%d/%m}–{w.m0 + dt.timedelta(days=9):%d/%m/%Y}"
    # On the 9th, the entry of the 10th of M0 is not yet in the comparison (it used to be: all of M0).
    cards = {c.code: c for c in rs.cards(rs.subject_for(w.province), month(w), today - dt.timedelta(days=1))}
    assert cards["support_turns"].previous == 0
    assert cards["classes_held"].previous == 1


# --- trend ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind, bucket", [("month", "day"), ("quarter", "week"), ("year", "month")])
def test_trend_buckets_add_up_to_the_total(field, kind, bucket):
    w = field
    period = period_of(kind, w.m)
    assert period.bucket == bucket
    for subject in (rs.subject_for(w.province), rs.subject_for(w.commune), rs.subject_for(team=w.team), rs.nation()):
        # Today, and a day in the middle of M: what comes after it (the classes on the 16th) must not count.
        for today in (w.today, w.m + dt.timedelta(days=9)):
            trend = rs.trend(subject, period, HEADLINE, today)
            total = rs.flows(subject, period.clamp(today))
            # A bucket after today may be drawn as no point (None) rather than zero.
            assert {code: sum(x or 0 for x in v) for code, v in trend.series.items()} == total, (subject.name, today)
            assert all(len(v) == len(trend.labels) for v in trend.series.values())


def test_trend_by_day_puts_each_entry_on_its_day(field):
    w = field
    trend = rs.trend(rs.subject_for(w.province), month(w), ["support_turns", "classes_held"], w.today)
    turns = trend.series["support_turns"]
    assert len(turns) == month(w).days
    assert {i + 1: v for i, v in enumerate(turns) if v} == {3: 10, 6: 2, 10: 11, 21: 3}
    assert all(v is not None for v in turns)  # the whole month is past
    assert {i + 1: v for i, v in enumerate(trend.series["classes_held"]) if v} == {16: 2}


# --- breakdowns -----------------------------------------------------------------------------------

def test_breakdowns_of_the_province(field):
    w = field
    with translation.override("en"):
        found = {(b.indicator, b.dim): b for b in rs.breakdowns(rs.subject_for(w.province), month(w), w.today)}
        service = {s.code: s.display_name for s in Service.objects.all()}
        setting, kind = SupportRecord.Setting, YouthWork.Kind
        expected = {
            ("support_turns", "service"): {service["vneid"]: 20, service["cashless"]: 10, service["citizen_apps"]: 6},
            ("support_turns", "setting"): {str(setting.DOOR_TO_DOOR.label): 18,
                                           str(setting.SERVICE_CENTER.label): 8},
            ("support_turns", "outcome"): {str(SupportRecord.Outcome.DONE.label): 26},
            ("support_turns", "team_kind"): {str(Team.Kind.COMMUNITY_TECH.label): 15, str(Team.Kind.VOLUNTEER.label): 6},
            ("works", "kind"): {str(kind.WIFI_POINT.label): 1, str(kind.TRAINING.label): 1},
            ("works_value", "kind"): {str(kind.WIFI_POINT.label): 20_000_000, str(kind.TRAINING.label): 5_000_000},
            ("volunteer_turns", "source"): {"Citizen support": 4, "Teaching classes": 1, "Youth works": 2},
            ("qr_scans", "target"): {"Places": 5},  # 3 at the relic, 2 at the wifi point this month
        }
        assert {pair: dict(b.rows) for pair, b in found.items()} == expected
    for b in found.values():
        assert [v for _l, v in b.rows] == sorted((v for _l, v in b.rows), reverse=True)
    # Every breakdown of citizen-turns but the services adds up to the total (two services count twice).
    assert found[("support_turns", "setting")].total == found[("support_turns", "outcome")].total == 26
    assert found[("works_value", "kind")].money


def test_breakdowns_of_a_commune_include_its_service_points_and_a_team_has_none(field):
    w = field
    found = {(b.indicator, b.dim): b for b in rs.breakdowns(rs.subject_for(w.commune), month(w), w.today)}
    assert sorted(v for _l, v in found[("support_turns", "team_kind")].rows) == [6, 15]
    assert sorted(v for _l, v in found[("volunteer_turns", "source")].rows) == [1, 2, 4]
    assert rs.breakdowns(rs.subject_for(team=w.team), month(w), w.today) == []


# --- the rows below a subject --------------------------------------------------------------------

def test_children_of_the_nation_are_provinces(field):
    w = field
    rows = {r.unit: r for r in rs.children(rs.nation(), month(w), w.today)}
    assert set(rows) == {w.province, w.ha_nam}
    assert rows[w.province].values == PROVINCE and rows[w.ha_nam].values == HA_NAM
    assert (rows[w.province].members, rows[w.ha_nam].members) == (3, 0)
    assert rows[w.province].per_member("support_turns") == round(26 * 100 / 3, 1)
    assert rows[w.ha_nam].per_member("support_turns") is None


def test_children_of_a_province_are_communes_with_their_service_points(field):
    w = field
    rows = rs.children(rs.subject_for(w.province), month(w), w.today)
    assert len(rows) == 3
    by_name = {r.name: r for r in rows}
    assert by_name[w.commune.name].values == COMMUNE           # the desk folded into Phủ Lý
    assert by_name[w.other_commune.name].values == O
    loose = [r for r in rows if r.service_point]
    assert len(loose) == 1 and loose[0].values == PC and loose[0].unit == w.service_point
    assert rows[-1] is loose[0]  # after the communes, under its own name
    assert loose[0] not in rs.ranking(rows, "support_turns")[1]
    assert (by_name[w.commune.name].members, by_name[w.other_commune.name].members) == (3, 0)
    assert {k: sum(r.values[k] for r in rows) for k in HEADLINE} == PROVINCE


def test_children_of_a_commune_are_its_teams(field):
    w = field
    rows = {r.team: r for r in rs.children(rs.subject_for(w.commune), month(w), w.today)}
    assert set(rows) == {w.team, w.hcc}
    assert rows[w.team].values == TEAM_T and rows[w.hcc].values == TEAM_H
    assert (rows[w.team].members, rows[w.hcc].members) == (2, 1)


def test_ranking_never_repeats_the_top_in_the_bottom(field):
    w = field
    rows = rs.children(rs.subject_for(w.province), month(w), w.today)
    top, bottom = rs.ranking(rows, "support_turns", n=1)
    assert [r.values["support_turns"] for r in top] == [21]
    assert [r.values["support_turns"] for r in bottom] == [3]  # the province's service point (2) is no commune
    top, bottom = rs.ranking(rows, "support_turns", n=2)
    assert [r.values["support_turns"] for r in top] == [21, 3] and bottom == []


# --- counts as of now ----------------------------------------------------------------------------

def test_stock_of_each_subject(field):
    w = field
    # Members: the leader and the volunteer (skill 1) and Sơn (skill 3, core), all in Phủ Lý.
    # Teams: T (community tech) and H (volunteer), both of Phủ Lý; Phù Vân has none.
    s = rs.stock(rs.subject_for(w.province))
    assert (s.members, s.core_members, s.by_skill) == (3, 1, {1: 2, 3: 1})
    assert s.teams == {"community_tech": 1, "volunteer": 1} and s.teams_total == 2
    assert (s.communes, s.communes_covered, s.coverage) == (2, 1, 50)
    c = rs.stock(rs.subject_for(w.commune))
    assert (c.members, c.core_members, c.teams_total, c.communes, c.communes_covered) == (3, 1, 2, 1, 1)
    o = rs.stock(rs.subject_for(w.other_commune))
    assert (o.members, o.teams_total, o.communes_covered, o.coverage) == (0, 0, 0, 0)
    n = rs.stock(rs.nation())
    assert (n.members, n.communes, n.communes_covered) == (3, 3, 1)
    assert rs.stock(rs.subject_for(team=w.team)).members == 2

    teams.team_update(team=w.hcc, active=False)
    members.member_update(member=w.leader_member, status="left")
    s = rs.stock(rs.subject_for(w.province))
    assert (s.members, s.by_skill, s.teams, s.communes_covered) == (2, {1: 1, 3: 1}, {"community_tech": 1}, 1)
    assert rs.stock(rs.subject_for(team=w.team)).members == 1

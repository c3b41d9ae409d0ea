"""The dashboards' figures are right: every write through a product service moves the rollups by
exactly what it should, at the right day and month, unit and province, and a rebuild from the raw
records gives the same rows.

Expected values are counted by hand from a handful of records; `fworld` is Ninh Bình with Phủ Lý
(commune C: team T, members L the leader and V the volunteer) and Phù Vân (commune O)."""

import datetime as dt

import pytest

from tienphong.core.scope import Scope
from tienphong.campaigns import services as works
from tienphong.core.errors import DomainError
from tienphong.literacy import services as classes
from tienphong.literacy.models import Attendee
from tienphong.members import services as members
from tienphong.members.importing import import_file
from tienphong.rollups import selectors as read
from tienphong.rollups import services as rollups
from tienphong.rollups.models import Fact
from tienphong.support import services as support
from tienphong.teams import services as teams
from tienphong.units.models import OrgUnit

from ..factories import MemberFactory, make_unit
from ..members.test_import import xlsx
from . import (
    approved_work, assert_provinces_sum_their_units, assert_rebuild_matches, at, cells, delete, edit, fact, facts,
    held_class, log, month_end, month_start, stock, total,
)

TURNS, VOL = "support_turns", "volunteer_turns"
CLASSES, ATTENDEES = "classes_held", "class_attendees"
WORKS, VALUE, BENEFICIARIES = "works", "works_value", "beneficiaries"
DAY = dt.timedelta(days=1)


@pytest.fixture
def fw(fworld):
    """The field world, with the rollups brought level with the rows its factories wrote directly."""
    rollups.rebuild()
    return fworld


def p(fw, indicator, period, **kw):
    """The province's figure."""
    return fact(fw.province, indicator, period, level="p", **kw)


# --- what each record counts -------------------------------------------------------------------------

def test_citizen_turns_count_people_under_every_breakdown(fw):
    d = month_start(2).replace(day=5)
    C, O, T = fw.commune, fw.other_commune, fw.team
    # The volunteer: Phủ Lý, their team, themselves as volunteer; two services count 12 under each.
    log(fw.volunteer, people=12, services=["vneid", "cashless"], occurred_at=at(d))
    log(fw.province_admin, unit=O.pk, people=3, services=["vneid"], setting="commune_office", outcome="partly",
        occurred_at=at(d))
    # The secretary has no member record: no team, no volunteer.
    log(fw.secretary, people=1, services=["ecommerce"], setting="class", outcome="referred", occurred_at=at(d + DAY))
    log(fw.team_leader, people=2, services=["public_service"], procedure="Đăng ký khai sinh",
        volunteers=[fw.leader_member.pk, fw.volunteer_member.pk], occurred_at=at(d + DAY))

    assert (fact(C, TURNS, d), fact(C, TURNS, d + DAY), fact(C, TURNS, d, grain="m")) == (12, 3, 15)
    assert (fact(O, TURNS, d), fact(O, TURNS, d, grain="m")) == (3, 3)
    assert (p(fw, TURNS, d), p(fw, TURNS, d + DAY), p(fw, TURNS, d, grain="m")) == (15, 3, 18)
    assert cells(fw.province, TURNS, dim="service", level="p") == {
        "vneid": 15, "cashless": 12, "ecommerce": 1, "public_service": 2}
    assert cells(C, TURNS, dim="service") == {"vneid": 12, "cashless": 12, "ecommerce": 1, "public_service": 2}
    assert cells(fw.province, TURNS, dim="setting", level="p") == {"door_to_door": 14, "commune_office": 3, "class": 1}
    assert cells(fw.province, TURNS, dim="outcome", level="p") == {"done": 14, "partly": 3, "referred": 1}
    assert cells(C, TURNS, dim="team") == {str(T.pk): 14}
    assert cells(C, TURNS, dim="team_kind") == {"community_tech": 14}
    assert cells(O, TURNS, dim="team") == {}
    # Volunteer-turns: one per volunteer named (1 + 2), none where nobody was named.
    assert (fact(C, VOL, d), fact(C, VOL, d + DAY), total(O, VOL)) == (1, 2, 0)
    assert cells(C, VOL, dim="source") == {"support": 3}
    assert cells(C, VOL, dim="team") == {str(T.pk): 3}
    assert_provinces_sum_their_units()
    assert_rebuild_matches()


def test_a_resent_entry_in_a_sync_batch_counts_once(fw):
    d = month_start(1).replace(day=3)
    entry = {"uuid": "0b7f3c1e-8a52-4f4e-9d61-2f4a9c0e7b11", "services": ["vneid"], "people": 4,
             "occurred_at": at(d).isoformat()}
    results = support.records_sync(author=fw.volunteer, scope=Scope.for_user(fw.volunteer),
                                   entries=[entry, dict(entry)])
    assert [r.status for r in results] == ["created", "duplicate"]
    support.records_sync(author=fw.volunteer, scope=Scope.for_user(fw.volunteer), entries=[dict(entry)])
    assert fact(fw.commune, TURNS, d) == 4 and fact(fw.commune, VOL, d) == 1
    assert_rebuild_matches()


def test_volunteer_turns_come_from_support_classes_and_works(fw):
    d = month_start(2).replace(day=10)
    C, T, L, V = fw.commune, fw.team, fw.leader_member, fw.volunteer_member
    x = MemberFactory(branch=fw.branch)
    rollups.rebuild()
    log(fw.team_leader, people=1, volunteers=[L.pk, V.pk], occurred_at=at(d))                    # 2
    held_class(C, fw.place, at(d, 14), teachers=[L, V], team=T, present=4)                         # 2
    held_class(C, fw.place, at(d, 16), teachers=[L, V, x], status="cancelled")                    # 0: cancelled
    approved_work(fw.team_leader, fw.secretary, C, completed_on=d, value_vnd=15_000_000, beneficiaries=120,
                  volunteers=[L, V, x], team=T)                                                    # 3
    approved_work(fw.team_leader, fw.secretary, C, completed_on=d, volunteers=[L, V, x], approve=False)  # 0: waiting

    assert fact(C, VOL, d) == 7 and fact(C, VOL, d, grain="m") == 7 and p(fw, VOL, d) == 7
    assert cells(C, VOL, dim="source") == {"support": 2, "class": 2, "work": 3}
    assert cells(C, VOL, dim="team") == {str(T.pk): 7}
    assert (fact(C, CLASSES, d), fact(C, ATTENDEES, d)) == (1, 4)
    assert (fact(C, WORKS, d), fact(C, VALUE, d), fact(C, BENEFICIARIES, d)) == (1, 15_000_000, 120)
    assert cells(C, WORKS, dim="kind") == {"wifi_point": 1}
    assert cells(C, VALUE, dim="team") == {str(T.pk): 15_000_000}
    assert cells(C, CLASSES, dim="team") == {str(T.pk): 1} and cells(C, ATTENDEES, dim="team") == {str(T.pk): 4}
    assert_provinces_sum_their_units()
    assert_rebuild_matches()


def test_classes_count_when_not_cancelled_and_attendees_when_present(fw):
    from django.utils import timezone

    C, L, V = fw.commune, fw.leader_member, fw.volunteer_member
    d = month_start(1).replace(day=12)
    done = held_class(C, fw.place, at(d, 9), teachers=[L], present=3)
    assert (fact(C, CLASSES, d), fact(C, ATTENDEES, d), fact(C, VOL, d)) == (1, 3, 1)

    # A class still to come counts on its own day; people who only signed up are not attendees.
    starts = timezone.now() + dt.timedelta(days=2)
    soon = classes.class_create(title="Nhận biết lừa đảo trên mạng", commune=C, venue=fw.place, starts_at=starts,
                                ends_at=starts + dt.timedelta(hours=1), teachers=[V])
    day = timezone.localdate(starts)
    a, _ = classes.signup(literacy_class=soon, full_name="Nguyễn Thị Lan")
    classes.signup(literacy_class=soon, full_name="Trần Văn Bình")
    assert (fact(C, CLASSES, day), fact(C, ATTENDEES, day), fact(C, VOL, day)) == (1, 0, 1)
    classes.add_walk_in(literacy_class=soon, full_name="Lê Văn Cường")
    classes.set_present(attendee=a, present=True)
    assert fact(C, ATTENDEES, day) == 2
    classes.set_present(attendee=a, present=False)
    classes.set_present(attendee=Attendee.objects.get(pk=a.pk), present=False)  # no change: counts nothing
    assert fact(C, ATTENDEES, day) == 1
    classes.class_cancel(literacy_class=soon)
    assert (fact(C, CLASSES, day), fact(C, ATTENDEES, day), fact(C, VOL, day)) == (0, 0, 0)

    # A held class marked cancelled after all ("un-held"), then held again with one more teacher.
    classes.class_update(literacy_class=done, status="cancelled")
    assert (fact(C, CLASSES, d), fact(C, ATTENDEES, d), fact(C, VOL, d)) == (0, 0, 0)
    classes.class_update(literacy_class=done, status="done", teachers=[L, V])
    assert (fact(C, CLASSES, d), fact(C, ATTENDEES, d), fact(C, VOL, d)) == (1, 3, 2)
    # Moved to another month: the figures follow it.
    later = month_start(0).replace(day=1)
    classes.class_update(literacy_class=done, starts_at=at(later, 0, 0), ends_at=at(later, 1, 0))
    assert (fact(C, CLASSES, d, grain="m"), fact(C, CLASSES, later, grain="m"), fact(C, ATTENDEES, later)) == (0, 1, 3)
    assert_provinces_sum_their_units()
    assert_rebuild_matches()


def test_works_count_once_approved_only(fw):
    C, L, V = fw.commune, fw.leader_member, fw.volunteer_member
    d = month_start(1).replace(day=20)
    draft = works.work_create(by=fw.team_leader, commune=C, title="Thư viện số", value_vnd=5_000_000,
                              beneficiaries=40, volunteers=[L], completed_on=d)
    returned = approved_work(fw.team_leader, None, C, completed_on=d, value_vnd=7_000_000, beneficiaries=10,
                             volunteers=[V], approve=False)
    returned = works.work_return(work=returned, by=fw.secretary, note="Thiếu ảnh công trình")
    returned = works.work_update(work=returned, by=fw.team_leader, value_vnd=8_000_000)
    assert facts() == {}

    ok = approved_work(fw.team_leader, fw.secretary, C, completed_on=d, value_vnd=15_000_000, beneficiaries=120,
                       volunteers=[L, V], kind="digital_library")
    expected = {WORKS: 1, VALUE: 15_000_000, BENEFICIARIES: 120, VOL: 2}
    assert {i: fact(C, i, d) for i in expected} == expected
    assert {i: p(fw, i, d, grain="m") for i in expected} == expected
    assert cells(C, VALUE, dim="kind") == {"digital_library": 15_000_000}
    before = facts()

    # An approved work is locked: deleting it is refused and moves nothing.
    with pytest.raises(DomainError) as e:
        works.work_delete(work=ok, by=fw.team_leader)
    assert e.value.code == "locked"
    works.work_delete(work=draft, by=fw.team_leader)
    works.work_delete(work=returned, by=fw.team_leader)
    assert facts() == before
    assert_provinces_sum_their_units()
    assert_rebuild_matches()


# --- days and months ---------------------------------------------------------------------------------

def test_records_at_the_edges_of_a_month_land_in_the_right_day_and_month(fw):
    C = fw.commune
    first = month_start(2)
    last = month_end(first)
    # 00:00 local is 17:00 UTC the day before: a UTC day would put it in the previous month.
    log(fw.volunteer, people=1, occurred_at=at(first, 0, 0, 0))
    log(fw.volunteer, people=2, occurred_at=at(last, 23, 59, 59))
    log(fw.volunteer, people=4, occurred_at=at(first - DAY, 23, 59, 59))
    log(fw.volunteer, people=8, occurred_at=at(last + DAY, 0, 0, 0))
    held_class(C, fw.place, at(first, 0, 0), present=1)
    held_class(C, fw.place, at(last, 23, 59, 59), present=2)
    approved_work(fw.team_leader, fw.secretary, C, completed_on=first, beneficiaries=10)
    approved_work(fw.team_leader, fw.secretary, C, completed_on=last, beneficiaries=20)

    assert [fact(C, TURNS, d) for d in (first - DAY, first, last, last + DAY)] == [4, 1, 2, 8]
    assert [fact(C, TURNS, d, grain="m") for d in (first - DAY, first, last + DAY)] == [4, 3, 8]
    assert [fact(C, ATTENDEES, d) for d in (first - DAY, first, last, last + DAY)] == [0, 1, 2, 0]
    assert fact(C, CLASSES, first, grain="m") == 2 and fact(C, ATTENDEES, first, grain="m") == 3
    assert [fact(C, BENEFICIARIES, d) for d in (first, last)] == [10, 20]
    assert fact(C, BENEFICIARIES, first, grain="m") == 30
    assert [p(fw, TURNS, d, grain="m") for d in (first - DAY, first, last + DAY)] == [4, 3, 8]
    assert_provinces_sum_their_units()
    # The rebuild reads the same local days from the database (TruncDate in Asia/Ho_Chi_Minh).
    assert_rebuild_matches()


@pytest.fixture
def spread(fw):
    """Nine entries from the 19th of a month three months back to the 11th of last month; each tally a
    power of two, so a sum tells which entries it holds."""
    p3, p2, p1 = month_start(3), month_start(2), month_start(1)
    days = [p3.replace(day=19), p3.replace(day=20), month_end(p3), p2, p2.replace(day=15), month_end(p2),
            p1, p1.replace(day=10), p1.replace(day=11)]
    for i, d in enumerate(days):
        log(fw.volunteer, people=2 ** i, occurred_at=at(d, 0 if i % 2 else 23, 0, 0))
    return days


def _ranges(days):
    p3, p2, p1 = month_start(3), month_start(2), month_start(1)
    return [
        (days[1], days[7]),                 # part of a month + a whole month + part of a month
        (days[0], days[8]),
        (p3, month_end(p1)),                # three whole months
        (p2, month_end(p2)),                # one whole month
        (days[1], month_end(p3)),           # the tail of a month
        (p1, days[7]),                      # the head of a month
        (days[4], days[4]),                 # one day
        (days[2], days[3]),                 # the last day of a month and the first of the next
        (days[1], month_end(p2)),           # part of a month + a whole month
        (p2, days[7]),                      # a whole month + part of a month
        (days[8], days[7]),                 # backwards: nothing
    ]


def test_a_range_counts_each_record_once(fw, spread):
    C = fw.commune
    for start, end in _ranges(spread):
        expected = sum(2 ** i for i, d in enumerate(spread) if start <= d <= end)
        for unit, level in ((C, "u"), (fw.province, "p")):
            got = read.totals(unit_ids=[unit.pk], level=level, indicators=[TURNS], start=start, end=end)[TURNS]
            assert got == expected, (start, end, level)
            # Whole months come from month rows, the edges from day rows, never both.
            rows = Fact.objects.filter(read.period_q(start, end), unit_id=unit.pk, level=level, indicator=TURNS,
                                       dim="")
            assert sum(r.value for r in rows) == expected
            assert not [r for r in rows if r.grain == "d" and any(
                m.grain == "m" and m.period == r.period.replace(day=1) for m in rows)]
    assert_provinces_sum_their_units()


def test_month_grain_by_day_covers_only_the_range(fw, spread):
    """A trend in months reads month rows; a month cut by the range counts only its days inside."""
    start, end = spread[1], spread[7]
    got = read.by_day(unit_ids=[fw.commune.pk], level="u", indicators=[TURNS], start=start, end=end,
                      grain="m")[TURNS]
    expected: dict = {}
    for i, d in enumerate(spread):
        if start <= d <= end:
            expected[d.replace(day=1)] = expected.get(d.replace(day=1), 0) + 2 ** i
    assert got == expected
    assert sum(got.values()) == read.totals(unit_ids=[fw.commune.pk], level="u", indicators=[TURNS], start=start,
                                            end=end)[TURNS]


# --- edits and deletes ------------------------------------------------------------------------------

def test_edits_and_deletes_move_the_figures_exactly(fw):
    C, O, T = fw.commune, fw.other_commune, fw.team
    d = month_start(2).replace(day=8)
    d2 = month_start(1).replace(day=3)
    r = log(fw.volunteer, people=12, services=["vneid", "cashless"], occurred_at=at(d))
    other = log(fw.volunteer, people=1, occurred_at=at(d))  # stays put throughout
    start = facts()

    edit(r, fw.secretary)  # saved as it was
    assert facts() == start

    edit(r, fw.secretary, people=5)
    assert (fact(C, TURNS, d), p(fw, TURNS, d, grain="m")) == (6, 6)
    assert cells(C, TURNS, dim="service") == {"vneid": 6, "cashless": 5}
    assert cells(C, TURNS, dim="team") == {str(T.pk): 6}

    edit(r, fw.secretary, services=["cashless", "ecommerce"])
    assert cells(C, TURNS, dim="service") == {"vneid": 1, "cashless": 5, "ecommerce": 5}
    assert fact(C, TURNS, d) == 6

    edit(r, fw.secretary, occurred_at=at(d2, 0, 0))
    assert (fact(C, TURNS, d), fact(C, TURNS, d2)) == (1, 5)
    assert (fact(C, TURNS, d, grain="m"), fact(C, TURNS, d2, grain="m")) == (1, 5)
    assert (fact(C, VOL, d), fact(C, VOL, d2)) == (1, 1)

    # To the other commune: without the team and volunteer of Phủ Lý.
    edit(r, fw.province_admin, unit=O.pk, team=None, volunteers=[], setting="commune_office")
    assert (fact(C, TURNS, d2), fact(O, TURNS, d2), p(fw, TURNS, d2)) == (0, 5, 5)
    assert cells(O, TURNS, dim="service") == {"cashless": 5, "ecommerce": 5}
    assert cells(O, TURNS, dim="setting") == {"commune_office": 5}
    assert cells(O, TURNS, dim="team") == {} and total(O, VOL) == 0
    assert cells(C, TURNS, dim="team") == {str(T.pk): 1} and total(C, VOL) == 1
    assert_provinces_sum_their_units()
    assert_rebuild_matches()

    delete(r, fw.province_admin)
    delete(other, fw.secretary)
    assert facts() == {}
    assert_rebuild_matches()


def test_an_edit_from_an_old_copy_keeps_the_figures_true(fw):
    """Two officers open the same entry; the second saves after the first."""
    from tienphong.support.models import SupportRecord

    d = month_start(1).replace(day=4)
    r = log(fw.volunteer, people=12, occurred_at=at(d))
    old_copy = SupportRecord.objects.get(pk=r.pk)
    edit(r, fw.secretary, people=5)
    support.record_update(record=old_copy, by=fw.secretary, scope=Scope.for_user(fw.secretary), data={"note": "Xóm 4"})
    assert fact(fw.commune, TURNS, d) == SupportRecord.objects.get(pk=r.pk).people
    assert_rebuild_matches()
    support.record_delete(record=old_copy, by=fw.secretary, scope=Scope.for_user(fw.secretary))
    assert facts() == {}


def test_a_deleted_member_takes_their_volunteer_turns_with_them(fw):
    """Their links to entries, classes and works go with them (cascade); a rebuild would not count
    them, so neither may the running totals."""
    C, L, V = fw.commune, fw.leader_member, fw.volunteer_member
    d = month_start(1).replace(day=6)
    x = members.member_create(full_name="Hoàng Văn Tú", gender="male", branch=fw.branch, phone="0987000111")
    log(fw.team_leader, volunteers=[L.pk, x.pk], occurred_at=at(d))
    held_class(C, fw.place, at(d, 15), teachers=[x, V], team=fw.team)
    approved_work(fw.team_leader, fw.secretary, C, completed_on=d, volunteers=[x], team=fw.team)
    assert fact(C, VOL, d) == 5
    members.member_delete(member=x)
    assert fact(C, VOL, d) == 2
    assert cells(C, VOL, dim="source") == {"support": 1, "class": 1}
    assert cells(C, VOL, dim="team") == {str(fw.team.pk): 2}
    assert_provinces_sum_their_units()
    assert_rebuild_matches()


def test_a_team_changing_kind_moves_its_citizen_turns(fw):
    d = month_start(1).replace(day=6)
    log(fw.volunteer, people=7, occurred_at=at(d))
    teams.team_update(team=fw.team, kind="volunteer")
    assert cells(fw.commune, TURNS, dim="team_kind") == {"volunteer": 7}
    assert cells(fw.province, TURNS, dim="team_kind", level="p") == {"volunteer": 7}
    assert_rebuild_matches()


def test_incremental_equals_rebuild_after_a_mixed_day(fw):
    from django.utils import timezone

    C, O, T, L, V = fw.commune, fw.other_commune, fw.team, fw.leader_member, fw.volunteer_member
    d1, d2 = month_start(2).replace(day=28), month_start(1)
    r1 = log(fw.volunteer, people=9, services=["vneid", "cashless"], occurred_at=at(d1, 0, 0))
    r2 = log(fw.team_leader, people=3, volunteers=[L.pk, V.pk], occurred_at=at(d2, 23, 59, 59))
    log(fw.outsider, unit=O.pk, people=2, services=["cyber_safety"], occurred_at=at(d2))
    edit(r1, fw.secretary, people=4, services=["citizen_apps"], occurred_at=at(d2, 12))
    delete(r2, fw.secretary)
    point = make_unit(C, OrgUnit.Kind.SERVICE_POINT, "Bộ phận một cửa phường Phủ Lý", "13285-PV")
    hcc = teams.team_create(name="Đội hình TNTN một cửa", kind="volunteer", commune=C, service_point=point,
                            leader=V)
    log(fw.volunteer, unit=point.pk, team=hcc.pk, people=6, setting="service_center", occurred_at=at(d1))

    k1 = held_class(C, fw.place, at(d1, 8), teachers=[L], team=T, present=5)
    k2 = held_class(O, fw.other_place, at(d2, 8), present=2)
    classes.set_present(attendee=k2.attendees.first(), present=False)
    classes.class_update(literacy_class=k1, teachers=[L, V], starts_at=at(d2, 7), ends_at=at(d2, 9))
    starts = timezone.now() + dt.timedelta(days=1)
    k3 = classes.class_create(title="Ví điện tử", commune=C, venue=fw.place, starts_at=starts, teachers=[V])
    classes.add_walk_in(literacy_class=k3, full_name="Đào Thị Mai")
    classes.class_update(literacy_class=k3, status="cancelled")

    approved_work(fw.team_leader, fw.secretary, C, completed_on=d1, value_vnd=3_000_000, volunteers=[L], team=T)
    w = approved_work(fw.province_admin, None, O, completed_on=d2, value_vnd=1_000_000, approve=False)
    works.work_return(work=w, by=fw.province_admin, note="Sai giá trị")
    works.work_update(work=w, by=fw.province_admin, value_vnd=2_000_000)
    works.work_submit(work=w, by=fw.province_admin)
    works.work_approve(work=w, by=fw.province_admin)

    m = members.member_create(full_name="Vũ Thị Hạnh", gender="female", branch=fw.other_branch, digital_skill=3,
                              is_core=True)
    members.member_update(member=m, branch=fw.branch)
    members.member_update(member=L, digital_skill=4)
    teams.team_update(team=T, active=False)
    teams.team_update(team=hcc, kind="community_tech")

    assert_provinces_sum_their_units()
    assert_rebuild_matches()


# --- stock: members and teams ------------------------------------------------------------------------

def test_member_counts_follow_creates_updates_and_moves(world):
    C, O = world.commune, world.other_commune
    a = members.member_create(full_name="Nguyễn Văn An", gender="male", branch=world.branch, digital_skill=2,
                              is_core=True)
    b = members.member_create(full_name="Trần Thị Bình", gender="female", branch=world.branch, digital_skill=3)
    members.member_create(full_name="Lê Thị Cúc", gender="female", branch=world.branch, digital_skill=4,
                          status="left")
    d = members.member_create(full_name="Phạm Văn Dũng", gender="male", branch=world.other_branch)
    # A union under the province itself: its members count at the province.
    school = make_unit(world.province, OrgUnit.Kind.GRASSROOTS, "Đoàn trường THPT chuyên", "37-THPT")
    klass = make_unit(school, OrgUnit.Kind.BRANCH, "Chi đoàn 12A1", "37-THPT-12A1")
    e = members.member_create(full_name="Đỗ Thị Em", gender="female", branch=klass, digital_skill=2, is_core=True)

    def counts(unit, level="u"):
        return (stock(unit, "members", level=level), stock(unit, "core_members", level=level),
                {k: stock(unit, "members_by_skill", k, level=level) for k in "1234"})

    assert counts(C) == (2, 1, {"1": 0, "2": 1, "3": 1, "4": 0})
    assert counts(O) == (1, 0, {"1": 1, "2": 0, "3": 0, "4": 0})
    assert counts(world.province) == (1, 1, {"1": 0, "2": 1, "3": 0, "4": 0})
    assert counts(world.province, "p") == (4, 2, {"1": 1, "2": 2, "3": 1, "4": 0})

    members.member_update(member=a, status="left")
    members.member_update(member=b, digital_skill=4, is_core=True)
    members.member_update(member=d, branch=world.branch)
    members.member_update(member=e, status="moved")
    assert counts(C) == (2, 1, {"1": 1, "2": 0, "3": 0, "4": 1})
    assert counts(O) == (0, 0, {"1": 0, "2": 0, "3": 0, "4": 0})
    assert counts(world.province, "p") == (2, 1, {"1": 1, "2": 0, "3": 0, "4": 1})
    members.member_delete(member=b)
    assert counts(world.province, "p") == (1, 0, {"1": 1, "2": 0, "3": 0, "4": 0})
    assert_provinces_sum_their_units()
    assert_rebuild_matches()


def test_team_counts_follow_active_flag_and_commune(world):
    C, O = world.commune, world.other_commune
    t1 = teams.team_create(name="Tổ công nghệ số TDP 1", kind="community_tech", commune=C)
    teams.team_create(name="Đội TNTN phường", kind="volunteer", commune=C)
    t3 = teams.team_create(name="Tổ công nghệ số thôn Kim Lũ", kind="community_tech", commune=O)
    assert stock(world.province, "teams", "community_tech", level="p") == 2
    assert stock(world.province, "teams", "volunteer", level="p") == 1
    assert (stock(C, "communes_covered"), stock(O, "communes_covered")) == (1, 1)
    assert stock(world.province, "communes_covered", level="p") == 2

    teams.team_update(team=t3, active=False)
    assert stock(O, "teams", "community_tech") == 0 and stock(O, "communes_covered") == 0
    assert stock(world.province, "communes_covered", level="p") == 1
    teams.team_update(team=t1, commune=O)
    assert (stock(C, "teams", "community_tech"), stock(O, "teams", "community_tech")) == (0, 1)
    assert stock(world.province, "communes_covered", level="p") == 2
    teams.team_update(team=t3, active=True)
    assert stock(world.province, "teams", "community_tech", level="p") == 2
    assert stock(O, "teams", "community_tech") == 2
    assert_provinces_sum_their_units()
    assert_rebuild_matches()


def test_an_excel_import_updates_the_member_counts(world):
    from datetime import date

    members.member_create(full_name="Nguyễn Văn An", gender="male", branch=world.other_branch)
    # name, gender, born, phone, email, branch, joined, status, core, skill
    rows = [
        ["Nguyễn Thị Hà", "Nữ", date(2001, 9, 2), "0912345678", "", "13285-01-01", None, "Đang sinh hoạt", "x", 3],
        ["Trần Văn Nam", "Nam", None, "0987654321", "", "13285-01-01", None, "", "", 2],
        ["Lê Thu Trang", "Nữ", None, "0912000111", "", "13285-01-01", None, "Đã ra khỏi Đoàn", "", 4],
    ]
    plan = import_file(unit=world.commune, source=xlsx(rows), actor=world.secretary)
    assert plan.errors == [] and plan.created == 3
    assert (stock(world.commune, "members"), stock(world.commune, "core_members")) == (2, 1)
    assert {k: stock(world.commune, "members_by_skill", k) for k in "234"} == {"2": 1, "3": 1, "4": 0}
    assert stock(world.province, "members", level="p") == 3

    # Again, with Nam gone and Trang back.
    rows[1][7] = "Đã ra khỏi Đoàn"
    rows[2][7] = "Đang sinh hoạt"
    plan = import_file(unit=world.commune, source=xlsx(rows), actor=world.secretary)
    assert plan.errors == [] and plan.updated == 2
    assert {k: stock(world.commune, "members_by_skill", k) for k in "234"} == {"2": 0, "3": 1, "4": 1}
    assert stock(world.province, "members", level="p") == 3
    assert_provinces_sum_their_units()
    assert_rebuild_matches()

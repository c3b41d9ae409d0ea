"""The demo province: its tree and people (believable shape, consistent derived fields), its field work
(believable figures, consistent scope fields, recent dates), idempotent.

Ninh Bình is loaded once for the module (about 8 s) by `load_demo` alone, which loads the province's
administrative units itself, inside a transaction that is rolled back at the end; each test runs in a
savepoint of it, so what one test changes the next does not see.
"""

from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from tienphong.accounts.models import Role, RoleAssignment, User
from tienphong.campaigns.models import Campaign, CampaignTarget, YouthWork
from tienphong.core.models import AuditEntry
from tienphong.core.text import search_blob
from tienphong.demo.field import (WINDOW_DAYS, YOUTH_MONTH_TITLE, current_campaign_title, load_field)
from tienphong.demo.figures import SEED_SCALE, VOLUNTEER_TEAM_SIZE
from tienphong.demo.loader import load_demo
from tienphong.demo.tree import CENTER_CODE, DEMO_PASSWORD, DEMO_URL, build_plan
from tienphong.literacy.models import Attendee, LiteracyClass
from tienphong.members.models import Member
from tienphong.reports.ranking import SEED_FIGURES, seed_rows
from tienphong.reports.selectors import subject_for
from tienphong.places.models import Place
from tienphong.support.models import SupportRecord
from tienphong.teams.models import Team, TeamMembership
from tienphong.units.models import OrgUnit

K = OrgUnit.Kind
THROUGH = (SupportRecord.services.through, SupportRecord.volunteers.through, LiteracyClass.teachers.through,
           LiteracyClass.modules.through, YouthWork.volunteers.through)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), transaction.atomic(), override_settings(MEDIA_ROOT=str(media)):
        out = StringIO()
        result = load_demo(stdout=out)  # no load_units beforehand: the demo loads Ninh Bình itself
        yield result, out.getvalue()
        transaction.set_rollback(True)


def _field_counts():
    counts = {m.__name__: m.objects.count() for m in (Place, SupportRecord, LiteracyClass, Attendee, Campaign,
                                                      CampaignTarget, YouthWork)}
    counts.update({m._meta.db_table: m.objects.count() for m in THROUGH})
    return counts


def _communes():
    return list(OrgUnit.objects.filter(kind=K.COMMUNE, parent__code="37").order_by("code"))


@pytest.mark.django_db
def test_places_in_every_commune(demo):
    kinds = defaultdict(Counter)
    for p in Place.objects.select_related("commune"):
        kinds[p.commune_id][p.kind] += 1
        assert p.path == p.commune.path and p.commune.kind == K.COMMUNE
        assert p.search_text == Place.search_words(p.name, p.address)
    communes = _communes()
    assert len(communes) == 129
    for c in communes:
        assert kinds[c.pk][Place.Kind.COMMUNE_HALL] == 1, c.name
        assert 3 <= kinds[c.pk][Place.Kind.CULTURE_HOUSE] <= 6, c.name
        assert 1 <= kinds[c.pk][Place.Kind.SCHOOL] <= 2, c.name
    houses = Place.objects.filter(kind=Place.Kind.CULTURE_HOUSE).values_list("name", flat=True)
    assert all(n.startswith(("Nhà văn hóa thôn ", "Nhà văn hóa xóm ", "Nhà văn hóa tổ dân phố ")) for n in houses)
    # The provincial service center is not a commune's place.
    assert not Place.objects.filter(kind=Place.Kind.SERVICE_CENTER).exists()


@pytest.mark.django_db
def test_citizens_helped_six_weeks_at_the_provinces_pace(demo):
    now = timezone.localtime()
    today = now.date()
    # The six weeks of field work (figures.py adds last year's desk tallies: see tests/reports/test_seed_figures.py).
    records = list(SupportRecord.objects.filter(occurred_at__date__gte=today - timedelta(days=WINDOW_DAYS + 1)))
    assert 4000 <= len(records) <= 5000
    turns = sum(r.people for r in records)
    assert 11_000 <= turns <= 14_500  # ≈ 110,000 a year
    assert all(r.source == SupportRecord.Source.DEMO for r in records)
    first = today - timedelta(days=WINDOW_DAYS - 1)
    days = {r.pk: timezone.localtime(r.occurred_at).date() for r in records}
    assert all(first <= d <= today for d in days.values())
    assert all(r.occurred_at <= now for r in records)

    # Every full week of the window: about 2,100 turns; weekend days busier than weekdays.
    per_week, per_weekday = Counter(), Counter()
    for r in records:
        d = days[r.pk]
        per_week[d - timedelta(days=d.weekday())] += r.people
        if d < today:
            per_weekday[d.weekday() >= 5] += r.people
    full_weeks = [w for w in per_week if w >= first and w + timedelta(days=6) < today]
    assert len(full_weeks) >= 5
    for w in full_weeks:
        assert 1_700 <= per_week[w] <= 2_600, (w, per_week[w])
    assert per_weekday[True] / 2 > per_weekday[False] / 5

    tallies = Counter(r.people for r in records)
    assert tallies[1] / len(records) > 0.45 and max(tallies) <= 25
    assert sum(n for t, n in tallies.items() if t <= 5) / len(records) > 0.85
    outcomes = Counter(r.outcome for r in records)
    assert outcomes["done"] / len(records) > 0.8 and outcomes["partly"] and outcomes["referred"]
    assert all(r.minutes is None or 5 <= r.minutes <= 60 for r in records)
    assert all(r.people == 1 for r in records if r.age_band or r.gender)
    assert any(r.age_band for r in records) and any(r.gender for r in records)
    settings = Counter(r.setting for r in records)
    assert set(settings) == {"door_to_door", "commune_office", "service_center", "class", "other"}
    weekend = Counter(r.setting for r in records if days[r.pk].weekday() >= 5)
    assert weekend["door_to_door"] / sum(weekend.values()) > 0.6
    assert weekend["commune_office"] + weekend["service_center"] < settings["commune_office"] / 3

    # VNeID and online public services lead; a public service entry names its procedure.
    codes = defaultdict(set)
    for rid, code in SupportRecord.services.through.objects.values_list("supportrecord_id", "service__code"):
        codes[rid].add(code)
    ranking = Counter(c for cs in codes.values() for c in cs).most_common()
    assert {ranking[0][0], ranking[1][0]} == {"vneid", "public_service"}
    assert all(1 <= len(codes[r.pk]) <= 3 for r in records)
    for r in records:
        assert bool(r.procedure) == ("public_service" in codes[r.pk]), r.pk
    procedures = Counter(r.procedure for r in records if r.procedure)
    assert {"Đăng ký khai sinh", "Đăng ký thường trú", "Cấp phiếu lý lịch tư pháp"} <= set(procedures)


@pytest.mark.django_db
def test_records_carry_the_scope_fields_the_services_would_give_them(demo):
    records = list(SupportRecord.objects.select_related("unit", "commune", "place", "team"))
    assert len({r.uuid for r in records}) == len(records)
    center = OrgUnit.objects.get(code=CENTER_CODE)
    rosters = defaultdict(set)
    for team_id, member_id in TeamMembership.objects.values_list("team_id", "member_id"):
        rosters[team_id].add(member_id)
    volunteers = defaultdict(list)
    for rid, mid in SupportRecord.volunteers.through.objects.values_list("supportrecord_id", "member_id"):
        volunteers[rid].append(mid)
    for r in records:
        assert r.path == r.unit.path
        assert r.commune_id == r.unit.commune_id
        if r.setting == "service_center":
            assert r.unit == center and r.commune is None and r.team.service_point_id == center.pk
        else:
            assert r.path.startswith(r.commune.path) and r.commune.kind == K.COMMUNE
            assert r.team.commune_id == r.commune_id
        if r.setting == "commune_office":
            assert r.unit.kind == K.SERVICE_POINT and r.unit.code == f"{r.commune.code}-PV"
            assert r.place.kind == Place.Kind.COMMUNE_HALL
        if r.place is not None:
            assert r.place.commune_id == r.commune_id
        if r.setting == "door_to_door":
            assert r.place or r.place_note
        assert 1 <= len(volunteers[r.pk]) <= 3
        assert set(volunteers[r.pk]) <= rosters[r.team_id]
    assert Counter(r.setting for r in records)["service_center"] > 100


@pytest.mark.django_db
def test_the_demo_volunteer_has_entries_today_and_on_the_last_days(demo):
    today = timezone.localdate()
    hoa_lu = OrgUnit.objects.get(name="Phường Hoa Lư")
    for username in ("tnv.hoalu", "totruong.hoalu"):
        member = Member.objects.get(user__username=username)
        assert member.commune_id == hoa_lu.pk
        assert member.teams.filter(commune=hoa_lu, active=True).exists(), username
    volunteer = Member.objects.get(user__username="tnv.hoalu")
    mine = SupportRecord.objects.filter(created_by__username="tnv.hoalu")
    days = Counter(timezone.localtime(r.occurred_at).date() for r in mine)
    assert days[today] >= 2
    for back in range(1, 7):
        assert days[today - timedelta(days=back)] >= 2, back
    for r in mine:
        assert volunteer in r.volunteers.all() and r.commune == hoa_lu
    assert SupportRecord.objects.filter(created_by__username="totruong.hoalu", occurred_at__date=today).exists()


@pytest.mark.django_db
def test_every_commune_holds_classes_at_its_culture_houses(demo):
    now = timezone.localtime()
    today = now.date()
    classes = list(LiteracyClass.objects.select_related("venue", "commune", "team")
                   .filter(starts_at__date__gte=today - timedelta(days=WINDOW_DAYS + 1)))  # not last year's
    per_commune = Counter(c.commune_id for c in classes if c.starts_at <= now)
    communes = _communes()
    for c in communes:
        # The demo team leader's team in Hoa Lư adds a class every Saturday.
        assert 1 <= per_commune[c.pk] <= (13 if c.name == "Phường Hoa Lư" else 6), c.name
    assert 2.0 <= sum(per_commune.values()) / len(communes) <= 4.0
    attendees = defaultdict(list)
    for a in Attendee.objects.all():
        attendees[a.literacy_class_id].append(a)
    teachers = defaultdict(list)
    for cid, m in LiteracyClass.teachers.through.objects.values_list("literacyclass_id", "member"):
        teachers[cid].append(m)
    skill = dict(Member.objects.values_list("pk", "digital_skill"))
    commune_of = dict(Member.objects.values_list("pk", "commune_id"))
    modules = Counter(LiteracyClass.modules.through.objects.values_list("module__code", flat=True))
    assert len(modules) == 4
    upcoming = 0
    for c in classes:
        assert c.path == c.commune.path and c.venue.commune_id == c.commune_id
        assert c.venue.kind in (Place.Kind.CULTURE_HOUSE, Place.Kind.SCHOOL)
        assert 30 <= c.capacity <= 50 and c.ends_at > c.starts_at
        assert today - timedelta(days=WINDOW_DAYS) <= c.starts_at.date() <= today + timedelta(days=14)
        assert teachers[c.pk] and all(skill[m] >= 3 and commune_of[m] == c.commune_id for m in teachers[c.pk])
        people = attendees[c.pk]
        phones = [a.phone for a in people if a.phone]
        assert len(phones) == len(set(phones))
        if c.ends_at <= now:
            assert c.status == LiteracyClass.Status.DONE
            assert 12 <= len(people) <= 40
            assert sum(a.attended for a in people) / len(people) >= 0.6
            assert all(a.attended_at for a in people if a.attended)
        else:
            upcoming += 1
            assert c.status == LiteracyClass.Status.SCHEDULED and c.signup_open
            assert people and not any(a.attended for a in people)
    assert upcoming >= 50
    names = [a.full_name for people in attendees.values() for a in people]
    assert all(len(n.split()) >= 3 for n in names)
    assert 0.3 < sum(n.startswith("Nguyễn ") for n in names) / len(names) < 0.45


@pytest.mark.django_db
def test_youth_month_2026_has_900_works_worth_3_billion(demo):
    province = OrgUnit.objects.get(code="37", kind=K.PROVINCE)
    march = Campaign.objects.get(title=YOUTH_MONTH_TITLE)
    assert (march.starts_on, march.ends_on) == (date(2026, 3, 1), date(2026, 3, 31))
    assert march.unit == province and march.path == province.path
    works = list(march.works.select_related("commune", "place"))
    assert 850 <= len(works) <= 950
    assert all(w.status == YouthWork.Status.APPROVED for w in works)
    total = sum(w.value_vnd for w in works)
    assert 2_700_000_000 <= total <= 3_100_000_000
    kinds = Counter(w.kind for w in works)
    assert kinds["wifi_point"] == 9 and kinds["digital_library"] == 3
    assert set(kinds) == {k for k, _ in YouthWork.Kind.choices}
    for w in works:
        assert date(2026, 3, 1) <= w.completed_on <= date(2026, 3, 31)
        assert w.path == w.commune.path and w.commune.kind == K.COMMUNE
        assert w.submitted_at < w.reviewed_at and w.value_vnd > 0
        if w.kind in ("wifi_point", "digital_library"):
            # The demo's public pages give each wifi point and library a place of its own kind.
            assert w.place.kind == w.kind and w.place.commune_id == w.commune_id
    assert len({w.commune_id for w in works}) > 120
    volunteer_turns = YouthWork.volunteers.through.objects.filter(youthwork__campaign=march).count()
    assert 2_000 <= volunteer_turns <= 4_000  # the seeds: ~3,000 volunteer-turns
    hoa_lu = [w for w in works if w.commune.name == "Phường Hoa Lư"]
    assert hoa_lu and all(w.reviewed_by.username == "bithu.hoalu" for w in hoa_lu)


@pytest.mark.django_db
def test_the_current_campaign_has_targets_and_works_in_every_status(demo):
    today = timezone.localdate()
    current = Campaign.objects.get(title=current_campaign_title(today))
    assert current.starts_on == today - timedelta(days=28) and current.ends_on == today + timedelta(days=28)
    assert current.unit.code == "37" and current.created_by.username == "tinhdoan"
    targets = list(current.targets.select_related("commune"))
    assert {t.commune_id for t in targets} == {c.pk for c in _communes()}
    for t in targets:
        assert t.path == t.commune.path
        assert all(getattr(t, f) > 0 for f in ("works", "value_vnd", "citizens_supported", "classes",
                                                "attendees", "volunteer_turns"))
    # The targets are within reach of what the demo logs in the period, not fantasies.
    logged = SupportRecord.objects.filter(occurred_at__date__gte=current.starts_on).aggregate(n=Sum("people"))["n"]
    aimed = sum(t.citizens_supported for t in targets)
    assert 0.3 < logged / aimed < 0.8  # half-way through the campaign, a little behind

    works = list(current.works.select_related("commune", "reviewed_by"))
    statuses = Counter(w.status for w in works)
    assert set(statuses) == {"draft", "submitted", "approved", "rejected"}
    assert statuses["approved"] > statuses["submitted"] > statuses["rejected"]
    now = timezone.now()
    for w in works:
        assert w.path == w.commune.path
        if w.completed_on:
            assert current.starts_on <= w.completed_on <= today
        if w.status == "draft":
            assert w.submitted_at is None and w.reviewed_at is None
        else:
            assert w.submitted_at <= now
        if w.status in ("approved", "rejected"):
            assert w.submitted_at < w.reviewed_at <= now
        if w.status == "rejected":
            assert w.review_note
    waiting = [w for w in works if w.status == "submitted" and w.commune.name == "Phường Hoa Lư"]
    assert len(waiting) >= 3
    hoa_lu = OrgUnit.objects.get(name="Phường Hoa Lư")
    bithu = hoa_lu.role_assignments.get(role=Role.COMMUNE_SECRETARY).user
    assert bithu.username == "bithu.hoalu"
    assert all(w.path.startswith(hoa_lu.path) for w in waiting)
    # The demo volunteer has a draft and a returned work of their own to finish.
    volunteer = Member.objects.get(user__username="tnv.hoalu")
    own = [w for w in works if w.created_by_id == volunteer.user_id]
    assert {"draft", "rejected", "submitted"} <= {w.status for w in own}
    assert all(volunteer in w.volunteers.all() and w.commune == hoa_lu for w in own)


@pytest.mark.django_db
def test_a_later_run_adds_the_days_since_and_only_them(demo):
    province = OrgUnit.objects.get(code="37", kind=K.PROVINCE)
    communes = _communes()
    plan = build_plan(province, communes)
    tomorrow = timezone.localtime() + timedelta(days=1)
    before = _field_counts()
    known = set(SupportRecord.objects.values_list("uuid", flat=True))

    result = load_field(province, communes, plan, now=tomorrow)
    created = result["created"]
    assert 40 <= created["support_records"] <= 250
    assert created["places"] == 0
    if current_campaign_title(tomorrow.date()) == current_campaign_title(timezone.localdate()):
        assert created["campaigns"] == created["youth_works"] == created["campaign_targets"] == 0
    new = SupportRecord.objects.exclude(uuid__in=known)
    assert new.count() == created["support_records"]
    days = {timezone.localtime(t).date() for t in new.values_list("occurred_at", flat=True)}
    assert days <= {timezone.localdate(), tomorrow.date()}
    assert new.filter(created_by__username="tnv.hoalu").exists()

    after = _field_counts()
    again = load_field(province, communes, plan, now=tomorrow)
    assert not any(again["created"].values())
    assert _field_counts() == after != before


@pytest.mark.django_db
def test_the_demo_logins_open_their_field_pages(demo, client):
    """The demo's data goes through the real pages: nothing breaks, the figures show up."""
    users = {u.username: u for u in User.objects.filter(username__in=[a[0] for a in demo[0]["accounts"]])}
    current = Campaign.objects.get(title=current_campaign_title(timezone.localdate()))
    march = Campaign.objects.get(title=YOUTH_MONTH_TITLE)
    hoa_lu_class = LiteracyClass.objects.filter(commune__name="Phường Hoa Lư").first()
    waiting = YouthWork.objects.filter(campaign=current, status="submitted", commune__name="Phường Hoa Lư").first()
    pages = [reverse("today"), reverse("home"), reverse("support_list"), reverse("class_list"),
             reverse("campaign_list"), reverse("work_list"),
             reverse("campaign_detail", args=[current.pk]), reverse("campaign_detail", args=[march.pk])]
    for username in ("tinhdoan", "bithu.hoalu", "totruong.hoalu", "tnv.hoalu", "bithu.giavien"):
        client.force_login(users[username])
        for url in pages:
            assert client.get(url).status_code == 200, (username, url)
    client.force_login(users["bithu.hoalu"])
    assert client.get(reverse("class_detail", args=[hoa_lu_class.pk])).status_code == 200
    page = client.get(reverse("work_detail", args=[waiting.pk]))
    assert page.status_code == 200 and waiting.title in page.content.decode()
    # Out of scope stays out of scope, demo or not.
    client.force_login(users["bithu.giavien"])
    assert client.get(reverse("work_detail", args=[waiting.pk])).status_code == 404
    assert client.get(reverse("class_detail", args=[hoa_lu_class.pk])).status_code == 404
    # The volunteer's today page: today's own entries, a class coming up, works to finish.
    client.force_login(users["tnv.hoalu"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    today = client.get(reverse("today")).content.decode()
    assert "Nothing logged yet today" not in today and "No class in the next two weeks" not in today
    mine = SupportRecord.objects.filter(created_by=users["tnv.hoalu"], occurred_at__date=timezone.localdate())
    assert f'<span class="n">{sum(r.people for r in mine)}</span>' in today
    for r in mine:
        assert timezone.localtime(r.occurred_at).strftime("%H:%M") in today
    own = YouthWork.objects.filter(created_by=users["tnv.hoalu"], status__in=["draft", "rejected"])
    assert {w.status for w in own} == {"draft", "rejected"} and all(escape(w.title) in today for w in own)


@pytest.mark.django_db
def test_a_load_just_after_midnight_keeps_every_entry_in_the_past(demo):
    province = OrgUnit.objects.get(code="37", kind=K.PROVINCE)
    communes = _communes()
    later = timezone.localdate() + timedelta(days=60)
    now = timezone.make_aware(datetime.combine(later, time(0, 3)))
    result = load_field(province, communes, build_plan(province, communes), now=now)
    assert result["created"]["support_records"] > 3000  # six new weeks, a little overlap with the old ones
    new = SupportRecord.objects.filter(occurred_at__date__gt=timezone.localdate())
    assert not new.filter(occurred_at__gt=now).exists()
    on_the_day = new.filter(occurred_at__date=later)
    assert on_the_day.filter(created_by__username="tnv.hoalu").exists()
    assert all(r.created_at > r.occurred_at for r in new[:200])
    # Classes of that day are not held yet; the new quarter brings its own campaign with targets.
    assert not LiteracyClass.objects.filter(starts_at__gt=now, status=LiteracyClass.Status.DONE).exists()
    title = current_campaign_title(later)
    if title != current_campaign_title(timezone.localdate()):
        assert Campaign.objects.get(title=title).targets.count() == 129


# --- the tree and the people ---------------------------------------------------------------------

def _counts():
    return {
        "units": OrgUnit.objects.count(),
        "members": Member.objects.count(),
        "teams": Team.objects.count(),
        "memberships": TeamMembership.objects.count(),
        "users": User.objects.count(),
        "roles": RoleAssignment.objects.count(),
        "linked": Member.objects.filter(user__isnull=False).count(),
    }


def _contest_counts():
    from tienphong.contests.models import Assignment, Contest, Entry, Juror, Result, Score
    from tienphong.ecosystem.models import (Expert, FollowUp, MentorMatch, Milestone, Project, ProjectSupport,
                                            Startup)

    return {m.__name__: m.objects.count() for m in (Contest, Entry, Juror, Assignment, Score, Result, Expert,
                                                    MentorMatch, Project, ProjectSupport, Milestone, FollowUp, Startup)}


@pytest.mark.django_db
def test_every_commune_has_unions_branches_and_a_service_point(demo):
    province = OrgUnit.objects.get(code="37")
    communes = list(OrgUnit.objects.filter(parent=province, kind=K.COMMUNE))
    assert len(communes) == 129
    grassroots = Counter(OrgUnit.objects.filter(kind=K.GRASSROOTS).values_list("parent_id", flat=True))
    branches = Counter(OrgUnit.objects.filter(kind=K.BRANCH).values_list("commune_id", flat=True))
    for c in communes:
        assert 1 <= grassroots[c.pk] <= 3, c.name
        assert branches[c.pk] >= 1, c.name
        assert OrgUnit.objects.filter(code=f"{c.code}-PV", parent=c, kind=K.SERVICE_POINT).exists()
    assert OrgUnit.objects.filter(code=f"{communes[0].code}-01", kind=K.GRASSROOTS).exists()
    center = OrgUnit.objects.get(code=CENTER_CODE)
    assert center.parent == province and center.kind == K.SERVICE_POINT

    # Every new unit carries the derived fields unit_create would have given it.
    for unit in OrgUnit.objects.filter(kind__in=[K.GRASSROOTS, K.BRANCH, K.SERVICE_POINT]).select_related("parent"):
        assert unit.path == f"{unit.parent.path}{unit.pk}/"
        assert unit.depth == unit.parent.depth + 1
        assert unit.commune_id == unit.parent.commune_id
        assert unit.search_text == search_blob(unit.name, unit.code)
        if unit.kind == K.BRANCH:
            assert unit.parent.kind == K.GRASSROOTS


@pytest.mark.django_db
def test_members_are_believable_and_consistent(demo):
    members = list(Member.objects.select_related("branch"))
    assert 4500 <= len(members) <= 5500
    for m in members:
        assert m.path == m.branch.path
        assert m.commune_id == m.branch.commune_id
        assert m.branch.kind == K.BRANCH
        assert m.sort_key and m.search_text
        assert len(m.phone) == 10 and m.phone[:2] in {"03", "05", "07", "08", "09"}
        assert m.joined_on > m.birth_date
    phones = Counter((m.commune_id, m.phone) for m in members)
    assert phones.most_common(1)[0][1] == 1
    emails = Counter((m.commune_id, m.email) for m in members if m.email)
    assert emails and emails.most_common(1)[0][1] == 1

    n = len(members)
    families = Counter(m.full_name.split()[0] for m in members)
    assert 0.33 < families["Nguyễn"] / n < 0.43
    assert 0.06 < sum(m.is_core for m in members) / n < 0.14
    statuses = Counter(m.status for m in members)
    assert statuses["active"] / n > 0.85 and statuses["moved"] and statuses["matured"]
    assert set(Counter(m.digital_skill for m in members)) == {1, 2, 3, 4}
    # Wards are denser than rural communes.
    per_commune = Counter(m.commune_id for m in members)
    kinds = dict(OrgUnit.objects.filter(kind=K.COMMUNE).values_list("pk", "admin_type"))
    ward = [v for k, v in per_commune.items() if kinds[k] == "ward"]
    rural = [v for k, v in per_commune.items() if kinds[k] == "commune"]
    assert sum(ward) / len(ward) > sum(rural) / len(rural)


@pytest.mark.django_db
def test_teams_have_members_of_their_commune_and_a_leader_among_them(demo):
    teams = list(Team.objects.select_related("commune", "service_point"))
    assert 425 <= len(teams) <= 575
    kinds = Counter(t.kind for t in teams)
    assert kinds[Team.Kind.VOLUNTEER] == 130
    memberships = {}
    for tm in TeamMembership.objects.select_related("member"):
        memberships.setdefault(tm.team_id, []).append(tm.member)
    for t in teams:
        assert t.path == t.commune.path
        people = memberships[t.id]
        # Volunteer teams grow to about 20 (demo/figures.py: the seeds' ~2,600 members of 130 teams).
        assert 4 <= len(people) <= (VOLUNTEER_TEAM_SIZE if t.kind == Team.Kind.VOLUNTEER else 10), t.name
        assert all(m.commune_id == t.commune_id for m in people)
        assert t.leader_id in {m.id for m in people}, t.name
    center_team = next(t for t in teams if t.service_point and t.service_point.code == CENTER_CODE)
    assert center_team.kind == Team.Kind.VOLUNTEER and center_team.commune.name == "Phường Hoa Lư"


@pytest.mark.django_db
def test_demo_accounts_hold_their_roles(demo):
    _, output = demo
    expected = {
        "tinhdoan": (Role.PROVINCE_ADMIN, K.PROVINCE),
        "bithu.hoalu": (Role.COMMUNE_SECRETARY, K.COMMUNE),
        "totruong.hoalu": (Role.TEAM_LEADER, K.COMMUNE),
        "tnv.hoalu": (Role.VOLUNTEER, K.BRANCH),
        "bithu.giavien": (Role.COMMUNE_SECRETARY, K.COMMUNE),
    }
    for username, (role, kind) in expected.items():
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD)
        [assignment] = user.roles.select_related("unit")
        assert (assignment.role, assignment.unit.kind) == (role, kind)
        assert username in output
    hoa_lu = OrgUnit.objects.get(name="Phường Hoa Lư")
    assert User.objects.get(username="bithu.hoalu").roles.get().unit == hoa_lu
    assert User.objects.get(username="bithu.giavien").roles.get().unit.name == "Xã Gia Viễn"

    leader = Member.objects.get(user__username="totruong.hoalu")
    assert leader.commune_id == hoa_lu.pk and leader.led_teams.filter(commune=hoa_lu).exists()
    volunteer = Member.objects.get(user__username="tnv.hoalu")
    assert volunteer.branch == User.objects.get(username="tnv.hoalu").roles.get().unit
    assert volunteer.commune_id == hoa_lu.pk
    assert DEMO_URL in output and DEMO_PASSWORD in output
    # Demo accounts go through the audit trail; the bulk seed deliberately does not.
    created = AuditEntry.objects.filter(action=AuditEntry.Action.CREATE)
    # ... and so do the contest jury's five logins (demo/contests.py).
    assert created.filter(content_type__model="user").count() == len(expected) + 5
    assert not created.filter(content_type__model__in=["member", "team", "teammembership"]).exists()
    assert created.filter(content_type__model="orgunit").count() == 130  # load_units' province + communes


@pytest.mark.django_db
def test_second_run_creates_nothing_and_keeps_changed_passwords(demo):
    """One second run (a whole load_demo takes long) for both: the tree, the people and the field work
    stay as they are, and a password changed since is kept."""
    _, output = demo
    assert "Field work: created" in output and "youth works" in output
    assert OrgUnit.objects.filter(kind=K.COMMUNE).count() == 129
    admin = User.objects.get(username="tinhdoan")
    admin.set_password("Doi-mat-khau-2026")
    admin.save()
    before, field_before, contests_before = _counts(), _field_counts(), _contest_counts()

    out = StringIO()
    call_command("load_demo", stdout=out)  # the command, as a province runs it
    assert _counts() == before
    assert _field_counts() == field_before
    assert _contest_counts() == contests_before and contests_before["Contest"] == 2
    text = out.getvalue()
    assert "Field work already loaded (nothing created)" in text  # printed when no field count was created
    assert "Contests and ecosystem already loaded (nothing created)" in text
    assert "already loaded" in text
    assert "tinhdoan" in text and DEMO_URL in text  # the logins are printed every time
    assert User.objects.get(username="tinhdoan").check_password("Doi-mat-khau-2026")


@pytest.mark.django_db
def test_partners_of_the_seeds_work_with_units_and_are_named_by_records(demo):
    """Sở KH&CN, banks and credit funds, telecoms, the health sector: each linked to units, a share of the
    records naming them, the partner figures equal to those records; later runs added no partner."""
    from django.db.models import Sum

    from tienphong.partners.models import Partner
    from tienphong.rollups.models import Fact

    partners = {p.short_name: p for p in Partner.objects.all()}
    assert len(partners) == 11  # nine of the province and two communes' credit funds, after every rerun
    for short in ("Sở KH&CN", "Sở Y tế", "Agribank Ninh Bình", "Viettel Ninh Bình", "VNPT Ninh Bình",
                  "MobiFone Ninh Bình"):
        assert partners[short].units.exists(), short
    funds = [p for p in partners.values() if p.name.startswith("Quỹ tín dụng nhân dân")]
    assert len(funds) == 2 and all(p.unit.kind == K.COMMUNE for p in funds)
    cashless = SupportRecord.objects.filter(services__code="cashless", partners__kind=Partner.Kind.BANK)
    assert cashless.count() > 100
    assert SupportRecord.objects.filter(partners=partners["Sở Y tế"], services__code="citizen_apps").exists()
    assert LiteracyClass.objects.filter(partners=partners["Sở KH&CN"]).count() > 50
    assert not YouthWork.objects.filter(kind="wifi_point").exclude(partners__kind=Partner.Kind.TELECOM).exists()
    for p in partners.values():
        people = SupportRecord.objects.filter(partners=p).aggregate(s=Sum("people"))["s"] or 0
        figure = Fact.objects.filter(level="p", grain="m", indicator="support_turns", dim="partner",
                                     key=str(p.pk)).aggregate(s=Sum("value"))["s"] or 0
        assert figure == people, p.name


# --- the seed figures (reports.ranking.SEED_FIGURES), read from the dashboards' rollups: here, on the demo
# this module already loads, rather than a second load in tests/reports (unit tests: test_seed_figures.py).

@pytest.mark.django_db
@pytest.mark.parametrize("slug", [f.slug for f in SEED_FIGURES])
def test_each_seed_figure_comes_out_of_the_dashboard_in_its_range(demo, slug):
    province = OrgUnit.objects.get(code="37", kind=K.PROVINCE)
    row = next(r for r in seed_rows(subject_for(province), timezone.localdate()) if r.figure.slug == slug)
    assert row.measure is not None and row.measure.slug == row.figure.measure
    scaled = row.value * SEED_SCALE.get(slug, 1)
    assert row.figure.low <= scaled <= row.figure.high, (slug, row.value)


@pytest.mark.django_db
def test_the_seeds_events_come_out_of_their_event_pages_and_the_province_dashboard(demo, client):
    from tienphong.demo.events import FORUM, TRAINING
    from tienphong.events.models import Event

    client.force_login(User.objects.get(username="tinhdoan"))
    forum, training = Event.objects.get(name=FORUM), Event.objects.get(name=TRAINING)
    page = client.get(f"/events/{forum.pk}/").content.decode()
    assert 'data-figure="checked_in">345<' in page and 'data-figure="online_views">30.500<' in page
    page = client.get(f"/events/{training.pk}/").content.decode()
    assert 'data-figure="points">8<' in page and 'data-figure="cadres">1.126<' in page
    year = forum.starts_on.year
    board = client.get(f"/reports/?period=year&date={year}-01-01").content.decode()
    assert 'id="card-online_views" data-value="30500"' in board
    assert 'id="card-event_checked_in" data-value="' in board


# --- the idea contests and the ecosystem (demo/contests.py) ----------------------------------------------------

@pytest.mark.django_db
def test_the_past_contest_was_judged_by_the_rules_and_its_results_published(demo):
    from tienphong.contests import ranking
    from tienphong.contests.models import Assignment, Contest, Entry, Juror, Result, Round
    from tienphong.contests.selectors import public_ranking
    from tienphong.demo import contests_data as D

    contest = Contest.objects.get(name=D.CONTEST)
    assert contest.status == Contest.Status.PUBLISHED and contest.unit.kind == K.PROVINCE
    assert contest.approved_at < contest.published_at < timezone.now()
    assert list(contest.categories.values_list("name", flat=True)) == ["Chính quyền số", "Kinh tế số", "Xã hội số"]
    rounds = {r.kind: r for r in contest.rounds.all()}
    assert set(rounds) == {"submission", "preliminary", "final", "results"}
    assert all(r.ends_on < timezone.localdate() for r in rounds.values())
    for kind in ("preliminary", "final"):
        criteria = list(rounds[kind].criteria.all())
        assert 4 <= len(criteria) <= 5 and sum(c.weight for c in criteria) == 100
        assert all(c.levels for c in criteria)
    entries = list(contest.entries.select_related("unit"))
    assert len(entries) == 30 and all(e.status == Entry.Status.SUBMITTED for e in entries)
    assert len({e.unit_id for e in entries}) >= 8 and all(e.unit.kind == K.COMMUNE for e in entries)
    submission = rounds["submission"]
    assert all(submission.starts_on <= timezone.localdate(e.submitted_at) <= submission.ends_on for e in entries)
    assert len({e.title for e in entries}) == 30 and all(e.problem and e.solution and e.lead_name for e in entries)
    assert all(e.people == 1 + len(e.team.splitlines()) for e in entries)

    jurors = list(Juror.objects.filter(contest=contest).select_related("user", "unit"))
    assert len(jurors) == 5 and all(not j.user.roles.exists() for j in jurors)
    # Every sheet complete; three jurors an entry, five for some (trimmed); never a juror's own commune.
    sheets = Counter(Assignment.objects.filter(round=rounds["preliminary"], completed_at__isnull=False)
                     .values_list("entry_id", flat=True))
    assert not Assignment.objects.filter(juror__contest=contest, completed_at__isnull=True).exists()
    assert set(sheets) == {e.pk for e in entries} and set(sheets.values()) == {3, 5}
    ward_juror = next(j for j in jurors if j.unit.kind == K.COMMUNE)
    assert not Assignment.objects.filter(juror=ward_juror, entry__path__startswith=ward_juror.unit.path).exists()
    results = {r.entry_id: r for r in Result.objects.filter(round=rounds["preliminary"])}
    assert {pk for pk, r in results.items() if r.trimmed} == {pk for pk, n in sheets.items() if n == 5}
    # Each stored result is what the service works out again from the score sheets.
    from tienphong.contests.services import recompute

    for entry in entries[:8]:
        again = recompute(entry_id=entry.pk, round=rounds["preliminary"])
        stored = results[entry.pk]
        assert (again.sheets, again.score, again.trimmed) == (stored.sheets, stored.score, stored.trimmed)
    finalists = Result.objects.filter(round=rounds["final"], score__isnull=False)
    assert finalists.count() == 6
    top6 = [x.key for x in ranking.rank((r.entry_id, r.score, r.first_criterion, None) for r in results.values())][:6]
    assert set(finalists.values_list("entry_id", flat=True)) == set(top6)
    board = public_ranking(contest)
    assert [row["place"] for row in board][:3] == [1, 2, 3] and board[0]["entry"].lead_name


@pytest.mark.django_db
def test_the_open_contest_takes_entries_and_the_jurors_find_their_sheets(demo, client):
    from tienphong.contests.models import Contest
    from tienphong.contests.services import entries_open
    from tienphong.demo import contests_data as D

    contest = Contest.objects.get(name=D.OPEN_CONTEST)
    assert entries_open(contest) and contest.entries.filter(status="submitted").count() == 3
    page = client.get(reverse("contest_enter", args=[contest.pk]))
    assert page.status_code == 200 and b"<form" in page.content
    _, output = demo
    for username, *_rest in D.JURORS:
        assert username in output
    client.force_login(User.objects.get(username="giamkhao.khcn"))
    assert User.objects.get(username="giamkhao.khcn").check_password(DEMO_PASSWORD)
    assert escape(D.CONTEST) in client.get("/jury/").content.decode()
    assert 'href="/jury/"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_the_ecosystem_follows_the_best_ideas(demo):
    from tienphong.contests.models import Contest, Round
    from tienphong.contests.selectors import standings
    from tienphong.demo import contests_data as D
    from tienphong.ecosystem.models import Expert, MentorMatch, Project, Startup

    experts = list(Expert.objects.all())
    assert len(experts) == 6 and sum(e.listed for e in experts) == 4
    assert MentorMatch.objects.filter(status="matched").count() == 3
    assert not MentorMatch.objects.filter(status="matched", expert__consent_at__isnull=True).exists()
    final = Round.objects.get(contest__name=D.CONTEST, kind=Round.Kind.FINAL)
    top3 = [result.entry_id for x, result in standings(final) if x.place][:3]
    projects = list(Project.objects.order_by("pk"))
    assert [p.entry_id for p in projects] == top3
    assert [p.status for p in projects].count("realised") == 1
    for p in projects:
        assert p.mentor is not None and p.mentor.listed
        assert p.supports.exists() and p.milestones.exists() and p.follow_ups.exists()
    realised = next(p for p in projects if p.status == "realised")
    assert not realised.milestones.filter(done_on__isnull=True).exists()
    assert {"Agribank Ninh Bình", "VNPT Ninh Bình", "Sở KH&CN"} <= {
        s.partner.short_name for p in projects for s in p.supports.select_related("partner")}
    startups = list(Startup.objects.prefetch_related("founders", "products"))
    assert len(startups) == 5 and all(s.founders.exists() for s in startups)
    assert sum(bool(s.products.all()) for s in startups) >= 4
    assert all(m.commune_id == s.unit_id for s in startups for m in s.founders.all())
    assert Contest.objects.count() == 2


@pytest.mark.django_db
def test_the_province_dashboard_shows_ideas_projects_and_startups(demo, client):
    """The section "Ý tưởng, dự án và khởi nghiệp" over the last year, each figure what the records count."""
    import re

    from tienphong.contests.models import Assignment, Entry
    from tienphong.ecosystem.models import MentorMatch, Project, Startup

    client.force_login(User.objects.get(username="tinhdoan"))
    today = timezone.localdate()
    board = client.get(f"/reports/?period=custom&start={today - timedelta(days=365)}&end={today}").content.decode()
    cards = {k: int(v) for k, v in re.findall(r'id="card-(\w+)" data-value="(\d+)"', board)}
    submitted = Entry.objects.filter(status="submitted")
    assert cards["contests_held"] == 2
    assert cards["contest_entries"] == submitted.count() == 33
    assert cards["contest_entrants"] == submitted.aggregate(n=Sum("people"))["n"] > 33
    assert cards["contest_scores"] == Assignment.objects.filter(completed_at__isnull=False).count() > 90
    assert cards["mentor_matches"] == MentorMatch.objects.filter(status="matched").count() == 3
    assert cards["projects_realised"] == 1
    stock = dict(re.findall(r'id="stock-(\w+)"><span class="n">([\d.]+)<', board))
    assert stock["projects_followed"] == str(Project.objects.filter(status="followed").count()) == "2"
    assert stock["startups"] == "5"
    jobs = Startup.objects.aggregate(n=Sum("jobs_created"))["n"]
    assert f"{jobs} " in board.split('id="stock-startups"')[1][:300]

"""The demo's seed figures, the fourth part: what the province's reports quote, at the demo's scale.

`load_figures()` runs in `tienphong.demo.loader.load_demo` after the field work and public pages, and
only adds what is missing (stable keys), like the rest of the demo:

- the volunteer youth teams grow to about 20 members each from their commune's active members
  (seeds: 130 teams, ~2,600 members — full scale);
- last year's second half (two-tier local government began on 1 July): each volunteer team's desk
  tally, once a week, about 33 citizens each (seeds: over 110,000 citizen-turns in 2025 — full
  scale), keyed by uuids drawn from the seed;
- last year's "Bình dân học vụ số" classes, two per commune (seeds: "hundreds"), keyed by public code.

Tháng Thanh niên (field.py) carries the Youth Month figures: ~900 works worth ~3 billion ₫, ~3,000
volunteer-turns, ~100 digital-transformation activities reaching ~50,000 people, 9 wifi works, 3
digital libraries. The community digital-technology teams stay at the demo's tree scale (about 1:10
of the seeds' 4,500 teams and 20,000 members): see /work/notes/seed_figures.md and docs/reports.md.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from tienphong.core.paths import subtree_q
from tienphong.literacy.models import LiteracyClass
from tienphong.members.models import Member
from tienphong.places.models import Place
from tienphong.support.models import Service, SupportRecord
from tienphong.teams.models import Team, TeamMembership
from tienphong.units.models import OrgUnit

VOLUNTEER_TEAM_SIZE = 20
TALLIES_PER_WEEK = 1
TALLY = (16, 50)
CLASSES_PER_COMMUNE = 2
# The demo's scale for each seed figure (reports.ranking.SEED_FIGURES, by slug): the demo value times this
# is held against the seeds' range. The community digital-technology teams stay at the demo tree's size
# (about 1:10 of the seeds' members on them, 1:12 of their 4,500 teams); every other figure is full size.
SEED_SCALE = {"core_members_on_teams": 10, "community_teams": 12}


def _grow_volunteer_teams(province: OrgUnit, seed: int) -> int:
    teams = list(Team.objects.filter(subtree_q(province.path), kind=Team.Kind.VOLUNTEER, active=True)
                 .order_by("pk"))
    on = {}
    for team_id, member_id in TeamMembership.objects.filter(team__in=teams).values_list("team_id", "member_id"):
        on.setdefault(team_id, set()).add(member_id)
    active = {}
    for pk, commune_id in (Member.objects.filter(subtree_q(province.path), status=Member.Status.ACTIVE)
                           .order_by("pk").values_list("pk", "commune_id")):
        active.setdefault(commune_id, []).append(pk)
    rows = []
    for t in teams:
        have = on.get(t.pk, set())
        need = VOLUNTEER_TEAM_SIZE - len(have)
        if need <= 0:
            continue
        pool = [m for m in active.get(t.commune_id, []) if m not in have]
        random.Random(f"{seed}:figures:team:{t.pk}:{t.name}").shuffle(pool)
        rows += [TeamMembership(team=t, member_id=m) for m in pool[:need]]
    TeamMembership.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _last_year_tallies(province: OrgUnit, seed: int, year: int) -> tuple[int, int]:
    teams = list(Team.objects.filter(subtree_q(province.path), kind=Team.Kind.VOLUNTEER, active=True)
                 .select_related("commune", "service_point").order_by("commune__code", "name"))
    rosters = {}
    for team_id, member_id in TeamMembership.objects.filter(team__in=teams).order_by("member_id").values_list(
            "team_id", "member_id"):
        rosters.setdefault(team_id, []).append(member_id)
    service = Service.objects.filter(code="public_service").values_list("pk", flat=True).first()
    halls = dict(Place.objects.filter(subtree_q(province.path), kind=Place.Kind.COMMUNE_HALL, active=True)
                 .order_by("-pk").values_list("commune_id", "pk"))
    tz = timezone.get_current_timezone()
    first = date(year, 7, 1)
    weeks = (date(year, 12, 31) - first).days // 7 + 1
    planned = []
    for t in teams:
        rng = random.Random(f"{seed}:figures:tallies:{year}:{t.commune.code}:{t.name}")
        unit = t.service_point or t.commune
        for w in range(weeks):
            for _k in range(TALLIES_PER_WEEK):
                day = first + timedelta(days=7 * w + rng.randint(0, 4))
                if day.year != year:
                    continue
                when = datetime.combine(day, time(16, rng.randint(0, 59)), tzinfo=tz)
                planned.append((uuid.UUID(int=rng.getrandbits(128), version=4), when, unit, t,
                                rng.randint(*TALLY), rng.choice(rosters.get(t.pk) or [None])))
    have = set(SupportRecord.objects.filter(uuid__in=[p[0] for p in planned]).values_list("uuid", flat=True))
    records = [SupportRecord(uuid=u, occurred_at=when, setting=SupportRecord.Setting.SERVICE_CENTER
                             if unit.kind == OrgUnit.Kind.SERVICE_POINT and not unit.commune_id
                             else SupportRecord.Setting.COMMUNE_OFFICE,
                             unit=unit, commune_id=unit.commune_id if unit.kind == OrgUnit.Kind.SERVICE_POINT
                             else unit.pk, path=unit.path, team=t, people=people, minutes=240,
                             place_id=halls.get(unit.commune_id) if unit.kind == OrgUnit.Kind.SERVICE_POINT else None,
                             procedure="Thủ tục hành chính tại bộ phận một cửa",
                             source=SupportRecord.Source.DEMO)
               for u, when, unit, t, people, _v in planned if u not in have]
    SupportRecord.objects.bulk_create(records, batch_size=1000)
    volunteer_of = {p[0]: p[5] for p in planned}
    ids = dict(SupportRecord.objects.filter(uuid__in=[r.uuid for r in records]).values_list("uuid", "pk"))
    if service:
        SupportRecord.services.through.objects.bulk_create(
            [SupportRecord.services.through(supportrecord_id=ids[r.uuid], service_id=service) for r in records],
            batch_size=2000)
    SupportRecord.volunteers.through.objects.bulk_create(
        [SupportRecord.volunteers.through(supportrecord_id=ids[r.uuid], member_id=volunteer_of[r.uuid])
         for r in records if volunteer_of[r.uuid]], batch_size=2000)
    return len(records), sum(r.people for r in records)


def _last_year_classes(province: OrgUnit, seed: int, year: int) -> int:
    communes = list(OrgUnit.objects.filter(subtree_q(province.path), kind=OrgUnit.Kind.COMMUNE).order_by("code"))
    venues = {}
    for p in Place.objects.filter(commune__in=communes, kind=Place.Kind.CULTURE_HOUSE, active=True).order_by("pk"):
        venues.setdefault(p.commune_id, []).append(p)
    teams = {}
    for t in Team.objects.filter(commune__in=communes, kind=Team.Kind.COMMUNITY_TECH, active=True).order_by("pk"):
        teams.setdefault(t.commune_id, []).append(t)
    tz = timezone.get_current_timezone()
    planned = []
    for c in communes:
        rng = random.Random(f"{seed}:figures:classes:{year}:{c.code}")
        for k in range(CLASSES_PER_COMMUNE if venues.get(c.pk) else 0):
            code = f"Y{year % 100}{c.code}{k}"[:16]
            venue = rng.choice(venues[c.pk])
            day = date(year, 7, 1) + timedelta(days=rng.randint(0, 180))
            starts = datetime.combine(day, time(19, 0) if day.weekday() < 5 else time(8, 0), tzinfo=tz)
            topic = rng.choice(["VNeID mức 2 và dịch vụ công trực tuyến", "Thanh toán không dùng tiền mặt",
                                "An toàn trên không gian mạng"])
            place = venue.name.removeprefix("Nhà văn hóa ")
            planned.append(LiteracyClass(
                title=f"Bình dân học vụ số: {topic} — {place}"[:200], commune=c, path=c.path, venue=venue,
                team=rng.choice(teams[c.pk]) if teams.get(c.pk) else None, starts_at=starts,
                ends_at=starts + timedelta(hours=2), custom_topic=topic, capacity=30, public_code=code,
                signup_open=False, status=LiteracyClass.Status.DONE))
    have = set(LiteracyClass.objects.filter(public_code__in=[p.public_code for p in planned])
               .values_list("public_code", flat=True))
    rows = [p for p in planned if p.public_code not in have]
    LiteracyClass.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def load_figures(province: OrgUnit, *, seed: int, today: date | None = None) -> dict:
    year = (today or timezone.localdate()).year - 1
    created = {"volunteer_team_members": _grow_volunteer_teams(province, seed)}
    created["tallies"], created["tally_turns"] = _last_year_tallies(province, seed, year)
    created["classes"] = _last_year_classes(province, seed, year)
    return created


def figures_summary(created: dict) -> str:
    return ("Seed figures: " + ", ".join(f"{v:,} {k.replace('_', ' ')}" for k, v in created.items())
            + " added (last year's desk tallies and classes, volunteer teams of about 20).")

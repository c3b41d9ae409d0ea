"""The demo's field work, the second part: places, citizens helped, classes, campaigns, youth works.

`load_field()` runs in `tienphong.demo.loader.load_demo` after `tree.load_tree`, once the units,
members, teams and logins exist. Like the rest of the demo it is planned from a fixed seed and
written in bulk, and it only adds what is missing, recognised by stable keys:

- places by (commune, name): a commune hall, 3–6 village culture houses, 1–2 schools;
- support records by uuid: every day of the last six weeks has its own random stream
  (seed + calendar date), so the same day always gives the same entries with the same uuids;
  a later run adds the days that have passed since (the demo stays recent) and nothing else.
  Today only half of the day's entries are written, squeezed into the hours already gone;
  the rest come with the next day's run. The demo volunteer and team leader (tnv.*, totruong.*)
  have entries of their own on each of the last seven days, today included;
- literacy classes by their public code, drawn from the seed, the commune and a three-week
  block of the calendar: one or two classes per commune and block, from six weeks ago to two
  weeks ahead; the demo team leader's team adds a class every Saturday;
- campaigns by (title, unit): Tháng Thanh niên 2026 with ~900 approved works worth ~3 billion ₫,
  and a current campaign (four weeks back to four weeks ahead) with targets for every commune
  and works in every status. A campaign's works are written only when the campaign is new;
  its targets, by (campaign, commune), whenever one is missing.

Dates are relative to today (`timezone.localdate()`), except Tháng Thanh niên 2026 (March).
The denormalised fields (`path`, `commune`, `search_text`) are filled as the services fill them.
"""

from __future__ import annotations

import base64
import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from tienphong.accounts.models import Role, RoleAssignment
from tienphong.campaigns.models import Campaign, CampaignTarget, YouthWork
from tienphong.core.paths import subtree_q
from tienphong.demo import field_data as W
from tienphong.demo.tree import CENTER_CODE, SEED, People, Plan, Weighted, lower_name, short_name
from tienphong.literacy.models import Attendee, LiteracyClass, Module
from tienphong.literacy.seed import seed_modules
from tienphong.members.models import Member
from tienphong.places.models import Place
from tienphong.support.models import Service, SupportRecord
from tienphong.support.seed import seed_services
from tienphong.teams.models import Team, TeamMembership
from tienphong.units.models import OrgUnit

WINDOW_DAYS = 42          # support records and past classes: the last six weeks
AHEAD_DAYS = 14           # upcoming classes: the next two weeks
ENTRIES_PER_WEEK = 730    # ≈ 2,100 citizen-turns a week, 110,000 a year
ENTERED_AFTER_MINUTES = 6  # the phone's entry follows the help by a few minutes
CLASS_EPOCH = date(2026, 1, 5)  # a Monday: classes are planned in three-week blocks from it
CLASS_BLOCK_DAYS = 21

YOUTH_MONTH_TITLE = "Tháng Thanh niên 2026 — Tuổi trẻ tiên phong chuyển đổi số"
YOUTH_MONTH_THEME = "Tuổi trẻ Ninh Bình tiên phong chuyển đổi số, thực hiện Nghị quyết 57-NQ/TW"
YOUTH_MONTH = (date(2026, 3, 1), date(2026, 3, 31))
YOUTH_MONTH_WORKS = 887
# "Gần 100 hoạt động CĐS với gần 50.000 người dân được tiếp cận": the works of a digital kind are the
# digital-transformation activities (campaigns.rollup.DX_KINDS); their beneficiaries add up to YOUTH_MONTH_REACHED.
YOUTH_MONTH_KINDS = {"wifi_point": 9, "digital_library": 3, "relic_digitisation": 12, "product_qr": 22,
                     "training": 51}  # the rest are "other"
YOUTH_MONTH_REACHED = (47_000, 49_500)
CURRENT_THEME = "Mỗi thôn, xóm một lớp “Bình dân học vụ số”; mỗi đoàn viên hỗ trợ 10 người dân"

# Entries per weekday (Monday first): weekends are for door-to-door visits.
DAY_WEIGHT = [0.95, 0.9, 0.9, 0.9, 0.95, 1.45, 1.25]
SETTINGS = {
    "weekday": Weighted([("door_to_door", 30), ("commune_office", 42), ("service_center", 14),
                          ("class", 6), ("other", 8)]),
    "saturday": Weighted([("door_to_door", 62), ("commune_office", 16), ("service_center", 6),
                           ("class", 9), ("other", 7)]),
    "sunday": Weighted([("door_to_door", 78), ("class", 12), ("other", 10)]),
}
TALLY = Weighted([(1, 58), (2, 17), (3, 10), (4, 5), (5, 4), ("6-10", 4), ("11-25", 2)])
OUTCOME = Weighted([("done", 88), ("partly", 8), ("referred", 4)])
AGE_BAND = {
    "home": Weighted([("60+", 32), ("36-59", 40), ("18-35", 24), ("u18", 4)]),
    "desk": Weighted([("60+", 20), ("36-59", 40), ("18-35", 35), ("u18", 5)]),
}
SERVICES = {k: Weighted(v) for k, v in W.SERVICE_WEIGHTS.items()}
PROCEDURE = Weighted(W.PROCEDURES)
TEAM_SIZE = Weighted([(1, 45), (2, 40), (3, 15)])
# A youth work's value (thousand ₫, before Tháng Thanh niên's are scaled to its total) and
# beneficiaries, by kind.
WORK_VALUE = {"wifi_point": (8_000, 16_000), "digital_library": (18_000, 35_000),
              "relic_digitisation": (5_000, 22_000), "product_qr": (800, 6_000),
              "training": (500, 4_000), "other": (300, 7_000)}
WORK_BENEFICIARIES = {"wifi_point": (150, 600), "digital_library": (100, 400),
                      "relic_digitisation": (500, 5_000), "product_qr": (5, 60), "training": (20, 120),
                      "other": (10, 300)}
WORK_TASK_SHARE = {"wifi_point": 0, "digital_library": 0, "relic_digitisation": 0, "product_qr": 0.7,
                   "training": 1, "other": 0.75}
CURRENT_KINDS = Weighted([("training", 35), ("other", 30), ("product_qr", 15), ("relic_digitisation", 8),
                           ("wifi_point", 7), ("digital_library", 5)])
CURRENT_STATUS = Weighted([("approved", 55), ("submitted", 22), ("rejected", 8), ("draft", 15)])


# --- what the database already holds ----------------------------------------------------------

@dataclass
class CommuneInfo:
    unit: OrgUnit
    weight: float
    villages: list[str]                 # "thôn Đông", "xóm 4", "tổ dân phố 3"
    service_point: OrgUnit | None = None
    community: list[Team] = field(default_factory=list)   # active community digital-technology teams
    volunteer: Team | None = None       # the volunteer team of its service point
    hall: Place | None = None
    culture_houses: list[Place] = field(default_factory=list)
    schools: list[Place] = field(default_factory=list)
    teachers: list[int] = field(default_factory=list)     # active members with digital skill ≥ 3
    secretary_id: int | None = None

    @property
    def short(self):
        return short_name(self.unit)

    @property
    def low(self):
        return lower_name(self.unit)


@dataclass
class Persona:
    """A demo login linked to a member: their own entries fill their "today" page."""
    role: str
    username: str
    user_id: int
    member_id: int
    team: Team
    commune: CommuneInfo
    per_day: tuple[int, int]


class Context:
    """The province as the database holds it now: communes, teams and rosters, places, logins."""

    def __init__(self, province: OrgUnit, communes: list[OrgUnit], plan: Plan, seed: int, now: datetime):
        self.province, self.seed, self.plan = province, seed, plan
        self._personas: list[Persona] | None = None
        self.now = timezone.localtime(now)
        self.today = self.now.date()
        self.tz = self.now.tzinfo
        units = {u.code: u for u in OrgUnit.objects.filter(subtree_q(province.path))}
        self.center = units.get(CENTER_CODE)
        villages: dict[str, list[str]] = {}
        for u in plan.units:  # branches of the residential union ("<commune>-01-xx") name the villages
            if u.kind == OrgUnit.Kind.BRANCH and u.locality and u.parent_code.endswith("-01"):
                villages.setdefault(u.parent_code[:-3], []).append(u.locality)
        self.communes: list[CommuneInfo] = []
        for c in sorted(communes, key=lambda c: c.code):
            w = random.Random(f"{seed}:{c.code}:field").uniform(0.6, 1.5)
            w *= 1.4 if c.admin_type == OrgUnit.AdminType.WARD else 1.0
            self.communes.append(CommuneInfo(unit=c, weight=w, villages=villages.get(c.code) or
                                             [f"thôn {v}" for v in ("Đông", "Đoài", "Nam", "Bắc")],
                                             service_point=units.get(f"{c.code}-PV")))
        self.by_id = {ci.unit.pk: ci for ci in self.communes}
        self.pick_commune = Weighted([(ci, ci.weight) for ci in self.communes])
        self.total_weight = sum(ci.weight for ci in self.communes)

        teams = list(Team.objects.filter(subtree_q(province.path)).order_by("commune_id", "kind", "name"))
        self.teams = {t.pk: t for t in teams}
        self.center_team = None
        for t in teams:
            ci = self.by_id.get(t.commune_id)
            if self.center and t.service_point_id == self.center.pk:
                self.center_team = t
            elif ci is None or not t.active:
                continue
            elif t.kind == Team.Kind.COMMUNITY_TECH:
                ci.community.append(t)
            elif ci.volunteer is None or (ci.service_point and t.service_point_id == ci.service_point.pk):
                ci.volunteer = t
        active = dict(Member.objects.filter(subtree_q(province.path), status=Member.Status.ACTIVE)
                      .values_list("pk", "digital_skill"))
        self.rosters: dict[int, list[int]] = {}
        for team_id, member_id in TeamMembership.objects.filter(team__in=teams).order_by(
                "team_id", "member_id").values_list("team_id", "member_id"):
            if member_id in active:
                self.rosters.setdefault(team_id, []).append(member_id)
        for pk, commune_id, skill in Member.objects.filter(
                subtree_q(province.path), status=Member.Status.ACTIVE, digital_skill__gte=3).order_by(
                "pk").values_list("pk", "commune_id", "digital_skill"):
            if commune_id in self.by_id:
                self.by_id[commune_id].teachers.append(pk)
        self.skill = active
        self.user_of = dict(Member.objects.filter(subtree_q(province.path), user__isnull=False)
                            .values_list("pk", "user_id"))
        for unit_id, user_id in RoleAssignment.objects.filter(
                role=Role.COMMUNE_SECRETARY, unit_id__in=self.by_id).order_by("user_id").values_list(
                "unit_id", "user_id"):
            self.by_id[unit_id].secretary_id = self.by_id[unit_id].secretary_id or user_id
        self.admin_id = RoleAssignment.objects.filter(role=Role.PROVINCE_ADMIN, unit=province).order_by(
            "user_id").values_list("user_id", flat=True).first()
        self.services = dict(Service.objects.values_list("code", "pk"))
        self.modules = list(Module.objects.filter(active=True).order_by("position", "pk"))

    def load_places(self):
        for ci in self.communes:
            ci.hall, ci.culture_houses, ci.schools = None, [], []
        for p in Place.objects.filter(commune_id__in=self.by_id, active=True).order_by("name", "pk"):
            ci = self.by_id[p.commune_id]
            if p.kind == Place.Kind.COMMUNE_HALL and ci.hall is None:
                ci.hall = p
            elif p.kind == Place.Kind.CULTURE_HOUSE:
                ci.culture_houses.append(p)
            elif p.kind == Place.Kind.SCHOOL:
                ci.schools.append(p)

    def personas(self) -> list[Persona]:
        """The demo volunteer and team leader, on their team in the main ward."""
        if self._personas is None:
            self._personas = self._find_personas()
        return self._personas

    def _find_personas(self) -> list[Persona]:
        found = []
        for account in self.plan.accounts:
            if account.role not in (Role.VOLUNTEER, Role.TEAM_LEADER) or not account.member_key:
                continue
            row = Member.objects.filter(user__username=account.username).values_list(
                "pk", "user_id", "commune_id").first()
            if row is None or row[2] not in self.by_id:
                continue
            member_id, user_id, commune_id = row
            ci = self.by_id[commune_id]
            teams = sorted((t for t in self.teams.values() if t.commune_id == commune_id
                            and t.kind == Team.Kind.COMMUNITY_TECH), key=lambda t: (not t.active, t.name))
            team = next((t for t in teams if member_id in self.rosters.get(t.pk, [])), None)
            if team is None:
                continue
            per_day = (2, 4) if account.role == Role.VOLUNTEER else (1, 2)
            found.append(Persona(account.role, account.username, user_id, member_id, team, ci, per_day))
        return found

    def at(self, d: date, minutes: int) -> datetime:
        return datetime.combine(d, time(0, 0), tzinfo=self.tz) + timedelta(minutes=minutes)


def _code(rng: random.Random) -> str:
    """A public code like secrets.token_urlsafe(8), but drawn from the seed."""
    return base64.urlsafe_b64encode(rng.getrandbits(64).to_bytes(8, "big")).rstrip(b"=").decode()


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- places -----------------------------------------------------------------------------------

def _write_places(ctx: Context) -> int:
    existing = set(Place.objects.filter(commune_id__in=ctx.by_id).values_list("commune_id", "name"))
    rows = []
    for ci in ctx.communes:
        rng = random.Random(f"{ctx.seed}:{ci.unit.code}:places")
        c = ci.unit

        def place(name, kind, address, spread=0.01):
            lat = None if c.latitude is None else round(c.latitude + rng.uniform(-spread, spread), 6)
            lon = None if c.longitude is None else round(c.longitude + rng.uniform(-spread, spread), 6)
            if (c.pk, name) not in existing:
                existing.add((c.pk, name))
                rows.append(Place(name=name, kind=kind, commune=c, path=c.path, address=address[:255],
                                  latitude=lat, longitude=lon,
                                  search_text=Place.search_words(name, address[:255])))

        place(f"Trụ sở UBND {ci.low}", Place.Kind.COMMUNE_HALL, ci.low, 0.002)
        houses = rng.sample(ci.villages, min(len(ci.villages), rng.randint(3, 6)))
        for village in sorted(houses, key=ci.villages.index):
            place(f"Nhà văn hóa {village}", Place.Kind.CULTURE_HOUSE, f"{village}, {ci.low}")
        place(f"Trường THCS {ci.short}", Place.Kind.SCHOOL, ci.low)
        if rng.random() < 0.5:
            place(f"Trường Tiểu học {ci.short}", Place.Kind.SCHOOL, ci.low)
    Place.objects.bulk_create(rows, batch_size=500)
    return len(rows)


# --- citizens helped --------------------------------------------------------------------------

@dataclass
class PRecord:
    uuid: uuid.UUID
    minutes_of_day: int
    setting: str
    unit: OrgUnit
    commune_id: int | None
    team: Team | None
    volunteers: list[int]
    services: list[int]
    people: int
    place: Place | None = None
    place_note: str = ""
    procedure: str = ""
    outcome: str = "done"
    minutes: int | None = None
    age_band: str = ""
    gender: str = ""
    note: str = ""
    created_by_id: int | None = None


def _uuids(rng: random.Random, n: int) -> list[uuid.UUID]:
    return [uuid.UUID(int=rng.getrandbits(128), version=4) for _ in range(n)]


def _time_of(rng: random.Random, setting: str, weekday: int) -> int:
    """Minutes after midnight: desks keep office hours, door-to-door visits are evenings and weekends."""
    weekend = weekday >= 5
    if setting in ("commune_office", "service_center"):
        span = (450, 690) if weekend or rng.random() < 0.55 else (810, 1020)
    elif setting == "door_to_door":
        if weekend:
            span = (450, 690) if rng.random() < 0.6 else (840, 1050)
        else:
            span = (1110, 1260) if rng.random() < 0.7 else (840, 1020)
    elif setting == "class":
        span = (1140, 1260) if not weekend else ((480, 630) if rng.random() < 0.5 else (840, 990))
    else:
        span = (420, 1020)
    return rng.randint(*span)


def _tally(rng: random.Random, setting: str) -> int:
    if setting == "class":
        return rng.randint(4, 15)
    t = TALLY.pick(rng)
    if t == "6-10":
        return rng.randint(6, 10)
    if t == "11-25":
        return round(rng.triangular(11, 25, 11))
    return t


def _services(ctx: Context, rng: random.Random, setting: str) -> list[str]:
    pick = SERVICES[setting]
    codes = [pick.pick(rng)]
    extra = 0.3 if setting in ("door_to_door", "class") else 0.15
    while rng.random() < extra and len(codes) < 3:
        code = pick.pick(rng)
        if code not in codes:
            codes.append(code)
        extra /= 3
    return [c for c in codes if c in ctx.services]


def _fill(ctx: Context, rng: random.Random, r: PRecord, ci: CommuneInfo | None, service_codes: list[str]):
    """Procedure, outcome, minutes, citizen profile, place and note of one entry."""
    if "public_service" in service_codes:
        r.procedure = PROCEDURE.pick(rng)
    r.outcome = OUTCOME.pick(rng)
    if r.setting == "commune_office" and r.outcome == "done" and rng.random() < 0.03:
        r.outcome = "referred"
    if rng.random() < 0.92:
        base = rng.randint(5, 30) + 8 * (len(service_codes) - 1) + (10 if r.procedure else 0)
        r.minutes = max(5, min(60, base + 4 * (r.people - 1)))
    if r.people == 1 and rng.random() < 0.65:
        desk = r.setting in ("commune_office", "service_center")
        r.age_band = AGE_BAND["desk" if desk else "home"].pick(rng)
        r.gender = "female" if rng.random() < 0.52 else "male"
    if r.outcome == "partly" and rng.random() < 0.7:
        r.note = rng.choice(W.NOTES_PARTLY)
    elif r.outcome == "referred" and rng.random() < 0.7:
        r.note = rng.choice(W.NOTES_REFERRED)
    elif rng.random() < 0.06:
        r.note = rng.choice(W.NOTES_DONE)
    if ci is None:
        return
    village = rng.choice(ci.villages)
    if r.setting == "door_to_door":
        if ci.culture_houses and rng.random() < 0.2:
            r.place = rng.choice(ci.culture_houses)
        elif village.startswith("thôn") and rng.random() < 0.3:
            r.place_note = f"Xóm {rng.randint(1, 6)}, {village}"
        else:
            r.place_note = _cap(village)
    elif r.setting == "commune_office":
        r.place = ci.hall
    elif r.setting == "class":
        venues = ci.culture_houses or ci.schools
        if venues:
            r.place = rng.choice(venues)
    elif r.setting == "other":
        r.place_note = rng.choice(W.OTHER_PLACE_NOTES).format(short=ci.short, low=ci.low)[:120]


def _plan_day(ctx: Context, d: date) -> list[PRecord]:
    """Every entry of one calendar day, the same on every run."""
    rng = random.Random(f"{ctx.seed}:support:{d.isoformat()}")
    weekday = d.weekday()
    n = round(ENTRIES_PER_WEEK / sum(DAY_WEIGHT) * DAY_WEIGHT[weekday] * rng.uniform(0.88, 1.12))
    uuids = _uuids(random.Random(f"{ctx.seed}:support-uuid:{d.isoformat()}"), n)
    settings = SETTINGS["sunday" if weekday == 6 else "saturday" if weekday == 5 else "weekday"]
    records = []
    for i in range(n):
        setting = settings.pick(rng)
        ci = ctx.pick_commune.pick(rng)
        team, unit, commune_id = None, ci.unit, ci.unit.pk
        if setting == "service_center":
            if ctx.center is None or ctx.center_team is None:
                setting = "commune_office"
            else:
                team, unit, commune_id = ctx.center_team, ctx.center, ctx.center.commune_id
        if setting == "commune_office":
            team = ci.volunteer or (ci.community[0] if ci.community else None)
            unit = ci.service_point or ci.unit
        elif setting in ("door_to_door", "class"):
            team = rng.choice(ci.community) if ci.community else ci.volunteer
        elif setting == "other":
            pool = ci.community + ([ci.volunteer] if ci.volunteer else [])
            team = rng.choice(pool) if pool else None
        roster = ctx.rosters.get(team.pk, []) if team else []
        if not roster:
            continue  # a commune without any team: no entry (its uuid stays unused)
        volunteers = rng.sample(roster, min(len(roster), TEAM_SIZE.pick(rng)))
        codes = _services(ctx, rng, setting)
        r = PRecord(uuid=uuids[i], minutes_of_day=_time_of(rng, setting, weekday), setting=setting,
                    unit=unit, commune_id=commune_id, team=team, volunteers=volunteers,
                    services=[ctx.services[c] for c in codes], people=_tally(rng, setting))
        _fill(ctx, rng, r, None if setting == "service_center" else ci, codes)
        r.created_by_id = next((ctx.user_of[v] for v in volunteers if v in ctx.user_of), None)
        records.append(r)
    return records


def _plan_persona_day(ctx: Context, p: Persona, d: date) -> list[PRecord]:
    """A demo login's own entries on one day, in their team's commune."""
    key = f"{ctx.seed}:persona:{p.username}:{d.isoformat()}"
    rng = random.Random(key)
    low, high = p.per_day
    n = rng.randint(low + 1, high + 1) if d == ctx.today else rng.randint(low, high)
    uuids = _uuids(random.Random(key + ":uuid"), n)
    teammates = [m for m in ctx.rosters.get(p.team.pk, []) if m != p.member_id]
    records = []
    for i in range(n):
        setting = "class" if rng.random() < 0.15 else "door_to_door"
        volunteers = [p.member_id] + rng.sample(teammates, min(len(teammates), rng.choice([0, 0, 1])))
        codes = _services(ctx, rng, setting)
        r = PRecord(uuid=uuids[i], minutes_of_day=_time_of(rng, setting, d.weekday()), setting=setting,
                    unit=p.commune.unit, commune_id=p.commune.unit.pk, team=p.team, volunteers=volunteers,
                    services=[ctx.services[c] for c in codes], people=_tally(rng, setting),
                    created_by_id=p.user_id)
        _fill(ctx, rng, r, p.commune, codes)
        records.append(r)
    return records


def _write_support(ctx: Context) -> tuple[int, int]:
    start = ctx.today - timedelta(days=WINDOW_DAYS - 1)
    personas = ctx.personas()
    planned: list[tuple[date, PRecord]] = []
    for offset in range(WINDOW_DAYS):
        d = start + timedelta(days=offset)
        day = _plan_day(ctx, d)
        if d == ctx.today:
            day = day[: len(day) // 2]  # the other half comes with tomorrow's run
        planned += [(d, r) for r in day]
        for p in personas:
            if (ctx.today - d).days < 7:
                planned += [(d, r) for r in _plan_persona_day(ctx, p, d)]
    have = set(SupportRecord.objects.filter(
        occurred_at__gte=ctx.at(start, 0) - timedelta(days=1)).values_list("uuid", flat=True))
    todo = [(d, r) for d, r in planned if r.uuid not in have]
    if not todo:
        return 0, 0

    # Today's entries happened in the hours already gone.
    end = ctx.now - timedelta(minutes=ENTERED_AFTER_MINUTES + 2)
    day_start = ctx.at(ctx.today, 390)
    if end - day_start < timedelta(minutes=30):
        day_start = ctx.at(ctx.today, 0)
    span = max((end - day_start).total_seconds(), 0)  # just after midnight: all at 00:00

    rows = []
    for d, r in todo:
        when = ctx.at(d, r.minutes_of_day) + timedelta(seconds=r.uuid.int % 60)
        if d == ctx.today:
            fraction = min(max((r.minutes_of_day - 390) / (1290 - 390), 0), 1)
            when = day_start + timedelta(seconds=int(span * fraction))
        rows.append(SupportRecord(
            uuid=r.uuid, occurred_at=when, setting=r.setting, unit=r.unit, commune_id=r.commune_id,
            path=r.unit.path, place=r.place, place_note=r.place_note, team=r.team, procedure=r.procedure,
            outcome=r.outcome, people=r.people, minutes=r.minutes, age_band=r.age_band, gender=r.gender,
            note=r.note, source=SupportRecord.Source.DEMO, created_by_id=r.created_by_id))
    stamp = timezone.now()
    SupportRecord.objects.bulk_create(rows, batch_size=500)
    # Entered a few minutes after the help, not all at the moment the demo was loaded (one
    # UPDATE: bulk_update's CASE per row costs seconds).
    SupportRecord.objects.filter(source=SupportRecord.Source.DEMO, created_at__gte=stamp).update(
        created_at=F("occurred_at") + timedelta(minutes=ENTERED_AFTER_MINUTES))
    services = SupportRecord.services.through
    volunteers = SupportRecord.volunteers.through
    services.objects.bulk_create([services(supportrecord_id=row.pk, service_id=s)
                                  for row, (_, r) in zip(rows, todo) for s in r.services], batch_size=1000)
    volunteers.objects.bulk_create([volunteers(supportrecord_id=row.pk, member_id=m)
                                    for row, (_, r) in zip(rows, todo) for m in r.volunteers], batch_size=1000)
    return len(rows), sum(r.people for _, r in todo)


# --- literacy classes -------------------------------------------------------------------------

CLASS_DAY = Weighted([(0, 8), (1, 8), (2, 8), (3, 8), (4, 8), (5, 20), (6, 18)])
CLASS_AGE = Weighted([("60+", 30), ("36-59", 42), ("18-35", 22), ("u18", 6)])


def _attendee_name(people: People, rng: random.Random, gender: str, band: str) -> str:
    family, middle, given = people.name(gender)
    if band in ("36-59", "60+") and rng.random() < 0.5:
        middle = "Thị" if gender == "female" else "Văn"  # the parents' generation
        if given == middle:
            given = "Lan" if gender == "female" else "Hùng"
    return f"{family} {middle} {given}"


def _draw_class(ctx: Context, ci: CommuneInfo, rng: random.Random, d: date) -> tuple:
    """(start in minutes after midnight, venue, modules, topic, capacity, length) of a class on day `d`."""
    minutes = rng.choice([480, 510, 840, 870]) if d.weekday() >= 5 else rng.choice([1140, 1155, 1170])
    venues = ci.culture_houses + ci.schools
    venue = rng.choice(ci.culture_houses) if ci.culture_houses and rng.random() < 0.8 else rng.choice(venues)
    modules = rng.sample(ctx.modules, min(len(ctx.modules), rng.choice([1, 1, 2]))) if ctx.modules else []
    topic = rng.choice(W.CLASS_TOPICS) if rng.random() < 0.12 or not modules else ""
    return minutes, venue, modules, topic, rng.choice([30, 35, 40, 45, 50]), rng.choice([90, 90, 120])


def _write_classes(ctx: Context) -> tuple[int, int]:
    first = ctx.today - timedelta(days=WINDOW_DAYS - 1)
    last = ctx.today + timedelta(days=AHEAD_DAYS)
    blocks = range((first - CLASS_EPOCH).days // CLASS_BLOCK_DAYS, (last - CLASS_EPOCH).days // CLASS_BLOCK_DAYS + 1)
    leaders = {p.commune.unit.pk: p for p in ctx.personas() if p.role == Role.TEAM_LEADER}
    planned = []
    for ci in ctx.communes:
        if not (ci.culture_houses or ci.schools):
            continue
        for b in blocks:
            rng = random.Random(f"{ctx.seed}:class:{ci.unit.code}:{b}")
            block_start = CLASS_EPOCH + timedelta(days=b * CLASS_BLOCK_DAYS)
            for k in range(1 + (rng.random() < 0.4)):
                code = "d" + _code(rng)[:11]
                d = block_start + timedelta(days=7 * rng.randrange(3) + CLASS_DAY.pick(rng))
                # The rest of the class (team, teachers, attendees) from a stream of its own.
                planned.append((ci, d, code, *_draw_class(ctx, ci, rng, d), False,
                                random.Random(f"{ctx.seed}:class:{ci.unit.code}:{b}:{k}")))
    for ci_id, leader in leaders.items():
        # Every week the demo team leader's team holds a Saturday class: next week's is on their page.
        ci = ctx.by_id[ci_id]
        if not ci.culture_houses:
            continue
        for week in range(9):
            monday = first - timedelta(days=first.weekday()) + timedelta(weeks=week)
            rng = random.Random(f"{ctx.seed}:leader-class:{leader.username}:{monday.isoformat()}")
            code = "d" + _code(rng)[:11]
            d = monday + timedelta(days=5)
            planned.append((ci, d, code, *_draw_class(ctx, ci, rng, d), True, rng))
    have = set(LiteracyClass.objects.filter(commune_id__in=ctx.by_id).values_list("public_code", flat=True))
    rows, extra = [], []
    for ci, d, code, minutes, venue, modules, topic, capacity, length, by_leader, rng in planned:
        if not (first <= d <= last) or code in have:
            continue
        starts = ctx.at(d, minutes)
        ends = starts + timedelta(minutes=length)
        locality = venue.name.removeprefix("Nhà văn hóa ")
        team = next((t for t in ci.community if t.name.endswith(" " + locality)), None)
        leader = leaders.get(ci.unit.pk)
        if leader is not None and (by_leader or rng.random() < 0.5):
            team = leader.team  # the demo team leader runs most classes of the main ward
        else:
            leader = None
        if team is None and ci.community:
            team = rng.choice(ci.community)
        roster = ctx.rosters.get(team.pk, []) if team else []
        skilled = [m for m in roster if ctx.skill.get(m, 0) >= 3] or ci.teachers
        teachers = rng.sample(skilled, min(len(skilled), rng.choice([1, 2]))) if skilled else []
        if leader is not None and ctx.skill.get(leader.member_id, 0) >= 3 and leader.member_id not in teachers:
            teachers = [leader.member_id] + teachers[:1]
        about = " và ".join(m.name for m in modules) if modules else topic
        title = f"Bình dân học vụ số: {about} — {locality}"[:200]
        done = ends <= ctx.now
        author = next((ctx.user_of[m] for m in teachers if m in ctx.user_of), None)
        cls = LiteracyClass(title=title, commune=ci.unit, path=ci.unit.path, venue=venue, team=team,
                            starts_at=starts, ends_at=ends, custom_topic=topic if modules else "",
                            capacity=capacity, public_code=code, signup_open=not done,
                            status=LiteracyClass.Status.DONE if done else LiteracyClass.Status.SCHEDULED,
                            created_by_id=author)
        rows.append(cls)
        extra.append((cls, teachers, modules, done, rng, ci, starts))
    if not rows:
        return 0, 0
    LiteracyClass.objects.bulk_create(rows, batch_size=500)
    teachers_t, modules_t = LiteracyClass.teachers.through, LiteracyClass.modules.through
    teacher_rows, module_rows, attendees = [], [], []
    for cls, teachers, modules, done, rng, ci, starts in extra:
        teacher_rows += [teachers_t(literacyclass_id=cls.pk, member_id=m) for m in teachers]
        module_rows += [modules_t(literacyclass_id=cls.pk, module_id=m.pk) for m in modules]
        people = People(rng)
        days_ahead = (starts.date() - ctx.today).days
        n = rng.randint(12, 40) if done else rng.randint(5, 25) * max(1, 14 - days_ahead) // 14 + 3
        for _ in range(n):
            band = CLASS_AGE.pick(rng)
            gender = "female" if rng.random() < 0.58 else "male"
            walk_in = done and rng.random() < 0.3
            present = done and (walk_in or rng.random() < 0.88)
            attendees.append(Attendee(
                literacy_class=cls, full_name=_attendee_name(people, rng, gender, band),
                phone=people.phone() if rng.random() < (0.3 if walk_in else 0.7) else "",
                age_band=band if rng.random() < 0.9 else "", gender=gender,
                source=Attendee.Source.WALK_IN if walk_in else Attendee.Source.SIGNUP, attended=present,
                attended_at=starts + timedelta(minutes=rng.randint(-10, 25)) if present else None))
    teachers_t.objects.bulk_create(teacher_rows, batch_size=1000)
    modules_t.objects.bulk_create(module_rows, batch_size=1000)
    Attendee.objects.bulk_create(attendees, batch_size=1000)
    return len(rows), len(attendees)


# --- campaigns and youth works ----------------------------------------------------------------

def current_campaign_title(today: date) -> str:
    season = {1: "đầu năm", 2: "quý II năm", 3: "quý III năm", 4: "cuối năm"}[(today.month - 1) // 3 + 1]
    return f"Cao điểm “Bình dân học vụ số” {season} {today.year}"


def _work(ctx: Context, rng: random.Random, campaign: Campaign, ci: CommuneInfo, kind: str, status: str,
          completed: date | None, submitted: datetime | None, reviewed: datetime | None,
          by: Persona | None = None):
    """One youth work; `by` a demo login who reported it (on their team, among its volunteers)."""
    village = rng.choice(ci.villages)
    place = None
    if kind in ("wifi_point", "digital_library") or (kind == "other" and rng.random() < 0.2):
        if ci.culture_houses:
            place = rng.choice(ci.culture_houses)
    words = {"place": place.name if place else f"Nhà văn hóa {village}", "village": village,
             "short": ci.short, "low": ci.low, "product": rng.choice(W.PRODUCTS)}
    words["maker"] = rng.choice(W.PRODUCT_MAKERS).format(**words)
    words["relic"] = rng.choice(W.RELICS).format(**words)
    templates = W.WORK_TITLES[kind]
    if kind == "other" and place is None:
        templates = [t for t in templates if "{place}" not in t]
    title = _cap(rng.choice(templates).format(**words))[:200]
    place_note = "" if place else {"relic_digitisation": words["relic"], "product_qr": words["maker"]}.get(
        kind, _cap(village))
    lo, hi = WORK_VALUE[kind]
    value = round(rng.triangular(lo, hi, lo + (hi - lo) * 0.3)) * 1000
    b_lo, b_hi = WORK_BENEFICIARIES[kind]
    team = None
    if ci.community and (rng.random() < 0.8 or ci.volunteer is None):
        team = rng.choice(ci.community)
    elif ci.volunteer is not None:
        team = ci.volunteer
    if by is not None:
        team = by.team
    roster = ctx.rosters.get(team.pk, []) if team else []
    volunteers = rng.sample(roster, min(len(roster), rng.randint(2, 5)))
    if by is not None and by.member_id not in volunteers:
        volunteers = [by.member_id] + volunteers[:4]
    author = by.user_id if by is not None else next((ctx.user_of[m] for m in volunteers if m in ctx.user_of), None)
    approved = status in ("approved", "rejected")
    work = YouthWork(
        campaign=campaign, title=title,
        category="task" if rng.random() < WORK_TASK_SHARE[kind] else "work", kind=kind, commune=ci.unit,
        path=ci.unit.path, place=place, place_note=place_note[:200], team=team, value_vnd=value,
        beneficiaries=rng.randint(b_lo, b_hi), completed_on=completed, status=status,
        created_by_id=author, submitted_at=submitted, reviewed_by_id=ci.secretary_id if approved and reviewed else None,
        reviewed_at=reviewed if approved else None,
        review_note=(rng.choice(W.REVIEW_NOTES_RETURNED) if status == "rejected"
                     else rng.choice(W.REVIEW_NOTES_APPROVED) if status == "approved" else ""))
    return work, volunteers


def _save_works(campaign: Campaign, works: list[tuple[YouthWork, list[int]]]) -> int:
    if not works:
        return 0
    YouthWork.objects.bulk_create([w for w, _ in works], batch_size=500)
    # Written some time before they were submitted, last changed when reviewed (drafts: today).
    YouthWork.objects.filter(campaign=campaign, submitted_at__isnull=False).update(
        created_at=F("submitted_at") - timedelta(hours=5),
        updated_at=Coalesce(F("reviewed_at"), F("submitted_at")))
    through = YouthWork.volunteers.through
    through.objects.bulk_create([through(youthwork_id=w.pk, member_id=m) for w, ms in works for m in ms],
                                batch_size=1000)
    return len(works)


def _youth_month_works(ctx: Context, campaign: Campaign) -> list:
    rng = random.Random(f"{ctx.seed}:youth-month-2026")
    kinds = [k for k, n in YOUTH_MONTH_KINDS.items() for _ in range(n)]
    kinds += ["other"] * (YOUTH_MONTH_WORKS - len(kinds))
    rng.shuffle(kinds)
    first, last = YOUTH_MONTH
    works = []
    for kind in kinds:
        ci = ctx.pick_commune.pick(rng)
        # Most were done in the first three weeks; reports reach the commune within days.
        completed = first + timedelta(days=min(int(rng.triangular(0, 31, 12)), 30))
        submitted = ctx.at(completed + timedelta(days=rng.randint(0, 2)), rng.randint(1140, 1320))
        reviewed = submitted + timedelta(days=rng.randint(1, 5), minutes=rng.randint(-600, 600))
        work, volunteers = _work(ctx, rng, campaign, ci, kind, "approved", completed, submitted, reviewed)
        works.append((work, volunteers))
    # "Gần 900 công trình, phần việc với tổng giá trị làm lợi gần 3 tỷ đồng."
    target = rng.randint(2_880, 2_980) * 1_000_000
    factor = target / sum(w.value_vnd for w, _ in works)
    for w, _ in works:
        w.value_vnd = max(100_000, round(w.value_vnd * factor, -4))
    digital = [w for w, _ in works if w.kind != "other"]
    reach = rng.randint(*YOUTH_MONTH_REACHED) / max(1, sum(w.beneficiaries for w in digital))
    for w in digital:
        w.beneficiaries = max(5, round(w.beneficiaries * reach))
    return works


def _current_works(ctx: Context, campaign: Campaign) -> list:
    rng = random.Random(f"{ctx.seed}:current:{campaign.starts_on.isoformat()}")
    works = []
    elapsed = max(0, (ctx.today - campaign.starts_on).days)
    personas = ctx.personas()
    volunteer = next((p for p in personas if p.role == Role.VOLUNTEER), None)
    leader = next((p for p in personas if p.role == Role.TEAM_LEADER), volunteer)
    main = personas[0].commune.unit.pk if personas else None
    for ci in ctx.communes:
        plan = [(CURRENT_STATUS.pick(rng), None) for _ in range(rng.randint(1, 4))]
        if ci.unit.pk == main:
            # In the main ward: works waiting for the secretary's approval, and the demo
            # volunteer's own draft and returned work to finish.
            plan += [("submitted", volunteer), ("submitted", leader), ("submitted", None),
                     ("approved", volunteer), ("rejected", volunteer), ("draft", volunteer)]
        for status, by in plan:
            kind = CURRENT_KINDS.pick(rng)
            # Done by yesterday at the latest, so that it can be reported by now.
            completed = campaign.starts_on + timedelta(days=rng.randint(0, max(0, elapsed - 1)))
            submitted = reviewed = None
            if status == "draft":
                if rng.random() < 0.5:
                    completed = None
            else:
                age = (ctx.today - completed).days
                if status == "submitted":
                    back = rng.randint(0, min(age, 6))
                else:
                    back = rng.randint(min(age, 3), max(age, 3)) if age > 3 else age
                submitted = min(ctx.at(ctx.today - timedelta(days=back), rng.randint(1140, 1320)),
                                ctx.now - timedelta(hours=3))
                if status != "submitted":
                    reviewed = min(submitted + timedelta(days=rng.randint(0, 3), hours=rng.randint(2, 20)),
                                   ctx.now - timedelta(hours=1))
            work, volunteers = _work(ctx, rng, campaign, ci, kind, status, completed, submitted, reviewed, by)
            works.append((work, volunteers))
    return works


def _targets(ctx: Context, campaign: Campaign) -> int:
    weeks = ((campaign.ends_on - campaign.starts_on).days + 1) / 7
    have = set(CampaignTarget.objects.filter(campaign=campaign).values_list("commune_id", flat=True))
    rows = []
    for ci in ctx.communes:
        if ci.unit.pk in have:
            continue
        rng = random.Random(f"{ctx.seed}:target:{campaign.starts_on.isoformat()}:{ci.unit.code}")
        share = ci.weight / ctx.total_weight
        ambition = rng.uniform(0.9, 1.2)
        turns = 2_100 * 0.9 * weeks * share * ambition  # a tenth of the turns are at the provincial center
        classes = max(2, round(len(ctx.communes) * weeks / 3 * 1.4 * share * ambition))
        rows.append(CampaignTarget(
            campaign=campaign, commune=ci.unit, path=ci.unit.path,
            works=max(2, round(2.5 * ambition * share * len(ctx.communes))),
            value_vnd=max(5, round(12 * ambition * share * len(ctx.communes) / 5) * 5) * 1_000_000,
            citizens_supported=max(50, round(turns, -1)), classes=classes,
            attendees=max(30, round(classes * 25, -1)),
            volunteer_turns=max(20, round(turns / 2.9 * 1.7, -1))))
    CampaignTarget.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def _write_campaigns(ctx: Context) -> tuple[int, int, int]:
    province = ctx.province
    specs = [
        (YOUTH_MONTH_TITLE, YOUTH_MONTH_THEME, *YOUTH_MONTH, _youth_month_works, False),
        (current_campaign_title(ctx.today), CURRENT_THEME, ctx.today - timedelta(days=28),
         ctx.today + timedelta(days=28), _current_works, True),
    ]
    campaigns = works = targets = 0
    for title, theme, starts, ends, make_works, with_targets in specs:
        campaign = Campaign.objects.filter(title=title, unit=province).first()
        if campaign is None:
            campaign = Campaign.objects.create(title=title, theme=theme, starts_on=starts, ends_on=ends,
                                               unit=province, path=province.path, created_by_id=ctx.admin_id)
            campaigns += 1
            works += _save_works(campaign, make_works(ctx, campaign))
        if with_targets:
            targets += _targets(ctx, campaign)
    return campaigns, targets, works


# --- entry point ------------------------------------------------------------------------------

def load_field(province: OrgUnit, communes: list[OrgUnit], plan: Plan, *, seed: int = SEED,
               now: datetime | None = None) -> dict:
    """Write the missing field work; returns what was created and what the province now holds."""
    seed_services()  # a flushed database (live-server tests) has lost the lists the migrations loaded
    seed_modules()
    ctx = Context(province, communes, plan, seed, now or timezone.now())
    created = {"places": _write_places(ctx)}
    ctx.load_places()
    created["support_records"], created["citizen_turns"] = _write_support(ctx)
    created["classes"], created["attendees"] = _write_classes(ctx)
    created["campaigns"], created["campaign_targets"], created["youth_works"] = _write_campaigns(ctx)
    return {"created": created, "totals": field_totals(province)}


def field_totals(province: OrgUnit) -> dict:
    in_province = subtree_q(province.path)
    records = SupportRecord.objects.filter(in_province)
    works = YouthWork.objects.filter(in_province)
    return {
        "places": Place.objects.filter(in_province).count(),
        "support_records": records.count(),
        "citizen_turns": records.aggregate(n=Sum("people"))["n"] or 0,
        "classes": LiteracyClass.objects.filter(in_province).count(),
        "attendees": Attendee.objects.filter(subtree_q(province.path, "literacy_class__path")).count(),
        "campaigns": Campaign.objects.filter(in_province).count(),
        "youth_works": works.count(),
        "youth_month": works.filter(campaign__title=YOUTH_MONTH_TITLE, status=YouthWork.Status.APPROVED)
        .aggregate(n=Count("pk"), v=Sum("value_vnd")),
    }


def field_summary(result: dict) -> str:
    """One line for the console, in the style of load_demo's."""
    def fmt(counts):
        return ", ".join(f"{v:,} {k.replace('_', ' ')}" for k, v in counts.items() if k != "youth_month")

    totals = result["totals"]
    month = totals["youth_month"]
    march = f" (Tháng Thanh niên 2026: {month['n']:,} approved works worth {month['v'] or 0:,} ₫)"
    if any(result["created"].values()):
        return f"Field work: created {fmt(result['created'])}. Now: {fmt(totals)}{march}."
    return f"Field work already loaded (nothing created): {fmt(totals)}{march}."

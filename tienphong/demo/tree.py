"""The demo's tree, the first part: a believable Ninh Bình with unions, branches, members, teams and
one login per role.

`build_plan()` plans it all from a fixed seed and the real communes of the province (the same plan
on every run, no database); `load_tree()` writes only what is missing, recognised by stable keys:

- units by code: "<commune>-01" (grassroots union), "<commune>-01-03" (branch),
  "<commune>-PV" (commune service point), "37-HCC" (provincial service center);
- members with their branch: a branch that already exists keeps whatever members it has;
- teams by (commune, kind, name), their memberships with the team;
- accounts by username: an existing account (and its password) is never touched.

Rows are written in bulk, which skips django-auditlog's signals; that is deliberate for seed
data and made explicit with `disable_auditlog()`. The demo accounts are created normally and
so appear in the audit trail.
"""

from __future__ import annotations

import random
from bisect import bisect
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate

from auditlog.context import disable_auditlog

from tienphong.accounts.models import Role, RoleAssignment, User
from tienphong.core.paths import child_path, subtree_q
from tienphong.core.text import fold, search_blob
from tienphong.demo import names as N
from tienphong.members.models import Member
from tienphong.members.services import fill_derived
from tienphong.teams.models import Team, TeamMembership
from tienphong.units.models import OrgUnit
from tienphong.units.services import load_units, write_derived

SEED = 2026
PROVINCE_CODE = "37"
DEMO_PASSWORD = "TienPhong@2026"
DEMO_URL = "http://127.0.0.1:8000/"
# Ages and dates are computed at this day, not today, so that every run gives the same data.
REFERENCE_DATE = date(2026, 9, 1)
TARGET_MEMBERS = 5000
CENTER_CODE = f"{PROVINCE_CODE}-HCC"
CENTER_NAME = "Trung tâm Phục vụ hành chính công tỉnh Ninh Bình"
CENTER_TEAM_NAME = "Đội hình thanh niên tình nguyện Trung tâm Phục vụ hành chính công tỉnh"
MAIN_WARD_NAME = "Phường Hoa Lư"   # where the secretary, team leader and volunteer work
OTHER_COMMUNE_NAME = "Xã Gia Viễn"  # the second secretary, to show scoping

K = OrgUnit.Kind


# --- the plan -------------------------------------------------------------------------------

@dataclass
class PUnit:
    code: str
    name: str
    kind: str
    parent_code: str
    latitude: float | None = None
    longitude: float | None = None
    locality: str = ""  # "thôn Yên Thịnh", "tổ dân phố 3": residential branches only
    group: str = ""     # residential / school / police


@dataclass
class PMember:
    branch_code: str
    full_name: str
    gender: str
    birth_date: date
    phone: str
    email: str
    joined_on: date
    status: str
    is_core: bool
    digital_skill: int
    group: str


@dataclass
class PTeam:
    commune_code: str
    kind: str
    name: str
    phones: list[str]
    leader_phone: str
    active: bool = True
    service_point_code: str = ""


@dataclass
class PAccount:
    username: str
    full_name: str
    role: str
    unit_code: str
    member_key: tuple[str, str] | None = None  # (commune code, phone) of the linked member
    note: str = ""


@dataclass
class Plan:
    units: list[PUnit] = field(default_factory=list)
    members: dict[str, list[PMember]] = field(default_factory=dict)  # by commune code
    teams: list[PTeam] = field(default_factory=list)
    accounts: list[PAccount] = field(default_factory=list)


class Weighted:
    """Fast weighted choice from [(value, weight), ...]."""

    def __init__(self, pairs):
        self.values = [v for v, _ in pairs]
        self.cum = list(accumulate(w for _, w in pairs))

    def pick(self, rng: random.Random):
        return self.values[bisect(self.cum, rng.random() * self.cum[-1])]


FAMILY = Weighted(N.FAMILY_NAMES)
MIDDLE = {"male": Weighted(N.MALE_MIDDLE_NAMES), "female": Weighted(N.FEMALE_MIDDLE_NAMES)}
GIVEN = {"male": Weighted(N.MALE_GIVEN_NAMES), "female": Weighted(N.FEMALE_GIVEN_NAMES)}
PREFIX = Weighted(N.MOBILE_PREFIXES)
RESIDENT_AGE = Weighted([(16, 3), (17, 4), (18, 6), (19, 7), (20, 8), (21, 8), (22, 8), (23, 8),
                          (24, 8), (25, 7), (26, 7), (27, 6), (28, 6), (29, 5), (30, 4)])
POLICE_AGE = Weighted([(a, 1) for a in range(21, 31)])
JOIN_AGE = Weighted([(16, 45), (17, 20), (18, 15), (19, 8), (20, 5), (21, 3), (22, 2), (23, 1),
                      (24, 1)])
SKILL = {
    "residential": Weighted([(1, 25), (2, 45), (3, 22), (4, 8)]),
    "school": Weighted([(1, 15), (2, 50), (3, 30), (4, 5)]),
    "police": Weighted([(1, 5), (2, 35), (3, 45), (4, 15)]),
}
CORE_CHANCE = {1: 0.01, 2: 0.05, 3: 0.20, 4: 0.45}
FEMALE_SHARE = {"residential": 0.52, "school": 0.55, "police": 0.15}
EMAIL_SHARE = {"residential": 0.35, "school": 0.2, "police": 0.6}


def short_name(commune: OrgUnit) -> str:
    """"Phường Hoa Lư" → "Hoa Lư"."""
    for prefix in ("Phường ", "Xã ", "Đặc khu "):
        if commune.name.startswith(prefix):
            return commune.name[len(prefix):]
    return commune.name


def lower_name(commune: OrgUnit) -> str:
    """"Phường Hoa Lư" → "phường Hoa Lư", as it reads inside a longer name."""
    short = short_name(commune)
    return commune.name[: len(commune.name) - len(short)].lower() + short


def slug(commune: OrgUnit) -> str:
    return fold(short_name(commune)).replace(" ", "")


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def _region(commune: OrgUnit) -> str:
    """The former province of a commune (merged in 2025), by its code range: it names villages."""
    code = int(commune.code) if commune.code.isdigit() else 0
    if 13669 <= code <= 14308:
        return "nam_dinh"  # hamlets are "xóm"
    return "ninh_binh_ha_nam"  # hamlets are "thôn"


def _jitter(rng, value, spread=0.012):
    return None if value is None else round(value + rng.uniform(-spread, spread), 6)


def _member_counts(communes: list[OrgUnit], seed: int) -> dict[str, int]:
    """About TARGET_MEMBERS in all, wards holding about 1.6 times a rural commune."""
    weights = {}
    for c in communes:
        rng = random.Random(f"{seed}:{c.code}:size")
        base = 1.6 if c.admin_type == OrgUnit.AdminType.WARD else 1.0
        weights[c.code] = base * rng.uniform(0.75, 1.25)
    total = sum(weights.values()) or 1
    return {code: max(12, round(TARGET_MEMBERS * w / total)) for code, w in weights.items()}


def _split(rng, total: int, parts: int, minimum: int) -> list[int]:
    weights = [rng.uniform(0.6, 1.4) for _ in range(parts)]
    s = sum(weights)
    counts = [max(minimum, int(total * w / s)) for w in weights]
    i = 0
    while sum(counts) < total:
        counts[i % parts] += 1
        i += 1
    return counts


class People:
    """Makes members for one commune; phones and emails stay unique within it."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.phones: set[str] = set()
        self.emails: set[str] = set()

    def phone(self) -> str:
        while True:
            p = PREFIX.pick(self.rng) + f"{self.rng.randrange(10_000_000):07d}"
            if p not in self.phones:
                self.phones.add(p)
                return p

    def name(self, gender: str) -> tuple[str, str, str]:
        rng = self.rng
        family = FAMILY.pick(rng)
        middle = MIDDLE[gender].pick(rng)
        given = GIVEN[gender].pick(rng)
        while given == middle:
            given = GIVEN[gender].pick(rng)
        if gender == "female" and middle != "Thị" and rng.random() < 0.08:
            middle = "Thị " + middle  # "Nguyễn Thị Thu Trang"
        return family, middle, given

    def email(self, family, middle, given, birth: date) -> str:
        if self.rng.random() < 0.5:
            base = fold(f"{family}{middle}{given}")  # "buihuuanh03"
        else:
            base = fold(given) + "".join(fold(w)[0] for w in f"{family} {middle}".split())  # "anhbh03"
        base = base.replace(" ", "")
        candidate = f"{base}{birth.year % 100:02d}"
        n = 1
        while candidate in self.emails:
            n += 1
            candidate = f"{base}{birth.year % 100:02d}{n}"
        self.emails.add(candidate)
        return f"{candidate}@{N.EMAIL_DOMAIN}"

    def member(self, branch: PUnit, age: int | None = None) -> PMember:
        rng, group = self.rng, branch.group
        gender = "female" if rng.random() < FEMALE_SHARE[group] else "male"
        if age is None:
            age = POLICE_AGE.pick(rng) if group == "police" else RESIDENT_AGE.pick(rng)
        birth = _add_years(REFERENCE_DATE, -age) - timedelta(days=rng.randint(0, 364))
        family, middle, given = self.name(gender)
        email = self.email(family, middle, given, birth) if rng.random() < EMAIL_SHARE[group] else ""
        earliest = _add_years(birth, 16)  # the Union admits from 16
        start = max(earliest, _add_years(birth, min(JOIN_AGE.pick(rng), age)))
        if rng.random() < 0.6:
            # Most admissions are celebrated on 26 March, the Union's founding day.
            joined = date(start.year, 3, 26)
            if joined < start:
                joined = date(start.year + 1, 3, 26)
        else:
            joined = start + timedelta(days=rng.randint(0, 300))
        if joined > REFERENCE_DATE:
            joined = earliest + timedelta(days=rng.randint(0, max(0, (REFERENCE_DATE - earliest).days)))
        status = Member.Status.ACTIVE
        roll = rng.random()
        if age >= 30 and roll < 0.6:
            status = Member.Status.MATURED
        elif group != "school" and roll > 0.95:
            status = Member.Status.MOVED
        skill = SKILL[group].pick(rng)
        is_core = status == Member.Status.ACTIVE and rng.random() < CORE_CHANCE[skill]
        return PMember(branch_code=branch.code, full_name=f"{family} {middle} {given}", gender=gender,
                       birth_date=birth, phone=self.phone(), email=email, joined_on=joined, status=status,
                       is_core=is_core, digital_skill=skill, group=group)


def _plan_commune(plan: Plan, commune: OrgUnit, n_members: int, seed: int, school_names) -> None:
    rng = random.Random(f"{seed}:{commune.code}")
    c, lat, lon = commune.code, commune.latitude, commune.longitude
    is_ward = commune.admin_type == OrgUnit.AdminType.WARD
    low = lower_name(commune)

    # Grassroots unions: the residential one always, then maybe a school and the commune police.
    groups: list[tuple[str, str]] = [("residential", f"Đoàn cơ sở {low}")]
    if rng.random() < (0.6 if is_ward else 0.3):
        school = next(school_names) if is_ward else None
        groups.append(("school", f"Đoàn cơ sở Trường THPT {school or short_name(commune)}"))
    if rng.random() < 0.45:
        groups.append(("police", f"Đoàn cơ sở Công an {low}"))

    branches: dict[str, list[PUnit]] = {}
    for i, (group, name) in enumerate(groups, start=1):
        gcode = f"{c}-{i:02d}"
        plan.units.append(PUnit(gcode, name, K.GRASSROOTS, c, _jitter(rng, lat), _jitter(rng, lon),
                                group=group))
        if group == "residential":
            if is_ward:
                n = rng.randint(5, 9)
                localities = [f"tổ dân phố {k}" for k in range(1, n + 1)]
            elif _region(commune) == "nam_dinh":
                n = rng.randint(4, 8)
                localities = [f"xóm {k}" for k in range(1, n + 1)]
            else:
                n = rng.randint(4, 8)
                localities = [f"thôn {v}" for v in rng.sample(N.VILLAGE_NAMES, n)]
            names = [(f"Chi đoàn {loc}", loc) for loc in localities]
        elif group == "school":
            names = [(f"Chi đoàn {grade}A{k}", "") for grade in (10, 11, 12)
                     for k in range(1, rng.choice([1, 1, 2]) + 1)]
        else:
            names = [(name, "") for name in N.POLICE_BRANCHES[: rng.randint(1, 2)]]
        branches[group] = [
            PUnit(f"{gcode}-{j:02d}", name, K.BRANCH, gcode, _jitter(rng, lat), _jitter(rng, lon),
                  locality=loc, group=group)
            for j, (name, loc) in enumerate(names, start=1)
        ]
        plan.units.extend(branches[group])
    plan.units.append(PUnit(f"{c}-PV", f"Điểm phục vụ hành chính công {low}", K.SERVICE_POINT, c,
                            _jitter(rng, lat, 0.004), _jitter(rng, lon, 0.004)))

    # Members: most in residential branches, classes of a school, a few police officers.
    people = People(rng)
    shares = {"school": 0.25, "police": 0.08}
    per_group = {g: max(round(n_members * shares[g]), 3 * len(branches[g])) for g in branches
                 if g != "residential"}
    per_group["residential"] = max(0, n_members - sum(per_group.values()))
    members: list[PMember] = []
    for group, units in branches.items():
        for unit, count in zip(units, _split(rng, per_group[group], len(units), 3)):
            for _ in range(count):
                age = None
                if group == "school":
                    age = 16 + int(unit.name.split()[-1][:2]) - 10  # 10A1 → 16, 12D2 → 18
                members.append(people.member(unit, age))
    plan.members[c] = members

    # Teams: 3–4 community digital-technology teams named after residential branches, one
    # volunteer team at the commune's service point.
    by_branch: dict[str, list[PMember]] = {}
    for m in members:
        by_branch.setdefault(m.branch_code, []).append(m)
    active_residents = [m for m in members if m.status == "active" and m.group == "residential"]
    n_teams = rng.choice([3, 4]) if is_ward else 3
    leaders: set[str] = set()  # one team per leader in a commune
    for unit in branches["residential"][:n_teams]:
        local = [m for m in by_branch.get(unit.code, []) if m.status == "active"]
        plan.teams.append(_team(rng, c, Team.Kind.COMMUNITY_TECH,
                                f"Tổ công nghệ số cộng đồng {unit.locality}", local, active_residents,
                                leaders, active=rng.random() < 0.93))
    active_all = [m for m in members if m.status == "active" and m.group != "school"]
    plan.teams.append(_team(rng, c, Team.Kind.VOLUNTEER,
                            f"Đội hình thanh niên tình nguyện hỗ trợ chuyển đổi số {low}", [], active_all,
                            leaders, service_point_code=f"{c}-PV"))


def _team(rng, commune_code, kind, name, local, pool, leaders: set[str], *, active=True,
          service_point_code="") -> PTeam:
    """4–10 members, the local branch's most skilled first; the leader is the best of them who
    leads no other team of the commune yet."""
    size = rng.randint(4, 10)
    skilled_first = sorted(local, key=lambda m: (-m.is_core, -m.digital_skill, m.phone))
    chosen = skilled_first[: max(2, size - 3)]
    taken = {m.phone for m in chosen}
    others = [m for m in pool if m.phone not in taken]
    chosen += rng.sample(others, min(len(others), size - len(chosen)))
    ranked = sorted(chosen, key=lambda m: (m.phone in leaders, -m.is_core, -m.digital_skill, m.phone))
    leader = ranked[0].phone if ranked else ""
    leaders.add(leader)
    return PTeam(commune_code, kind, name, [m.phone for m in chosen], leader,
                 active=active, service_point_code=service_point_code)


def _pick_commune(communes, name, *, exclude=None, prefer_ward=False):
    for c in communes:
        if c.name == name and c is not exclude:
            return c
    candidates = [c for c in communes if c is not exclude]
    if prefer_ward:
        wards = [c for c in candidates if c.admin_type == OrgUnit.AdminType.WARD]
        candidates = wards or candidates
    return candidates[0] if candidates else None


def build_plan(province: OrgUnit, communes: list[OrgUnit], seed: int = SEED) -> Plan:
    """Everything the demo should hold, from the seed and the communes alone (no database)."""
    plan = Plan()
    communes = sorted(communes, key=lambda c: c.code)
    counts = _member_counts(communes, seed)
    school_names = iter(N.SCHOOL_HONOUR_NAMES + [None] * len(communes))
    for commune in communes:
        _plan_commune(plan, commune, counts[commune.code], seed, school_names)

    main = _pick_commune(communes, MAIN_WARD_NAME, prefer_ward=True)
    other = _pick_commune(communes, OTHER_COMMUNE_NAME, exclude=main)
    plan.units.append(PUnit(CENTER_CODE, CENTER_NAME, K.SERVICE_POINT, province.code,
                            main.latitude if main else province.latitude,
                            main.longitude if main else province.longitude))
    if main is None:
        return plan

    rng = random.Random(f"{seed}:{CENTER_CODE}")
    pool = [m for m in plan.members[main.code] if m.status == "active" and m.group != "school"]
    leaders = {t.leader_phone for t in plan.teams if t.commune_code == main.code}
    plan.teams.append(_team(rng, main.code, Team.Kind.VOLUNTEER, CENTER_TEAM_NAME, [], pool, leaders,
                            service_point_code=CENTER_CODE))

    # The logins: the team leader leads the main ward's first active community team, the
    # volunteer is another member of that team.
    community = [t for t in plan.teams if t.commune_code == main.code and t.kind == Team.Kind.COMMUNITY_TECH]
    team = next((t for t in community if t.active), community[0])
    by_phone = {m.phone: m for m in plan.members[main.code]}
    leader = by_phone[team.leader_phone]
    volunteer = next(by_phone[p] for p in team.phones
                     if p != team.leader_phone and by_phone[p].group == "residential")
    s = slug(main)
    plan.accounts = [
        PAccount("tinhdoan", N.STAFF_NAMES["province_admin"], Role.PROVINCE_ADMIN, province.code,
                 note="Ban Thường vụ Tỉnh Đoàn"),
        PAccount(f"bithu.{s}", N.STAFF_NAMES["secretary"], Role.COMMUNE_SECRETARY, main.code),
        PAccount(f"totruong.{s}", leader.full_name, Role.TEAM_LEADER, main.code, (main.code, leader.phone),
                 note=team.name),
        PAccount(f"tnv.{s}", volunteer.full_name, Role.VOLUNTEER, volunteer.branch_code,
                 (main.code, volunteer.phone)),
    ]
    if other is not None:
        plan.accounts.append(PAccount(f"bithu.{slug(other)}", N.STAFF_NAMES["other_secretary"],
                                      Role.COMMUNE_SECRETARY, other.code, note="another commune: scoping"))
    return plan


# --- writing --------------------------------------------------------------------------------

def _write_units(plan: Plan, by_code: dict[str, OrgUnit]) -> tuple[int, set[str]]:
    """Create the missing units level by level; returns (count, codes of new branches)."""
    created = 0
    new_branches: set[str] = set()
    levels = [[u for u in plan.units if u.kind != K.BRANCH], [u for u in plan.units if u.kind == K.BRANCH]]
    for level in levels:
        new = []
        for p in level:
            if p.code in by_code:
                continue
            parent = by_code[p.parent_code]
            new.append(OrgUnit(code=p.code, name=p.name, kind=p.kind, parent=parent,
                               latitude=p.latitude, longitude=p.longitude,
                               path=f"/tmp-{p.code}/"))  # the real path needs the primary key
        if not new:
            continue
        OrgUnit.objects.bulk_create(new, batch_size=500)
        for unit in new:
            # The same derived fields as units.services.unit_create.
            parent = unit.parent
            unit.path = child_path(parent.path, unit.pk)
            unit.depth = parent.depth + 1
            unit.commune_id = parent.commune_id
            unit.search_text = search_blob(unit.name, unit.code)
            by_code[unit.code] = unit
            if unit.kind == K.BRANCH:
                new_branches.add(unit.code)
        write_derived(new)
        created += len(new)
    return created, new_branches


def _write_members(plan: Plan, by_code: dict[str, OrgUnit], new_branches: set[str]) -> int:
    """Members of the branches created by this run (an existing branch keeps its members)."""
    todo = [(by_code[c], m) for c, ms in plan.members.items() for m in ms if m.branch_code in new_branches]
    if not todo:
        return 0
    commune_ids = {by_code[c].pk for c in plan.members}
    taken_phones, taken_emails = set(), set()
    for cid, phone, email in Member.objects.filter(commune_id__in=commune_ids).values_list(
            "commune_id", "phone", "email"):
        taken_phones.add((cid, phone))
        taken_emails.add((cid, email))
    rows = []
    for commune, p in todo:
        if (commune.pk, p.phone) in taken_phones:
            continue  # someone entered this number by hand: leave theirs alone
        email = "" if (commune.pk, p.email) in taken_emails else p.email
        m = Member(full_name=p.full_name, gender=p.gender, birth_date=p.birth_date, phone=p.phone,
                   email=email, branch=by_code[p.branch_code], joined_on=p.joined_on, status=p.status,
                   is_core=p.is_core, digital_skill=p.digital_skill)
        fill_derived(m)
        rows.append(m)
    Member.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def _member_ids(by_code: dict[str, OrgUnit], commune_codes) -> dict[tuple[str, str], int]:
    code_of = {by_code[c].pk: c for c in commune_codes if c in by_code}
    return {(code_of[cid], phone): pk for cid, phone, pk in Member.objects.filter(
        commune_id__in=code_of).exclude(phone="").values_list("commune_id", "phone", "pk")}


def _write_teams(plan: Plan, by_code: dict[str, OrgUnit]) -> tuple[int, int]:
    communes = {t.commune_code for t in plan.teams}
    commune_ids = [by_code[c].pk for c in communes]
    existing = set(Team.objects.filter(commune_id__in=commune_ids).values_list("commune_id", "kind", "name"))
    new = [t for t in plan.teams if (by_code[t.commune_code].pk, t.kind, t.name) not in existing]
    if not new:
        return 0, 0
    ids = _member_ids(by_code, communes)
    teams, memberships = [], []
    for p in new:
        commune = by_code[p.commune_code]
        member_ids = [ids[(p.commune_code, ph)] for ph in p.phones if (p.commune_code, ph) in ids]
        leader_id = ids.get((p.commune_code, p.leader_phone))
        if leader_id is None and member_ids:
            leader_id = member_ids[0]
        sp = by_code.get(p.service_point_code)
        team = Team(name=p.name, kind=p.kind, commune=commune, path=commune.path, leader_id=leader_id,
                    service_point=sp, active=p.active, search_text=search_blob(p.name))
        teams.append((team, member_ids))
    Team.objects.bulk_create([t for t, _ in teams], batch_size=500)
    for team, member_ids in teams:
        memberships += [TeamMembership(team=team, member_id=mid) for mid in member_ids]
    TeamMembership.objects.bulk_create(memberships, batch_size=1000)
    return len(teams), len(memberships)


def _write_accounts(plan: Plan, by_code: dict[str, OrgUnit]) -> int:
    """Create the missing demo logins; an existing one keeps its password and roles."""
    created = 0
    ids = _member_ids(by_code, {a.member_key[0] for a in plan.accounts if a.member_key})
    for a in plan.accounts:
        if User.objects.filter(username=a.username).exists():
            continue
        user = User.objects.create_user(username=a.username, password=DEMO_PASSWORD, full_name=a.full_name)
        RoleAssignment.objects.create(user=user, unit=by_code[a.unit_code], role=a.role)
        member_id = ids.get(a.member_key) if a.member_key else None
        if member_id:
            member = Member.objects.get(pk=member_id)
            if member.user_id is None:
                member.user = user
                member.save(update_fields=["user", "updated_at"])
        created += 1
    return created


def _totals(province: OrgUnit, plan: Plan) -> dict:
    units = OrgUnit.objects.filter(subtree_q(province.path))
    return {
        "communes": units.filter(kind=K.COMMUNE).count(),
        "grassroots": units.filter(kind=K.GRASSROOTS).count(),
        "branches": units.filter(kind=K.BRANCH).count(),
        "service_points": units.filter(kind=K.SERVICE_POINT).count(),
        "members": Member.objects.filter(subtree_q(province.path)).count(),
        "teams": Team.objects.filter(subtree_q(province.path)).count(),
        "team_memberships": TeamMembership.objects.filter(subtree_q(province.path, "team__path")).count(),
        "demo_accounts": User.objects.filter(username__in=[a.username for a in plan.accounts]).count(),
    }


def login_block(plan: Plan, by_code: dict[str, OrgUnit], jurors=()) -> str:
    """The demo's logins; `jurors`: (username, full name, who they are) of the contest jury (no role: /jury/)."""
    lines = [
        "",
        "=" * 78,
        f"  Tiên Phong — demo Ninh Bình:  {DEMO_URL}",
        f"  Demo password for every account below: {DEMO_PASSWORD}  (unless you changed it)",
        f"  Dashboards (province admin, commune secretaries, team leaders): {DEMO_URL.rstrip('/')}/reports/",
        "-" * 78,
    ]
    for a in plan.accounts:
        unit = by_code.get(a.unit_code)
        user = User.objects.filter(username=a.username).first()
        role = Role(a.role).label
        unit_name = unit.name if unit else a.unit_code
        if unit is not None and unit.kind == K.BRANCH and unit.parent_id:
            unit_name = f"{unit.name} ({OrgUnit.objects.get(pk=unit.commune_id).name})"
        extra = f" — {a.note}" if a.note else ""
        who = user.full_name if user else a.full_name
        lines.append(f"  {a.username:<20} / {DEMO_PASSWORD} / {role} / {unit_name}{extra}")
        lines.append(f"  {'':<20}   {who}")
    if jurors:
        lines += ["-" * 78, f"  Contest jury (no role; their home page links to {DEMO_URL}jury/):"]
    for username, full_name, note in jurors:
        lines.append(f"  {username:<20} / {DEMO_PASSWORD} / {full_name} — {note}")
    lines += ["=" * 78, ""]
    return "\n".join(lines)


def load_tree(*, seed: int = SEED) -> dict:
    """The province (its communes loaded first if missing), then whatever units, members, teams and
    logins of the plan are missing. Runs inside the loader's transaction; the later parts read the
    province, its communes, the plan and the units by code from what it returns."""
    province = OrgUnit.objects.filter(code=PROVINCE_CODE, kind=K.PROVINCE).first()
    if province is None or not OrgUnit.objects.filter(parent=province, kind=K.COMMUNE).exists():
        load_units(province_codes=[PROVINCE_CODE])
        province = OrgUnit.objects.get(code=PROVINCE_CODE, kind=K.PROVINCE)
    communes = list(OrgUnit.objects.filter(parent=province, kind=K.COMMUNE).order_by("code"))
    plan = build_plan(province, communes, seed)
    by_code = {u.code: u for u in OrgUnit.objects.filter(subtree_q(province.path))}

    # Seed data is written in bulk and, deliberately, without an audit entry per row.
    with disable_auditlog():
        units, new_branches = _write_units(plan, by_code)
        members = _write_members(plan, by_code, new_branches)
        teams, memberships = _write_teams(plan, by_code)
    accounts = _write_accounts(plan, by_code)
    created = {"units": units, "members": members, "teams": teams, "team_memberships": memberships,
               "accounts": accounts}
    return {"province": province, "communes": communes, "plan": plan, "by_code": by_code,
            "created": created, "totals": _totals(province, plan)}


def tree_summary(result: dict) -> str:
    """Lines for the console: what was created, what the province now holds."""
    created = result["created"]
    summary = ", ".join(f"{v:,} {k.replace('_', ' ')}" for k, v in result["totals"].items())
    if any(created.values()):
        return "\n".join([
            "Demo data loaded: created " + ", ".join(f"{v:,} {k.replace('_', ' ')}" for k, v in created.items())
            + ".",
            f"Ninh Bình now has {summary}."])
    return f"Demo data already loaded (nothing created): {summary}."

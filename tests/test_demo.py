"""The demo province: believable shape, consistent derived fields, idempotent."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from tienphong.accounts.models import Role, RoleAssignment, User
from tienphong.core.models import AuditEntry
from tienphong.core.text import search_blob
from tienphong.demo import CENTER_CODE, DEMO_PASSWORD, DEMO_URL, load_demo
from tienphong.members.models import Member
from tienphong.teams.models import Team, TeamMembership
from tienphong.units.models import OrgUnit
from tienphong.units.services import load_units

K = OrgUnit.Kind


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


@pytest.fixture
def demo(db):
    load_units(province_codes=["37"])
    out = StringIO()
    result = load_demo(stdout=out)
    return result, out.getvalue()


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
        assert 4 <= len(people) <= 10, t.name
        assert all(m.commune_id == t.commune_id for m in people)
        assert t.leader_id in {m.id for m in people}, t.name
    center_team = next(t for t in teams if t.service_point and t.service_point.code == CENTER_CODE)
    assert center_team.kind == Team.Kind.VOLUNTEER and center_team.commune.name == "Phường Hoa Lư"


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
    assert created.filter(content_type__model="user").count() == len(expected)
    assert not created.filter(content_type__model__in=["member", "team", "teammembership"]).exists()
    assert created.filter(content_type__model="orgunit").count() == 130  # load_units' province + communes


def test_second_run_creates_nothing_and_keeps_changed_passwords(db):
    # No load_units beforehand: the command loads Ninh Bình itself.
    call_command("load_demo", stdout=StringIO())
    assert OrgUnit.objects.filter(kind=K.COMMUNE).count() == 129
    admin = User.objects.get(username="tinhdoan")
    admin.set_password("Doi-mat-khau-2026")
    admin.save()
    before = _counts()

    out = StringIO()
    result = load_demo(stdout=out)
    assert _counts() == before
    assert not any(result["created"].values())
    text = out.getvalue()
    assert "already loaded" in text
    assert "tinhdoan" in text and DEMO_URL in text  # the logins are printed every time
    assert User.objects.get(username="tinhdoan").check_password("Doi-mat-khau-2026")

"""Current member counts per commune for the dashboards (see tienphong.rollups): active members,
core members, active members by digital skill level, and all members (active and working away: a
member working away is still a member, but not counted as active). A member of no commune (a union under the
province itself) counts at the province."""

from django.db.models import Count, Q

from tienphong.rollups import services as rollups
from tienphong.rollups.services import province_of

from .models import MEMBER_STATUSES, Member

MEMBERS = "members"
CORE = "core_members"
BY_SKILL = "members_by_skill"
TOTAL = "members_total"
INDICATORS = (MEMBERS, CORE, BY_SKILL, TOTAL)


def count(unit_ids: list[int]):
    members = Member.objects.filter(status__in=MEMBER_STATUSES).order_by()
    wanted = set(unit_ids)
    active = Q(status=Member.Status.ACTIVE)
    counts = dict(n=Count("id", filter=active), core=Count("id", filter=active & Q(is_core=True)),
                  total=Count("id"))
    rows = members.filter(commune_id__in=unit_ids).values_list("commune_id", "digital_skill").annotate(**counts)
    per_unit: dict[int, list] = {}
    for unit, skill, n, core, total in rows:
        per_unit.setdefault(unit, []).append((skill, n, core, total))
    # Members without a commune belong to their province's own figures.
    for path, skill, n, core, total in (members.filter(commune__isnull=True).values_list("path", "digital_skill")
                                        .annotate(**counts)):
        province = province_of(path)
        if province in wanted:
            per_unit.setdefault(province, []).append((skill, n, core, total))
    for unit, groups in per_unit.items():
        yield unit, MEMBERS, "", sum(g[1] for g in groups)
        yield unit, CORE, "", sum(g[2] for g in groups)
        yield unit, TOTAL, "", sum(g[3] for g in groups)
        for skill, n, _c, _t in groups:
            yield unit, BY_SKILL, str(skill), n


def refresh(unit_ids) -> None:
    """Recount the communes (or provinces) a write touched; call inside the write's transaction."""
    ids = {u for u in unit_ids if u}
    if ids:
        rollups.stock_recount(indicators=INDICATORS, unit_ids=ids, count=count)


def unit_of(member: Member) -> int:
    return member.commune_id or province_of(member.path)


def refresh_within(unit) -> None:
    """Recount every commune under `unit` (and its province): after an import into `unit`."""
    from tienphong.core.paths import subtree_q
    from tienphong.units.models import OrgUnit

    ids = set(OrgUnit.objects.filter(subtree_q(unit.path), kind=OrgUnit.Kind.COMMUNE).values_list("pk", flat=True))
    ids |= {unit.commune_id, province_of(unit.path)}
    refresh(ids)

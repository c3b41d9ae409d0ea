from dataclasses import dataclass

from django.db.models import Count, Q

from tienphong.core.paths import subtree_q
from tienphong.core.text import collation_key, words_q
from tienphong.members.models import Member
from tienphong.teams.models import Team
from tienphong.units.models import OrgUnit

ACTIVE = Member.Status.ACTIVE


@dataclass
class Counts:
    members: int = 0
    core_members: int = 0
    community_tech_teams: int = 0
    volunteer_teams: int = 0

    @property
    def teams(self):
        return self.community_tech_teams + self.volunteer_teams


def _member_counts(qs):
    return qs.filter(status=ACTIVE).aggregate(
        members=Count("id"), core_members=Count("id", filter=Q(is_core=True))
    )


def _team_counts(qs):
    return qs.filter(active=True).aggregate(
        community_tech_teams=Count("id", filter=Q(kind=Team.Kind.COMMUNITY_TECH)),
        volunteer_teams=Count("id", filter=Q(kind=Team.Kind.VOLUNTEER)),
    )


def unit_counts(unit: OrgUnit) -> Counts:
    members = _member_counts(Member.objects.filter(subtree_q(unit.path, "path")))
    teams = _team_counts(Team.objects.filter(subtree_q(unit.path, "path")))
    return Counts(**members, **teams)


def counts_by_child(unit: OrgUnit, q: str = "") -> list[tuple[OrgUnit, Counts]]:
    """Each child unit (those whose name or code matches `q`, diacritics ignored) with the counts of its
    subtree: one grouped query per fact table."""
    children = unit.children.exclude(kind=OrgUnit.Kind.SERVICE_POINT).order_by("name")
    if q:
        children = children.filter(words_q(q))
    children = list(children)
    if not children:
        return []
    # Which column of a member names the child it falls under depends on the child's level.
    member_key = {OrgUnit.Kind.COMMUNE: "commune_id", OrgUnit.Kind.GRASSROOTS: "branch__parent_id",
                  OrgUnit.Kind.BRANCH: "branch_id"}
    kind = children[0].kind
    result = {c.pk: Counts() for c in children}
    key = member_key.get(kind)
    if key:
        rows = (Member.objects.filter(subtree_q(unit.path, "path"), status=ACTIVE).values(key)
                .annotate(members=Count("id"), core_members=Count("id", filter=Q(is_core=True))))
        for r in rows:
            if r[key] in result:
                result[r[key]].members = r["members"]
                result[r[key]].core_members = r["core_members"]
    if kind == OrgUnit.Kind.COMMUNE:
        rows = (Team.objects.filter(subtree_q(unit.path, "path"), active=True).values("commune_id")
                .annotate(ct=Count("id", filter=Q(kind=Team.Kind.COMMUNITY_TECH)),
                          vt=Count("id", filter=Q(kind=Team.Kind.VOLUNTEER))))
        for r in rows:
            if r["commune_id"] in result:
                result[r["commune_id"]].community_tech_teams = r["ct"]
                result[r["commune_id"]].volunteer_teams = r["vt"]
    return [(c, result[c.pk]) for c in children]


# How the child-unit table may be sorted: by name (Vietnamese letter order), or a count, largest first.
CHILD_SORTS = {
    "name": lambda u, c: (collation_key(u.name),),
    "members": lambda u, c: (-c.members, collation_key(u.name)),
    "core": lambda u, c: (-c.core_members, collation_key(u.name)),
    "teams": lambda u, c: (-c.teams, collation_key(u.name)),
    "ct": lambda u, c: (-c.community_tech_teams, collation_key(u.name)),
    "vt": lambda u, c: (-c.volunteer_teams, collation_key(u.name)),
}


def child_rows(unit: OrgUnit, q: str = "", sort: str = "name") -> list[tuple[OrgUnit, Counts]]:
    """The unit home's table: the children matching `q`, sorted by one of CHILD_SORTS (unknown: by name)."""
    key = CHILD_SORTS.get(sort, CHILD_SORTS["name"])
    return sorted(counts_by_child(unit, q), key=lambda row: key(*row))


def my_today(user) -> dict:
    """A volunteer's day: their entries and figures, their teams' figures, their classes, their works
    that wait for something. The one reader of these figures: `/` (for field roles) and `/today/` show it."""
    import datetime as dt

    from django.db.models import Q, Sum
    from django.utils import timezone

    from tienphong.campaigns.models import YouthWork
    from tienphong.literacy.models import LiteracyClass
    from tienphong.support.selectors import my_day
    from tienphong.support.models import SupportRecord

    today = timezone.localdate()
    entries = list(my_day(user, today))
    week_start = today - dt.timedelta(days=today.weekday())
    since = timezone.make_aware(dt.datetime.combine(week_start, dt.time.min))
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))

    def turns(where, frm):
        return SupportRecord.objects.filter(where, occurred_at__gte=frm).aggregate(n=Sum("people"))["n"] or 0

    week = turns(Q(created_by=user), since)
    teams = list(Team.objects.filter(memberships__member__user=user, active=True).distinct().order_by("name"))
    team_figures = None
    if teams:
        mine = Q(team__in=teams)
        team_figures = {"names": [t.name for t in teams], "today": turns(mine, start), "week": turns(mine, since)}
    classes = (LiteracyClass.objects
               .filter(Q(teachers__user=user) | Q(created_by=user) | Q(team__memberships__member__user=user))
               .filter(starts_at__gte=start, starts_at__lt=start + dt.timedelta(days=15))
               .exclude(status=LiteracyClass.Status.CANCELLED)
               .select_related("venue").distinct().order_by("starts_at")[:10])
    works = (YouthWork.objects.filter(created_by=user, status__in=[YouthWork.Status.DRAFT, YouthWork.Status.REJECTED])
             .order_by("-updated_at")[:10])
    return {"day": today, "entries": entries, "turns_today": sum(r.people for r in entries), "turns_week": week,
            "team": team_figures, "classes": list(classes), "works": list(works)}


def jury_work(user) -> dict | None:
    """The home page's way in for a juror, in one query: None without any jury assignment; else the sheets
    assigned (on entries still in the running) and those still to score in contests being judged."""
    from tienphong.contests.models import Assignment, Contest, Entry

    row = Assignment.objects.filter(juror__user=user, entry__status=Entry.Status.SUBMITTED).aggregate(
        assigned=Count("id"),
        to_score=Count("id", filter=Q(completed_at__isnull=True, juror__contest__status=Contest.Status.JUDGING)))
    return row if row["assigned"] else None


def field_counts(unit, days: int = 30) -> dict:
    """The unit's field work over the last `days`: citizens helped, classes held, works awaiting approval."""
    import datetime as dt

    from django.db.models import Sum
    from django.utils import timezone

    from tienphong.campaigns.models import YouthWork
    from tienphong.core.paths import subtree_q
    from tienphong.literacy.selectors import class_counts
    from tienphong.support.models import SupportRecord

    since = timezone.now() - dt.timedelta(days=days)
    where = subtree_q(unit.path, "path")
    turns = SupportRecord.objects.filter(where, occurred_at__gte=since).aggregate(n=Sum("people"))["n"] or 0
    classes = class_counts(path_q=where, since=since)
    waiting = YouthWork.objects.filter(where, status=YouthWork.Status.SUBMITTED).count()
    return {"days": days, "turns": turns, "classes_held": classes.held, "attendees": classes.present,
            "works_waiting": waiting}


def setup_checklist(scope, unit) -> list[dict]:
    """A fresh province's first steps, shown to its province admin until each is done: its communes
    and a branch exist, a commune secretary has an account, a member is imported. Empty once all are done."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from tienphong.accounts.models import RoleAssignment
    from tienphong.core.scope import Role

    if unit is None or unit.kind != OrgUnit.Kind.PROVINCE or (unit.path, Role.PROVINCE_ADMIN) not in scope.grants:
        return []
    steps = [
        # Communes come from setup_province; the union's own units below them are made on the tree page.
        (_("Create the union tree (grassroots unions and branches)"), reverse("tree"),
         unit.children.filter(kind=OrgUnit.Kind.COMMUNE).exists()
         and OrgUnit.objects.filter(subtree_q(unit.path), kind=OrgUnit.Kind.BRANCH).exists()),
        (_("Give accounts to the commune secretaries"), reverse("user_create"),
         RoleAssignment.objects.filter(subtree_q(unit.path, "unit__path"),
                                       role=Role.COMMUNE_SECRETARY).exists()),
        (_("Import the members"), reverse("member_import"),
         Member.objects.filter(subtree_q(unit.path, "path")).exists()),
    ]
    if all(done for _label, _url, done in steps):
        return []
    return [{"label": label, "url": url} for label, url, done in steps if not done]

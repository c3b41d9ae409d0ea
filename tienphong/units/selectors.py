from django.db.models import Count, Q, QuerySet

from tienphong.core.paths import subtree_q, subtrees_q
from tienphong.core.text import words_q

from .models import OrgUnit
from .services import ALLOWED_CHILDREN, GONE_MEMBER_STATUSES, UNION_OWN


def unit_subtree(unit: OrgUnit, *, kinds=None) -> QuerySet[OrgUnit]:
    qs = OrgUnit.objects.filter(subtree_q(unit.path))
    if kinds:
        qs = qs.filter(kind__in=kinds)
    return qs


def communes_under(unit: OrgUnit) -> QuerySet[OrgUnit]:
    return unit_subtree(unit, kinds=[OrgUnit.Kind.COMMUNE]).order_by("name")


def branches_under(unit: OrgUnit) -> QuerySet[OrgUnit]:
    return unit_subtree(unit, kinds=[OrgUnit.Kind.BRANCH]).select_related("parent")


# --- the tree pages -----------------------------------------------------------------------------------

def manageable_units(scope) -> QuerySet[OrgUnit]:
    """The union's own units a user may change: grassroots unions, branches and service points strictly
    below the units their `manage_units` roles sit on (a secretary never changes their commune itself)."""
    return (OrgUnit.objects.filter(scope.q("path", perm="manage_units"), kind__in=UNION_OWN)
            .exclude(path__in=scope.paths("manage_units")))


def parent_choices(scope, kinds=None) -> QuerySet[OrgUnit]:
    """Active units a new or moved unit may hang under, inside the user's `manage_units` scope."""
    takers = [k for k, children in ALLOWED_CHILDREN.items()
              if children and (kinds is None or set(kinds) & children)]
    return (OrgUnit.objects.filter(scope.q("path", perm="manage_units"), kind__in=takers, active=True)
            .order_by("path"))


def tree_units(scope, *, q: str = "", kind: str = "", commune: OrgUnit | None = None) -> QuerySet[OrgUnit]:
    """The tree page's rows: every unit under the user's `manage_units` roles but the province, in tree
    order; `q` (diacritics ignored), a kind and a commune narrow it."""
    units = OrgUnit.objects.filter(scope.q("path", perm="manage_units")).exclude(kind=OrgUnit.Kind.PROVINCE)
    if q:
        units = units.filter(words_q(q))
    if kind in OrgUnit.Kind.values:
        units = units.filter(kind=kind)
    if commune is not None:
        units = units.filter(subtree_q(commune.path))
    return units.select_related("parent").order_by("path")


def member_counts(units) -> dict[int, int]:
    """{unit id: members still in its subtree} for `units`, from one grouped query over their branches."""
    units = list(units)
    counts = {u.pk: 0 for u in units}
    if not units:
        return counts
    rows = (OrgUnit.objects.filter(subtrees_q([u.path for u in units]), kind=OrgUnit.Kind.BRANCH)
            .annotate(n=Count("members", filter=~Q(members__status__in=GONE_MEMBER_STATUSES)))
            .filter(n__gt=0).values_list("path", "n"))
    for path, n in rows:
        for part in path.strip("/").split("/"):
            if int(part) in counts:
                counts[int(part)] += n
    return counts

from django.db.models import QuerySet

from tienphong.core.paths import subtree_q

from .models import OrgUnit


def unit_subtree(unit: OrgUnit, *, kinds=None) -> QuerySet[OrgUnit]:
    qs = OrgUnit.objects.filter(subtree_q(unit.path))
    if kinds:
        qs = qs.filter(kind__in=kinds)
    return qs


def communes_under(unit: OrgUnit) -> QuerySet[OrgUnit]:
    return unit_subtree(unit, kinds=[OrgUnit.Kind.COMMUNE]).order_by("name")


def branches_under(unit: OrgUnit) -> QuerySet[OrgUnit]:
    return unit_subtree(unit, kinds=[OrgUnit.Kind.BRANCH]).select_related("parent")

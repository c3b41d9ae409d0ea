from django.db.models import QuerySet

from tienphong.accounts.scope import Scope
from tienphong.core.search import search_q

from .models import Member


def member_list(*, scope: Scope, unit=None, q: str = "", status: str = "", gender: str = "",
                is_core: bool | None = None, digital_skill: int | None = None,
                branch_id: int | None = None) -> QuerySet[Member]:
    """Members the user may see, filtered; ordered by given name then family name."""
    qs = Member.objects.filter(scope.q("path"))
    if unit is not None:
        qs = qs.filter(scope.unit_q(unit, "path"))
    if q:
        qs = qs.filter(search_q(Member._meta.db_table, q))
    if status:
        qs = qs.filter(status=status)
    if gender:
        qs = qs.filter(gender=gender)
    if is_core is not None:
        qs = qs.filter(is_core=is_core)
    if digital_skill:
        qs = qs.filter(digital_skill=digital_skill)
    if branch_id:
        qs = qs.filter(branch_id=branch_id)
    return qs.order_by("sort_key", "id")


def member_get(*, scope: Scope, pk: int) -> Member:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Member.objects.select_related("branch", "branch__parent", "commune")
                             .filter(scope.q("path")), pk=pk)

import re

from django.db.models import Q, QuerySet

from tienphong.core.scope import VISIBILITY, Scope
from tienphong.core.paths import subtrees_q
from tienphong.core.search import search_q
from tienphong.core.text import search_words

from .models import Member


def member_list(*, scope: Scope, unit=None, q: str = "", status: str = "", gender: str = "",
                is_core: bool | None = None, digital_skill: int | None = None,
                branch_id: int | None = None) -> QuerySet[Member]:
    """Members the user may see, filtered; ordered by given name then family name."""
    qs = Member.objects.filter(scope.q("path"))
    if unit is not None:
        qs = qs.filter(scope.unit_q(unit, "path"))
    if q:
        qs = qs.filter(_search_q(scope, q))
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


_CONTACT_WORD = re.compile(r"\S*[\d@]\S*")


def _search_q(scope: Scope, q: str) -> Q:
    """The search over names, phones and emails (one index); phones and emails only where the user
    may see them (docs/privacy.md): elsewhere a word with a digit or an "@" is not searched for,
    so a volunteer cannot tell whose a phone number is by searching for it."""
    table = Member._meta.db_table
    everything = search_q(table, q)
    if scope.is_superuser:
        return everything
    perm = VISIBILITY["member_phone"]
    contact_paths = scope.paths(perm)
    if set(contact_paths) >= set(scope.paths("view")):
        return everything
    names = _CONTACT_WORD.sub(" ", q)
    by_name = search_q(table, names) if search_words(names) else Q(pk__in=[])
    if not contact_paths:
        return by_name
    return by_name | (everything & subtrees_q(contact_paths, "path"))


def member_get(*, scope: Scope, pk: int) -> Member:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Member.objects.select_related("branch", "branch__parent", "commune", "core_chosen_by")
                             .filter(scope.q("path")), pk=pk)

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from tienphong.core.text import fold

from .models import RoleAssignment, User
from tienphong.core.scope import Scope


def _roles_in_scope(scope: Scope):
    return RoleAssignment.objects.filter(scope.q("unit__path", perm="manage_accounts")).select_related("unit")


def users_in_scope(scope: Scope) -> QuerySet[User]:
    """Accounts holding a role inside the units where the viewer manages accounts."""
    in_scope = _roles_in_scope(scope)
    return (User.objects.filter(pk__in=in_scope.values("user_id"))
            .prefetch_related(Prefetch("roles", queryset=in_scope.order_by("unit__path"), to_attr="roles_in_scope"))
            .order_by("username"))


def user_list(*, scope: Scope, q: str = "") -> list[User]:
    users = list(users_in_scope(scope))
    if q:
        # A few thousand accounts at most per scope: folding in Python keeps names' diacritics optional.
        words = fold(q).split()
        users = [u for u in users if all(w in fold(f"{u.username} {u.full_name}") for w in words)]
    return users


def user_get(*, scope: Scope, pk: int) -> User:
    return get_object_or_404(users_in_scope(scope), pk=pk)

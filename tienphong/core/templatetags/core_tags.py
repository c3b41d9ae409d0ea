from django import template
from django.utils.http import urlencode

from tienphong.accounts.scope import get_scope

register = template.Library()


@register.filter
def can(request, perm):
    """{% if request|can:"manage_members" %}: the user holds that permission somewhere."""
    scope = get_scope(request)
    return scope.is_superuser or bool(scope.paths(perm))


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (for pagination and sorting)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(sorted(params.lists()), doseq=True) if params else "?"

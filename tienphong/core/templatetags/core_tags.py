from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.http import urlencode

from tienphong.core.scope import get_scope

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


_AUDIT_WORDS = {"True": "Yes", "False": "No"}


@register.filter
def audit_value(value):
    """auditlog stores values as text: show booleans and empty values the way people say them."""
    if value in (None, "", "None"):
        return "—"
    if value in _AUDIT_WORDS:
        return _(_AUDIT_WORDS[value])
    return value


@register.simple_tag
def select(bound_field, label=""):
    """A filter <select> built in Python: Django's widget templates cost a few ms per list page."""
    value = "" if bound_field.value() is None else str(bound_field.value())
    options = format_html_join(
        "", '<option value="{}"{}>{}</option>',
        ((str(v), " selected" if str(v) == value else "", text) for v, text in bound_field.field.choices),
    )
    return format_html('<select name="{}" aria-label="{}">{}</select>', bound_field.html_name,
                       label or bound_field.label or bound_field.html_name, options)


# The Content-Security-Policy refuses style="" attributes: widths drawn from figures are classes (app.css).

@register.filter
def width_class(percent):
    """{{ 37|width_class }} → "w-37": a bar filled to that percent (0–100; more is a full bar)."""
    try:
        n = round(float(percent))
    except (TypeError, ValueError):
        n = 0
    return f"w-{min(100, max(0, n))}"


@register.filter
def share_class(n, counts):
    """{{ n|share_class:counts }} → "grow-37": n's share of all the counts (a dict's values or a list),
    as the flex-grow of its piece of a stacked bar."""
    values = counts.values() if hasattr(counts, "values") else counts
    total = sum(v or 0 for v in values)
    return f"grow-{round((n or 0) * 100 / total) if total else 0}"

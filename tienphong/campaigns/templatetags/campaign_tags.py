from django import template

from tienphong.core.money import format_vnd

register = template.Library()


@register.filter
def vnd(value):
    """{{ work.value_vnd|vnd }} → "15.000.000 ₫"."""
    return format_vnd(value)


@register.filter
def percent_of(actual, target):
    """Whole percent of a target reached, or "" when there is no target."""
    try:
        if not target:
            return ""
        return int(actual * 100 // target)
    except (TypeError, ValueError):
        return ""


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None

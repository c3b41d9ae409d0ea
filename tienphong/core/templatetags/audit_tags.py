from django import template

from tienphong.core.selectors import audit_lines

register = template.Library()


@register.simple_tag
def audit_rows(entries):
    """{% audit_rows entries as rows %}: the entries with `.lines` read the way people say them."""
    return audit_lines(entries)

from urllib.parse import urlencode

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.simple_tag
def report_url(name, *param_dicts, **extra):
    """A report URL with the query of the dicts given (later ones win), e.g. a child with the period."""
    from django.urls import reverse

    params = {}
    for d in param_dicts:
        if d:
            params.update(d)
    params.update({k: v for k, v in extra.items() if v is not None})
    return reverse(name) + ("?" + urlencode(params) if params else "")


def grouped(value) -> str:
    """1234567 → "1.234.567": both languages group thousands with "." here (tienphong/formats)."""
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return number_format(value or 0, force_grouping=True)


@register.filter
def figure(value, money=False):
    """1234567 → "1.234.567" (and " ₫" for money), whatever the language."""
    text = grouped(value or 0)
    return f"{text} ₫" if money else text


@register.filter
def get(mapping, key):
    return mapping.get(key, 0) if mapping else 0


@register.filter
def per_member(row, code):
    value = row.per_member(code)
    return "—" if value is None else number_format(value, 1, force_grouping=True)

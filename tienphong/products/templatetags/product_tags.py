from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ..display import price_text

register = template.Library()


@register.filter
def price(product):
    """{{ product|price }} → "120.000 ₫ / hộp" ("" without a price)."""
    return price_text(product)


@register.simple_tag
def stars(n):
    """{% stars product.ocop_stars %} → ★★★★ with a spoken label ("OCOP 4 stars")."""
    if not n:
        return ""
    label = _("OCOP rating: %(n)s stars") % {"n": n}
    return format_html('<span class="stars" role="img" aria-label="{}" title="{}">{}</span>', label, label, "★" * n)

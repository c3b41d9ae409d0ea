"""`{% load qr_tags %}{% qr_panel obj %}`: a staff detail page's QR code, downloads and scan counts.

For places, products and producers (any object `qr.services.code_for` accepts). The page has
already checked the viewer's scope; the downloads check it again.
"""

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.safestring import mark_safe

from tienphong.core.qrimage import qr_svg

from .. import selectors, services

register = template.Library()


@register.inclusion_tag("qr/panel.html", takes_context=True)
def qr_panel(context, obj):
    shortcode = services.code_for(obj)
    services.flush_scans_quietly()  # scans still counted in Redis (qr/pending.py) show at once
    url = services.short_url(shortcode, context.get("request"))
    return {
        "shortcode": shortcode, "url": url,
        # Our own address, drawn by segno (which escapes the title it writes): safe to inline.
        "svg": mark_safe(qr_svg(url, scale=3)),
        "counts": selectors.scan_counts(shortcode, timezone.localdate()),
        "is_public": getattr(obj, "is_public", True),
        "base_url_unset": not settings.PUBLIC_BASE_URL, "host": _host(context.get("request")),
    }


def _host(request) -> str:
    return request.get_host() if request is not None else ""


@register.inclusion_tag("qr/base_url_warning.html", takes_context=True)
def base_url_warning(context):
    """A warning for the editor about to print: without PUBLIC_BASE_URL the codes carry the address
    this page was opened with (often http://127.0.0.1:8000), which no visitor's phone can open."""
    return {"base_url_unset": not settings.PUBLIC_BASE_URL, "host": _host(context.get("request"))}

"""The scan (`/q/<code>`, public, counted) and the staff downloads of a code (PNG, SVG, posters)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from tienphong.core.scope import get_scope
from tienphong.core.public import language_links, public_view
from tienphong.core.qrimage import qr_png, qr_svg
from tienphong.core.ratelimit import client_ip
from tienphong.core.text import fold

from . import documents, selectors, services


@public_view
def _not_published(request):
    response = render(request, "qr/not_published.html", {"lang_links": language_links(request)}, status=404)
    response["Cache-Control"] = "no-store"  # once published, the next scan must reach the server
    return response


@require_safe
def scan(request, code):
    """A scan: counted (GET only; once per client and code in QR_SCAN_ONCE_SECONDS), then a 302 to the
    public page. Cheap on purpose (it is what a crowd at a relic hits): the code's facts from the
    public cache, one short write, no session, no template.
    Nothing about the visitor is stored (the once-only check keeps a keyed hash in the cache)."""
    scan = selectors.scan_target(code)
    if scan is None:
        raise Http404
    if not scan.public:
        return _not_published(request)
    if request.method == "GET":
        # Sent to Redis now, its reply read after the response has gone (services.start_scan).
        services.start_scan(shortcode=scan, client=client_ip(request))
    response = HttpResponseRedirect(scan.url)
    response["Cache-Control"] = "no-store"  # never from a cache: every scan reaches the server
    return response


# --- staff downloads -------------------------------------------------------------------------------

def _file_stem(shortcode, target) -> str:
    name = slugify(fold(target.public_title))[:60] if target is not None else ""
    return "-".join(filter(None, ["ma-qr", name, shortcode.code.lower()]))


def _download(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
def code_png(request, code):
    shortcode = selectors.staff_code(get_scope(request), code)
    url = services.short_url(shortcode, request)
    return _download(qr_png(url, scale=16), "image/png",
                     f"{_file_stem(shortcode, selectors.target_of(shortcode))}.png")


@login_required
def code_svg(request, code):
    shortcode = selectors.staff_code(get_scope(request), code)
    url = services.short_url(shortcode, request)
    return _download(qr_svg(url, scale=10, standalone=True), "image/svg+xml",
                     f"{_file_stem(shortcode, selectors.target_of(shortcode))}.svg")


@login_required
def code_poster(request, code):
    shortcode = selectors.staff_code(get_scope(request), code)
    target = selectors.target_of(shortcode)
    if target is None:
        raise Http404
    size = request.GET.get("size", "a4").lower()
    if size not in documents.POSTER_SCALE:
        raise Http404
    pdf = documents.poster_pdf(target, services.short_url(shortcode, request), size)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, f"{_file_stem(shortcode, target)}-{size}.pdf")
    return response

"""The Content-Security-Policy and the HTTPS headers: on every kind of page, the same on a public page
served from the page cache, and pages that need nothing the policy refuses (no inline script, no
on…= handler, no style="" attribute, no eval)."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PublicPlaceFactory

ROOT = Path(__file__).resolve().parents[2] / "tienphong"
CSP = "Content-Security-Policy"
# Rendered by WeasyPrint into PDFs, never by a browser: the policy does not apply to them.
PDF_TEMPLATES = {"qr/templates/qr/pdf/poster.html", "qr/templates/qr/pdf/labels.html",
                 "literacy/templates/literacy/pdf/sheet.html", "literacy/templates/literacy/pdf/certificates.html",
                 "reports/templates/reports/report_pdf.html"}

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
STYLE_ATTR = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I)
STYLE_ELEMENT = re.compile(r"<style\b", re.I)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)


def directives(header: str) -> dict[str, list[str]]:
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def assert_strict(header: str):
    d = directives(header)
    assert d["default-src"] == ["'self'"]
    assert d["script-src"] == ["'self'"], "scripts from our own static files only"
    assert d["style-src"] == ["'self'"]
    assert d["object-src"] == ["'none'"] and d["frame-ancestors"] == ["'none'"] and d["base-uri"] == ["'self'"]
    assert "data:" in d["img-src"]
    assert "unsafe-inline" not in header and "unsafe-eval" not in header and "nonce-" not in header


def test_staff_page_carries_the_policy(fworld, client_for):
    response = client_for(fworld.volunteer).get(reverse("support_new"))
    assert response.status_code == 200
    assert_strict(response[CSP])


def test_login_page_carries_the_policy(db, client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert_strict(response[CSP])


def test_public_pages_carry_the_same_policy_when_served_from_the_cache(world, client):
    place = PublicPlaceFactory(name="Đền thờ Trương Hán Siêu", commune=world.commune, latitude=20.54, longitude=105.91)
    for url in (reverse("visit_map"), reverse("visit_place", args=[place.pk])):
        first, cached = client.get(url), Client().get(url)
        assert first.status_code == cached.status_code == 200
        assert first.content == cached.content  # the second one came from the page cache
        assert_strict(first[CSP])
        assert cached[CSP] == first[CSP]  # no per-request nonce: a cached page needs none


def test_the_tile_server_is_allowed_for_images():
    from tienphong.settings import _tile_origin

    assert _tile_origin("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png") == ["https://*.tile.openstreetmap.org"]
    assert _tile_origin("https://tiles.ninhbinh.gov.vn:8443/osm/{z}/{x}/{y}.png") == ["https://tiles.ninhbinh.gov.vn:8443"]
    assert _tile_origin("") == [] and _tile_origin("javascript:alert(1)") == []


def test_the_settings_put_the_tile_server_into_the_policy(fresh_settings):
    s = fresh_settings(MAP_TILE_URL="https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png")
    assert s.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] == ["'self'", "data:", "https://*.tile.openstreetmap.org"]


def test_https_headers_when_turned_on(db, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    client = Client()
    plain = client.get(reverse("login"))
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    secure = client.get(reverse("login"), headers={"X-Forwarded-Proto": "https"})
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert_strict(secure[CSP])


# --- what the pages contain ------------------------------------------------------------------------

def _browser_templates():
    for path in sorted(ROOT.rglob("templates/**/*.html")):
        rel = str(path.relative_to(ROOT))
        if rel not in PDF_TEMPLATES:
            yield rel, path.read_text(encoding="utf-8")


@pytest.mark.parametrize("pattern, what", [
    (INLINE_SCRIPT, "an inline <script> (put it in a static .js file; pass data with json_script)"),
    (HANDLER, "an on…= handler attribute (add a listener from a static .js file)"),
    (STYLE_ATTR, 'a style="" attribute (use a class; widths: the width_class filter)'),
    (STYLE_ELEMENT, "a <style> element (use the app's style sheets)"),
    (JS_URL, "a javascript: address"),
])
def test_no_template_needs_what_the_policy_refuses(pattern, what):
    offenders = [rel for rel, text in _browser_templates() if pattern.search(text)]
    assert offenders == [], f"{what}: {offenders}"


def test_the_guards_see_what_they_look_for():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>") and INLINE_SCRIPT.search('<script defer>')
    assert not INLINE_SCRIPT.search('<script src="/static/a.js" defer>')
    assert not INLINE_SCRIPT.search('<script id="d" type="application/json">')
    assert HANDLER.search('<form method="post" onsubmit="return confirm(1)">') and not HANDLER.search('<a data-on="1">')
    assert STYLE_ATTR.search('<span class="x" style="width: 3%">') and not STYLE_ATTR.search('<link rel="stylesheet">')


def test_rendered_pages_have_no_inline_script_handler_or_style(fworld, client_for):
    """Template tags and filters write markup too (the QR panel, selects, the dashboard's rows)."""
    client = client_for(fworld.secretary)
    urls = [reverse("support_new"), reverse("reports:dashboard"), reverse("place_detail", args=[fworld.place.pk]),
            reverse("place_create"), reverse("work_create"), reverse("member_list"), reverse("home")]
    for url in urls:
        page = client.get(url, follow=True).content.decode()
        for pattern in (INLINE_SCRIPT, HANDLER, STYLE_ATTR, STYLE_ELEMENT, JS_URL):
            assert not pattern.search(page), (url, pattern.pattern)


def test_the_list_dots_have_the_map_colours():
    from tienphong.places.views import KIND_COLOURS

    css = (ROOT / "core/static/core/public.css").read_text()
    for kind, colour in KIND_COLOURS.items():
        assert f".dot-{kind} {{ background: {colour}; }}" in css


def test_widths_and_shares_are_classes_the_style_sheet_has():
    from tienphong.core.templatetags.core_tags import share_class, width_class

    assert [width_class(v) for v in (0, 37, 37.6, 250, -5, None, "")] == ["w-0", "w-37", "w-38", "w-100", "w-0",
                                                                          "w-0", "w-0"]
    assert [share_class(n, {1: 10, 2: 30, 3: 60}) for n in (10, 30, 60)] == ["grow-10", "grow-30", "grow-60"]
    assert share_class(0, {1: 0}) == "grow-0"
    css = (ROOT / "core/static/core/app.css").read_text()
    assert all(f".w-{n} {{ width: {n}%; }}" in css and f".grow-{n} {{ flex-grow: {n}; }}" in css for n in range(101))


def test_pdfs_go_without_the_policy_so_chromes_viewer_can_show_them(rf):
    """Chrome draws a PDF in a page of its own under the PDF's policy (an <embed>, inline styles)."""
    from django.http import HttpResponse

    from tienphong.core.csp import ContentSecurityPolicyMiddleware

    def respond(content_type):
        return ContentSecurityPolicyMiddleware(lambda request: HttpResponse(b"x", content_type=content_type))(
            rf.get("/classes/1/sheet.pdf"))

    assert CSP not in respond("application/pdf")
    assert_strict(respond("text/html; charset=utf-8")[CSP])
    assert_strict(respond("image/svg+xml")[CSP])

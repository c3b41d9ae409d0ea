"""Small things a visitor notices: a favicon and robots.txt (no 404 in the log for either), and the
OCOP badge's colours readable (WCAG AA, 4.5:1 for normal text), computed from the CSS itself."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image


def test_favicon_is_a_small_real_icon(client, tmp_path):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert "max-age" in response["Cache-Control"]
    body = response.content
    assert 200 < len(body) < 10_000
    (tmp_path / "f.ico").write_bytes(body)
    with Image.open(tmp_path / "f.ico") as icon:
        assert icon.format == "ICO" and (32, 32) in icon.info["sizes"]


@pytest.mark.django_db
def test_public_pages_point_at_the_favicon(client):
    html = client.get(reverse("visit_map")).content.decode()
    assert '<link rel="icon" href="/favicon.ico"' in html


def test_robots_allows_public_pages_and_keeps_staff_areas_out(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    rules = [line.split(": ", 1) for line in lines[1:] if line]

    def allowed(path):
        """Google's rule: the longest matching path wins; Allow wins a tie. `*` matches anything."""
        best = ("Allow", "")
        for kind, pattern in rules:
            if re.match(re.escape(pattern).replace(r"\*", ".*"), path) and len(pattern) >= len(best[1]):
                best = (kind, pattern) if len(pattern) > len(best[1]) or kind == "Allow" else best
        return best[0] == "Allow"

    for path in ("/visit/map/", "/visit/place/3/", "/visit/products/", "/visit/product/7/", "/q/RTCKFG",
                 "/classes/s/AB12CD/", "/static/core/public.css"):
        assert allowed(path), path
    for path in ("/", "/login/", "/members/", "/support/new/", "/reports/", "/places/", "/products/labels/",
                 "/qr/AB12.png", "/audit/", "/api/v1/docs", "/classes/", "/classes/s/AB12CD/ok/tok/"):
        assert not allowed(path), path


def _luminance(hex_colour):
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _rule(css, selector):
    match = re.search(r"(?m)^" + re.escape(selector) + r"\s*\{([^}]*)\}", css)
    assert match, selector
    return dict((k.strip(), v.strip()) for k, v in (d.split(":", 1) for d in match.group(1).split(";") if ":" in d))


def _hex(value):
    value = value.strip()
    if value in ("#fff", "white"):
        return "#ffffff"
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", value), value
    return value


def test_the_ocop_badge_and_stars_pass_contrast():
    assert round(contrast("#ffffff", "#b7791f"), 2) == 3.64  # the old badge, as the issue measured it
    public = open(finders.find("core/public.css"), encoding="utf-8").read()
    badge = _rule(public, ".badge.ocop")
    assert contrast(_hex(badge["color"]), _hex(badge["background"])) >= 4.5
    page_bg = _hex(re.search(r"--bg:\s*(#[0-9a-fA-F]{6})", public).group(1))
    for css in (public, open(finders.find("products/products.css"), encoding="utf-8").read()):
        stars = _hex(_rule(css, ".stars")["color"])
        assert contrast(stars, "#ffffff") >= 4.5 and contrast(stars, page_bg) >= 4.5

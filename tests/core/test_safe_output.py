"""Every place where the platform prints markup without Django's autoescape, and a proof for each.

Two guards:
- a grep over every template and every Python module fails on a new `|safe`, `{% autoescape off %}`,
  `mark_safe`, `SafeString(…)`, `format_html…` or `is_safe=` outside the lists below;
- each entry of those lists has a test here that feeds hostile user data (a `<script>` in a name, a
  title, a help text, an address) through that very place and finds it escaped on the page.

Adding to a list means adding such a test.
"""

import html
import re
from pathlib import Path

from django import forms
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ..personas import build_field_world
from ..scenes import once_per_module

# Built once for the module instead of once per test; see tests/scenes.py.
fworld, _fworld = once_per_module(build_field_world, "fworld")

ROOT = Path(__file__).resolve().parents[2] / "tienphong"
HOSTILE = "<script>alert(1)</script>"
ESCAPED = html.escape(HOSTILE)

# template (relative to tienphong/) → what it prints unescaped, and the test proving it safe
SAFE_IN_TEMPLATES = {
    # segno's SVG of the class's sign-up address: test_the_classs_qr_code_and_title_are_escaped
    "literacy/templates/literacy/detail.html": ["qr_svg|safe"],
    # the bar chart drawn by reports.exports.bar_chart_svg (labels escaped): test_the_pdf_chart_escapes_its_labels
    "reports/templates/reports/report_pdf.html": ["chart|safe"],
}
# module (relative to tienphong/) → how many calls that produce markup it makes (and the test)
SAFE_IN_PYTHON = {
    # the QR panel's inline SVG: test_the_qr_panel_escapes_a_hostile_address
    "qr/templatetags/qr_tags.py": 1,
    # css_string for the PDF's page margins: test_the_pdf_report_escapes_a_hostile_unit_name
    "reports/exports.py": 1,
    # the dashboard's table rows: test_the_dashboard_rows_escape_a_hostile_team_name
    "reports/views.py": 1,
    # format_html of the OCOP stars: test_ocop_stars_escape_their_label
    "products/templatetags/product_tags.py": 1,
    # format_html(_join) of the filter <select>: test_filter_selects_escape_their_choices
    "core/templatetags/core_tags.py": 2,
    # format_html_join of the skill scale's help: test_help_texts_are_text_and_the_skill_scale_keeps_its_markup
    "members/forms.py": 1,
}

TEMPLATE_MARK = re.compile(r"\{\{[^}]*?\|\s*safe(?:seq)?\b[^}]*\}\}|\{%\s*autoescape\s+off|\{%\s*filter[^%]*\bsafe")
PYTHON_MARK = re.compile(r"\b(?:mark_safe|SafeString|SafeText|format_html|format_html_join)\(|is_safe\s*=\s*True")


def _templates():
    for path in sorted(ROOT.rglob("templates/**/*")):
        if path.is_file() and path.suffix in {".html", ".txt", ".xml", ".svg", ".js"}:
            yield path


def test_no_new_safe_in_templates():
    found = {}
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        hits = [re.sub(r"[{}\s]", "", m.group(0)) for m in TEMPLATE_MARK.finditer(text)]
        if hits:
            found[str(path.relative_to(ROOT))] = hits
    assert found == SAFE_IN_TEMPLATES, (
        "A template prints markup unescaped. Use json_script for data, build markup with format_html in "
        "Python, or add it to SAFE_IN_TEMPLATES with a test feeding it hostile data.")


def test_no_new_mark_safe_in_python():
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        n = len(PYTHON_MARK.findall(path.read_text(encoding="utf-8")))
        if n:
            found[str(path.relative_to(ROOT))] = n
    assert found == SAFE_IN_PYTHON, (
        "Markup made in Python changed. Prefer autoescaped templates; otherwise add it to SAFE_IN_PYTHON "
        "with a test feeding it hostile data.")


def test_the_guards_see_what_they_look_for():
    assert TEMPLATE_MARK.search("{{ x|safe }}") and TEMPLATE_MARK.search("{{ rows | safeseq|join:',' }}")
    assert TEMPLATE_MARK.search("{% autoescape off %}") and TEMPLATE_MARK.search("{% filter force_escape|safe %}")
    assert not TEMPLATE_MARK.search("{{ name|safe_name }}") and not TEMPLATE_MARK.search("{{ x|json_script:'a' }}")
    assert PYTHON_MARK.search("return mark_safe(s)") and PYTHON_MARK.search("@register.filter(is_safe=True)")
    assert not PYTHON_MARK.search("from django.utils.safestring import mark_safe")


def _no_hostile_markup(page: str):
    assert "<script>alert(1)" not in page and "<img src=x" not in page


# --- the proofs, one per entry ---------------------------------------------------------------------

def test_the_qr_panel_escapes_a_hostile_address(fworld, client_for, settings):
    """The printed address comes from PUBLIC_BASE_URL (or the request's validated host)."""
    settings.PUBLIC_BASE_URL = 'https://tp.example/"><script>alert(1)</script>'
    page = client_for(fworld.secretary).get(reverse("place_detail", args=[fworld.place.pk])).content.decode()
    assert 'id="qr-panel"' in page and "<svg" in page
    _no_hostile_markup(page)
    assert "&lt;script&gt;alert(1)" in page  # in the SVG's <title> and the link: as text


def test_the_classs_qr_code_and_title_are_escaped(fworld, client_for):
    from tests.literacy.factories import make_class

    cls = make_class(fworld, title=HOSTILE)
    page = client_for(fworld.secretary).get(reverse("class_detail", args=[cls.pk])).content.decode()
    assert '<div class="qr"><svg' in page
    _no_hostile_markup(page)
    assert ESCAPED in page
    # The SVG itself escapes whatever address it is given.
    from tienphong.core.qrimage import qr_svg

    svg = qr_svg('https://x.example/"><script>alert(1)</script>')
    assert "<script" not in svg and "&lt;script&gt;" in svg


def test_the_pdf_chart_escapes_its_labels():
    from tienphong.reports.exports import bar_chart_svg

    svg = bar_chart_svg([HOSTILE, "02/11"], [3, 4])
    assert "<script" not in svg and ESCAPED in svg


def test_the_pdf_report_escapes_a_hostile_unit_name(fworld):
    from tienphong.reports import exports
    from tienphong.reports.periods import period_of
    from tienphong.reports.selectors import subject_for

    fworld.commune.name = 'Phường "A" </style><script>alert(1)</script>'
    fworld.commune.save()
    today = timezone.localdate()
    page = exports.report_pdf_html(exports.gather(subject_for(fworld.commune), period_of("month", today), today))
    assert page.count("</style>") == 1  # the page-margin text cannot close the style element
    _no_hostile_markup(page)


def test_the_dashboard_rows_escape_a_hostile_team_name(fworld, client_for):
    fworld.team.name = HOSTILE
    fworld.team.save()
    page = client_for(fworld.secretary).get(reverse("reports:dashboard")).content.decode()
    _no_hostile_markup(page)
    assert f">{ESCAPED}</a></td>" in page  # the row of the children table


def test_ocop_stars_escape_their_label(monkeypatch):
    from tienphong.products.templatetags import product_tags

    monkeypatch.setattr(product_tags, "_", lambda text: HOSTILE)
    out = str(product_tags.stars(4))
    assert "★★★★" in out and "<script" not in out and ESCAPED in out


def test_filter_selects_escape_their_choices():
    from tienphong.core.templatetags.core_tags import select

    class F(forms.Form):
        unit = forms.ChoiceField(choices=[("1", HOSTILE), ('2"><script>', "B")], label=HOSTILE)

    out = str(select(F({"unit": "1"})["unit"]))
    assert "<script" not in out and ESCAPED in out and "&quot;&gt;&lt;script&gt;" in out


def test_help_texts_are_text_and_the_skill_scale_keeps_its_markup(fworld, client_for):
    class F(forms.Form):
        name = forms.CharField(help_text='<img src=x onerror="alert(1)">')

    page = render_to_string("core/form_fields.html", {"form": F()})
    assert "<img" not in page and "&lt;img src=x" in page
    # The member form's skill scale is markup the platform builds (format_html_join): still bold.
    page = client_for(fworld.secretary).get(reverse("member_create")).content.decode()
    assert '<span class="help"><b>' in page


def test_djangos_own_help_text_markup_still_shows(fworld):
    """The password rules come from Django as safe markup (a list): shown as a list, not as tags."""
    client = Client()
    client.force_login(fworld.secretary)
    page = client.get(reverse("password_change")).content.decode()
    assert '<span class="help"><ul><li>' in page and "&lt;ul&gt;" not in page

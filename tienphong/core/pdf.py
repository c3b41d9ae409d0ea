"""PDFs from HTML (WeasyPrint): class sheets, certificates, reports, posters and label sheets.

Each template names its fonts (DejaVu Sans first: it has every Vietnamese letter)."""

import logging

# WeasyPrint logs each layout step ("Step 1 - Fetching and parsing HTML" … "Step 7") at INFO, and
# fontTools each font it subsets: a dozen lines in the server's console for every PDF. Warnings
# (a missing image, a font that will not load) still show.
QUIET_LOGGERS = ("weasyprint", "weasyprint.progress", "fontTools")
for _name in QUIET_LOGGERS:
    logging.getLogger(_name).setLevel(logging.WARNING)


def css_href(template: str, context: dict | None = None) -> str:
    """A print style sheet (a Django template) as a data: address for `<link rel="stylesheet">`, so the PDF's
    HTML holds no style element (tests/core/test_security_headers.py)."""
    import base64

    from django.template.loader import render_to_string

    css = render_to_string(template, context or {})
    return "data:text/css;base64," + base64.b64encode(css.encode()).decode()


def render_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango on import, which a page that prints nothing need not pay.
    from weasyprint import HTML

    return HTML(string=html).write_pdf()

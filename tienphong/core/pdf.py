"""PDFs from HTML (WeasyPrint): class sheets, certificates, reports, posters and label sheets.

Each template names its fonts (DejaVu Sans first: it has every Vietnamese letter)."""


def render_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango on import, which a page that prints nothing need not pay.
    from weasyprint import HTML

    return HTML(string=html).write_pdf()

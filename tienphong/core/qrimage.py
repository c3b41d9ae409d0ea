"""QR codes drawn with segno: an inline SVG for a page, an SVG or PNG file, a data URI for a PDF.

Error correction M (15 %): a printed code still scans with a scratch or a smudge, and stays small.
An address in upper case ("HTTPS://…/Q/ABC234") fits segno's alphanumeric mode, which needs fewer
modules than bytes: a smaller code, easier to scan from a poster or a label.
"""

import io

import segno


def qr_code(url: str):
    return segno.make(url, error="m", micro=False)


def qr_svg(url: str, scale: int = 4, standalone: bool = False, border: int = 4) -> str:
    """The QR code as SVG: inline (for a page) or as a file."""
    qr = qr_code(url)
    if standalone:
        out = io.BytesIO()
        qr.save(out, kind="svg", scale=scale, border=border, xmldecl=True, title=url)
        return out.getvalue().decode()
    return qr.svg_inline(scale=scale, border=border, omitsize=True, title=url)


def qr_png(url: str, scale: int = 10, border: int = 4) -> bytes:
    out = io.BytesIO()
    qr_code(url).save(out, kind="png", scale=scale, border=border)
    return out.getvalue()


def qr_svg_data_uri(url: str, border: int = 4) -> str:
    """For an <img> in a PDF: vector, so it prints sharp at any size (size it with CSS)."""
    return qr_code(url).svg_data_uri(border=border, omitsize=True)

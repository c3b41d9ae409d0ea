"""What a code prints: a poster for a place (A4 or A5) and sheets of product labels (A4).

PDFs are rendered by WeasyPrint from Django templates in Vietnamese (they are printed for
Vietnamese sites), with a font that has every Vietnamese letter (DejaVu Sans, else Noto Sans or
Liberation Sans). The QR code goes in as SVG, so it prints sharp at any size.
"""

import math

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from tienphong.core.errors import DomainError
from tienphong.core.pdf import render_pdf
from tienphong.core.qrimage import qr_svg_data_uri

A4_MM = (210.0, 297.0)
# A5 is A4 scaled by 1/√2: the same poster, every length scaled.
POSTER_SCALE = {"a4": 1.0, "a5": 1 / math.sqrt(2)}
SHEET_MARGIN_MM = 5.0
LABEL_MIN_MM = (25.0, 20.0)
LABEL_MAX_MM = (200.0, 280.0)
LABEL_QR_BORDER = 2  # modules of quiet zone in the image; the label's padding adds white around it


def _subtitle(target) -> str:
    """The kind (or category) and the commune, for targets that have them."""
    parts = []
    for attr in ("get_kind_display", "get_category_display"):
        display = getattr(target, attr, None)
        if callable(display):
            parts.append(str(display()))
            break
    commune = getattr(target, "commune", None)
    if commune is not None:
        parts.append(commune.name)
    return " · ".join(parts)


def _scan_line() -> tuple[str, str]:
    """"Quét mã để xem thông tin / Scan for information": one msgid, in both languages."""
    with translation.override("vi"):
        vi = _("Scan for information")
    with translation.override("en"):
        en = _("Scan for information")
    return vi, en


def poster_html(target, url: str, size: str = "a4") -> str:
    if size not in POSTER_SCALE:
        raise DomainError("poster_size", _("A poster is A4 or A5."))
    with translation.override("vi"):
        commune = getattr(target, "commune", None)
        title = target.public_title
        context = {
            "size": size.upper(), "unit": POSTER_SCALE[size], "title": title,
            # A long name gets a smaller type, so the poster stays one page.
            "title_size": 13 if len(title) <= 40 else 10.5 if len(title) <= 80 else 8,
            "subtitle": _subtitle(target), "qr": qr_svg_data_uri(url), "url": url, "scan_line": _scan_line(),
            "org": _("Ho Chi Minh Communist Youth Union").upper(),
            "union": commune.union_name if commune is not None else "",
        }
        return render_to_string("qr/pdf/poster.html", context)


def poster_pdf(target, url: str, size: str = "a4") -> bytes:
    """One page: the title, what and where it is, the code big and centred, the bilingual call to
    scan, the address in text, and the Youth Union's name."""
    return render_pdf(poster_html(target, url, size))


# --- label sheets --------------------------------------------------------------------------------

def _check_label_size(width_mm: float, height_mm: float) -> None:
    (min_w, min_h), (max_w, max_h) = LABEL_MIN_MM, LABEL_MAX_MM
    if width_mm < min_w or height_mm < min_h:
        raise DomainError("label_too_small", _(
            "A label must be at least %(w)s × %(h)s mm, or its QR code is too small to scan.")
            % {"w": f"{min_w:g}", "h": f"{min_h:g}"})
    if width_mm > max_w or height_mm > max_h:
        raise DomainError("label_too_large", _(
            "A label can be at most %(w)s × %(h)s mm, to fit on an A4 page.") % {"w": f"{max_w:g}", "h": f"{max_h:g}"})


def label_layout(width_mm: float, height_mm: float) -> dict:
    """How labels of this size sit on an A4 page, and how big their parts are (mm and pt)."""
    _check_label_size(width_mm, height_mm)
    page_w, page_h = A4_MM
    cols = int((page_w - 2 * SHEET_MARGIN_MM) // width_mm)
    rows = int((page_h - 2 * SHEET_MARGIN_MM) // height_mm)
    w, h = width_mm, height_mm
    pad = min(max(min(w, h) * 0.07, 1.5), 4.0)
    gap = pad
    across = w >= h  # code on the left, text on the right; else code on top, text below
    if across:
        qr = min(h - 2 * pad, (w - 2 * pad) * 0.5)
        text = {"left": pad + qr + gap, "top": pad, "width": w - 2 * pad - qr - gap, "height": h - 2 * pad}
        qr_box = {"left": pad, "top": (h - qr) / 2}
    else:
        qr = min(w - 2 * pad, (h - 2 * pad) * 0.6)
        text = {"left": pad, "top": pad + qr + gap, "width": w - 2 * pad, "height": h - 3 * pad - qr}
        qr_box = {"left": (w - qr) / 2, "top": pad}
    # Type sized to the text box: about 14 characters of title a line, and room for the title (up to
    # three lines), two short lines and the address; what is longer is cut, never drawn over.
    title_pt = min(max(min(text["width"] / 2.7, text["height"] / 3.0), 5.0), 14.0)
    return {
        "cols": cols, "rows": rows, "per_page": cols * rows, "width": w, "height": h, "across": across,
        "left": (page_w - cols * w) / 2, "top": (page_h - rows * h) / 2,
        "qr": qr, "qr_box": qr_box, "text": text,
        "title_pt": title_pt, "line_pt": max(title_pt * 0.8, 4.5), "url_pt": max(title_pt * 0.62, 4.0),
    }


def label_sheet_html(labels: list[dict], *, width_mm: float, height_mm: float) -> str:
    layout = label_layout(width_mm, height_mm)
    if not labels:
        raise DomainError("no_labels", _("Choose at least one product to print labels for."))
    per_page = layout["per_page"]
    qr_cache: dict[str, str] = {}
    pages = []
    for start in range(0, len(labels), per_page):
        page = []
        for i, label in enumerate(labels[start:start + per_page]):
            url = label["url"]
            if url not in qr_cache:
                qr_cache[url] = qr_svg_data_uri(url, border=LABEL_QR_BORDER)
            row, col = divmod(i, layout["cols"])
            page.append({"title": label.get("title", ""), "lines": [x for x in label.get("lines", []) if x],
                         # In text, without the scheme: shorter, and what a person types anyway.
                         "url": url.split("://", 1)[-1], "qr": qr_cache[url],
                         "x": layout["left"] + col * width_mm, "y": layout["top"] + row * height_mm})
        pages.append(page)
    with translation.override("vi"):
        return render_to_string("qr/pdf/labels.html", {"pages": pages, "l": layout})


def label_sheet_pdf(labels: list[dict], *, width_mm: float, height_mm: float) -> bytes:
    """A4 pages of labels, as many as fit (centred, 5 mm margin at least, dashed cut lines).

    Each label is {"title": str, "lines": [str, …] (e.g. producer, price), "url": the short URL};
    its QR code is sized to the label. Sizes below 25 × 20 mm or above 200 × 280 mm are refused
    (DomainError "label_too_small" / "label_too_large")."""
    return render_pdf(label_sheet_html(labels, width_mm=width_mm, height_mm=height_mm))

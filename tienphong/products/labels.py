"""The label sheet: one label per product and copy, each with its name, producer, price and QR code.

The drawing is the QR app's (`label_sheet_pdf`); this module says what each label carries.
"""

from tienphong.qr.documents import label_sheet_pdf
from tienphong.qr.services import code_for, short_url

from .display import price_text, stars_text
from .models import Product


def label_for(product: Product, request, *, show_price: bool = True) -> dict:
    lines = [product.producer.name]
    if show_price and price_text(product):
        lines.append(price_text(product).replace("\u00a0", " "))
    if product.ocop_stars:
        lines.append(stars_text(product))
    return {"title": product.name, "lines": lines, "url": short_url(code_for(product), request)}


def label_sheet(request, products, *, copies: int = 1, width_mm: float, height_mm: float,
                show_price: bool = True) -> bytes:
    """The PDF (A4 pages of labels) for `copies` labels of each product. A label size that does not
    fit or cannot hold a readable QR code is a DomainError from `label_sheet_pdf`."""
    labels = []
    for product in products:
        label = label_for(product, request, show_price=show_price)
        labels.extend([label] * copies)
    return label_sheet_pdf(labels, width_mm=width_mm, height_mm=height_mm)

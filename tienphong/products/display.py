"""How a product's price and rating read, on its page, its card and its printed label."""

from tienphong.core.money import format_vnd

from .models import Product


def price_text(product: Product) -> str:
    """"120.000 ₫ / hộp", or "" when the product has no price."""
    if product.price_vnd is None:
        return ""
    text = format_vnd(product.price_vnd)
    return f"{text} / {product.price_unit}" if product.price_unit else text


def stars_text(product: Product) -> str:
    """"OCOP ★★★★", or "" when the product is not rated."""
    return "OCOP " + "★" * product.ocop_stars if product.ocop_stars else ""

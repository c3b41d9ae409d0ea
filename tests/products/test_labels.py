"""The label sheet: a PDF of labels with QR codes that decode to the products' short addresses."""

import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from tienphong.qr.services import code_for

from tests.factories import ProductFactory

from ..personas import build_world
from ..scenes import once_per_module

# Built once for the module instead of once per test; see tests/scenes.py.
world, _world = once_per_module(build_world, "world")

pytestmark = pytest.mark.django_db


needs_poppler = pytest.mark.skipif(not shutil.which("pdfinfo"), reason="needs poppler-utils (pdfinfo, pdftoppm)")


def _pages(pdf: bytes, tmp_path) -> int:
    """The PDF's page count as poppler reads it (WeasyPrint compresses its page objects)."""
    path = tmp_path / "count.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def _post(client, products, **extra):
    data = {"products": [p.pk for p in products], "copies": 1, "size": "50x30", "show_price": "on", **extra}
    return client.post(reverse("product_labels"), data)


def test_label_page_lists_published_products_in_scope(shop, client_for):
    page = client_for(shop.world.secretary).get(reverse("product_labels")).content.decode()
    assert "Cơm cháy chà bông" in page and "Miến lươn khô" not in page and "Mật ong Kim Lũ" not in page
    page = client_for(shop.world.secretary).get(reverse("product_labels"), {"q": "mat ong"}).content.decode()
    assert "Cơm cháy chà bông" not in page


@needs_poppler
def test_thirty_labels_make_a_pdf_of_the_right_pages(shop, client_for, tmp_path):
    c = client_for(shop.world.secretary)
    response = _post(c, [shop.product], copies=30)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    # 50 × 30 mm on A4 with 5 mm margins: 4 across, 9 down = 36 a page, so 30 labels fill one page;
    # 40 fill two.
    assert _pages(pdf, tmp_path) == 1
    assert _pages(_post(c, [shop.product], copies=40).content, tmp_path) == 2


def test_out_of_scope_and_draft_products_are_refused(shop, client_for):
    c = client_for(shop.world.secretary)
    for product in (shop.other, shop.draft):
        response = _post(c, [product])
        assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
        assert "hợp lệ" in response.content.decode()  # "choose a valid choice", on the products field
    assert client_for(shop.world.outsider).get(reverse("product_labels")).content.decode().count(
        "Cơm cháy chà bông") == 0


def test_size_errors_are_shown_on_the_form(shop, client_for):
    c = client_for(shop.world.secretary)
    page = _post(c, [shop.product], size="custom", width_mm="10", height_mm="10").content.decode()
    assert "25 × 20 mm" in page.split('id="id_width_mm_error"')[1].split("</ul>")[0]  # under the size fields
    page = _post(c, [shop.product], size="custom", width_mm="", height_mm="").content.decode()
    assert "Hãy ghi chiều rộng và chiều cao" in page
    assert _post(c, [shop.product], size="custom", width_mm="62.5", height_mm="29")["Content-Type"] == \
        "application/pdf"


@needs_poppler
def test_a_label_qr_decodes_to_the_products_short_address(shop, client_for, tmp_path, settings):
    import zxingcpp
    from PIL import Image

    settings.PUBLIC_BASE_URL = "https://tienphong.example.vn"
    c = client_for(shop.world.secretary)
    pdf = _post(c, [shop.product], size="60x40").content
    (tmp_path / "labels.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(tmp_path / "labels.pdf"),
                    str(tmp_path / "page")], check=True)
    image = Image.open(next(tmp_path.glob("page*.png")))
    found = {r.text for r in zxingcpp.read_barcodes(image)}
    code = code_for(shop.product).code
    assert found == {f"HTTPS://TIENPHONG.EXAMPLE.VN/Q/{code.upper()}"}


def test_label_text_has_producer_price_and_stars(shop, rf):
    from tienphong.products.labels import label_for

    request = rf.get("/")
    label = label_for(shop.product, request)
    assert label["title"] == "Cơm cháy chà bông"
    assert label["lines"] == ["Hợp tác xã Nông nghiệp Phủ Lý", "1.250.000 ₫ / hộp", "OCOP ★★★★"]
    assert label["url"].endswith("/Q/" + code_for(shop.product).code.upper())
    plain = ProductFactory(producer=shop.producer, category="farm", ocop_stars=None, ocop_year=None, price_vnd=None)
    assert label_for(plain, request, show_price=True)["lines"] == ["Hợp tác xã Nông nghiệp Phủ Lý"]
    assert label_for(shop.product, request, show_price=False)["lines"] == ["Hợp tác xã Nông nghiệp Phủ Lý",
                                                                             "OCOP ★★★★"]


def test_label_page_warns_when_the_public_address_is_unset(shop, client_for, settings):
    settings.PUBLIC_BASE_URL = ""
    page = client_for(shop.world.secretary).get(reverse("product_labels")).content.decode()
    assert 'id="base-url-warning"' in page and "Chưa đặt địa chỉ công khai của trang" in page
    assert "PUBLIC_BASE_URL=https://tienphong.ninhbinh.gov.vn" in page
    settings.PUBLIC_BASE_URL = "https://tienphong.example.vn"
    page = client_for(shop.world.secretary).get(reverse("product_labels")).content.decode()
    assert "base-url-warning" not in page

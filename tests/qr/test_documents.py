"""What a code prints, read back with a real decoder (zxing-cpp): the PNG, the posters, the labels."""

import base64
import io
import shutil
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from tienphong.core.errors import DomainError
from tienphong.qr import documents, services
from ..personas import build_world
from ..scenes import once_per_module

# The personas once for the module (tests/scenes.py): each test gets its own copy in its own savepoint.
world, _world = once_per_module(build_world, "world")

pytestmark = pytest.mark.django_db

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"


def decode(image: Image.Image) -> list[str]:
    return sorted(r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode)


def pdf_pages(pdf: bytes, tmp_path, dpi: int = 100) -> list[Image.Image]:
    """Each page of the PDF as an image, drawn by poppler's pdftoppm."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("needs pdftoppm (poppler-utils)")
    source = tmp_path / "doc.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(source), str(tmp_path / "page")], check=True)
    return [Image.open(p) for p in sorted(tmp_path.glob("page*.png"))]


@pytest.fixture
def code(relic):
    return services.code_for(relic)


@pytest.fixture
def url(code):
    return services.short_url(code)


def test_png_download_decodes_to_the_short_url(client_for, world, code, url):
    response = client_for(world.secretary).get(f"/qr/{code.code}.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == f'attachment; filename="ma-qr-den-tho-truong-han-sieu-{code.code.lower()}.png"'
    assert decode(Image.open(io.BytesIO(response.content))) == [url]
    assert url == f"HTTPS://TIENPHONG.EXAMPLE.VN/Q/{code.code}"


def test_svg_download_is_a_standalone_file_that_decodes(client_for, world, code, url, tmp_path):
    response = client_for(world.team_leader).get(f"/qr/{code.code.lower()}.svg")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"] == f'attachment; filename="ma-qr-den-tho-truong-han-sieu-{code.code.lower()}.svg"'
    svg = response.content
    assert svg.startswith(b"<?xml") and b'xmlns="http://www.w3.org/2000/svg"' in svg
    # Drawn as an image would be (WeasyPrint places the file on a page, poppler renders it), then decoded.
    html = f'<img src="data:image/svg+xml;base64,{base64.b64encode(svg).decode()}" style="width: 60mm">'
    assert decode(pdf_pages(documents.render_pdf(html), tmp_path)[0]) == [url]


@pytest.mark.parametrize("size", ["a4", "a5"])
def test_poster_decodes_and_says_what_to_do(client_for, world, relic, code, url, size, tmp_path):
    response = client_for(world.secretary).get(f"/qr/{code.code}/poster.pdf?size={size}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f"-{size}.pdf" in response["Content-Disposition"]
    pages = pdf_pages(response.content, tmp_path)
    assert len(pages) == 1
    page = pages[0]
    # A4 at 100 dpi is 827 × 1169 px; A5 is 1/√2 of that.
    expected = (827, 1169) if size == "a4" else (583, 827)
    assert abs(page.width - expected[0]) <= 2 and abs(page.height - expected[1]) <= 2
    assert decode(page) == [url]
    if size == "a4":
        SCREENSHOTS.mkdir(exist_ok=True)
        page.save(SCREENSHOTS / "qr-poster-a4.png")
    html = documents.poster_html(relic, url, size)
    for text in (relic.name, "Di tích · Phường Phủ Lý", "Quét mã để xem thông tin", "Scan for information",
                 url, "ĐOÀN TNCS HỒ CHÍ MINH", "Đoàn Phường Phủ Lý"):
        assert text in html, text


def test_a_long_name_still_fits_one_page(world, url, tmp_path):
    from tienphong.places.models import Place

    long_name = ("Khu di tích lịch sử văn hóa quốc gia đặc biệt Đền thờ danh nhân Trương Hán Siêu và "
                 "quần thể danh thắng núi Non Nước bên bờ sông Đáy")
    place = Place.objects.create(name=long_name, kind="relic", commune=world.commune, status="published")
    pages = pdf_pages(documents.poster_pdf(place, url, "a4"), tmp_path)
    assert len(pages) == 1 and decode(pages[0]) == [url]


def test_poster_of_an_unknown_size_is_404(client_for, world, code):
    assert client_for(world.secretary).get(f"/qr/{code.code}/poster.pdf?size=a3").status_code == 404


def labels(n: int, world) -> list[dict]:
    from tienphong.places.models import Place

    out = []
    for i in range(n):
        place = Place.objects.create(name=f"Mật ong bạc hà số {i + 1}", kind="other", commune=world.commune,
                                     status="published")
        out.append({"title": place.name, "lines": ["HTX Ong mật Đồng Văn", "120.000 ₫ / hũ 500 g"],
                    "url": services.short_url(services.code_for(place))})
    return out


def test_a_sheet_of_ten_labels_fits_one_page_and_every_code_decodes(world, tmp_path):
    sheet = labels(10, world)
    pdf = documents.label_sheet_pdf(sheet, width_mm=50, height_mm=30)
    layout = documents.label_layout(50, 30)
    assert (layout["cols"], layout["rows"]) == (4, 9)  # 200 × 270 mm of the 200 × 287 inside the margins
    pages = pdf_pages(pdf, tmp_path)
    assert len(pages) == 1
    SCREENSHOTS.mkdir(exist_ok=True)
    pages[0].save(SCREENSHOTS / "qr-labels-50x30.png")
    assert decode(pages[0]) == sorted(label["url"] for label in sheet)


def test_more_labels_than_fit_go_on_more_pages(world, tmp_path):
    sheet = labels(5, world)
    layout = documents.label_layout(90, 60)
    assert layout["per_page"] == 2 * 4
    pages = pdf_pages(documents.label_sheet_pdf(sheet * 2, width_mm=90, height_mm=60), tmp_path)
    assert len(pages) == 2  # 10 labels, 8 a page
    assert decode(pages[1]) == sorted(label["url"] for label in (sheet * 2)[8:])


@pytest.mark.parametrize("w, h", [(25, 20), (40, 70), (60, 40)])
def test_smallest_and_tall_labels_still_decode(world, tmp_path, w, h):
    sheet = labels(3, world)
    # The smallest label's code is 11 mm wide: 150 dpi (a print is 300 or more) gives it 2.5 px a module.
    pages = pdf_pages(documents.label_sheet_pdf(sheet, width_mm=w, height_mm=h), tmp_path, dpi=150)
    assert decode(pages[0]) == sorted(label["url"] for label in sheet)


@pytest.mark.parametrize("w, h, code", [(24, 30, "label_too_small"), (50, 19.5, "label_too_small"),
                                        (201, 100, "label_too_large"), (100, 281, "label_too_large")])
def test_bad_label_sizes_are_refused_in_vietnamese(world, w, h, code):
    with pytest.raises(DomainError) as caught:
        documents.label_sheet_pdf(labels(1, world), width_mm=w, height_mm=h)
    assert caught.value.code == code
    assert "Nhãn" in caught.value.message


def test_the_largest_label_fits_one_a_page(world, tmp_path):
    sheet = labels(2, world)
    assert documents.label_layout(200, 280)["per_page"] == 1
    pages = pdf_pages(documents.label_sheet_pdf(sheet, width_mm=200, height_mm=280), tmp_path)
    assert len(pages) == 2 and decode(pages[0]) == [sheet[0]["url"]]

"""A youth work's public page and its `/q/` code: what the exhibition's card opens and what the QR code
printed next to the work at an exhibition opens. Only approved works have one."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tienphong.campaigns import services as campaigns
from tienphong.campaigns.models import YouthWork
from tienphong.places.models import Place
from tienphong.qr import documents
from tienphong.qr.models import ScanDay, ShortCode
from tienphong.rollups.models import Fact, Level

from tests.campaigns.factories import make_campaign

from .conftest import add_work_photo, youth_work
from ..personas import build_world
from ..scenes import once_per_module

# The personas once for the module (tests/scenes.py); the works are made per test (their photos go to
# the test's own MEDIA_ROOT).
world, _world = once_per_module(build_world, "world")

pytestmark = pytest.mark.django_db

GALLERY = "/visit/exhibition/"


def _text(response) -> str:
    return response.content.decode().replace("\u00a0", " ")


@pytest.fixture
def work(world):
    """An approved wifi point of Phủ Lý's digital team, at a published place, with three photos."""
    from tests.factories import TeamFactory

    team = TeamFactory(name="Tổ công nghệ số Phủ Lý", commune=world.commune)
    place = Place.objects.create(name="Chợ Phủ Lý", kind="wifi_point", commune=world.commune, status="published")
    campaign = make_campaign(world.province, dt.date(2026, 3, 1), dt.date(2026, 3, 31),
                             title="Tháng Thanh niên 2026")
    work = youth_work(world.commune, "Điểm wifi chợ Phủ Lý", team=team, place=place, place_note="Tổ dân phố 3",
                      campaign=campaign, value_vnd=15_000_000, beneficiaries=1200, completed_on=dt.date(2026, 3, 26),
                      description="Lắp bộ phát wifi miễn phí cho tiểu thương.\nMỗi ngày phục vụ 300 lượt.", photos=2)
    add_work_photo(work, caption="Bàn giao điểm wifi")
    return work


def test_url():
    assert reverse("visit_work", args=[7]) == "/visit/work/7/"


def test_the_page_shows_the_work_in_vietnamese_with_dong_grouped_by_dots(work, client):
    response = client.get(reverse("visit_work", args=[work.pk]))
    assert response.status_code == 200
    page = _text(response)
    assert '<html lang="vi">' in page
    assert "<h1>Điểm wifi chợ Phủ Lý</h1>" in page
    assert "Công trình thanh niên" in page and "Điểm wifi công cộng" in page  # category and kind
    # The unit by its names (never a number): the team, then the commune's union.
    assert re.search(r'<dd id="unit">Tổ công nghệ số Phủ Lý · Đoàn Phường Phủ Lý</dd>', page)
    assert f'href="/visit/place/{work.place_id}/"' in page and "Tổ dân phố 3, Phường Phủ Lý" in page
    assert '<dd id="completed">26/03/2026</dd>' in page
    assert '<dd id="value"><b>15.000.000 ₫</b></dd>' in page
    assert '<dd id="beneficiaries">1.200 người</dd>' in page
    assert "Tháng Thanh niên 2026" in page and "01/03/2026 – 31/03/2026" in page
    assert "Lắp bộ phát wifi miễn phí cho tiểu thương.<br>Mỗi ngày phục vụ 300 lượt." in page
    assert "Người hưởng lợi" in page and "Giá trị" in page and "Ngày hoàn thành" in page
    assert "<script" not in page
    assert "public" in response["Cache-Control"]  # cached whole, as the product and place pages


def test_its_photos_are_lazy_thumbnails_with_srcset(work, client):
    page = _text(client.get(reverse("visit_work", args=[work.pk])))
    photos = re.findall(r"<img [^>]+>", page.split('id="photos"', 1)[1].split("</div>", 1)[0])
    assert len(photos) == 3
    for n, img in enumerate(photos):
        assert re.search(r'srcset="/media/works/thumbs/\S+\.jpg 480w"', img)
        assert 'decoding="async"' in img
        assert ('loading="lazy"' in img) == (n >= 2)  # the first row shows at once on a phone
    assert 'alt="Bàn giao điểm wifi"' in photos[2] and "<figcaption>Bàn giao điểm wifi</figcaption>" in page
    assert 'alt="Điểm wifi chợ Phủ Lý"' in photos[0]  # no caption: the title
    assert "/media/works/20" not in page  # never the original upload (its size, its EXIF)
    assert re.search(r'<meta property="og:image" content="http://testserver/media/works/thumbs/\S+\.jpg">', page)


def test_english(work, client):
    page = _text(client.get(reverse("visit_work", args=[work.pk]), {"lang": "en", "utm_source": "zalo"}))
    assert '<html lang="en">' in page
    assert "Done by" in page and "Youth work" in page and "Public wifi point" in page
    assert "15.000.000 ₫" in page and "1.200 people" in page
    assert f'href="/visit/work/{work.pk}/"' in page  # the Vietnamese link, nothing else kept
    assert "utm_source" not in page


@pytest.mark.parametrize("status", [YouthWork.Status.DRAFT, YouthWork.Status.SUBMITTED, YouthWork.Status.REJECTED])
def test_a_work_not_approved_has_no_page(world, client, status):
    work = youth_work(world.commune, "Điểm wifi chưa duyệt", status=status, value_vnd=5_000_000)
    response = client.get(reverse("visit_work", args=[work.pk]))
    assert response.status_code == 404
    assert "Điểm wifi chưa duyệt" not in _text(response)
    assert client.get(reverse("visit_work", args=[work.pk + 1000])).status_code == 404
    assert not ShortCode.objects.exists()  # no code is made for it


def test_the_q_code_redirects_to_the_page_and_is_counted(work, client):
    page = _text(client.get(reverse("visit_work", args=[work.pk])))
    code = ShortCode.objects.get()
    assert (code.target, code.commune_id, code.path) == (work, work.commune_id, work.path)
    # The page shows its code, its address and its QR image (segno's SVG as an <img>: nothing inline to trust).
    assert f"Mã QR {code.code}" in page and f"HTTP://TESTSERVER/Q/{code.code}" in page
    qr_image = r'<img src="data:image/svg\+xml;charset=utf-8,[^"]+" width="144" height="144" alt="Mã QR của trang này">'
    assert re.search(qr_image, page)
    response = client.get(f"/Q/{code.code}")  # as printed
    assert response.status_code == 302 and response["Location"] == f"/visit/work/{work.pk}/"
    assert response["Cache-Control"] == "no-store"
    client.get(f"/q/{code.code.lower()}", REMOTE_ADDR="198.51.100.7")  # another visitor
    assert list(ScanDay.objects.values_list("shortcode", "day", "count")) == [(code.pk, timezone.localdate(), 2)]
    # The dashboards count them for the work's commune, as youth works' scans.
    facts = Fact.objects.filter(indicator="qr_scans", level=Level.UNIT, grain=Fact.Grain.DAY, unit=work.commune)
    assert sum(facts.filter(dim="").values_list("value", flat=True)) == 2
    assert sum(facts.filter(dim="target", key="youthwork").values_list("value", flat=True)) == 2
    # The gallery's card shows the same code: one per work, made once.
    assert f'href="/q/{code.code}"' in _text(client.get(GALLERY))
    assert ShortCode.objects.count() == 1


def test_the_gallery_card_links_to_the_page(work, client):
    page = _text(client.get(GALLERY, {"lang": "en"}))
    card = re.search(r'<li class="work">.*?</li>', page, re.S).group(0)
    assert f'<a href="/visit/work/{work.pk}/?lang=en">' in card
    code = ShortCode.objects.get(object_id=work.pk, content_type__model="youthwork").code
    assert f'<a class="code small" href="/q/{code}">QR code {code}</a>' in card
    response = client.get(f"/visit/work/{work.pk}/?lang=en")
    assert response.status_code == 200 and "<h1>Điểm wifi chợ Phủ Lý</h1>" in _text(response)


def test_approving_a_work_opens_its_page_and_puts_it_in_the_gallery(world, client, django_capture_on_commit_callbacks):
    work = youth_work(world.commune, "Thư viện số Phủ Lý", kind=YouthWork.Kind.DIGITAL_LIBRARY,
                      status=YouthWork.Status.SUBMITTED, completed_on=dt.date(2026, 3, 20))
    assert "Thư viện số Phủ Lý" not in _text(client.get(GALLERY))  # now cached
    assert client.get(reverse("visit_work", args=[work.pk])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        campaigns.work_approve(work=work, by=world.secretary)
    assert "Thư viện số Phủ Lý" in _text(client.get(GALLERY))
    assert client.get(reverse("visit_work", args=[work.pk])).status_code == 200


def test_the_staff_page_of_an_approved_work_has_its_qr_panel(work, world, client_for):
    staff = client_for(world.secretary)
    page = _text(staff.get(reverse("work_detail", args=[work.pk])))
    code = ShortCode.objects.get().code
    assert f'id="public-page">Mở trang công khai</a>' in page and f'href="/visit/work/{work.pk}/"' in page
    assert 'id="qr-panel"' in page and f'href="/qr/{code}/poster.pdf?size=a4"' in page
    # The poster printed to stand next to the work: its title, kind and commune, its code.
    poster = documents.poster_html(work, f"HTTPS://TIENPHONG.EXAMPLE.VN/Q/{code}")
    assert "Điểm wifi chợ Phủ Lý" in poster and "Điểm wifi công cộng · Phường Phủ Lý" in poster
    assert f"/Q/{code}" in poster and "Đoàn Phường Phủ Lý" in poster
    draft = youth_work(world.commune, "Bản nháp", status=YouthWork.Status.DRAFT, created_by=world.secretary)
    page = _text(staff.get(reverse("work_detail", args=[draft.pk])))
    assert 'id="qr-panel"' not in page and 'id="public-page"' not in page
    assert ShortCode.objects.count() == 1


def test_hostile_text_is_escaped(world, client):
    work = youth_work(world.commune, "<script>alert(1)</script>", place_note='"><img src=x onerror=alert(1)>',
                      description="<b>đậm</b>")
    add_work_photo(work, caption='"><svg onload=alert(1)>')
    page = client.get(reverse("visit_work", args=[work.pk])).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>đậm" not in page
    assert "<svg onload" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page

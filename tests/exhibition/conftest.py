"""An exhibition in Ninh Bình: youth-made products and youth works of Phủ Lý and Phù Vân, with the
things that must not show (a draft, an unmarked product, a work not approved, a work without photos)."""

import io
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from tienphong.campaigns.models import WorkPhoto, YouthWork
from tienphong.products import services as products

from tests.campaigns.factories import make_work
from tests.factories import ProducerFactory, ProductFactory, TeamFactory, photo_upload


def jpeg(size=(480, 360), colour=(90, 140, 80)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return out.getvalue()


def add_work_photo(work, caption=""):
    """A work photo as campaigns stores it: the original and a 480 px thumbnail."""
    photo = WorkPhoto(work=work, caption=caption)
    photo.image.save("anh.jpg", ContentFile(jpeg((1200, 900))), save=False)
    photo.thumbnail.save("anh.jpg", ContentFile(jpeg()), save=False)
    photo.save()
    return photo


def youth_work(commune, title, *, kind=YouthWork.Kind.WIFI_POINT, status=YouthWork.Status.APPROVED, photos=1,
               **extra):
    work = make_work(commune, title=title, kind=kind, status=status, **extra)
    for _ in range(photos):
        add_work_photo(work)
    return work


@pytest.fixture
def expo(world):
    return build_expo(world)


def build_expo(w):
    team = TeamFactory(name="Tổ công nghệ số Phủ Lý", commune=w.commune)
    coop = ProducerFactory(name="Hợp tác xã Thanh niên Phủ Lý", commune=w.commune, status="published")
    other_coop = ProducerFactory(name="Hộ kinh doanh Kim Lũ", kind="household", commune=w.other_commune,
                                 status="published")
    by_team = ProductFactory(name="Cơm cháy Phủ Lý", producer=coop, status="published", youth_maker="team",
                             youth_team=team)
    products.photo_add(product=by_team, photos=[photo_upload("a.jpg")])
    by_startup = ProductFactory(name="Trà hoa sen Kim Lũ", producer=other_coop, status="published",
                                youth_maker="startup", youth_maker_name="Sen Việt Startup")
    by_member = ProductFactory(name="Miến lươn Phủ Lý", producer=coop, status="published", youth_maker="member")
    draft = ProductFactory(name="Bánh đa bản nháp", producer=coop, status="draft", youth_maker="member")
    unmarked = ProductFactory(name="Gạo nếp không đánh dấu", producer=coop, status="published")
    wifi = youth_work(w.commune, "Điểm wifi chợ Phủ Lý", team=team, completed_on="2026-03-01")
    library = youth_work(w.other_commune, "Thư viện số Kim Lũ", kind=YouthWork.Kind.DIGITAL_LIBRARY,
                         completed_on="2026-02-01")
    submitted = youth_work(w.commune, "Số hóa di tích chờ duyệt", kind=YouthWork.Kind.RELIC_DIGITISATION,
                           status=YouthWork.Status.SUBMITTED)
    no_photo = youth_work(w.commune, "Lớp tập huấn không có ảnh", kind=YouthWork.Kind.TRAINING, photos=0)
    return SimpleNamespace(world=w, team=team, coop=coop, by_team=by_team, by_startup=by_startup,
                           by_member=by_member, draft=draft, unmarked=unmarked, wifi=wifi, library=library,
                           submitted=submitted, no_photo=no_photo)

"""The demo's public pages, the third part: relics, wifi points and digital libraries, OCOP products.

`load_public()` runs in `tienphong.demo.loader.load_demo` after the field work (whose culture houses
and Tháng Thanh niên works it uses). What it writes is in `tienphong.demo.public_data`, all of it
published and marked as sample content, each page with its QR code (`qr.services.code_for`).
Like the rest of the demo it only adds what is missing, recognised by stable keys:

- places by (commune, name); a story by (place, language); a place's or product's illustration
  only when the row itself is new (an editor who removed it does not get it back);
- producers by (commune, name), products by (producer, name).

Wifi points and digital libraries: the one the seeds name (xóm 4 of the former Đồng Hướng commune),
then one at the culture house of each of Tháng Thanh niên 2026's approved wifi and digital-library
works, which are linked to it (`YouthWork.place`); a bare database without field work gets points
in a fixed list of communes instead, up to a dozen.

Photos are honest placeholders: hills over a river in one colour, with no words on them (the page
captions them "Ảnh minh họa" / "Sample illustration" in its own language), drawn with Pillow and stored through the same renditions as an upload (`core.images.photo_renditions`).
"""

from __future__ import annotations

import io
import os
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from PIL import Image, ImageDraw

from tienphong.campaigns.models import YouthWork
from tienphong.core.images import photo_renditions
from tienphong.core.pagecache import public_content_changed
from tienphong.core.paths import subtree_q
from tienphong.core.text import fold
from tienphong.demo import public_data as D
from tienphong.demo.field import YOUTH_MONTH_TITLE
from tienphong.places.models import Place, PlacePhoto, PlaceStory
from tienphong.products.models import Producer, Product, ProductPhoto
from tienphong.publishing.models import PublishStatus
from tienphong.qr.models import ShortCode
from tienphong.qr.services import code_for
from tienphong.units.models import OrgUnit

PUBLISHED = PublishStatus.PUBLISHED
WIFI_KINDS = (Place.Kind.WIFI_POINT, Place.Kind.DIGITAL_LIBRARY)
CARD_SIZE = (1200, 800)
# Demo photos carry no caption of their own: the public pages caption a sample's photos in the page's
# language ("Ảnh minh họa" / "Sample illustration"). Earlier demos stored this bilingual one; it is cleared.
PHOTO_CAPTION = ""
OLD_PHOTO_CAPTION = "Ảnh minh họa, nội dung mẫu · Sample illustration"


# --- placeholder photos --------------------------------------------------------------------------

def sample_card(title: str, subtitle: str, colour: tuple[int, int, int]) -> bytes:
    """A JPEG placeholder with no words on it: limestone hills over a river in the given colour,
    their shapes drawn from the name (each card differs, the same name gives the same card). The page
    already shows the name (its h1) and captions the picture "sample illustration" in its own
    language; words drawn into the picture could do neither."""
    w, h = CARD_SIZE
    seed = zlib.crc32(f"{title}|{subtitle}".encode())
    sky = tuple(min(255, c + (255 - c) * 3 // 4) for c in colour)
    image = Image.new("RGB", CARD_SIZE, sky)
    draw = ImageDraw.Draw(image)
    far = tuple(min(255, c + (255 - c) // 3) for c in colour)
    for i, shade in enumerate((far, colour)):
        x = -60 - (seed >> (4 * i)) % 120
        while x < w:
            width = 180 + (seed >> (x % 13 + i)) % 160
            top = 220 + i * 90 + (seed >> (x % 11 + 2 * i)) % 160
            base = 620 + i * 20
            draw.polygon([(x, base), (x + width * 0.15, top + 40), (x + width * 0.45, top),
                          (x + width * 0.8, top + 60), (x + width, base)], fill=shade)
            x += int(width * 0.8)
    draw.rectangle([0, 640, w, h], fill=tuple(max(0, c - 40) for c in far))
    for y in range(680, h, 45):
        draw.line([(120 + (seed + y) % 300, y), (420 + (seed + y) % 500, y)], fill=sky, width=4)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def _photo_fields(title: str, subtitle: str, colour) -> dict:
    upload = SimpleUploadedFile(f"{fold(title).replace(' ', '-')[:40] or 'anh'}.jpg",
                                sample_card(title, subtitle, colour), content_type="image/jpeg")
    return photo_renditions(upload)


# --- helpers ------------------------------------------------------------------------------------

def _commune(by_code: dict[str, OrgUnit], code: str) -> OrgUnit:
    try:
        return by_code[code]
    except KeyError:
        raise RuntimeError(f"demo.public: commune {code} is not loaded (run load_units first)") from None


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _ssid(*words: str) -> str:
    """"ThanhNien_ThonDong": a network name without diacritics or spaces."""
    parts = ["".join(w.capitalize() for w in fold(word).split()) for word in words if word]
    return "_".join(["ThanhNien", *parts])[:64]


def _commune_name(commune: OrgUnit) -> str:
    """"Phường Hoa Lư" → "phường Hoa Lư", as it reads inside an address."""
    for prefix in ("Phường ", "Xã ", "Đặc khu "):
        if commune.name.startswith(prefix):
            return prefix.lower() + commune.name[len(prefix):]
    return commune.name


# --- relics and red addresses ------------------------------------------------------------------

def _write_story_places(by_code, now, created) -> list[Place]:
    places = []
    for spec in D.STORY_PLACES:
        commune = _commune(by_code, spec["commune"])
        place = Place.objects.filter(commune=commune, name=spec["name"]).first()
        new = place is None
        if new:
            lat, lon = spec["point"]
            place = Place(name=spec["name"], kind=spec["kind"], commune=commune, address=spec["address"],
                          latitude=lat, longitude=lon, ranking=spec["ranking"], sample=True,
                          status=PUBLISHED, published_at=now)
            place.save()
            created["places"] += 1
        have = set(place.stories.values_list("language", flat=True))
        for language in ("vi", "en"):
            if language not in have:
                title, paragraphs = spec[language]
                PlaceStory.objects.create(place=place, language=language, title=title,
                                          body="\n\n".join(paragraphs))
                created["stories"] += 1
        if new:
            PlacePhoto.objects.create(place=place, caption=PHOTO_CAPTION, position=0,
                                      **_photo_fields(spec["vi"][0], _commune_name(commune), spec["colour"]))
            created["photos"] += 1
        places.append(place)
    return places


# --- wifi points and digital libraries ---------------------------------------------------------

@dataclass
class WifiSpot:
    commune: OrgUnit
    name: str
    kind: str
    address: str
    latitude: float | None
    longitude: float | None
    wifi_name: str
    place: Place | None = None  # once written (or found)


def _spot_at(commune: OrgUnit, kind: str, house: Place | None) -> WifiSpot:
    if house is not None:
        where = _lower_first(house.name)  # "nhà văn hóa thôn Đông"
        village = house.name.removeprefix("Nhà văn hóa ")
        ssid = _ssid(village)
        address, lat, lon = house.address, house.latitude, house.longitude
    else:
        where = f"trung tâm {_commune_name(commune)}"
        ssid = _ssid(commune.name.split(" ", 1)[-1])
        address, lat, lon = _commune_name(commune), commune.latitude, commune.longitude
    name = f"Điểm wifi miễn phí {where}" if kind == Place.Kind.WIFI_POINT else f"Thư viện số {where}"
    return WifiSpot(commune, name, kind, address, lat, lon, ssid)


def _youth_month_works(province: OrgUnit) -> list[YouthWork]:
    return list(YouthWork.objects.filter(
        campaign__title=YOUTH_MONTH_TITLE, campaign__unit=province, status=YouthWork.Status.APPROVED,
        kind__in=WIFI_KINDS, place__isnull=False).select_related("place", "commune").order_by("completed_on", "pk"))


def _plan_wifi(province, by_code) -> tuple[list[WifiSpot], list[tuple[YouthWork, WifiSpot]]]:
    spots: dict[tuple[int, str], WifiSpot] = {}
    links: list[tuple[YouthWork, WifiSpot]] = []

    def add(spot: WifiSpot) -> WifiSpot:
        return spots.setdefault((spot.commune.pk, spot.name), spot)

    seed = D.SEED_WIFI
    lat, lon = seed["point"]
    add(WifiSpot(_commune(by_code, seed["commune"]), seed["name"], seed["kind"], seed["address"], lat, lon,
                 seed["wifi_name"]))
    for work in _youth_month_works(province):
        where = work.place
        if where.kind in WIFI_KINDS:
            # Linked by an earlier run (or by an editor): that point stands for this work.
            add(WifiSpot(work.commune, where.name, where.kind, where.address, where.latitude, where.longitude,
                         where.wifi_name, place=where))
        elif where.kind == Place.Kind.CULTURE_HOUSE:
            links.append((work, add(_spot_at(work.commune, work.kind, where))))
    houses: dict[int, Place] = {}  # each fallback commune's first culture house by name
    codes = [code for code, _kind in D.WIFI_FALLBACK]
    for house in Place.objects.filter(commune__code__in=codes, kind=Place.Kind.CULTURE_HOUSE,
                                      active=True).order_by("name", "pk"):
        houses.setdefault(house.commune_id, house)
    for code, kind in D.WIFI_FALLBACK:
        if len(spots) >= D.WIFI_TARGET:
            break
        commune = _commune(by_code, code)
        add(_spot_at(commune, kind, houses.get(commune.pk)))
    return list(spots.values()), links


def _write_wifi(province, by_code, now, created) -> list[Place]:
    spots, links = _plan_wifi(province, by_code)
    existing = {(p.commune_id, p.name): p for p in Place.objects.filter(
        commune_id__in={s.commune.pk for s in spots}, name__in=[s.name for s in spots])}
    places = []
    for i, spot in enumerate(spots):
        place = spot.place or existing.get((spot.commune.pk, spot.name))
        if place is None:
            hours = D.WIFI_HOURS if spot.kind == Place.Kind.WIFI_POINT else D.LIBRARY_HOURS
            place = Place(name=spot.name, kind=spot.kind, commune=spot.commune, address=spot.address[:255],
                          latitude=spot.latitude, longitude=spot.longitude, opening_hours=hours[i % len(hours)],
                          wifi_name=spot.wifi_name, sample=True, status=PUBLISHED, published_at=now)
            place.save()
            created["places"] += 1
        spot.place = place
        places.append(place)
    for work, spot in links:
        if work.place_id != spot.place.pk:
            # update(): the work keeps its own "last changed" time.
            YouthWork.objects.filter(pk=work.pk).update(place=spot.place)
            created["works_linked"] += 1
    return places


# --- producers and products --------------------------------------------------------------------

def _write_products(by_code, created) -> tuple[list[Producer], list[Product]]:
    producers: dict[str, Producer] = {}
    for n, (key, (name, kind, _old, code)) in enumerate(D.PRODUCERS.items(), start=1):
        commune = _commune(by_code, code)
        producer = Producer.objects.filter(commune=commune, name=name).first()
        if producer is None:
            producer = Producer(name=name, kind=kind, commune=commune, address=_commune_name(commune),
                                phone=f"0900000{n:03d}", description=D.PRODUCER_ABOUT, sample=True,
                                status=PUBLISHED)
            producer.save()
            created["producers"] += 1
        producers[key] = producer
    products = []
    for key, name, category, stars, year, price, unit, season, about, colour in D.PRODUCTS:
        producer = producers[key]
        product = Product.objects.filter(producer=producer, name=name).first()
        if product is None:
            product = Product(name=name, producer=producer, category=category, ocop_stars=stars, ocop_year=year,
                              description=about, price_vnd=price, price_unit=unit, season=season, sample=True,
                              status=PUBLISHED)
            product.save()
            created["products"] += 1
            subtitle = f"{'★' * stars} OCOP" if stars else producer.name
            ProductPhoto.objects.create(product=product, caption=PHOTO_CAPTION, position=0,
                                        **_photo_fields(name, subtitle, colour))
            created["photos"] += 1
        products.append(product)
    return list(producers.values()), products


# --- entry point ---------------------------------------------------------------------------------

def load_public(province: OrgUnit, communes: list[OrgUnit], *, now=None) -> dict:
    """Write the missing public pages; returns what was created, what the province now holds and
    one relic's short code (for the console)."""
    now = now or timezone.now()
    by_code = {c.code: c for c in communes}
    created = dict.fromkeys(("places", "stories", "photos", "producers", "products", "works_linked",
                             "qr_codes"), 0)
    PlacePhoto.objects.filter(caption=OLD_PHOTO_CAPTION).update(caption="")
    ProductPhoto.objects.filter(caption=OLD_PHOTO_CAPTION).update(caption="")
    story_places = _write_story_places(by_code, now, created)
    wifi = _write_wifi(province, by_code, now, created)
    producers, products = _write_products(by_code, created)
    before = ShortCode.objects.count()
    for obj in [*story_places, *wifi, *producers, *products]:
        if obj.status == PUBLISHED:
            code_for(obj)
    created["qr_codes"] = ShortCode.objects.count() - before
    if any(created.values()):
        public_content_changed()
    relic = story_places[0]
    code = code_for(relic).code if relic.status == PUBLISHED else ""
    return {"created": created, "totals": public_totals(province), "relic": relic.name, "relic_code": code}


def public_totals(province: OrgUnit) -> dict:
    in_province = subtree_q(province.path)
    places = Place.objects.filter(in_province, status=PUBLISHED)
    return {
        "relics_and_red_addresses": places.filter(kind__in=Place.STORY_KINDS).count(),
        "wifi_points_and_digital_libraries": places.filter(kind__in=WIFI_KINDS).count(),
        "producers": Producer.objects.filter(in_province, status=PUBLISHED).count(),
        "products": Product.objects.filter(in_province, status=PUBLISHED).count(),
        "qr_codes": ShortCode.objects.filter(in_province).count(),
    }


def public_summary(result: dict, base_url: str) -> str:
    """Lines for the console, in the style of load_demo's: counts, the map, one relic's QR address."""
    def fmt(counts):
        return ", ".join(f"{v:,} {k.replace('_', ' ')}" for k, v in counts.items())

    totals = result["totals"]
    if any(result["created"].values()):
        lines = [f"Public pages: created {fmt(result['created'])}. Now published: {fmt(totals)}."]
    else:
        lines = [f"Public pages already loaded (nothing created): {fmt(totals)}."]
    base = base_url.rstrip("/")
    try:
        lines.append(f"  Map of places: {base}{reverse('visit_map')}")
    except NoReverseMatch:  # the public views are not wired in
        pass
    if result["relic_code"]:
        lines.append(f"  {result['relic']} (QR): {base}/q/{result['relic_code']}")
    if not settings.PUBLIC_BASE_URL:
        lines.append(f"  PUBLIC_BASE_URL is not set: QR codes, posters and labels print {base}/q/…, which no visitor's "
                     "phone can open. Before printing, set it in .env (or the environment), e.g. "
                     "PUBLIC_BASE_URL=https://tienphong.ninhbinh.gov.vn")
    return "\n".join(lines)

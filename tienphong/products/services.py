"""Writes for producers, products, their photos and shop links: validated, atomic, audited (auditlog).

Publishing rule: a published product always has a published producer, since its page links to the
producer's. Publishing a product publishes its producer too when that is still a draft, and taking
a producer's page down takes its products' pages down with it.

Every write here may change what a public page shows, so each one calls `public_content_changed()`.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tienphong.core.scope import Scope
from tienphong.core.errors import DomainError
from tienphong.core.images import add_photos
from tienphong.core.pagecache import public_content_changed
from tienphong.core.text import clean_name
from tienphong.members.services import normalize_phone
from tienphong.publishing.models import PublishStatus
from tienphong.publishing.services import delete_photo, save_photo, set_status
from tienphong.qr.services import target_moved
from tienphong.units.models import OrgUnit

from .models import Producer, Product, ProductLink, ProductPhoto

NAME_MAX = 200
TEXT_MAX = 5000
OCOP_FIRST_YEAR = 2018  # the OCOP programme rated its first products in 2018-2019
# A price above this is a typo (an extra zero or two), not a jar of honey.
PRICE_MAX = 1_000_000_000
PHOTOS_MAX = 20
LINKS_MAX = 12
CAPTION_MAX = 200

PRODUCER_FIELDS = ("name", "kind", "commune", "address", "phone", "zalo", "website", "description", "sample")
PRODUCT_FIELDS = ("name", "producer", "category", "ocop_stars", "ocop_year", "description", "price_vnd",
                  "price_unit", "season", "sample", "youth_maker", "youth_member", "youth_team", "youth_maker_name")


# --- shared checks --------------------------------------------------------------------------------

def _check_name(name: str, what: str) -> str:
    name = clean_name(name)
    if not name:
        raise DomainError("name_required", _("Give the %(what)s a name.") % {"what": what})
    if len(name) > NAME_MAX:
        raise DomainError("name_too_long", _("The name is %(n)s characters long; at most %(max)s are allowed. "
                                             "Shorten it and put the rest in the description.")
                          % {"n": len(name), "max": NAME_MAX})
    return name


def _check_text(text: str, field: str = "description") -> str:
    text = (text or "").strip()
    if len(text) > TEXT_MAX:
        raise DomainError(f"{field}_too_long", _("The text is %(n)s characters long; at most %(max)s are allowed.")
                          % {"n": len(text), "max": TEXT_MAX})
    return text


def check_web_url(url: str, code: str = "url_invalid") -> str:
    """A full http:// or https:// address (no javascript:, data: or ftp:), or a DomainError."""
    url = (url or "").strip()
    if not url:
        return ""
    if "://" not in url and ":" not in url.split("/", 1)[0]:
        url = "https://" + url  # "shopee.vn/shop/123" as people copy it from the address bar
    scheme = urlsplit(url).scheme.lower()
    try:
        if scheme not in ("http", "https"):
            raise ValidationError("scheme")
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise DomainError(code, _("“%(url)s” is not a web address: write it in full, starting with https://.")
                          % {"url": url[:80]})
    if len(url) > 500:
        raise DomainError(code, _("This web address is too long (at most 500 characters)."))
    return url


def _require(by, path: str, perm: str = "manage_products") -> None:
    if by is not None and not Scope.for_user(by).allows(path, perm):
        raise DomainError("not_allowed", _("You cannot change the products of this commune."))


# --- producers ------------------------------------------------------------------------------------

def _check_producer(producer: Producer, by) -> None:
    producer.name = _check_name(producer.name, _("producer"))
    if producer.kind not in Producer.Kind.values:
        raise DomainError("kind_invalid", _("Choose what kind of producer this is."))
    if producer.commune is None or producer.commune.kind != OrgUnit.Kind.COMMUNE:
        raise DomainError("commune_invalid", _("Choose the commune or ward where the producer works."))
    _require(by, producer.commune.path)
    producer.address = clean_name(producer.address)[:255]
    producer.phone = normalize_phone(producer.phone)
    try:
        producer.zalo = normalize_phone(producer.zalo)
    except DomainError as e:
        raise DomainError("zalo_invalid", e.message)
    producer.website = check_web_url(producer.website, "website_invalid")
    if len(producer.website) > 300:
        raise DomainError("website_invalid", _("This web address is too long (at most 300 characters)."))
    producer.description = _check_text(producer.description)
    taken = Producer.objects.filter(commune=producer.commune, name__iexact=producer.name).exclude(pk=producer.pk)
    if taken.exists():
        raise DomainError("producer_exists", _("%(commune)s already has a producer named %(name)s.")
                          % {"commune": producer.commune.name, "name": producer.name})


@transaction.atomic
def producer_create(*, name: str, commune: OrgUnit, kind: str = Producer.Kind.COOPERATIVE, address: str = "",
                    phone: str = "", zalo: str = "", website: str = "", description: str = "", sample: bool = False,
                    by=None) -> Producer:
    producer = Producer(name=name, kind=kind or Producer.Kind.COOPERATIVE, commune=commune, address=address,
                        phone=phone, zalo=zalo, website=website, description=description, sample=sample)
    _check_producer(producer, by)
    producer.save()
    return producer


@transaction.atomic
def producer_update(*, producer: Producer, by=None, **changes) -> Producer:
    """Change a producer; a new commune moves its products (and their QR codes' scan counts) too."""
    unknown = set(changes) - set(PRODUCER_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    _require(by, producer.path)
    old_commune_id = producer.commune_id
    for name, value in changes.items():
        setattr(producer, name, value)
    _check_producer(producer, by)
    producer.save()
    if producer.commune_id != old_commune_id:
        target_moved(producer)
        for product in producer.products.select_related("producer__commune"):
            product.save()  # copies the producer's commune and path
            target_moved(product)
    else:
        # The product's search text holds the producer's name.
        for product in producer.products.select_related("producer__commune"):
            product.save(update_fields=["search_text", "updated_at"])
    public_content_changed()
    return producer


@transaction.atomic
def producer_publish(*, producer: Producer, by=None) -> Producer:
    _require(by, producer.path)
    if set_status(producer, PublishStatus.PUBLISHED):
        public_content_changed()
    return producer


@transaction.atomic
def producer_unpublish(*, producer: Producer, by=None) -> int:
    """Take the producer's page down, and its products' pages with it. Returns how many products
    went back to draft."""
    _require(by, producer.path)
    hidden = 0
    for product in producer.products.filter(status=PublishStatus.PUBLISHED).select_related("producer__commune"):
        set_status(product, PublishStatus.DRAFT)
        hidden += 1
    set_status(producer, PublishStatus.DRAFT)
    public_content_changed()
    return hidden


# --- products -------------------------------------------------------------------------------------

def _check_product(product: Product, by) -> None:
    product.name = _check_name(product.name, _("product"))
    if product.producer_id is None:
        raise DomainError("producer_required", _("Choose the producer, or add a new one."))
    _require(by, product.producer.path)
    if product.category not in Product.Category.values:
        raise DomainError("category_invalid", _("Choose a category."))
    if product.ocop_stars is not None:
        if product.category != Product.Category.OCOP:
            raise DomainError("stars_not_ocop", _("Only an OCOP product has an OCOP rating: choose the category "
                                                  "“OCOP product” or leave the stars empty."))
        if not 3 <= product.ocop_stars <= 5:
            raise DomainError("stars_invalid", _("An OCOP rating is 3, 4 or 5 stars."))
    this_year = timezone.localdate().year
    if product.ocop_year is not None:
        if product.category != Product.Category.OCOP:
            raise DomainError("year_not_ocop", _("Only an OCOP product has an OCOP year."))
        if not OCOP_FIRST_YEAR <= product.ocop_year <= this_year:
            raise DomainError("year_invalid", _("The OCOP year is between %(first)s and %(last)s.")
                              % {"first": OCOP_FIRST_YEAR, "last": this_year})
        if product.ocop_stars is None:
            raise DomainError("stars_required", _("Give the rating (3 to 5 stars) of the year %(year)s.")
                              % {"year": product.ocop_year})
    if product.price_vnd is not None:
        if product.price_vnd < 0:
            raise DomainError("price_negative", _("A price cannot be negative."))
        if product.price_vnd > PRICE_MAX:
            raise DomainError("price_too_large", _("This price is too large; check the number of zeros."))
    product.price_unit = clean_name(product.price_unit)[:60]
    product.season = clean_name(product.season)[:100]
    product.description = _check_text(product.description)
    _check_youth_maker(product)
    taken = Product.objects.filter(producer_id=product.producer_id, name__iexact=product.name).exclude(pk=product.pk)
    if taken.exists():
        raise DomainError("product_exists", _("%(producer)s already has a product named %(name)s.")
                          % {"producer": product.producer.name, "name": product.name})


def _check_youth_maker(product: Product) -> None:
    """Made by a youth union member (optionally linked), a youth team (linked) or a startup (named),
    the member or team from the product's commune; the links the choice does not use are cleared."""
    kind = product.youth_maker or ""
    if kind not in Product.YouthMaker.values:
        raise DomainError("youth_maker_invalid", _("Choose who among the youth made it."))
    product.youth_maker = kind
    if kind != Product.YouthMaker.MEMBER:
        product.youth_member = None
    if kind != Product.YouthMaker.TEAM:
        product.youth_team = None
    if kind != Product.YouthMaker.STARTUP:
        product.youth_maker_name = ""
    if kind == Product.YouthMaker.MEMBER and product.youth_member is not None:
        if product.youth_member.commune_id != product.producer.commune_id:
            raise DomainError("youth_member_outside", _("Choose a member of the product's commune."))
    if kind == Product.YouthMaker.TEAM:
        if product.youth_team is None:
            raise DomainError("youth_team_required", _("Choose the youth team that made it."))
        if product.youth_team.commune_id != product.producer.commune_id:
            raise DomainError("youth_team_outside", _("Choose a team of the product's commune."))
    if kind == Product.YouthMaker.STARTUP:
        product.youth_maker_name = clean_name(product.youth_maker_name)
        if not product.youth_maker_name:
            raise DomainError("youth_maker_name_required", _("Give the startup's name."))
        if len(product.youth_maker_name) > NAME_MAX:
            raise DomainError("youth_maker_name_too_long", _("The name is %(n)s characters long; at most %(max)s "
                                                             "are allowed.")
                              % {"n": len(product.youth_maker_name), "max": NAME_MAX})


@transaction.atomic
def product_create(*, name: str, producer: Producer | None = None, category: str = Product.Category.OCOP,
                   ocop_stars: int | None = None, ocop_year: int | None = None, description: str = "",
                   price_vnd: int | None = None, price_unit: str = "", season: str = "", sample: bool = False,
                   youth_maker: str = "", youth_member=None, youth_team=None, youth_maker_name: str = "",
                   new_producer_name: str = "", new_producer_kind: str = "", new_producer_commune: OrgUnit | None = None,
                   by=None) -> Product:
    """A product of an existing producer, or of a new one made from the short `new_producer_*` fields
    (both or neither are saved)."""
    if producer is None and (new_producer_name or "").strip():
        if new_producer_commune is None:
            raise DomainError("new_producer_commune", _("Choose the commune of the new producer."))
        producer = producer_create(name=new_producer_name, kind=new_producer_kind or Producer.Kind.COOPERATIVE,
                                   commune=new_producer_commune, by=by)
    product = Product(name=name, producer=producer, category=category or Product.Category.OCOP,
                      ocop_stars=ocop_stars, ocop_year=ocop_year, description=description, price_vnd=price_vnd,
                      price_unit=price_unit, season=season, sample=sample, youth_maker=youth_maker or "",
                      youth_member=youth_member, youth_team=youth_team, youth_maker_name=youth_maker_name or "")
    _check_product(product, by)
    product.save()
    return product


@transaction.atomic
def product_update(*, product: Product, by=None, **changes) -> Product:
    """Change a product; moving it to a producer of another commune moves its QR code's scans too."""
    unknown = set(changes) - set(PRODUCT_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    _require(by, product.path)
    old_commune_id = product.commune_id
    for name, value in changes.items():
        setattr(product, name, value)
    _check_product(product, by)
    if product.status == PublishStatus.PUBLISHED and product.producer.status != PublishStatus.PUBLISHED:
        raise DomainError("producer_not_published", _("This product is published; its new producer must be "
                                                      "published too. Publish the producer first."))
    product.save()
    if product.commune_id != old_commune_id:
        target_moved(product)
    public_content_changed()
    return product


@transaction.atomic
def product_publish(*, product: Product, by=None) -> Product:
    """Publish the product, and its producer too when the producer is still a draft."""
    _require(by, product.path)
    producer = product.producer
    if producer.status != PublishStatus.PUBLISHED:
        producer_publish(producer=producer, by=by)
    set_status(product, PublishStatus.PUBLISHED)
    public_content_changed()
    return product


@transaction.atomic
def product_unpublish(*, product: Product, by=None) -> Product:
    _require(by, product.path)
    if set_status(product, PublishStatus.DRAFT):
        public_content_changed()
    return product


# --- photos ---------------------------------------------------------------------------------------

@transaction.atomic
def photo_add(*, product: Product, photos, by=None) -> list[ProductPhoto]:
    """Add several photos at once (each resized on upload); one bad file refuses them all, naming it."""
    _require(by, product.path)
    made = add_photos(product.photos, photos, limit=PHOTOS_MAX,
                      too_many=_("A product shows at most %(max)s photos; it has %(n)s already."))
    public_content_changed()
    return made


@transaction.atomic
def photo_update(*, photo: ProductPhoto, caption: str = "", position: int | None = None, by=None) -> ProductPhoto:
    _require(by, photo.product.path)
    caption = clean_name(caption)
    if len(caption) > CAPTION_MAX:
        raise DomainError("caption_too_long", _("A caption is at most %(max)s characters.") % {"max": CAPTION_MAX})
    if position is not None and not 0 <= position <= 1000:
        raise DomainError("position_invalid", _("The order is a number from 0 to 1000."))
    return save_photo(photo, caption=caption, position=position)


@transaction.atomic
def photo_move(*, photo: ProductPhoto, up: bool, by=None) -> None:
    """Swap the photo with the one before (up) or after it; the first photo is the cover."""
    _require(by, photo.product.path)
    photos = list(photo.product.photos.order_by("position", "id"))
    i = next(n for n, p in enumerate(photos) if p.pk == photo.pk)
    j = i - 1 if up else i + 1
    if not 0 <= j < len(photos):
        return
    photos[i], photos[j] = photos[j], photos[i]
    for n, p in enumerate(photos, start=1):
        if p.position != n:
            p.position = n
            p.save(update_fields=["position"])
    public_content_changed()


@transaction.atomic
def photo_delete(*, photo: ProductPhoto, by=None) -> None:
    _require(by, photo.product.path)
    delete_photo(photo)


# --- shop links -----------------------------------------------------------------------------------

@transaction.atomic
def link_add(*, product: Product, kind: str, url: str, by=None) -> ProductLink:
    _require(by, product.path)
    if kind not in ProductLink.Kind.values:
        raise DomainError("link_kind_invalid", _("Choose where the link leads."))
    url = check_web_url(url)
    if not url:
        raise DomainError("url_invalid", _("Give the address of the shop page."))
    if product.links.filter(url=url).exists():
        raise DomainError("link_exists", _("This link is already listed."))
    if product.links.count() >= LINKS_MAX:
        raise DomainError("too_many_links", _("A product lists at most %(max)s shop links.") % {"max": LINKS_MAX})
    last = product.links.order_by("-position").values_list("position", flat=True).first() or 0
    link = ProductLink.objects.create(product=product, kind=kind, url=url, position=last + 1)
    public_content_changed()
    return link


@transaction.atomic
def link_remove(*, link: ProductLink, by=None) -> None:
    _require(by, link.product.path)
    link.delete()
    public_content_changed()

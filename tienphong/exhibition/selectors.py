"""Reads for the virtual exhibition: what may be shown, a gallery's page of cards, an event's picks.

What may be shown (the "candidates"): published products (with a published producer) marked as made by
the youth, and approved youth works with at least one photo. A pick that stops being one (a product
back to draft, a work returned, its photos deleted) simply drops out of the event's gallery.

The standing gallery lists the products first (by name), then the works (newest first): two querysets
paged as one (`Chained`), two counts and at most two short reads a page. An event's gallery is small
(what its organiser ticked) and is read whole, in the organiser's order.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from tienphong.campaigns.models import WorkPhoto, YouthWork
from tienphong.core.paths import subtree_q
from tienphong.core.search import search_q
from tienphong.core.text import collation_key, words_q
from tienphong.products.models import Product, ProductPhoto
from tienphong.products.selectors import public_products
from tienphong.units.models import OrgUnit

from .models import ExhibitionItem

PRODUCTS = "products"
WORKS = "works"
KINDS = (PRODUCTS, WORKS, *YouthWork.Kind.values)  # the gallery's "kind" filter: a work's kind narrows to works


def province_path(path: str) -> str:
    """"/1/45/120/" → "/1/": the province a unit's path belongs to."""
    return "/" + path.strip("/").split("/", 1)[0] + "/"


# --- what may be shown ----------------------------------------------------------------------------

def _first_photo():
    return Prefetch("photos", queryset=ProductPhoto.objects.order_by("position", "id"), to_attr="photo_list")


def _first_work_photo():
    return Prefetch("photos", queryset=WorkPhoto.objects.exclude(thumbnail="").order_by("uploaded_at", "id"),
                    to_attr="photo_list")


def youth_products(within: str | None = None) -> QuerySet[Product]:
    """Published youth-made products (of a published producer), under `within` (a path) if given."""
    qs = public_products().exclude(youth_maker="")
    if within:
        qs = qs.filter(subtree_q(within))
    return qs


def works_with_photos(within: str | None = None) -> QuerySet[YouthWork]:
    """Approved youth works with a photo (its thumbnail: every upload makes one)."""
    has_photo = WorkPhoto.objects.filter(work=OuterRef("pk")).exclude(thumbnail="")
    qs = YouthWork.objects.filter(Exists(has_photo), status=YouthWork.Status.APPROVED)
    if within:
        qs = qs.filter(subtree_q(within))
    return qs


def _filtered(commune_id, kind):
    """(products, works) querysets for the filters; None where the kind leaves one side out."""
    products = youth_products() if kind in ("", PRODUCTS) else None
    works = works_with_photos() if kind != PRODUCTS else None
    if works is not None and kind in YouthWork.Kind.values:
        works = works.filter(kind=kind)
    if commune_id:
        products = products.filter(commune_id=commune_id) if products is not None else None
        works = works.filter(commune_id=commune_id) if works is not None else None
    return products, works


def _for_cards(products, works):
    if products is not None:
        products = (products.select_related("producer", "commune", "youth_team").prefetch_related(_first_photo())
                    .order_by("name", "id"))
    if works is not None:
        works = (works.select_related("commune", "team").prefetch_related(_first_work_photo())
                 .order_by("-completed_on", "-id"))
    return products, works


# --- cards ----------------------------------------------------------------------------------------

@dataclass
class Card:
    """One item of a gallery, product or work, as the template shows it."""

    kind: str  # "product" | "work"
    obj: object
    photo: object = None
    code: str = ""  # its /q/ code (exhibition.services.codes)

    @property
    def is_product(self) -> bool:
        return self.kind == "product"


def card(obj) -> Card:
    photos = getattr(obj, "photo_list", [])
    return Card(kind="product" if isinstance(obj, Product) else "work", obj=obj, photo=photos[0] if photos else None)


class Chained:
    """Two querysets paged as one list (what Django's Paginator needs: count() and slices)."""

    def __init__(self, *parts):
        self.parts = [p for p in parts if p is not None]
        self._counts = None

    def count(self) -> int:
        if self._counts is None:
            self._counts = [p.count() for p in self.parts]
        return sum(self._counts)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("Chained is read by slices")
        start, stop = index.start or 0, index.stop
        self.count()
        out = []
        for part, n in zip(self.parts, self._counts):
            if stop is not None and stop <= 0:
                break
            if start < n:
                out.extend(part[start:min(stop, n) if stop is not None else n])
            start, stop = max(start - n, 0), (stop - n if stop is not None else None)
        return out


def gallery(*, commune_id: int | None = None, kind: str = "") -> Chained:
    """The standing gallery: every youth-made product, then every work, filtered."""
    return Chained(*_for_cards(*_filtered(commune_id, kind)))


def gallery_communes() -> list[OrgUnit]:
    """Communes that have something to show (the commune filter's list)."""
    ids = set(youth_products().order_by().values_list("commune_id", flat=True).distinct())
    ids |= set(works_with_photos().order_by().values_list("commune_id", flat=True).distinct())
    return _communes(ids)


def _communes(ids) -> list[OrgUnit]:
    return sorted(OrgUnit.objects.filter(pk__in=ids).only("id", "name"), key=lambda c: collation_key(c.name))


# --- an event's gallery ---------------------------------------------------------------------------

def picks(event) -> list[ExhibitionItem]:
    return list(event.exhibition_items.order_by("position", "id"))


def event_gallery(event) -> list:
    """The event's picks that may still be shown, in the organiser's order."""
    items = picks(event)
    products, works = _for_cards(youth_products(), works_with_photos())
    found = {("p", p.pk): p for p in products.filter(pk__in=[i.product_id for i in items if i.product_id])}
    found.update({("w", w.pk): w for w in works.filter(pk__in=[i.work_id for i in items if i.work_id])})
    keys = [("p", i.product_id) if i.product_id else ("w", i.work_id) for i in items]
    return [found[k] for k in keys if k in found]


def matches(obj, *, commune_id: int | None = None, kind: str = "") -> bool:
    """Whether a product or work passes the gallery's filters (for a list read whole)."""
    if commune_id and obj.commune_id != commune_id:
        return False
    if isinstance(obj, Product):
        return kind in ("", PRODUCTS)
    return kind in ("", WORKS) or kind == obj.kind


def communes_of(objs) -> list[OrgUnit]:
    """The communes of items read with their commune (no query)."""
    return sorted({o.commune_id: o.commune for o in objs}.values(), key=lambda c: collation_key(c.name))


# --- the organiser's page -------------------------------------------------------------------------

def candidate_products(event, q: str = "") -> QuerySet[Product]:
    """Youth-made products of the event's province the organiser may pick."""
    qs = youth_products(province_path(event.path))
    if q:
        qs = qs.filter(search_q(Product._meta.db_table, q))
    return qs.select_related("producer", "commune").order_by("name", "id")


def candidate_works(event, q: str = "") -> QuerySet[YouthWork]:
    qs = works_with_photos(province_path(event.path))
    if q:
        qs = qs.filter(words_q(q))
    return qs.select_related("commune", "team").order_by("-completed_on", "-id")

"""Reads for producers and products: the editors' scoped lists, and the public catalogue.

Products belong to a commune; a volunteer's role sits on a branch below it, so reads use
`Scope.around_q` (the subtree plus the units above it): a volunteer sees the commune's products.

A product is public when it and its producer are both published (the services keep that true;
the public reads check both anyway, so a page never links to a producer that 404s).
"""

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from tienphong.core.scope import Scope
from tienphong.core.search import search_q
from tienphong.core.text import collation_key
from tienphong.publishing.models import PublishStatus
from tienphong.publishing.selectors import history, rows_of
from tienphong.units.models import OrgUnit

from .models import Producer, Product, ProductLink, ProductPhoto

PUBLISHED = PublishStatus.PUBLISHED


def _cover_photos():
    """The first photo of each product (the card's picture), in one query for a page of cards."""
    return Prefetch("photos", queryset=ProductPhoto.objects.order_by("position", "id"), to_attr="photo_list")


# --- editors --------------------------------------------------------------------------------------

def product_list(*, scope: Scope, q: str = "", category: str = "", status: str = "", commune_id: int | None = None,
                 producer_id: int | None = None) -> QuerySet[Product]:
    qs = Product.objects.filter(scope.around_q("path"))
    if q:
        qs = qs.filter(search_q(Product._meta.db_table, q))
    if category:
        qs = qs.filter(category=category)
    if status:
        qs = qs.filter(status=status)
    if commune_id:
        qs = qs.filter(commune_id=commune_id)
    if producer_id:
        qs = qs.filter(producer_id=producer_id)
    return qs.select_related("producer", "commune").order_by("name", "id")


def product_get(*, scope: Scope, pk: int) -> Product:
    return get_object_or_404(Product.objects.select_related("producer", "producer__commune", "commune")
                             .filter(scope.around_q("path")), pk=pk)


def producer_list(*, scope: Scope, q: str = "", status: str = "", commune_id: int | None = None) -> QuerySet[Producer]:
    qs = Producer.objects.filter(scope.around_q("path"))
    if q:
        qs = qs.filter(search_q(Producer._meta.db_table, q))
    if status:
        qs = qs.filter(status=status)
    if commune_id:
        qs = qs.filter(commune_id=commune_id)
    return qs.select_related("commune").annotate(product_count=Count("products")).order_by("name", "id")


def producer_get(*, scope: Scope, pk: int) -> Producer:
    return get_object_or_404(Producer.objects.select_related("commune").filter(scope.around_q("path")), pk=pk)


def producer_choices(*, scope: Scope, perm: str = "manage_products") -> QuerySet[Producer]:
    return Producer.objects.filter(scope.q("path", perm)).select_related("commune").order_by("name", "id")


def communes(*, scope: Scope, perm: str = "view") -> list[OrgUnit]:
    """Communes in the user's scope, in Vietnamese alphabetical order."""
    found = OrgUnit.objects.filter(scope.around_q("path", perm), kind=OrgUnit.Kind.COMMUNE).only("id", "name", "path")
    return sorted(found, key=lambda c: collation_key(c.name))


def label_products(*, scope: Scope, q: str = "") -> QuerySet[Product]:
    """Published products the user may print labels of."""
    qs = public_products().filter(scope.around_q("path"))
    if q:
        qs = qs.filter(search_q(Product._meta.db_table, q))
    return qs.select_related("producer").order_by("name", "id")


def product_history(product: Product) -> list:
    """Audit entries of the product and of its current photos and links, newest first."""
    return history(product, rows_of(product.photos), rows_of(product.links))


def producer_history(producer: Producer) -> list:
    return history(producer)


# --- public ---------------------------------------------------------------------------------------

def public_products() -> QuerySet[Product]:
    return Product.objects.filter(status=PUBLISHED, producer__status=PUBLISHED)


def catalogue(*, q: str = "", category: str = "", stars: int | None = None,
              commune_id: int | None = None) -> QuerySet[Product]:
    qs = public_products()
    if q:
        qs = qs.filter(search_q(Product._meta.db_table, q))
    if category:
        qs = qs.filter(category=category)
    if stars:
        qs = qs.filter(ocop_stars=stars)
    if commune_id:
        qs = qs.filter(commune_id=commune_id)
    return (qs.select_related("producer", "commune").prefetch_related(_cover_photos())
            .order_by("-ocop_stars", "name", "id"))


def catalogue_communes() -> list[OrgUnit]:
    """Only communes that have a published product (the catalogue's commune filter)."""
    ids = public_products().order_by().values_list("commune_id", flat=True).distinct()
    return sorted(OrgUnit.objects.filter(pk__in=ids).only("id", "name"), key=lambda c: collation_key(c.name))


def public_product(pk: int) -> Product:
    return get_object_or_404(
        public_products().select_related("producer", "commune").prefetch_related(
            Prefetch("photos", queryset=ProductPhoto.objects.order_by("position", "id"), to_attr="photo_list"),
            Prefetch("links", queryset=ProductLink.objects.order_by("position", "id"), to_attr="link_list")),
        pk=pk)


def public_producer(pk: int) -> Producer:
    return get_object_or_404(Producer.objects.filter(status=PUBLISHED).select_related("commune"), pk=pk)


def producer_public_products(producer: Producer) -> QuerySet[Product]:
    return (public_products().filter(producer=producer).select_related("producer", "commune")
            .prefetch_related(_cover_photos()).order_by("-ocop_stars", "name", "id"))


def other_products_of(product: Product, limit: int = 6) -> list[Product]:
    return list(producer_public_products(product.producer).exclude(pk=product.pk)[:limit])



import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tienphong.core.errors import DomainError
from tienphong.core.forms import run_action
from tienphong.core.pagecache import cached_page
from tienphong.core.pagination import paginate
from tienphong.core.public import lang_query, language_links, public_view
from tienphong.core.scope import get_scope
from tienphong.publishing.views import PhotoEditing, PublicContent

from . import selectors, services
from .forms import (
    CatalogueForm, LabelForm, LinkForm, PhotoForm, PhotoUploadForm, ProducerFilterForm, ProducerForm,
    ProductFilterForm, ProductForm,
)
from .models import Product, ProductLink, ProductPhoto

# Twelve cards a page: on a phone over 4G each card is a photo to fetch, decode and paint (Lighthouse
# measured 24 at 211 KB with 434 ms of blocking time); the pager is plain links.
CATALOGUE_PAGE = 12
LABEL_CHOICES_MAX = 300


def _has_perm(scope, perm):
    return scope.is_superuser or bool(scope.paths(perm))


PRODUCT = PublicContent(name="product", nav="products", perm="manage_products", get=selectors.product_get,
                        detail="product_detail", history=selectors.product_history)
PRODUCER = PublicContent(name="producer", nav="products", perm="manage_products", get=selectors.producer_get,
                         detail="producer_detail", history=selectors.producer_history)
PHOTOS = PhotoEditing(
    content=PRODUCT, model=ProductPhoto, template="products/product_photos.html", url="product_photos",
    add=services.photo_add, add_form=PhotoUploadForm, update=services.photo_update, edit_form=PhotoForm,
    move=services.photo_move, delete=services.photo_delete,
)


# --- products (staff) -----------------------------------------------------------------------------

def _list_page(request, filter_form, template, rows):
    """A staff list (products or producers): its filters, the communes to filter by, a page of
    `rows(scope, filters)`."""
    scope = get_scope(request)
    communes = selectors.communes(scope=scope)
    form = filter_form(request.GET or None, communes=communes)
    f = form.cleaned_data if form.is_valid() else {}
    return render(request, template, {
        "nav": "products", "form": form, "page": paginate(request, rows(scope, f)),
        "many_communes": len(communes) > 1, "can_manage": _has_perm(scope, "manage_products"),
    })


@login_required
def product_list(request):
    return _list_page(request, ProductFilterForm, "products/product_list.html", lambda scope, f: (
        selectors.product_list(scope=scope, q=f.get("q", ""), category=f.get("category", ""),
                               status=f.get("status", ""), commune_id=f.get("commune"))))


def _manage_choices(scope):
    communes = selectors.communes(scope=scope, perm="manage_products")
    if not communes:
        raise Http404
    return communes, selectors.producer_choices(scope=scope)


@login_required
def product_create(request):
    scope = get_scope(request)
    communes, producers = _manage_choices(scope)
    initial = {"category": Product.Category.OCOP}
    wanted = request.GET.get("producer", "")
    if wanted.isdigit() and producers.filter(pk=wanted).exists():
        initial["producer"] = int(wanted)
    if len(communes) == 1:
        initial["new_producer_commune"] = communes[0].pk
    form = ProductForm(request.POST or None, producers=producers, communes=communes, new_producer=True,
                       initial=initial)
    return (PRODUCT.saved(request, form, services.product_create,
                          _("Product %(name)s saved as a draft. Add photos, then publish it."), to="product_photos")
            or render(request, "products/product_form.html", {"nav": "products", "form": form, "product": None}))


@login_required
def product_edit(request, pk):
    product = PRODUCT.load(request, pk)
    form = ProductForm(request.POST or None, instance=product,
                       producers=selectors.producer_choices(scope=get_scope(request)))
    return (PRODUCT.saved(request, form, services.product_update, _("Changes saved."), product=product)
            or render(request, "products/product_form.html", {"nav": "products", "form": form, "product": product}))


def _product_page(request, product, link_form=None, status=200):
    return render(request, "products/product_detail.html", PRODUCT.context(
        request, product, producer=product.producer, photos=list(product.photos.order_by("position", "id")),
        links=list(product.links.order_by("position", "id")), link_form=link_form or LinkForm(),
    ), status=status)


@login_required
def product_detail(request, pk):
    return _product_page(request, PRODUCT.find(request, pk))


@login_required
@require_POST
def product_publish(request, pk):
    product = PRODUCT.load(request, pk)
    producer_was_draft = not product.producer.is_public
    if run_action(request, lambda: services.product_publish(product=product, by=request.user)):
        if producer_was_draft:
            messages.success(request, _("Published, together with its producer %(producer)s.")
                             % {"producer": product.producer.name})
        else:
            messages.success(request, _("Published: anyone can now open its page."))
    return redirect("product_detail", product.pk)


@login_required
@require_POST
def product_link_add(request, pk):
    product = PRODUCT.load(request, pk)
    form = LinkForm(request.POST)
    if form.submit(services.link_add, product=product, by=request.user):
        messages.success(request, _("Link added."))
        return redirect("product_detail", product.pk)
    return _product_page(request, product, link_form=form, status=400)


@login_required
@require_POST
def product_link_remove(request, pk, link_pk):
    product = PRODUCT.load(request, pk)
    link = get_object_or_404(ProductLink, pk=link_pk, product=product)
    run_action(request, lambda: services.link_remove(link=link, by=request.user), _("Link removed."))
    return redirect("product_detail", product.pk)


# --- producers (staff) ----------------------------------------------------------------------------

@login_required
def producer_list(request):
    return _list_page(request, ProducerFilterForm, "products/producer_list.html", lambda scope, f: (
        selectors.producer_list(scope=scope, q=f.get("q", ""), status=f.get("status", ""),
                                commune_id=f.get("commune"))))


@login_required
def producer_create(request):
    communes, _producers = _manage_choices(get_scope(request))
    form = ProducerForm(request.POST or None, communes=communes,
                        initial={"commune": communes[0].pk} if len(communes) == 1 else {})
    return (PRODUCER.saved(request, form, services.producer_create, _("Producer %(name)s saved as a draft."))
            or render(request, "products/producer_form.html", {"nav": "products", "form": form, "producer": None}))


@login_required
def producer_edit(request, pk):
    producer = PRODUCER.load(request, pk)
    communes = selectors.communes(scope=get_scope(request), perm="manage_products")
    form = ProducerForm(request.POST or None, instance=producer, communes=communes)
    return (PRODUCER.saved(request, form, services.producer_update, _("Changes saved."), producer=producer)
            or render(request, "products/producer_form.html", {"nav": "products", "form": form, "producer": producer}))


@login_required
def producer_detail(request, pk):
    producer, context = PRODUCER.open(request, pk)
    return render(request, "products/producer_detail.html", {
        **context, "products": selectors.product_list(scope=get_scope(request), producer_id=producer.pk)})


@login_required
@require_POST
def producer_unpublish(request, pk):
    producer = PRODUCER.load(request, pk)
    hidden = []
    if run_action(request, lambda: hidden.append(services.producer_unpublish(producer=producer, by=request.user))):
        messages.success(request, _("Back to draft: its public page is hidden, and the pages of its %(n)s "
                                    "published product(s) too.") % {"n": hidden[0]})
    return redirect("producer_detail", producer.pk)


# Photos and the plain publish/unpublish: the views every public page shares (tienphong.publishing).
product_photos = PHOTOS.photos_view
product_photo_update = PHOTOS.update_view
product_photo_move = PHOTOS.move_view
product_photo_delete = PHOTOS.delete_view
product_unpublish = PRODUCT.action(services.product_unpublish,
                                   gettext_lazy("Back to draft: its public page is hidden."))
producer_publish = PRODUCER.action(services.producer_publish,
                                   gettext_lazy("Published: anyone can now open its page."))


# --- label sheet ----------------------------------------------------------------------------------

@login_required
def product_labels(request):
    """Pick published products, a label size and copies; get a PDF of labels with their QR codes."""
    scope = get_scope(request)
    q = request.GET.get("q", "").strip()[:100]
    choices = selectors.label_products(scope=scope, q=q)
    form = LabelForm(request.POST or None, products=selectors.label_products(scope=scope))
    if request.method == "POST" and form.is_valid():
        from . import labels  # the QR app's PDF drawing (reportlab) is loaded only for this page

        data = form.cleaned_data
        try:
            pdf = labels.label_sheet(request, list(data["products"]), copies=data["copies"],
                                     width_mm=float(data["width_mm"]), height_mm=float(data["height_mm"]),
                                     show_price=data["show_price"])
        except DomainError as e:
            form.add_error("width_mm" if data["size"] == "custom" else None, e.message)
        else:
            response = HttpResponse(pdf, content_type="application/pdf")
            response["Content-Disposition"] = 'inline; filename="nhan-san-pham.pdf"'
            return response
    ticked = {str(v) for v in (form["products"].value() or [])}
    shown = list(choices[:LABEL_CHOICES_MAX])
    return render(request, "products/labels.html", {
        "nav": "products", "form": form, "q": q, "shown": shown, "ticked": ticked,
        "more": choices.count() > LABEL_CHOICES_MAX,
    })


# --- public pages ---------------------------------------------------------------------------------

def _key(*parts) -> str:
    raw = "|".join(str(p) for p in parts)
    return "products:" + hashlib.sha1(raw.encode()).hexdigest()


@public_view
def product_catalogue(request):
    form = CatalogueForm(request.GET or None)  # checked without a query: a cached page costs none
    form.is_valid()
    # The valid filters only, in a fixed order: they make the cache key, the links and the form shown.
    f = {k: v for k, v in getattr(form, "cleaned_data", {}).items() if v not in (None, "")}
    params = {k: f[k] for k in ("q", "category", "stars", "commune") if k in f}
    page_no = request.GET.get("page", "")
    page_no = int(page_no) if page_no.isdigit() and len(page_no) < 6 else 1
    key = _key("catalogue", request.public_lang, sorted(params.items()), page_no)

    def render_page():
        products = selectors.catalogue(q=f.get("q", ""), category=f.get("category", ""), stars=f.get("stars"),
                                       commune_id=f.get("commune"))
        page = Paginator(products, CATALOGUE_PAGE).get_page(page_no)
        return render(request, "products/public/catalogue.html", {
            "form": CatalogueForm(params or None, communes=selectors.catalogue_communes()),
            "page": page, "searching": bool(params), "lang_links": language_links(request, **params),
            "prev_url": lang_query(request.public_lang, **params, page=page.previous_page_number())
            if page.has_previous() else "",
            "next_url": lang_query(request.public_lang, **params, page=page.next_page_number())
            if page.has_next() else "",
        })

    return cached_page(key, render_page)


@public_view
def visit_product(request, pk):
    def render_page():
        product = selectors.public_product(pk)
        photos = product.photo_list
        return render(request, "products/public/product.html", {
            "product": product, "producer": product.producer, "photos": photos,
            # Zalo and Facebook previews need an absolute address.
            "og_image": request.build_absolute_uri(photos[0].small.url) if photos else "",
            "links": product.link_list, "others": selectors.other_products_of(product),
            "lang_links": language_links(request),
        })

    return cached_page(_key("product", pk, request.public_lang), render_page)


@public_view
def visit_producer(request, pk):
    def render_page():
        producer = selectors.public_producer(pk)
        return render(request, "products/public/producer.html", {
            "producer": producer, "products": selectors.producer_public_products(producer),
            "lang_links": language_links(request),
        })

    return cached_page(_key("producer", pk, request.public_lang), render_page)

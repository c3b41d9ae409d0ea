import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tienphong.core.scope import get_scope
from tienphong.core.errors import DomainError
from tienphong.core.forms import run_action
from tienphong.core.models import AuditEntry
from tienphong.core.pagecache import cached_page
from tienphong.core.pagination import paginate
from tienphong.core.public import lang_query, language_links, public_view

from . import selectors, services
from .forms import (
    CatalogueForm, LabelForm, LinkForm, PhotoForm, PhotoUploadForm, ProducerFilterForm, ProducerForm,
    ProductFilterForm, ProductForm,
)
from .models import Producer, Product, ProductLink, ProductPhoto

CATALOGUE_PAGE = 24
LABEL_CHOICES_MAX = 300


def _has_perm(scope, perm):
    return scope.is_superuser or bool(scope.paths(perm))


def _history(product: Product):
    """Audit rows of the product and of its current photos and links, newest first."""
    types = ContentType.objects.get_for_models(Product, ProductPhoto, ProductLink)
    q = Q(content_type=types[Product], object_pk=str(product.pk))
    photo_ids = [str(pk) for pk in product.photos.values_list("pk", flat=True)]
    link_ids = [str(pk) for pk in product.links.values_list("pk", flat=True)]
    if photo_ids:
        q |= Q(content_type=types[ProductPhoto], object_pk__in=photo_ids)
    if link_ids:
        q |= Q(content_type=types[ProductLink], object_pk__in=link_ids)
    return AuditEntry.objects.filter(q).select_related("actor", "content_type").order_by("-timestamp", "-id")[:30]


def _producer_history(producer: Producer):
    types = ContentType.objects.get_for_model(Producer)
    return (AuditEntry.objects.filter(content_type=types, object_pk=str(producer.pk))
            .select_related("actor", "content_type").order_by("-timestamp", "-id")[:30])


# --- products (staff) -----------------------------------------------------------------------------

@login_required
def product_list(request):
    scope = get_scope(request)
    communes = selectors.communes(scope=scope)
    form = ProductFilterForm(request.GET or None, communes=communes)
    f = form.cleaned_data if form.is_valid() else {}
    products = selectors.product_list(scope=scope, q=f.get("q", ""), category=f.get("category", ""),
                                      status=f.get("status", ""), commune_id=f.get("commune"))
    return render(request, "products/product_list.html", {
        "nav": "products", "form": form, "page": paginate(request, products),
        "many_communes": len(communes) > 1, "can_manage": _has_perm(scope, "manage_products"),
    })


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
    if request.method == "POST":
        product = form.submit(services.product_create, by=request.user)
        if product:
            messages.success(request, _("Product %(name)s saved as a draft. Add photos, then publish it.")
                             % {"name": product.name})
            return redirect("product_photos", product.pk)
    return render(request, "products/product_form.html", {"nav": "products", "form": form, "product": None})


@login_required
def product_edit(request, pk):
    scope = get_scope(request)
    product = selectors.product_get(scope=scope, pk=pk)
    scope.require(product.path, "manage_products")
    form = ProductForm(request.POST or None, instance=product, producers=selectors.producer_choices(scope=scope))
    if request.method == "POST":
        if form.submit(services.product_update, product=product, by=request.user):
            messages.success(request, _("Changes saved."))
            return redirect("product_detail", product.pk)
    return render(request, "products/product_form.html", {"nav": "products", "form": form, "product": product})


def _detail_context(request, product, link_form=None):
    scope = get_scope(request)
    can_manage = scope.allows(product.path, "manage_products")
    return {
        "nav": "products", "product": product, "producer": product.producer,
        "photos": list(product.photos.order_by("position", "id")),
        "links": list(product.links.order_by("position", "id")),
        "can_manage": can_manage, "link_form": link_form or LinkForm(),
        "history": _history(product) if can_manage else [],
    }


@login_required
def product_detail(request, pk):
    product = selectors.product_get(scope=get_scope(request), pk=pk)
    return render(request, "products/product_detail.html", _detail_context(request, product))


def _managed_product(request, pk) -> Product:
    scope = get_scope(request)
    product = selectors.product_get(scope=scope, pk=pk)
    scope.require(product.path, "manage_products")
    return product


@login_required
@require_POST
def product_publish(request, pk):
    product = _managed_product(request, pk)
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
def product_unpublish(request, pk):
    product = _managed_product(request, pk)
    run_action(request, lambda: services.product_unpublish(product=product, by=request.user),
               _("Back to draft: its public page is hidden."))
    return redirect("product_detail", product.pk)


@login_required
def product_photos(request, pk):
    """Upload several photos at once; caption, order and remove the ones there."""
    product = _managed_product(request, pk)
    form = PhotoUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        made = form.submit(services.photo_add, product=product, by=request.user)
        if made:
            messages.success(request, _("%(n)s photo(s) added.") % {"n": len(made)})
            return redirect("product_photos", product.pk)
    photos = list(product.photos.order_by("position", "id"))
    return render(request, "products/product_photos.html", {
        "nav": "products", "product": product, "form": form,
        "rows": [(p, PhotoForm(instance=p, prefix=f"p{p.pk}")) for p in photos],
    })


def _managed_photo(request, pk, photo_pk):
    product = _managed_product(request, pk)
    return product, get_object_or_404(ProductPhoto, pk=photo_pk, product=product)


@login_required
@require_POST
def product_photo_update(request, pk, photo_pk):
    product, photo = _managed_photo(request, pk, photo_pk)
    form = PhotoForm(request.POST, instance=photo, prefix=f"p{photo.pk}")
    if form.submit(services.photo_update, photo=photo, by=request.user):
        messages.success(request, _("Photo saved."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("product_photos", product.pk)


@login_required
@require_POST
def product_photo_move(request, pk, photo_pk):
    product, photo = _managed_photo(request, pk, photo_pk)
    run_action(request, lambda: services.photo_move(photo=photo, up=request.POST.get("to") == "up", by=request.user))
    return redirect("product_photos", product.pk)


@login_required
@require_POST
def product_photo_delete(request, pk, photo_pk):
    product, photo = _managed_photo(request, pk, photo_pk)
    run_action(request, lambda: services.photo_delete(photo=photo, by=request.user), _("Photo removed."))
    return redirect("product_photos", product.pk)


@login_required
@require_POST
def product_link_add(request, pk):
    product = _managed_product(request, pk)
    form = LinkForm(request.POST)
    if form.submit(services.link_add, product=product, by=request.user):
        messages.success(request, _("Link added."))
        return redirect("product_detail", product.pk)
    return render(request, "products/product_detail.html", _detail_context(request, product, link_form=form),
                  status=400)


@login_required
@require_POST
def product_link_remove(request, pk, link_pk):
    product = _managed_product(request, pk)
    link = get_object_or_404(ProductLink, pk=link_pk, product=product)
    run_action(request, lambda: services.link_remove(link=link, by=request.user), _("Link removed."))
    return redirect("product_detail", product.pk)


# --- producers (staff) ----------------------------------------------------------------------------

@login_required
def producer_list(request):
    scope = get_scope(request)
    communes = selectors.communes(scope=scope)
    form = ProducerFilterForm(request.GET or None, communes=communes)
    f = form.cleaned_data if form.is_valid() else {}
    producers = selectors.producer_list(scope=scope, q=f.get("q", ""), status=f.get("status", ""),
                                        commune_id=f.get("commune"))
    return render(request, "products/producer_list.html", {
        "nav": "products", "form": form, "page": paginate(request, producers),
        "many_communes": len(communes) > 1, "can_manage": _has_perm(scope, "manage_products"),
    })


@login_required
def producer_create(request):
    scope = get_scope(request)
    communes, _producers = _manage_choices(scope)
    initial = {"commune": communes[0].pk} if len(communes) == 1 else {}
    form = ProducerForm(request.POST or None, communes=communes, initial=initial)
    if request.method == "POST":
        producer = form.submit(services.producer_create, by=request.user)
        if producer:
            messages.success(request, _("Producer %(name)s saved as a draft.") % {"name": producer.name})
            return redirect("producer_detail", producer.pk)
    return render(request, "products/producer_form.html", {"nav": "products", "form": form, "producer": None})


def _managed_producer(request, pk) -> Producer:
    scope = get_scope(request)
    producer = selectors.producer_get(scope=scope, pk=pk)
    scope.require(producer.path, "manage_products")
    return producer


@login_required
def producer_edit(request, pk):
    producer = _managed_producer(request, pk)
    communes = selectors.communes(scope=get_scope(request), perm="manage_products")
    form = ProducerForm(request.POST or None, instance=producer, communes=communes)
    if request.method == "POST":
        if form.submit(services.producer_update, producer=producer, by=request.user):
            messages.success(request, _("Changes saved."))
            return redirect("producer_detail", producer.pk)
    return render(request, "products/producer_form.html", {"nav": "products", "form": form, "producer": producer})


@login_required
def producer_detail(request, pk):
    scope = get_scope(request)
    producer = selectors.producer_get(scope=scope, pk=pk)
    can_manage = scope.allows(producer.path, "manage_products")
    return render(request, "products/producer_detail.html", {
        "nav": "products", "producer": producer, "can_manage": can_manage,
        "products": selectors.product_list(scope=scope, producer_id=producer.pk),
        "history": _producer_history(producer) if can_manage else [],
    })


@login_required
@require_POST
def producer_publish(request, pk):
    producer = _managed_producer(request, pk)
    run_action(request, lambda: services.producer_publish(producer=producer, by=request.user),
               _("Published: anyone can now open its page."))
    return redirect("producer_detail", producer.pk)


@login_required
@require_POST
def producer_unpublish(request, pk):
    producer = _managed_producer(request, pk)
    hidden = []
    if run_action(request, lambda: hidden.append(services.producer_unpublish(producer=producer, by=request.user))):
        messages.success(request, _("Back to draft: its public page is hidden, and the pages of its %(n)s "
                                    "published product(s) too.") % {"n": hidden[0]})
    return redirect("producer_detail", producer.pk)


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

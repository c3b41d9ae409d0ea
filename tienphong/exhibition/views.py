"""The virtual exhibition's pages: the standing gallery and an event's gallery (public, cached, no
script), and the organiser's page that picks the event's items (staff, scoped)."""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tienphong.core.pagecache import cached_page
from tienphong.core.public import lang_query, language_links, public_view
from tienphong.core.scope import get_scope
from tienphong.events.models import Event
from tienphong.events.selectors import event_get

from . import selectors, services
from .forms import GalleryForm, PicksForm

# Twelve cards a page, as the product catalogue (each card is a photo to fetch on 3G).
GALLERY_PAGE = 12
# The organiser's tick lists: past this, a search finds the others.
CHOICES_SHOWN = 300


def _key(*parts) -> str:
    return "exhibition:" + hashlib.sha1("|".join(str(p) for p in parts).encode()).hexdigest()


def _filters(request) -> tuple[dict, int]:
    """The valid filters only, in a fixed order (they make the cache key, the links and the form shown),
    and the page number."""
    form = GalleryForm(request.GET or None)  # checked without a query: a cached page costs none
    form.is_valid()
    f = {k: v for k, v in getattr(form, "cleaned_data", {}).items() if v not in (None, "")}
    page_no = request.GET.get("page", "")
    return {k: f[k] for k in ("commune", "kind") if k in f}, (int(page_no) if page_no.isdigit() and len(page_no) < 6
                                                             else 1)


def _render(request, *, params, page_no, objects, communes, event=None):
    page = Paginator(objects, GALLERY_PAGE).get_page(page_no)
    cards = [selectors.card(obj) for obj in page.object_list]
    codes = services.codes(objects=[c.obj for c in cards])
    for c in cards:
        c.code = codes[type(c.obj), c.obj.pk]
    lang = request.public_lang
    return render(request, "exhibition/gallery.html", {
        "event": event, "form": GalleryForm(params or None, communes=communes), "page": page, "cards": cards,
        "filtering": bool(params), "lang_links": language_links(request, **params),
        "prev_url": lang_query(lang, **params, page=page.previous_page_number()) if page.has_previous() else "",
        "next_url": lang_query(lang, **params, page=page.next_page_number()) if page.has_next() else "",
    })


@public_view
def gallery(request):
    """The standing exhibition: every youth-made product and approved youth work with photos."""
    params, page_no = _filters(request)

    def render_page():
        return _render(request, params=params, page_no=page_no, objects=selectors.gallery(
            commune_id=params.get("commune"), kind=params.get("kind", "")), communes=selectors.gallery_communes())

    return cached_page(_key("standing", request.public_lang, sorted(params.items()), page_no), render_page)


@public_view
def event_gallery(request, pk):
    """An event's exhibition: what its organiser picked. Not found until something is picked."""
    params, page_no = _filters(request)

    def render_page():
        event = get_object_or_404(Event.objects.select_related("unit"), pk=pk)
        shown = selectors.event_gallery(event)
        if not shown:
            raise Http404
        return _render(request, params=params, page_no=page_no, event=event, communes=selectors.communes_of(shown),
                       objects=[o for o in shown if selectors.matches(o, commune_id=params.get("commune"),
                                                                      kind=params.get("kind", ""))])

    return cached_page(_key("event", pk, request.public_lang, sorted(params.items()), page_no), render_page)


@login_required
def event_exhibition(request, pk):
    """The organiser ticks the youth-made products and works of the event's province to show."""
    event = event_get(scope=get_scope(request), pk=pk, perm="manage_events")
    q = request.GET.get("q", "").strip()[:100]
    form = PicksForm(request.POST or None, products=selectors.candidate_products(event),
                     works=selectors.candidate_works(event))
    if request.method == "POST":
        done = form.submit(services.picks_set, event=event, by=request.user)
        if done:
            added, removed = done
            messages.success(request, _("Exhibition saved: %(added)s added, %(removed)s removed.")
                             % {"added": added, "removed": removed})
            return redirect("event_exhibition", event.pk)
    items = selectors.picks(event)
    picked_products = {i.product_id for i in items if i.product_id}
    picked_works = {i.work_id for i in items if i.work_id}
    if form.is_bound:
        picked_products = {int(v) for v in form.data.getlist("products") if v.isdigit()}
        picked_works = {int(v) for v in form.data.getlist("works") if v.isdigit()}
    # Every pick is listed (ticked), then the other candidates matching the search.
    products = _listed(selectors.candidate_products(event), selectors.candidate_products(event, q), picked_products)
    works = _listed(selectors.candidate_works(event), selectors.candidate_works(event, q), picked_works)
    return render(request, "exhibition/picks.html", {
        "nav": "events", "event": event, "form": form, "q": q, "products": products, "works": works,
        "picked_products": picked_products, "picked_works": picked_works, "has_picks": bool(items),
    })


def _listed(candidates, found, picked) -> dict:
    ticked = list(candidates.filter(pk__in=picked))
    others = list(found.exclude(pk__in=picked)[:CHOICES_SHOWN + 1])
    return {"rows": ticked + others[:CHOICES_SHOWN], "more": len(others) > CHOICES_SHOWN}

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tienphong.core.scope import get_scope
from tienphong.core.errors import DomainError
from tienphong.core.forms import run_action
from tienphong.core.images import SMALL_PX
from tienphong.core.pagecache import cached_page
from tienphong.core.pagination import paginate
from tienphong.core.public import LANGUAGE_NAMES, STORY_LANGUAGES, language_links, public_view

from . import selectors, services
from .forms import PhotoAddForm, PhotoEditForm, PlaceFilterForm, PlaceForm, StoryForm, format_coordinates
from .models import Place, PlacePhoto

# Offered first on every place; the other story languages are added when someone writes one.
MAIN_LANGUAGES = ("vi", "en")


def _absolute(request, url: str) -> str:
    """The address as printed or shared: PUBLIC_BASE_URL when set, else the request's host."""
    return settings.PUBLIC_BASE_URL + url if settings.PUBLIC_BASE_URL else request.build_absolute_uri(url)


# --- staff ----------------------------------------------------------------------------------------

def _managed_place(request, pk) -> Place:
    """The place, if the user may change it: others get a 404 (a volunteer, an outsider)."""
    scope = get_scope(request)
    place = selectors.place_get(scope=scope, pk=pk)
    scope.require(place.path, "manage_places")
    return place


@login_required
def place_list(request):
    scope = get_scope(request)
    form = PlaceFilterForm(request.GET or None)
    f = form.cleaned_data if form.is_valid() else {}
    places = selectors.place_list(scope=scope, kind=f.get("kind", ""), status=f.get("status", ""),
                                  q=f.get("q", ""))
    return render(request, "places/place_list.html", {
        "nav": "places", "form": form, "page": paginate(request, places),
        "can_create": selectors.manageable_communes(scope).exists(),
    })


@login_required
def place_create(request):
    scope = get_scope(request)
    communes = selectors.manageable_communes(scope)
    if not communes.exists():
        raise Http404
    home = scope.home_unit
    initial = {"kind": request.GET.get("kind") if request.GET.get("kind") in Place.Kind.values
               else Place.Kind.CULTURE_HOUSE}
    if home is not None and communes.filter(pk=home.pk).exists():
        initial["commune"] = home.pk
    form = PlaceForm(request.POST or None, communes=communes, initial=initial)
    if request.method == "POST":
        place = form.submit(services.place_create, by=request.user)
        if place:
            messages.success(request, _("Place %(name)s added as a draft.") % {"name": place.name})
            return redirect("place_detail", place.pk)
    return render(request, "places/place_form.html", {
        "nav": "places", "form": form, "place": None, "one_commune": communes.count() == 1})


@login_required
def place_edit(request, pk):
    place = _managed_place(request, pk)
    communes = selectors.manageable_communes(get_scope(request))
    form = PlaceForm(request.POST or None, instance=place, communes=communes)
    if request.method == "POST":
        if form.submit(services.place_update, place=place, by=request.user):
            messages.success(request, _("Changes saved."))
            return redirect("place_detail", place.pk)
    return render(request, "places/place_form.html", {
        "nav": "places", "form": form, "place": place, "one_commune": communes.count() == 1})


def _story_rows(place, stories):
    by_lang = {s.language: s for s in stories}
    codes = list(MAIN_LANGUAGES) + [code for code, _name in STORY_LANGUAGES
                                    if code in by_lang and code not in MAIN_LANGUAGES]
    rows = [{"code": code, "name": LANGUAGE_NAMES[code], "story": by_lang.get(code)} for code in codes]
    more = [{"code": code, "name": name} for code, name in STORY_LANGUAGES if code not in codes]
    return rows, more


@login_required
def place_detail(request, pk):
    scope = get_scope(request)
    place = selectors.place_get(scope=scope, pk=pk)
    can_manage = scope.allows(place.path, "manage_places")
    stories = list(place.stories.all())
    rows, more = _story_rows(place, stories)
    public_url = place.get_public_url()
    return render(request, "places/place_detail.html", {
        "nav": "places", "place": place, "can_manage": can_manage, "story_rows": rows, "more_languages": more,
        "photos": list(place.photos.all()), "works": list(selectors.linked_works(place)[:20]),
        "public_url": _absolute(request, public_url),
        "history": selectors.place_history(place) if can_manage else [],
        "coordinates": format_coordinates(place.latitude, place.longitude),
        "needs_story": place.tells_story and not any(s.language == "vi" and s.body for s in stories),
    })


@login_required
def place_story(request, pk, lang):
    place = _managed_place(request, pk)
    if lang not in LANGUAGE_NAMES:
        raise Http404
    story = place.stories.filter(language=lang).first()
    form = StoryForm(request.POST or None, request.FILES or None, story=story)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.story_save(place=place, language=lang, by=request.user, **form.cleaned_data)
        except DomainError as e:
            form.add_error(form.error_fields.get(e.code), e.message)
        else:
            messages.success(request, _("Story saved.") if saved else _("Story removed."))
            return redirect("place_detail", place.pk)
    return render(request, "places/story_form.html", {
        "nav": "places", "place": place, "story": story, "form": form, "lang": lang,
        "lang_name": LANGUAGE_NAMES[lang]})


@login_required
def place_photos(request, pk):
    place = _managed_place(request, pk)
    form = PhotoAddForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        added = form.submit(services.photo_add, place=place, by=request.user)
        if added:
            messages.success(request, _("%(n)s photo(s) added.") % {"n": len(added)})
            return redirect("place_photos", place.pk)
    photos = list(place.photos.all())
    return render(request, "places/photos.html", {
        "nav": "places", "place": place, "form": form,
        "photos": [(p, PhotoEditForm(instance=p, prefix=f"p{p.pk}")) for p in photos]})


@login_required
@require_POST
def place_photo_update(request, pk, photo_pk):
    place = _managed_place(request, pk)
    photo = get_object_or_404(PlacePhoto, pk=photo_pk, place=place)
    form = PhotoEditForm(request.POST, instance=photo, prefix=f"p{photo.pk}")
    if form.submit(services.photo_update, photo=photo, by=request.user):
        messages.success(request, _("Photo saved."))
    else:
        errors = [str(e) for errs in form.errors.values() for e in errs]
        messages.error(request, " ".join(errors) or _("The photo could not be saved."))
    return redirect("place_photos", place.pk)


@login_required
@require_POST
def place_photo_delete(request, pk, photo_pk):
    place = _managed_place(request, pk)
    photo = get_object_or_404(PlacePhoto, pk=photo_pk, place=place)
    run_action(request, lambda: services.photo_delete(photo=photo, by=request.user), _("Photo removed."))
    return redirect("place_photos", place.pk)


@login_required
@require_POST
def place_publish(request, pk):
    place = _managed_place(request, pk)
    run_action(request, lambda: services.place_publish(place=place, by=request.user),
               _("Published: visitors can now open the page."))
    return redirect("place_detail", place.pk)


@login_required
@require_POST
def place_unpublish(request, pk):
    place = _managed_place(request, pk)
    run_action(request, lambda: services.place_unpublish(place=place, by=request.user),
               _("Unpublished: the page is a draft again."))
    return redirect("place_detail", place.pk)


# --- public ---------------------------------------------------------------------------------------

def _small_size(photo):
    """The small rendition's size, from the large one's (both keep the photo's proportions)."""
    w, h = photo.width or SMALL_PX, photo.height or SMALL_PX
    scale = min(1.0, SMALL_PX / max(w, h))
    return round(w * scale), round(h * scale)


def _minutes(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def _render_place(request, pk):
    place = selectors.public_place(pk)
    lang = request.public_lang
    stories = list(place.stories.all())
    choice = selectors.story_for(stories, lang)
    own = next((s for s in stories if s.language == lang), None)
    photos = list(place.photos.all())
    for photo in photos:
        photo.small_width, photo.small_height = _small_size(photo)
    codes = list(MAIN_LANGUAGES) + [c for c, _n in STORY_LANGUAGES
                                    if c not in MAIN_LANGUAGES and any(s.language == c for s in stories)]
    works = list(selectors.linked_works(place, approved_only=True)[:10])
    nearby = [{"place": p, "km": km, "url": p.get_public_url() + request.lang_q}
              for p, km in selectors.nearby_places(place)]
    return render(request, "places/visit_place.html", {
        "place": place, "title": (own.title if own and own.title else place.name),
        "story": choice.story, "fallback": choice.fallback, "audio": choice.audio,
        "audio_length": _minutes(choice.audio.audio_seconds) if choice.audio and choice.audio.audio_seconds else "",
        "hero": photos[0] if photos else None, "gallery": photos[1:],
        "works": works, "nearby": nearby, "lang_links": language_links(request, codes),
        # Zalo and Facebook show this picture with a shared link: it must be an absolute address.
        "og_image": _absolute(request, photos[0].image.url) if photos else "",
    })


@public_view
def visit_place(request, pk):
    """A place's public page (what its QR code opens): no login, no script, cached whole."""
    return cached_page(f"place:{pk}:{request.public_lang}", lambda: _render_place(request, pk))


# Circle colours on the map and beside the list's headings, one per kind.
KIND_COLOURS = {
    "relic": "#c8102e", "red_address": "#8a1538", "culture_house": "#b7791f", "wifi_point": "#0b57d0",
    "digital_library": "#2f855a", "school": "#6b46c1", "commune_hall": "#4a5568", "village": "#718096",
    "service_center": "#2c7a7b", "other": "#5b6475",
}


def _render_map(request, kind):
    places = selectors.map_places(kind)
    kinds = dict(Place.Kind.choices)
    groups = {}
    for p in places:
        groups.setdefault(p.kind, []).append(p)
    order = [k for k in Place.Kind.values if k in groups]
    points = [{"id": p.pk, "name": p.name, "kind": p.kind, "kindName": str(kinds[p.kind]),
               "lat": p.latitude, "lon": p.longitude, "url": p.get_public_url() + request.lang_q}
              for p in places if p.latitude is not None and p.longitude is not None]
    present = selectors.published_kinds() if kind else {p.kind for p in places}
    return render(request, "places/visit_map.html", {
        "groups": [{"kind": k, "name": kinds[k], "colour": KIND_COLOURS[k], "places": groups[k]} for k in order],
        "kind": kind, "kind_choices": [(k, kinds[k]) for k in Place.Kind.values if k in present],
        "map_data": {"points": points, "tiles": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION,
                     "colours": KIND_COLOURS},
        "lang_links": language_links(request, MAIN_LANGUAGES, kind=kind),
    })


@public_view
def visit_map(request):
    """Published places on a map (points drawn without any tile server), and the same as a list."""
    kind = request.GET.get("kind", "")
    if kind not in Place.Kind.values:
        kind = ""
    return cached_page(f"map:{request.public_lang}:{kind}", lambda: _render_map(request, kind))

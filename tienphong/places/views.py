from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tienphong.core.errors import DomainError
from tienphong.core.images import SMALL_PX
from tienphong.core.pagecache import cached_page
from tienphong.core.pagination import paginate
from tienphong.core.public import LANGUAGE_NAMES, STORY_LANGUAGES, language_links, public_view
from tienphong.core.scope import get_scope
from tienphong.publishing.views import PhotoEditing, PublicContent

from . import selectors, services
from .forms import PhotoAddForm, PhotoEditForm, PlaceFilterForm, PlaceForm, StoryForm, format_coordinates
from .models import Place, PlacePhoto

# Offered first on every place; the other story languages are added when someone writes one.
MAIN_LANGUAGES = ("vi", "en")


def _absolute(request, url: str) -> str:
    """The address as printed or shared: PUBLIC_BASE_URL when set, else the request's host."""
    return settings.PUBLIC_BASE_URL + url if settings.PUBLIC_BASE_URL else request.build_absolute_uri(url)


# --- staff ----------------------------------------------------------------------------------------

PLACE = PublicContent(name="place", nav="places", perm="manage_places", get=selectors.place_get,
                      detail="place_detail", history=selectors.place_history)
PHOTOS = PhotoEditing(content=PLACE, model=PlacePhoto, add=services.photo_add, update=services.photo_update,
                      delete=services.photo_delete, add_form=PhotoAddForm, edit_form=PhotoEditForm,
                      template="places/photos.html", url="place_photos")


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
    return (PLACE.saved(request, form, services.place_create, _("Place %(name)s added as a draft."))
            or render(request, "places/place_form.html", {
                "nav": "places", "form": form, "place": None, "one_commune": communes.count() == 1}))


@login_required
def place_edit(request, pk):
    place = PLACE.load(request, pk)
    communes = selectors.manageable_communes(get_scope(request))
    form = PlaceForm(request.POST or None, instance=place, communes=communes)
    return (PLACE.saved(request, form, services.place_update, _("Changes saved."), place=place)
            or render(request, "places/place_form.html", {
                "nav": "places", "form": form, "place": place, "one_commune": communes.count() == 1}))


def _story_rows(place, stories):
    by_lang = {s.language: s for s in stories}
    codes = list(MAIN_LANGUAGES) + [code for code, _name in STORY_LANGUAGES
                                    if code in by_lang and code not in MAIN_LANGUAGES]
    rows = [{"code": code, "name": LANGUAGE_NAMES[code], "story": by_lang.get(code)} for code in codes]
    more = [{"code": code, "name": name} for code, name in STORY_LANGUAGES if code not in codes]
    return rows, more


@login_required
def place_detail(request, pk):
    place, context = PLACE.open(request, pk)
    stories = list(place.stories.all())
    rows, more = _story_rows(place, stories)
    return render(request, "places/place_detail.html", {
        **context, "story_rows": rows, "more_languages": more,
        "photos": list(place.photos.all()), "works": list(selectors.linked_works(place)[:20]),
        "public_url": _absolute(request, place.get_public_url()),
        "coordinates": format_coordinates(place.latitude, place.longitude),
        "needs_story": place.tells_story and not any(s.language == "vi" and s.body for s in stories),
    })


@login_required
def place_story(request, pk, lang):
    place = PLACE.load(request, pk)
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


# Photos and publishing: the views every public page shares (tienphong.publishing).
place_photos = PHOTOS.photos_view
place_photo_update = PHOTOS.update_view
place_photo_delete = PHOTOS.delete_view
place_publish = PLACE.action(services.place_publish, gettext_lazy("Published: visitors can now open the page."))
place_unpublish = PLACE.action(services.place_unpublish, gettext_lazy("Unpublished: the page is a draft again."))


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
    points = [{"id": p.pk, "name": p.name, "commune": p.commune.name, "kind": p.kind, "kindName": str(kinds[p.kind]),
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

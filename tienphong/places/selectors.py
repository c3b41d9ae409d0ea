"""Reads for places: the staff's scoped lists, and what a public page shows (its story in the
visitor's language, photos, the youth works that equipped it, its published neighbours)."""

import math
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from tienphong.core.models import AuditEntry
from tienphong.core.scope import Scope
from tienphong.core.text import words_q
from tienphong.publishing.models import PublishStatus
from tienphong.publishing.selectors import history
from tienphong.units.models import OrgUnit

from .models import Place, PlacePhoto, PlaceStory

# Nearby places: within this distance, the closest few.
NEARBY_KM = 10.0
NEARBY_COUNT = 5
EARTH_KM = 6371.0088
KM_PER_DEGREE = math.pi * EARTH_KM / 180  # along a meridian


# --- staff ----------------------------------------------------------------------------------------

def visible_places(scope: Scope) -> QuerySet[Place]:
    """Places the user may see: those of their subtree, and a volunteer's (branch) commune's."""
    return Place.objects.filter(scope.around_q("path"))


def place_list(*, scope: Scope, kind: str = "", status: str = "", q: str = "",
               commune: OrgUnit | None = None) -> QuerySet[Place]:
    qs = visible_places(scope)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if commune is not None:
        qs = qs.filter(commune=commune)
    if q:
        qs = qs.filter(words_q(q))
    return qs.select_related("commune").order_by("name", "id")


def place_get(*, scope: Scope, pk: int) -> Place:
    return get_object_or_404(visible_places(scope).select_related("commune"), pk=pk)


def manageable_communes(scope: Scope) -> QuerySet[OrgUnit]:
    """Communes whose places the user may add and change."""
    return OrgUnit.objects.filter(scope.q("path", "manage_places"), kind=OrgUnit.Kind.COMMUNE).order_by("name")


def place_history(place: Place, limit: int = 30) -> list[AuditEntry]:
    """Audit entries of the place, its stories and its photos (deleted ones too: their entries carry
    the place's id), newest first."""
    types = ContentType.objects.get_for_models(PlaceStory, PlacePhoto)
    parts = Q(content_type__in=list(types.values()), additional_data__place_id=place.pk)
    return history(place, parts, limit=limit)


def linked_works(place: Place, approved_only: bool = False):
    """The youth works done at the place (campaigns hangs them on it: `YouthWork.place`, related name
    `youth_works`); read through that relation, so this app needs nothing from the one above it."""
    qs = place.youth_works.select_related("team")
    if approved_only:
        qs = qs.filter(status="approved")  # YouthWork.Status.APPROVED
    return qs.order_by("-completed_on", "-id")


# --- public ---------------------------------------------------------------------------------------

def published_places() -> QuerySet[Place]:
    return Place.objects.filter(status=PublishStatus.PUBLISHED, active=True)


def public_place(pk: int) -> Place:
    """A published, active place, or 404 (a draft's page does not exist for visitors)."""
    return get_object_or_404(published_places().select_related("commune"), pk=pk)


@dataclass
class StoryChoice:
    story: PlaceStory | None  # the story shown (None: the place has none)
    fallback: bool  # shown in Vietnamese because the page's language has none yet
    audio: PlaceStory | None  # whose audio guide plays (may be the Vietnamese one)


def story_for(stories: list[PlaceStory], language: str) -> StoryChoice:
    by_lang = {s.language: s for s in stories}
    own, vi = by_lang.get(language), by_lang.get("vi")
    story = own if own and own.body else None
    fallback = False
    if story is None and vi and vi.body:
        story, fallback = vi, language != "vi"
    audio = next((s for s in (own, vi) if s and s.audio), None)
    return StoryChoice(story=story, fallback=fallback, audio=audio)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def nearby_places(place: Place, km: float = NEARBY_KM, count: int = NEARBY_COUNT) -> list[tuple[Place, float]]:
    """Published places within `km` of this one, nearest first, as (place, distance in km).

    A latitude/longitude box narrows the rows in the database; the exact distance is computed here.
    """
    if place.latitude is None or place.longitude is None:
        return []
    dlat = km / KM_PER_DEGREE
    dlon = km / (KM_PER_DEGREE * max(math.cos(math.radians(place.latitude)), 0.01))
    candidates = (published_places().exclude(pk=place.pk)
                  .filter(latitude__range=(place.latitude - dlat, place.latitude + dlat),
                          longitude__range=(place.longitude - dlon, place.longitude + dlon))
                  .only("id", "name", "kind", "latitude", "longitude"))
    found = []
    for other in candidates:
        d = haversine_km(place.latitude, place.longitude, other.latitude, other.longitude)
        if d <= km:
            found.append((other, d))
    found.sort(key=lambda pair: (pair[1], pair[0].name))
    return found[:count]


def published_kinds() -> set[str]:
    return set(published_places().order_by().values_list("kind", flat=True).distinct())


def map_places(kind: str = "") -> list[Place]:
    """Published places for the public map and its list, with the commune name."""
    qs = published_places().select_related("commune").only(
        "id", "name", "kind", "latitude", "longitude", "address", "sample", "commune__name")
    if kind:
        qs = qs.filter(kind=kind)
    return list(qs.order_by("name", "id"))

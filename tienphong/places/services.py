"""Writes for places and their public pages: facts, stories in several languages with an audio
guide, photos, and the draft/published state.

Every function is keyword-only and atomic and raises DomainError(code, message) when a rule is
broken; nothing is saved then. Every change a visitor could see clears the public page cache
(`public_content_changed`). The audit trail comes from django-auditlog's signals (apps.py).
Stored files (photos, audio) are removed only once the transaction commits, so a rolled-back
change never loses the file a row still points to; uploads are checked (and photos resized) before
anything is written.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tienphong.core.errors import DomainError
from tienphong.core.images import add_photos, audio_file
from tienphong.core.pagecache import public_content_changed
from tienphong.core.public import LANGUAGE_NAMES
from tienphong.core.scope import Scope
from tienphong.core.text import clean_name
from tienphong.publishing.models import PublishStatus
from tienphong.publishing.services import delete_photo, save_photo, set_status
from tienphong.units.models import OrgUnit

from .models import Place, PlacePhoto, PlaceStory

PLACE_FIELDS = ("name", "kind", "commune", "address", "latitude", "longitude", "opening_hours", "active",
                "ranking", "recognised_year", "wifi_name", "sample")
FIRST_YEAR = 1900
# A gallery a phone scrolls through; past this it is an archive, not a page.
MAX_PHOTOS = 30


def _max_length(model, field: str) -> int:
    return model._meta.get_field(field).max_length


def _check_length(value: str, model, field: str, code: str, label: str) -> None:
    limit = _max_length(model, field)
    if len(value) > limit:
        raise DomainError(code, _("The %(field)s is %(n)s characters long; keep it to %(max)s or fewer.")
                          % {"field": label, "n": len(value), "max": limit})


def _allowed(by, path: str) -> bool:
    return by is None or Scope.for_user(by).allows(path, "manage_places")


def _not_allowed(place: Place) -> DomainError:
    return DomainError("not_allowed", _("You cannot keep the places of %(unit)s.") % {"unit": place.commune})


def _require(by, place: Place) -> None:
    if not _allowed(by, place.path):
        raise _not_allowed(place)


def _check_place(place: Place, by) -> None:
    place.name = clean_name(place.name)
    place.address = clean_name(place.address)
    place.opening_hours = clean_name(place.opening_hours)
    place.wifi_name = (place.wifi_name or "").strip()
    place.ranking = place.ranking or ""
    if not place.name:
        raise DomainError("name_required", _("Give the place a name."))
    _check_length(place.name, Place, "name", "name_too_long", _("name"))
    _check_length(place.address, Place, "address", "address_too_long", _("address"))
    _check_length(place.opening_hours, Place, "opening_hours", "hours_too_long", _("opening hours"))
    _check_length(place.wifi_name, Place, "wifi_name", "wifi_name_too_long", _("wifi network name"))
    if place.kind not in Place.Kind.values:
        raise DomainError("kind_invalid", _("Choose the kind of place."))
    if place.ranking not in ("", *Place.Ranking.values):
        raise DomainError("ranking_invalid", _("Choose a ranking from the list."))
    if place.commune_id is None or place.commune.kind != OrgUnit.Kind.COMMUNE:
        raise DomainError("commune_required", _("A place belongs to a commune or ward."))
    if not _allowed(by, place.commune.path):  # a new place has no path yet
        raise _not_allowed(place)
    if (place.latitude is None) != (place.longitude is None):
        raise DomainError("coordinates_incomplete", _("Give both the latitude and the longitude, or neither."))
    if place.latitude is not None and not -90 <= place.latitude <= 90:
        raise DomainError("latitude_invalid", _("The latitude is between -90 and 90 (Ninh Bình is near 20.2)."))
    if place.longitude is not None and not -180 <= place.longitude <= 180:
        raise DomainError("longitude_invalid",
                          _("The longitude is between -180 and 180 (Ninh Bình is near 105.9)."))
    this_year = timezone.localdate().year
    if place.recognised_year is not None and not FIRST_YEAR <= place.recognised_year <= this_year:
        raise DomainError("year_invalid", _("The year recognised is between %(first)s and %(last)s.")
                          % {"first": FIRST_YEAR, "last": this_year})


def _save_place(place: Place) -> Place:
    try:
        with transaction.atomic():
            place.save()
    except IntegrityError:
        raise DomainError("name_taken", _("%(commune)s already has a place named %(name)s.")
                          % {"commune": place.commune.name, "name": place.name})
    return place


@transaction.atomic
def place_create(*, name: str, commune: OrgUnit, kind: str = Place.Kind.CULTURE_HOUSE, address: str = "",
                 latitude: float | None = None, longitude: float | None = None, opening_hours: str = "",
                 active: bool = True, ranking: str = "", recognised_year: int | None = None,
                 wifi_name: str = "", sample: bool = False, by=None) -> Place:
    """A new place, as a draft: its public page shows once it is published."""
    place = Place(name=name, commune=commune, kind=kind, address=address or "", latitude=latitude,
                  longitude=longitude, opening_hours=opening_hours or "", active=active, ranking=ranking or "",
                  recognised_year=recognised_year, wifi_name=wifi_name or "", sample=sample)
    _check_place(place, by)
    return _save_place(place)  # the places count follows by the signals in rollup.py


@transaction.atomic
def place_update(*, place: Place, by=None, **changes) -> Place:
    unknown = set(changes) - set(PLACE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    _require(by, place)
    old_commune_id = place.commune_id
    for name, value in changes.items():
        if name in ("address", "opening_hours", "wifi_name", "ranking") and value is None:
            value = ""
        setattr(place, name, value)
    _check_place(place, by)
    _save_place(place)
    if place.commune_id != old_commune_id:
        from tienphong.qr.services import target_moved

        target_moved(place)
    public_content_changed()
    return place


# --- publishing -----------------------------------------------------------------------------------

def _vietnamese_story(place: Place) -> PlaceStory | None:
    return place.stories.filter(language="vi").first()


@transaction.atomic
def place_publish(*, place: Place, by=None) -> Place:
    """Show the place's public page. A relic or red address needs its story in Vietnamese first."""
    _require(by, place)
    if not place.active:
        raise DomainError("inactive", _("This place is no longer in use; mark it active before publishing."))
    if place.tells_story:
        story = _vietnamese_story(place)
        if story is None or not story.body.strip():
            raise DomainError("story_required", _(
                "A relic or red address is published with its story: write the story in Vietnamese first "
                "(English and other languages can follow)."))
    set_status(place, PublishStatus.PUBLISHED, published_at=timezone.now())
    public_content_changed()
    return place


@transaction.atomic
def place_unpublish(*, place: Place, by=None) -> Place:
    """Back to a draft: the public page and its QR code show "not published" until published again."""
    _require(by, place)
    set_status(place, PublishStatus.DRAFT)
    public_content_changed()
    return place


# --- stories --------------------------------------------------------------------------------------

def _delete_file_on_commit(file_field) -> None:
    name, storage = file_field.name, file_field.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def story_save(*, place: Place, language: str, title: str = "", body: str = "", audio=None,
               remove_audio: bool = False, by=None) -> PlaceStory | None:
    """The place's story in one language: text, and an audio guide (a new upload replaces the old
    one). A story left with no title, text or audio is removed; returns None then."""
    _require(by, place)
    if language not in LANGUAGE_NAMES:
        raise DomainError("language_invalid", _("Choose a language from the list."))
    title = clean_name(title)
    body = (body or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    _check_length(title, PlaceStory, "title", "title_too_long", _("name in this language"))
    limit = PlaceStory._meta.get_field("body").max_length
    if len(body) > limit:
        raise DomainError("body_too_long", _("The story is %(n)s characters long; keep it to %(max)s or fewer.")
                          % {"n": len(body), "max": limit})
    story = place.stories.filter(language=language).first() or PlaceStory(place=place, language=language)
    if language == "vi" and place.tells_story and place.status == PublishStatus.PUBLISHED and not body:
        raise DomainError("story_required", _("The published page shows this story: it cannot be left empty. "
                                              "Unpublish the place first to remove it."))
    story.title, story.body = title, body
    if audio:
        stored, mime, seconds = audio_file(audio)
        if story.audio:
            _delete_file_on_commit(story.audio)
        story.audio.save(stored.name, stored, save=False)
        story.audio_type, story.audio_seconds = mime, seconds
    elif remove_audio and story.audio:
        _delete_file_on_commit(story.audio)
        story.audio = ""
        story.audio_type, story.audio_seconds = "", 0
    if not (story.title or story.body or story.audio):
        if story.pk:
            story.delete()
        public_content_changed()
        return None
    story.save()
    public_content_changed()
    return story


# --- photos ---------------------------------------------------------------------------------------

@transaction.atomic
def photo_add(*, place: Place, photos: list, caption: str = "", by=None) -> list[PlacePhoto]:
    """Add one or more photos after the last one. Each is checked and resized first; one bad file
    refuses them all, naming the file, so the user sends the set again without it."""
    _require(by, place)
    caption = clean_name(caption)
    _check_length(caption, PlacePhoto, "caption", "caption_too_long", _("caption"))
    added = add_photos(place.photos, photos, limit=MAX_PHOTOS, caption=caption,
                       too_many=_("A place shows at most %(max)s photos; it has %(n)s already."))
    public_content_changed()
    return added


@transaction.atomic
def photo_update(*, photo: PlacePhoto, caption: str = "", position: int | None = None, by=None) -> PlacePhoto:
    _require(by, photo.place)
    caption = clean_name(caption)
    _check_length(caption, PlacePhoto, "caption", "caption_too_long", _("caption"))
    if position is not None and not 0 <= position <= 999:
        raise DomainError("position_invalid", _("The order is a number from 0 to 999."))
    return save_photo(photo, caption=caption, position=position)


@transaction.atomic
def photo_delete(*, photo: PlacePhoto, by=None) -> None:
    _require(by, photo.place)
    delete_photo(photo)

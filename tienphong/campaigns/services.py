"""Writes for campaigns, their targets and youth works: validated, atomic, audited (auditlog signals).

A youth work moves draft → submitted (by its author) → approved, or returned with a note (by
someone holding `approve_works` on the work's commune: its secretary or the province). An approved
work is locked. Every move is a save of the row, so the audit trail records who moved it and when.
"""

import datetime as dt
import io

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from tienphong.core.scope import Scope
from tienphong.core.errors import DomainError
from tienphong.core.images import to_rgb
from tienphong.core.pagecache import public_content_changed
from tienphong.core.paths import subtree_q
from tienphong.core.text import clean_name, search_blob
from tienphong.partners.services import check_named
from tienphong.units.models import OrgUnit

from tienphong.rollups import services as rollups

from . import rollup
from .models import MAX_WORK_VALUE_VND, Campaign, CampaignTarget, WorkPhoto, YouthWork
from .selectors import METRICS, campaigns_covering

# --- campaigns ------------------------------------------------------------------------------------

CAMPAIGN_FIELDS = ("title", "theme", "starts_on", "ends_on", "unit", "partners")
# Beyond these a target is a typo: a commune's citizens, classes or turns, and its works' value.
MAX_TARGET = {"works": 100_000, "value_vnd": 1_000_000_000_000, "citizens_supported": 10_000_000,
              "classes": 100_000, "attendees": 10_000_000, "volunteer_turns": 10_000_000}


def _check_campaign(campaign: Campaign, by) -> None:
    campaign.title = clean_name(campaign.title)
    campaign.theme = clean_name(campaign.theme)
    if not campaign.title:
        raise DomainError("title_required", _("The campaign needs a title."))
    if not campaign.starts_on or not campaign.ends_on:
        raise DomainError("period_required", _("Give the first and the last day of the campaign."))
    if campaign.ends_on < campaign.starts_on:
        raise DomainError("ends_before_start", _("The campaign ends before it starts."))
    if (campaign.ends_on - campaign.starts_on).days > 366:
        raise DomainError("period_too_long", _("A campaign lasts at most a year."))
    if campaign.unit.kind not in (OrgUnit.Kind.PROVINCE, OrgUnit.Kind.COMMUNE):
        raise DomainError("unit_invalid", _("A campaign is run by the province union or a commune union."))
    if by is not None and not Scope.for_user(by).allows(campaign.unit.path, "manage_campaigns"):
        raise DomainError("not_allowed", _("You cannot run a campaign for %(unit)s.") % {"unit": campaign.unit})
    campaign.path = campaign.unit.path
    campaign.search_text = search_blob(campaign.title, campaign.theme)


@transaction.atomic
def campaign_create(*, title: str, starts_on: dt.date, ends_on: dt.date, unit: OrgUnit, theme: str = "",
                    by=None, partners=()) -> Campaign:
    campaign = Campaign(title=title, theme=theme, starts_on=starts_on, ends_on=ends_on, unit=unit, created_by=by)
    _check_campaign(campaign, by)
    partners = check_named(partners, path=campaign.path)
    campaign.save()
    campaign.partners.set(partners)
    return campaign


@transaction.atomic
def campaign_update(*, campaign: Campaign, by=None, **changes) -> Campaign:
    unknown = set(changes) - set(CAMPAIGN_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    partners = changes.pop("partners", None)
    for name, value in changes.items():
        setattr(campaign, name, value)
    _check_campaign(campaign, by)
    campaign.save()
    if partners is not None:
        campaign.partners.set(check_named(partners, path=campaign.path))
    # Run by a narrower unit now: targets of communes outside it no longer belong to the campaign.
    for target in campaign.targets.exclude(subtree_q(campaign.path)):
        target.delete()
    return campaign


def _check_target_values(values: dict) -> dict[str, str]:
    """{metric: error message} for values that are not whole numbers from 0 to the metric's cap."""
    errors = {}
    for metric in METRICS:
        value = values.get(metric, 0)
        if not isinstance(value, int) or isinstance(value, bool):
            errors[metric] = _("Write a whole number.")
        elif value < 0:
            errors[metric] = _("A target cannot be negative.")
        elif value > MAX_TARGET[metric]:
            errors[metric] = _("This target is too large; check the number of zeros.")
    return errors


@transaction.atomic
def campaign_set_targets(*, campaign: Campaign, targets: dict[int, dict[str, int]], by=None) -> int:
    """Save the targets of several communes at once ({commune id: {metric: value}}); a commune with
    every figure 0 has no target. Nothing is saved if any value is bad: the DomainError's
    `errors` parameter maps (commune id, metric) to the message. Returns how many rows changed."""
    communes = {c.pk: c for c in OrgUnit.objects.filter(pk__in=list(targets), kind=OrgUnit.Kind.COMMUNE)}
    errors = {}
    for commune_id, values in targets.items():
        commune = communes.get(commune_id)
        if commune is None or not commune.path.startswith(campaign.path):
            raise DomainError("commune_outside", _("This commune does not take part in the campaign."))
        for metric, message in _check_target_values(values).items():
            errors[(commune_id, metric)] = message
    if errors:
        raise DomainError("target_invalid", _("Some targets are not valid; nothing was saved."), errors=errors)
    if by is not None and not Scope.for_user(by).allows(campaign.path, "manage_campaigns"):
        raise DomainError("not_allowed", _("You cannot set the targets of this campaign."))

    existing = {t.commune_id: t for t in CampaignTarget.objects.filter(campaign=campaign,
                                                                       commune_id__in=list(targets))}
    changed = 0
    for commune_id, values in targets.items():
        values = {m: values.get(m, 0) for m in METRICS}
        target = existing.get(commune_id)
        if not any(values.values()):
            if target is not None:
                target.delete()
                changed += 1
            continue
        if target is None:
            target = CampaignTarget(campaign=campaign, commune=communes[commune_id], path=communes[commune_id].path)
        elif all(getattr(target, m) == values[m] for m in METRICS):
            continue
        for m, v in values.items():
            setattr(target, m, v)
        target.path = communes[commune_id].path
        target.save()
        changed += 1
    return changed


@transaction.atomic
def campaign_copy_target(*, campaign: Campaign, communes, values: dict[str, int], by=None) -> int:
    """The same target for every commune given (the "copy to every commune" shortcut)."""
    errors = _check_target_values(values)
    if errors:
        metric, message = next(iter(errors.items()))
        raise DomainError("target_invalid", message, errors={(None, m): e for m, e in errors.items()})
    return campaign_set_targets(campaign=campaign, targets={c.pk: dict(values) for c in communes}, by=by)


# --- youth works ----------------------------------------------------------------------------------

WORK_FIELDS = ("title", "category", "kind", "place", "place_note", "team", "value_vnd", "beneficiaries",
               "volunteers", "completed_on", "campaign", "description", "partners")
EDITABLE_STATUSES = (YouthWork.Status.DRAFT, YouthWork.Status.REJECTED)
MAX_BENEFICIARIES = 10_000_000

PHOTO_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_PHOTO_PIXELS = 60_000_000  # a 60-megapixel camera; past it, a decompression bomb
MAX_PHOTOS_PER_WORK = 12
THUMBNAIL_SIZE = (480, 480)
# As a product's: the approved work's public page stays light on 3G (tests/exhibition: ≤ 50 KB before images).
DESCRIPTION_MAX = 5000


def _check_work(work: YouthWork, volunteers) -> None:
    work.title = clean_name(work.title)
    work.place_note = clean_name(work.place_note)
    if not work.title:
        raise DomainError("title_required", _("The work needs a title."))
    commune = work.commune
    if commune.kind != OrgUnit.Kind.COMMUNE:
        raise DomainError("commune_required", _("A youth work belongs to a commune or ward."))
    if work.category not in YouthWork.Category.values:
        raise DomainError("category_invalid", _("Unknown category."))
    if work.kind not in YouthWork.Kind.values:
        raise DomainError("kind_invalid", _("Unknown kind of work."))
    value = work.value_vnd
    if value is None:
        work.value_vnd = value = 0
    if not isinstance(value, int) or value < 0:
        raise DomainError("value_negative", _("The value cannot be negative."))
    if value > MAX_WORK_VALUE_VND:
        raise DomainError("value_too_large",
                          _("The value is over 100 billion đồng; check the number of zeros."))
    work.description = (work.description or "").strip()
    if len(work.description) > DESCRIPTION_MAX:
        raise DomainError("description_too_long", _("The text is %(n)s characters long; at most %(max)s are allowed.")
                          % {"n": len(work.description), "max": DESCRIPTION_MAX})
    if work.beneficiaries is None:
        work.beneficiaries = 0
    if work.beneficiaries < 0 or work.beneficiaries > MAX_BENEFICIARIES:
        raise DomainError("beneficiaries_invalid", _("The number of beneficiaries is not plausible."))
    if work.completed_on and work.completed_on > timezone.localdate():
        raise DomainError("completed_in_future", _("The completion date is in the future."))
    if work.completed_on and work.completed_on.year < 2000:
        raise DomainError("completed_too_old", _("The completion date is too far in the past."))
    if work.place_id and work.place.commune_id != commune.pk:
        raise DomainError("place_outside", _("The place is not in %(commune)s.") % {"commune": commune})
    if work.team_id and work.team.commune_id != commune.pk:
        raise DomainError("team_outside", _("The team is not a team of %(commune)s.") % {"commune": commune})
    if work.campaign_id and not campaigns_covering(commune).filter(pk=work.campaign_id).exists():
        raise DomainError("campaign_outside", _("%(commune)s does not take part in this campaign.")
                          % {"commune": commune})
    for member in volunteers or ():
        if member.commune_id != commune.pk:
            raise DomainError("volunteer_outside", _("%(name)s is not a member of %(commune)s.")
                              % {"name": member, "commune": commune})
    work.path = commune.path
    work.search_text = search_blob(work.title, work.place_note)


def _require(by, path: str, perm: str, message: str) -> Scope:
    scope = Scope.for_user(by)
    if not scope.allows(path, perm):
        raise DomainError("not_allowed", message)
    return scope


def _require_author_can_edit(work: YouthWork, by) -> None:
    if work.status == YouthWork.Status.APPROVED:
        raise DomainError("locked", _("This work is approved and can no longer be changed."))
    if work.status not in EDITABLE_STATUSES:
        raise DomainError("not_editable", _("This work is waiting for approval; it cannot be changed now."))
    if work.created_by_id != by.pk:
        raise DomainError("not_author", _("Only the person who filed this work can change it."))
    _require(by, work.path, "submit_works", _("You cannot change works of %(commune)s.")
             % {"commune": work.commune})


@transaction.atomic
def work_create(*, by, commune: OrgUnit, title: str, category: str = YouthWork.Category.WORK,
                kind: str = YouthWork.Kind.OTHER, place=None, place_note: str = "", team=None,
                value_vnd: int = 0, beneficiaries: int = 0, volunteers=(), completed_on: dt.date | None = None,
                campaign: Campaign | None = None, description: str = "", photos=(), partners=()) -> YouthWork:
    _require(by, commune.path, "submit_works", _("You cannot file works for %(commune)s.") % {"commune": commune})
    work = YouthWork(commune=commune, title=title, category=category, kind=kind, place=place,
                     place_note=place_note or "", team=team, value_vnd=value_vnd, beneficiaries=beneficiaries,
                     completed_on=completed_on, campaign=campaign, description=description or "",
                     created_by=by, status=YouthWork.Status.DRAFT)
    volunteers = list(volunteers or ())
    _check_work(work, volunteers)
    _check_photos(photos, already=0)
    partners = check_named(partners, path=work.path)
    work.save()
    if volunteers:
        work.volunteers.set(volunteers)
    if partners:
        work.partners.set(partners)
    if photos:
        work_add_photos(work=work, by=by, files=photos)
    return work


@transaction.atomic
def _place_page_changed(*place_ids) -> None:
    """A place's public page lists the approved works done there ("installed by")."""
    if any(place_ids):
        public_content_changed()


def work_update(*, work: YouthWork, by, photos=(), **changes) -> YouthWork:
    unknown = set(changes) - set(WORK_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    work = YouthWork.objects.select_for_update().get(pk=work.pk)
    _require_author_can_edit(work, by)
    before = rollup.snapshot(work.pk)
    old_place_id = work.place_id
    volunteers = changes.pop("volunteers", None)
    partners = changes.pop("partners", None)
    for name, value in changes.items():
        setattr(work, name, value)
    if work.place_note is None:
        work.place_note = ""
    if work.description is None:
        work.description = ""
    _check_work(work, volunteers if volunteers is not None else work.volunteers.all())
    _check_photos(photos, already=work.photos.count())
    work.save()
    if volunteers is not None:
        work.volunteers.set(list(volunteers))
    if partners is not None:
        work.partners.set(check_named(partners, path=work.path))
    rollup.changed(before, work.pk)
    _place_page_changed(old_place_id, work.place_id)
    if photos:
        work_add_photos(work=work, by=by, files=photos)
    return work


@transaction.atomic
def work_submit(*, work: YouthWork, by) -> YouthWork:
    work = YouthWork.objects.select_for_update().get(pk=work.pk)
    _require_author_can_edit(work, by)
    if not work.completed_on:
        raise DomainError("completed_required", _("Give the completion date before sending the work for approval."))
    _check_work(work, work.volunteers.all())
    work.status = YouthWork.Status.SUBMITTED
    work.submitted_at = timezone.now()
    work.save()
    return work


def _review(work: YouthWork, by, status: str, note: str) -> YouthWork:
    work = YouthWork.objects.select_for_update().get(pk=work.pk)
    _require(by, work.path, "approve_works",
             _("Only the commune's union secretary or the province union can approve works."))
    if work.status != YouthWork.Status.SUBMITTED:
        raise DomainError("not_submitted", _("This work is not waiting for approval."))
    before = rollup.snapshot(work.pk)
    work.status = status
    work.reviewed_by = by
    work.reviewed_at = timezone.now()
    work.review_note = note
    work.save()
    rollup.changed(before, work.pk)
    if status == YouthWork.Status.APPROVED:
        public_content_changed()  # its own page now, the exhibition, its place's page, its code's scans
    else:
        _place_page_changed(work.place_id)
    return work


@transaction.atomic
def work_approve(*, work: YouthWork, by, note: str = "") -> YouthWork:
    return _review(work, by, YouthWork.Status.APPROVED, clean_name(note)[:255])


@transaction.atomic
def work_return(*, work: YouthWork, by, note: str) -> YouthWork:
    note = clean_name(note)
    if not note:
        raise DomainError("note_required", _("Say what needs fixing: the author reads this note."))
    return _review(work, by, YouthWork.Status.REJECTED, note[:255])


@transaction.atomic
def work_delete(*, work: YouthWork, by) -> None:
    _require_author_can_edit(work, by)
    work = YouthWork.objects.select_for_update().get(pk=work.pk)
    before = rollup.snapshot(work.pk)
    for photo in work.photos.all():
        work_delete_photo(photo=photo, by=by)
    place_id = work.place_id
    work.delete()
    rollups.add(before, sign=-1)
    _place_page_changed(place_id)


# --- photos ---------------------------------------------------------------------------------------

def check_photo(upload) -> str:
    """The photo's format (JPEG, PNG or WEBP) after Pillow has read it; DomainError otherwise."""
    name = getattr(upload, "name", "") or _("the file")
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_PHOTO_BYTES:
        raise DomainError("photo_too_large", _("%(name)s is larger than 8 MB; send a smaller photo.") % {"name": name})
    if size == 0:
        raise DomainError("photo_invalid", _("%(name)s is empty.") % {"name": name})
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            fmt = image.format
            if fmt not in PHOTO_FORMATS:
                raise DomainError("photo_format", _("%(name)s is not a JPEG, PNG or WebP photo.") % {"name": name})
            width, height = image.size
            if width * height > MAX_PHOTO_PIXELS:
                raise DomainError("photo_too_large", _("%(name)s has too many pixels.") % {"name": name})
            image.verify()
    except DomainError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise DomainError("photo_invalid", _("%(name)s is not a photo, or it is damaged.") % {"name": name})
    finally:
        upload.seek(0)
    return fmt


def _check_photos(files, *, already: int) -> list[str]:
    files = [f for f in files or () if f]
    if already + len(files) > MAX_PHOTOS_PER_WORK:
        raise DomainError("too_many_photos", _("A work has at most %(n)s photos.") % {"n": MAX_PHOTOS_PER_WORK})
    return [check_photo(f) for f in files]


def _thumbnail(upload) -> ContentFile:
    upload.seek(0)
    with Image.open(upload) as image:
        image.draft("RGB", (THUMBNAIL_SIZE[0] * 2, THUMBNAIL_SIZE[1] * 2))  # JPEG: decode at a fraction of the size
        image = ImageOps.exif_transpose(image)
        image.thumbnail(THUMBNAIL_SIZE)
        image = to_rgb(image)
        out = io.BytesIO()
        image.save(out, "JPEG", quality=80, optimize=True)
    upload.seek(0)
    return ContentFile(out.getvalue())


@transaction.atomic
def work_add_photos(*, work: YouthWork, by, files) -> list[WorkPhoto]:
    files = [f for f in files or () if f]
    if not files:
        return []
    _require_author_can_edit(work, by)
    formats = _check_photos(files, already=work.photos.count())  # all checked before any is stored
    photos = []
    for upload, fmt in zip(files, formats):
        base = (getattr(upload, "name", "") or "photo").rsplit("/", 1)[-1].rsplit(".", 1)[0][:60] or "photo"
        ext = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[fmt]
        photo = WorkPhoto(work=work)
        photo.image.save(f"{base}.{ext}", upload, save=False)
        photo.thumbnail.save(f"{base}.jpg", _thumbnail(upload), save=False)
        photo.save()
        photos.append(photo)
    return photos


@transaction.atomic
def work_delete_photo(*, photo: WorkPhoto, by) -> None:
    _require_author_can_edit(photo.work, by)
    names = [f.name for f in (photo.image, photo.thumbnail) if f]
    storage = photo.image.storage
    photo.delete()
    transaction.on_commit(lambda: [storage.delete(n) for n in names])

"""Writes for the virtual exhibition: an event organiser's picks, and the `/q/` codes of its products and works.

Every write here changes a public page, so each one calls `public_content_changed()`.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from tienphong.core.errors import DomainError
from tienphong.core.pagecache import public_content_changed
from tienphong.core.scope import Scope
from tienphong.qr.models import ShortCode
from tienphong.qr.services import code_for

from . import selectors
from .models import ExhibitionItem

MAX_PICKS = 500  # per kind: a gallery, not a catalogue


@transaction.atomic
def picks_set(*, event, products=(), works=(), by) -> tuple[int, int]:
    """The event's gallery becomes exactly these products and works (ticks on the organiser's page):
    picks kept keep their place, new ones go after them in the order given. Each pick is written one
    by one, so each is audited. Returns (added, removed)."""
    if by is not None and not Scope.for_user(by).allows(event.path, "manage_events"):
        raise DomainError("not_allowed", _("You cannot change this event's exhibition."))
    product_ids = list(dict.fromkeys(p.pk for p in products))
    work_ids = list(dict.fromkeys(w.pk for w in works))
    if len(product_ids) > MAX_PICKS or len(work_ids) > MAX_PICKS:
        raise DomainError("too_many_picks", _("An exhibition shows at most %(max)s products and %(max)s works.")
                          % {"max": MAX_PICKS})
    allowed_products = set(selectors.candidate_products(event).filter(pk__in=product_ids).values_list("pk", flat=True))
    allowed_works = set(selectors.candidate_works(event).filter(pk__in=work_ids).values_list("pk", flat=True))
    if set(product_ids) - allowed_products or set(work_ids) - allowed_works:
        raise DomainError("pick_invalid", _("Only published youth-made products and approved works with photos "
                                            "of the event's province can be shown."))
    items = selectors.picks(event)
    removed = 0
    for item in items:
        if (item.product_id and item.product_id not in product_ids) or (item.work_id and item.work_id not in work_ids):
            item.event = event  # the audit entry's unit path, without a query
            item.delete()
            removed += 1
    have = {("p", i.product_id) for i in items if i.product_id} | {("w", i.work_id) for i in items if i.work_id}
    position = max((i.position for i in items), default=0)
    added = 0
    for key in [("p", pk) for pk in product_ids] + [("w", pk) for pk in work_ids]:
        if key in have:
            continue
        position += 1
        ExhibitionItem.objects.create(event=event, product_id=key[1] if key[0] == "p" else None,
                                      work_id=key[1] if key[0] == "w" else None, position=position, added_by=by)
        added += 1
    if added or removed:
        public_content_changed()
    return added, removed


def codes(*, objects) -> dict[tuple[type, int], str]:
    """{(model, pk): its /q/ code} for a gallery page's products and works: the existing codes in one
    read, a code made (qr.services.code_for) for one shown for the first time."""
    objects = list(objects)
    if not objects:
        return {}
    types = {type(o): ContentType.objects.get_for_model(type(o)) for o in objects}  # cached: no query
    wanted = Q()
    for model, content_type in types.items():
        wanted |= Q(content_type=content_type, object_id__in=[o.pk for o in objects if type(o) is model])
    models = {ct.pk: model for model, ct in types.items()}
    found = {(models[ct], pk): code for ct, pk, code in
             ShortCode.objects.filter(wanted).values_list("content_type_id", "object_id", "code")}
    for obj in objects:
        if (type(obj), obj.pk) not in found:
            found[type(obj), obj.pk] = code_for(obj).code
    return found

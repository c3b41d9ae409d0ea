"""Codes for public pages, and the count of their scans.

A target (a place, a product, a producer) offers:
- `commune_id` and `path`: the unit it belongs to;
- `get_public_url()`: its page, relative to the site (e.g. "/visit/place/12/"), without a slug, so
  a rename never breaks a printed code;
- `public_title`: what a poster or label prints;
- `is_public`: published (a scan of a draft's code shows "not published yet" and counts nothing).
"""

import secrets

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction

from .models import ALPHABET, CODE_LENGTH, ShortCode


def _new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def code_for(target) -> ShortCode:
    """The target's code, made on first use (idempotent)."""
    content_type = ContentType.objects.get_for_model(type(target))
    found = ShortCode.objects.filter(content_type=content_type, object_id=target.pk).first()
    if found:
        return found
    for _attempt in range(8):
        try:
            with transaction.atomic():
                return ShortCode.objects.create(code=_new_code(), content_type=content_type, object_id=target.pk,
                                                commune_id=target.commune_id, path=target.path)
        except IntegrityError:
            # Either the random code was taken or another request made this target's code meanwhile.
            found = ShortCode.objects.filter(content_type=content_type, object_id=target.pk).first()
            if found:
                return found
    raise RuntimeError("no free short code after 8 attempts")


def target_moved(target) -> None:
    """Call when a target changes commune: its future scans count for the new one."""
    content_type = ContentType.objects.get_for_model(type(target))
    ShortCode.objects.filter(content_type=content_type, object_id=target.pk).update(
        commune_id=target.commune_id, path=target.path)

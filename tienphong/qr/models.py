"""Short permanent addresses (`/q/<code>`) for public pages, and how often each is scanned.

A code points at any public object (a place, a product, a producer) through its content type, so
this app knows nothing of them; the object supplies its address, title and whether it is public
(see `services.Target`). A printed code never changes: renaming the page keeps its code.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

# No 0/O, 1/I/L: a code is sometimes read aloud or typed from a poster.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6


class ShortCode(models.Model):
    code = models.CharField(_("code"), max_length=12, unique=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    # Whose scans these are: the target's commune, for scope and the dashboards.
    commune = models.ForeignKey("units.OrgUnit", verbose_name=_("commune"), on_delete=models.PROTECT,
                                related_name="+")
    path = models.CharField(max_length=255, editable=False, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("QR code")
        verbose_name_plural = _("QR codes")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="qr_one_code_per_target"),
        ]

    def __str__(self):
        return self.code

    @property
    def target_kind(self) -> str:
        """"place", "product", "producer": the dashboards' breakdown of scans."""
        return self.content_type.model


class ScanDay(models.Model):
    """Scans of one code on one day. Nothing about the visitor is kept: no cookie, no address."""

    shortcode = models.ForeignKey(ShortCode, on_delete=models.CASCADE, related_name="scan_days")
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["shortcode", "day"], name="qr_scan_once_per_day"),
        ]


class ScanFlush(models.Model):
    """A batch of scans moved from the cache's counters into ScanDay and the rollups (qr/pending.py):
    its id is written in the same transaction, so a batch met again (the flush stopped after its
    commit, before the cache forgot the batch) is recognised and not added twice. Kept FLUSH_KEEP_DAYS."""

    id = models.CharField(primary_key=True, max_length=32)
    applied_at = models.DateTimeField(db_index=True)
    scans = models.PositiveIntegerField()

"""What QR scans add to the dashboards' figures (see tienphong.rollups).

A scan counts on its day for the code's commune: the total, and by kind of target ("place",
"product", "producer": the target's content type model name).
"""

import datetime as dt

from django.db.models import F, Sum

from tienphong.rollups.services import Delta

from .models import ScanDay

SCANS = "qr_scans"
TARGET = "target"


def scan_deltas(shortcode, day: dt.date, count: int = 1) -> list[Delta]:
    """`shortcode`: a ShortCode (its content_type loaded, or one more query) or a selectors.Scan."""
    base = {"unit_id": shortcode.commune_id, "path": shortcode.path, "day": day, "indicator": SCANS, "value": count}
    return [Delta(**base), Delta(**base, dim=TARGET, key=shortcode.target_kind)]


def backfill():
    days = ScanDay.objects.order_by()
    yield SCANS, "", days.values(u=F("shortcode__commune_id"), d=F("day")).annotate(v=Sum("count"))
    yield SCANS, TARGET, days.values(u=F("shortcode__commune_id"), d=F("day"),
                                     k=F("shortcode__content_type__model")).annotate(v=Sum("count"))

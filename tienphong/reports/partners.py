"""What a unit did together with one partner: the figures (from the rollups' "partner" breakdown) and
the works, classes, campaigns and support entries that name it (read from the records, in the
subject's subtree and period).

A record naming two partners counts in full under each: the partner figures are not shares.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from tienphong.campaigns.models import Campaign, YouthWork
from tienphong.core.paths import ancestor_paths, subtree_q
from tienphong.literacy.models import LiteracyClass
from tienphong.rollups import selectors as rollups
from tienphong.support.models import Service, SupportRecord

from . import indicators as ind
from .periods import Period
from .selectors import Subject

# The figures a partner page shows, in order: each is one of the "partner" breakdowns.
CODES = ("support_turns", "classes_held", "class_attendees", "works", "works_value", "beneficiaries")
LISTED = 20


@dataclass
class PartnerFigure:
    code: str
    name: str
    value: int
    money: bool = False


@dataclass
class Together:
    figures: list[PartnerFigure]
    services: list[tuple[str, int]]  # (service name, citizen-turns), largest first
    works: list = field(default_factory=list)
    classes: list = field(default_factory=list)
    campaigns: list = field(default_factory=list)
    works_count: int = 0
    classes_count: int = 0


def _in(subject: Subject, column: str = "path", unit: str = "commune_id") -> Q:
    """The subject's records: a commune's are those of its own units (its service points included, as in
    its figures); a province's, everything under it; the nation's, everything."""
    if subject.kind == "commune":
        return Q(**{f"{unit}__in": subject.unit_ids})
    return subtree_q(subject.unit.path, column) if subject.unit is not None else Q()


def together(subject: Subject, partner, period: Period, today: dt.date) -> Together:
    clamp = period.clamp(today)
    per_unit = rollups.by_unit(unit_ids=subject.unit_ids, level=subject.level, indicators=CODES,
                               start=clamp.start, end=clamp.end, dim="partner", key=str(partner.pk))
    sums = {code: sum(row.get(code, 0) for row in per_unit.values()) for code in CODES}
    figures = [PartnerFigure(code, str(ind.BY_CODE[code].name), sums[code], ind.BY_CODE[code].money)
               for code in CODES]

    records = SupportRecord.objects.filter(_in(subject, unit="unit_id"), partners=partner,
                                           occurred_at__date__gte=clamp.start, occurred_at__date__lte=clamp.end)
    by_service = dict(records.values_list("services").annotate(n=Sum("people")).order_by())
    names = {s.pk: s.display_name for s in Service.objects.filter(pk__in=[k for k in by_service if k])}
    services = sorted(((names[k], v) for k, v in by_service.items() if k in names), key=lambda r: -r[1])

    works = (YouthWork.objects.filter(_in(subject), partners=partner, status=YouthWork.Status.APPROVED)
             .filter(Q(completed_on__gte=clamp.start, completed_on__lte=clamp.end)
                     | Q(completed_on__isnull=True, reviewed_at__date__gte=clamp.start,
                         reviewed_at__date__lte=clamp.end))
             .select_related("commune").order_by("-completed_on", "-id"))
    classes = (LiteracyClass.objects.filter(_in(subject), partners=partner,
                                            starts_at__date__gte=clamp.start, starts_at__date__lte=clamp.end)
               .exclude(status=LiteracyClass.Status.CANCELLED)
               .select_related("commune").annotate(present=Count("attendees", filter=Q(attendees__attended=True)))
               .order_by("-starts_at", "-id"))
    campaigns = Campaign.objects.filter(partners=partner).filter(
        starts_on__lte=period.end, ends_on__gte=period.start)
    if subject.unit is not None:
        # The campaigns the subject takes part in: run by it or by a unit above it, or inside it.
        path = subject.unit.path
        campaigns = campaigns.filter(Q(path__in=ancestor_paths(path)) | subtree_q(path))
    return Together(figures=figures, services=services, works=list(works[:LISTED]), classes=list(classes[:LISTED]),
                    campaigns=list(campaigns.order_by("-starts_on")[:LISTED]), works_count=works.count(),
                    classes_count=classes.count())

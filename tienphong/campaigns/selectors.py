"""Reads for campaigns and youth works: scoped lists, and a campaign's progress against its targets.

Progress is counted with one grouped query per figure (GROUP BY commune_id over the denormalised
`commune` columns), never a query per commune: a province has 129 of them.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tienphong.core.scope import Scope
from tienphong.core.paths import ancestor_paths, subtree_q
from tienphong.core.text import collation_key, words_q
from tienphong.literacy.models import Attendee, LiteracyClass
from tienphong.support.models import SupportRecord
from tienphong.units.models import OrgUnit

from .models import Campaign, CampaignTarget, WorkPhoto, YouthWork

# The figures a target sets and progress counts, in the order pages show them.
METRICS = ("works", "value_vnd", "citizens_supported", "classes", "attendees", "volunteer_turns")
METRIC_LABELS = {
    "works": _("Youth works"),
    "value_vnd": _("Value (₫)"),
    "citizens_supported": _("Citizens supported"),
    "classes": _("Classes held"),
    "attendees": _("Class attendees"),
    "volunteer_turns": _("Volunteer-turns"),
}


def _cells(actual: dict, target: dict) -> list[dict]:
    cells = []
    for m in METRICS:
        a, t = actual[m], target[m]
        cells.append({"metric": m, "label": METRIC_LABELS[m], "actual": a, "target": t, "money": m == "value_vnd",
                      "percent": (a * 100 // t) if t else None})
    return cells


# --- periods -------------------------------------------------------------------------------------

def period_bounds(starts_on: dt.date, ends_on: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[first moment of the first day, first moment after the last day) in the site's time zone."""
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(dt.datetime.combine(starts_on, dt.time.min), tz)
    end = timezone.make_aware(dt.datetime.combine(ends_on + dt.timedelta(days=1), dt.time.min), tz)
    return start, end


def _where(prefix: str, commune_ids, within: str | None, include_unassigned: bool = False) -> Q:
    """Rows of the given communes (all when None) inside the `within` subtree (anywhere when None).

    `include_unassigned` also takes rows without a commune (support given at a service point)."""
    q = Q()
    if within:
        q &= subtree_q(within, f"{prefix}path")
    if commune_ids is not None:
        by_commune = Q(**{f"{prefix}commune_id__in": list(commune_ids)})
        if include_unassigned:
            by_commune |= Q(**{f"{prefix}commune__isnull": True})
        q &= by_commune
    elif not include_unassigned:
        q &= Q(**{f"{prefix}commune__isnull": False})
    return q


# --- what counts in a period ----------------------------------------------------------------------

def approved_works(*, starts_on: dt.date, ends_on: dt.date, campaign: Campaign | None = None) -> QuerySet[YouthWork]:
    """Approved works completed in the period, plus (for a campaign) those filed under it."""
    in_period = Q(completed_on__gte=starts_on, completed_on__lte=ends_on)
    if campaign is not None:
        in_period |= Q(campaign=campaign)
    return YouthWork.objects.filter(in_period, status=YouthWork.Status.APPROVED)


def held_classes(*, starts_on: dt.date, ends_on: dt.date, now: dt.datetime | None = None) -> QuerySet[LiteracyClass]:
    """Classes of the period that took place: marked held, or already started and not cancelled."""
    start, end = period_bounds(starts_on, ends_on)
    now = now or timezone.now()
    held = Q(status=LiteracyClass.Status.DONE) | (Q(starts_at__lt=now) & ~Q(status=LiteracyClass.Status.CANCELLED))
    return LiteracyClass.objects.filter(held, starts_at__gte=start, starts_at__lt=end)


def _grouped(qs, key: str, value) -> dict:
    return {row[key]: row["n"] or 0 for row in qs.order_by().values(key).annotate(n=value)}


def volunteer_turns(*, starts_on: dt.date, ends_on: dt.date, commune_ids=None, within: str | None = None,
                    campaign: Campaign | None = None, include_unassigned: bool = False,
                    now: dt.datetime | None = None) -> dict[int | None, int]:
    """Volunteer-turns per commune id: one per (support record, volunteer), per (approved work,
    volunteer) and per (held class, teacher) in the period. Three grouped queries.

    `commune_ids` limits the communes (None: all), `within` a unit subtree (a path), `campaign`
    also counts works filed under it whatever their date. Support given at a service point has no
    commune; `include_unassigned` counts it under the key None.
    """
    start, end = period_bounds(starts_on, ends_on)
    totals: dict[int | None, int] = {}

    records = SupportRecord.volunteers.through.objects.filter(
        _where("supportrecord__", commune_ids, within, include_unassigned),
        supportrecord__occurred_at__gte=start, supportrecord__occurred_at__lt=end)
    works = YouthWork.volunteers.through.objects.filter(
        _where("youthwork__", commune_ids, within),
        youthwork__in=approved_works(starts_on=starts_on, ends_on=ends_on, campaign=campaign))
    classes = LiteracyClass.teachers.through.objects.filter(
        _where("literacyclass__", commune_ids, within),
        literacyclass__in=held_classes(starts_on=starts_on, ends_on=ends_on, now=now))

    for qs, key in ((records, "supportrecord__commune_id"), (works, "youthwork__commune_id"),
                    (classes, "literacyclass__commune_id")):
        for commune_id, n in _grouped(qs, key, Count("pk")).items():
            totals[commune_id] = totals.get(commune_id, 0) + n
    return totals


def actuals(*, starts_on: dt.date, ends_on: dt.date, commune_ids=None, within: str | None = None,
            campaign: Campaign | None = None, include_unassigned: bool = False,
            now: dt.datetime | None = None) -> dict[int | None, dict[str, int]]:
    """Every figure of METRICS per commune id for a period (see `volunteer_turns` for the arguments)."""
    start, end = period_bounds(starts_on, ends_on)
    works = approved_works(starts_on=starts_on, ends_on=ends_on, campaign=campaign).filter(
        _where("", commune_ids, within))
    records = SupportRecord.objects.filter(_where("", commune_ids, within, include_unassigned),
                                           occurred_at__gte=start, occurred_at__lt=end)
    classes = held_classes(starts_on=starts_on, ends_on=ends_on, now=now).filter(_where("", commune_ids, within))
    attendees = Attendee.objects.filter(attended=True, literacy_class__in=classes)

    figures = {
        "works": _grouped(works, "commune_id", Count("pk")),
        "value_vnd": _grouped(works, "commune_id", Sum("value_vnd")),
        "citizens_supported": _grouped(records, "commune_id", Sum("people")),
        "classes": _grouped(classes, "commune_id", Count("pk")),
        "attendees": _grouped(attendees, "literacy_class__commune_id", Count("pk")),
        "volunteer_turns": volunteer_turns(starts_on=starts_on, ends_on=ends_on, commune_ids=commune_ids,
                                           within=within, campaign=campaign,
                                           include_unassigned=include_unassigned, now=now),
    }
    result: dict[int | None, dict[str, int]] = {}
    for metric, per_commune in figures.items():
        for commune_id, n in per_commune.items():
            result.setdefault(commune_id, dict.fromkeys(METRICS, 0))[metric] = n
    return result


# --- campaigns ------------------------------------------------------------------------------------

def visible_campaigns(scope: Scope) -> QuerySet[Campaign]:
    """Campaigns run by a unit above or at the user's units (they take part), or inside their subtree."""
    return Campaign.objects.filter(scope.around_q("path"))


def campaign_list(*, scope: Scope, q: str = "", state: str = "", today: dt.date | None = None) -> QuerySet[Campaign]:
    qs = visible_campaigns(scope).select_related("unit")
    today = today or timezone.localdate()
    if q:
        qs = qs.filter(words_q(q))
    if state == "running":
        qs = qs.filter(starts_on__lte=today, ends_on__gte=today)
    elif state == "upcoming":
        qs = qs.filter(starts_on__gt=today)
    elif state == "ended":
        qs = qs.filter(ends_on__lt=today)
    return qs.order_by("-starts_on", "-id")


def campaign_get(*, scope: Scope, pk: int) -> Campaign:
    return get_object_or_404(visible_campaigns(scope).select_related("unit", "created_by"), pk=pk)


def campaigns_covering(commune: OrgUnit) -> QuerySet[Campaign]:
    """Campaigns a commune takes part in: run by the commune or a unit above it."""
    return Campaign.objects.filter(path__in=ancestor_paths(commune.path))


def running_campaign(commune: OrgUnit, today: dt.date | None = None) -> Campaign | None:
    """The campaign running today for this commune (the narrowest, then the latest started)."""
    today = today or timezone.localdate()
    running = campaigns_covering(commune).filter(starts_on__lte=today, ends_on__gte=today)
    return max(running, key=lambda c: (len(c.path), c.starts_on, c.pk), default=None)


def campaign_communes(campaign: Campaign) -> QuerySet[OrgUnit]:
    """The communes taking part: every commune in the running unit's subtree."""
    return OrgUnit.objects.filter(subtree_q(campaign.path), kind=OrgUnit.Kind.COMMUNE).order_by("name", "id")


def progress_communes(campaign: Campaign, scope: Scope) -> QuerySet[OrgUnit]:
    """The campaign's communes the viewer may read figures for: those in their subtree, and the
    commune they work in (a volunteer's role sits on a branch; the figures are the commune's)."""
    communes = campaign_communes(campaign)
    if scope.is_superuser:
        return communes
    own = [u.commune_id for u in scope.units if u.commune_id]
    return communes.filter(scope.q("path") | Q(pk__in=own))


@dataclass
class ProgressRow:
    commune: OrgUnit | None  # None: support given at service points, outside any commune
    target: dict[str, int]
    actual: dict[str, int]

    @property
    def cells(self):
        """{metric, label, actual, target, money, percent} in METRICS order, for templates."""
        return _cells(self.actual, self.target)

    @property
    def has_target(self) -> bool:
        return any(self.target.values())


@dataclass
class Progress:
    campaign: Campaign
    rows: list[ProgressRow] = field(default_factory=list)
    total_target: dict[str, int] = field(default_factory=lambda: dict.fromkeys(METRICS, 0))
    total_actual: dict[str, int] = field(default_factory=lambda: dict.fromkeys(METRICS, 0))

    @property
    def totals(self):
        return _cells(self.total_actual, self.total_target)


def campaign_progress(campaign: Campaign, scope: Scope, *, now: dt.datetime | None = None) -> Progress:
    """Actual against target per commune for the campaign's period, only for communes the viewer
    may read, with totals over those rows. A viewer holding the whole running unit also gets a
    row for support given at service points (no commune)."""
    communes = sorted(progress_communes(campaign, scope), key=lambda c: collation_key(c.name))
    ids = [c.pk for c in communes]
    whole = scope.allows(campaign.path, "view")
    figures = actuals(starts_on=campaign.starts_on, ends_on=campaign.ends_on, commune_ids=ids,
                      within=campaign.path, campaign=campaign, include_unassigned=whole, now=now)
    targets = {t.commune_id: {m: getattr(t, m) for m in METRICS}
               for t in CampaignTarget.objects.filter(campaign=campaign, commune_id__in=ids)}
    progress = Progress(campaign=campaign)
    zero = dict.fromkeys(METRICS, 0)
    for commune in communes:
        progress.rows.append(ProgressRow(commune=commune, target=targets.get(commune.pk, dict(zero)),
                                         actual=figures.get(commune.pk, dict(zero))))
    if whole and any(figures.get(None, zero).values()):
        progress.rows.append(ProgressRow(commune=None, target=dict(zero), actual=figures[None]))
    for row in progress.rows:
        for m in METRICS:
            progress.total_target[m] += row.target[m]
            progress.total_actual[m] += row.actual[m]
    return progress


def campaign_targets(campaign: Campaign, communes) -> dict[int, CampaignTarget]:
    return {t.commune_id: t for t in CampaignTarget.objects.filter(campaign=campaign, commune__in=communes)}


# --- youth works ----------------------------------------------------------------------------------

def visible_works(scope: Scope) -> QuerySet[YouthWork]:
    """Works in the user's subtrees (others' drafts stay private), plus submitted works they
    volunteered on (a volunteer's role sits on a branch, the work on the commune)."""
    draft = Q(status=YouthWork.Status.DRAFT)
    mine = Q(created_by_id=scope.user_id) if scope.user_id else Q(pk__in=[])
    volunteered = YouthWork.volunteers.through.objects.filter(member__user_id=scope.user_id).values("youthwork_id")
    in_scope = scope.q("path") & (~draft | mine)
    if scope.user_id:
        in_scope |= Q(pk__in=volunteered) & ~draft
    return YouthWork.objects.filter(in_scope)


def work_list(*, scope: Scope, status: str = "", kind: str = "", commune: OrgUnit | None = None,
              campaign: Campaign | None = None, q: str = "") -> QuerySet[YouthWork]:
    qs = visible_works(scope)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if commune is not None:
        qs = qs.filter(commune=commune)
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if q:
        qs = qs.filter(words_q(q))
    return qs.select_related("commune", "campaign", "created_by").order_by("-created_at", "-id")


def work_get(*, scope: Scope, pk: int) -> YouthWork:
    qs = visible_works(scope).select_related("commune", "campaign", "place", "team", "created_by", "reviewed_by")
    return get_object_or_404(qs, pk=pk)


def awaiting_approval_count(scope: Scope) -> int:
    return YouthWork.objects.filter(scope.q("path", "approve_works"), status=YouthWork.Status.SUBMITTED).count()


# --- a work's public page -------------------------------------------------------------------------

def public_work(pk: int) -> YouthWork:
    """An approved work, for its public page: its commune, team, campaign and place in the same read,
    its photos (`photo_list`, the ones with a thumbnail: what the page shows) in one more. Anything
    else (a draft, a work waiting for approval or returned, an unknown number) is a 404."""
    photos = Prefetch("photos", queryset=WorkPhoto.objects.exclude(thumbnail="").order_by("uploaded_at", "id"),
                      to_attr="photo_list")
    qs = (YouthWork.objects.filter(status=YouthWork.Status.APPROVED)
          .select_related("commune", "team", "campaign", "place").prefetch_related(photos))
    return get_object_or_404(qs, pk=pk)

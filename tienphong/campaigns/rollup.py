"""What approved youth works add to the dashboards' figures (see tienphong.rollups).

A work counts once approved, on its completion day (the approval day when it has none), with its
value in ₫, its beneficiaries and its volunteers (volunteer-turns).
"""

from django.db.models import CharField, Count, F, Sum, Value
from django.db.models.functions import Coalesce, TruncDate
from django.db.models.signals import pre_delete
from django.utils import timezone

from tienphong.rollups import services as rollups
from tienphong.rollups.services import Delta

from .models import YouthWork

WORKS = "works"
VALUE = "works_value"
BENEFICIARIES = "beneficiaries"
VOLUNTEER_TURNS = "volunteer_turns"
# A digital-transformation activity ("hoạt động CĐS"): an approved work or task of a digital kind (wifi
# point, digital library, relic digitisation, product QR codes, training), i.e. any kind but "other";
# its beneficiaries are the people it reached. See docs/reports.md, "Seed figures".
DX_ACTIVITIES = "dx_activities"
DX_REACHED = "dx_reached"
DX_KINDS = tuple(k for k in YouthWork.Kind.values if k != YouthWork.Kind.OTHER)


def work_day(work: YouthWork):
    return work.completed_on or timezone.localdate(work.reviewed_at or work.updated_at or timezone.now())


def work_deltas(work: YouthWork, *, volunteers: int, partners=()) -> list[Delta]:
    """`partners`: the co-organising partners' ids; the work, its value and beneficiaries count under each."""
    if work.status != YouthWork.Status.APPROVED:
        return []
    base = {"unit_id": work.commune_id, "path": work.path, "day": work_day(work)}
    out = []
    for indicator, value in ((WORKS, 1), (VALUE, work.value_vnd), (BENEFICIARIES, work.beneficiaries)):
        out += [Delta(**base, indicator=indicator, value=value),
                Delta(**base, indicator=indicator, value=value, dim="kind", key=work.kind)]
        if work.team_id:
            out.append(Delta(**base, indicator=indicator, value=value, dim="team", key=str(work.team_id)))
        if work.campaign_id:
            # A campaign counts the works filed under it whatever their date (campaigns.selectors.actuals).
            out.append(Delta(**base, indicator=indicator, value=value, dim="campaign", key=str(work.campaign_id)))
        out += [Delta(**base, indicator=indicator, value=value, dim="partner", key=str(pk)) for pk in partners]
    if work.kind in DX_KINDS:
        for indicator, value in ((DX_ACTIVITIES, 1), (DX_REACHED, work.beneficiaries)):
            out += [Delta(**base, indicator=indicator, value=value),
                    Delta(**base, indicator=indicator, value=value, dim="kind", key=work.kind)]
    if volunteers:
        out += [Delta(**base, indicator=VOLUNTEER_TURNS, value=volunteers),
                Delta(**base, indicator=VOLUNTEER_TURNS, value=volunteers, dim="source", key="work")]
        if work.team_id:
            out.append(Delta(**base, indicator=VOLUNTEER_TURNS, value=volunteers, dim="team", key=str(work.team_id)))
        if work.campaign_id:
            out.append(Delta(**base, indicator=VOLUNTEER_TURNS, value=volunteers, dim="campaign",
                             key=str(work.campaign_id)))
    return out


def snapshot(work_id: int | None) -> list[Delta]:
    """What the work adds now, as stored. Take it after locking the work row, before changing it."""
    work = YouthWork.objects.filter(pk=work_id).first() if work_id else None
    if work is None:
        return []
    return work_deltas(work, volunteers=work.volunteers.count(),
                       partners=list(work.partners.values_list("pk", flat=True)))


def changed(before: list[Delta], work_id: int) -> None:
    rollups.replace(before, snapshot(work_id))


def backfill():
    works = YouthWork.objects.filter(status=YouthWork.Status.APPROVED).order_by()
    day = Coalesce("completed_on", TruncDate("reviewed_at"), TruncDate("updated_at"))
    for indicator, value in ((WORKS, Count("id")), (VALUE, Sum("value_vnd")), (BENEFICIARIES, Sum("beneficiaries"))):
        yield indicator, "", works.values(u=F("commune_id"), d=day).annotate(v=value)
        yield indicator, "kind", works.values(u=F("commune_id"), d=day, k=F("kind")).annotate(v=value)
        yield indicator, "team", works.values(u=F("commune_id"), d=day, k=F("team_id")).annotate(v=value)
        yield indicator, "campaign", works.values(u=F("commune_id"), d=day, k=F("campaign_id")).annotate(v=value)
        yield indicator, "partner", works.values(u=F("commune_id"), d=day, k=F("partners")).annotate(v=value)
    dx = works.filter(kind__in=DX_KINDS)
    for indicator, value in ((DX_ACTIVITIES, Count("id")), (DX_REACHED, Sum("beneficiaries"))):
        yield indicator, "", dx.values(u=F("commune_id"), d=day).annotate(v=value)
        yield indicator, "kind", dx.values(u=F("commune_id"), d=day, k=F("kind")).annotate(v=value)
    links = YouthWork.volunteers.through.objects.filter(youthwork__status=YouthWork.Status.APPROVED).order_by()
    lday = Coalesce("youthwork__completed_on", TruncDate("youthwork__reviewed_at"), TruncDate("youthwork__updated_at"))
    yield VOLUNTEER_TURNS, "", links.values(u=F("youthwork__commune_id"), d=lday).annotate(v=Count("id"))
    yield VOLUNTEER_TURNS, "source", links.values(
        u=F("youthwork__commune_id"), d=lday, k=Value("work", output_field=CharField())).annotate(v=Count("id"))
    yield VOLUNTEER_TURNS, "team", links.values(
        u=F("youthwork__commune_id"), d=lday, k=F("youthwork__team_id")).annotate(v=Count("id"))
    yield VOLUNTEER_TURNS, "campaign", links.values(
        u=F("youthwork__commune_id"), d=lday, k=F("youthwork__campaign_id")).annotate(v=Count("id"))


def member_deleted(sender, instance, **kwargs):
    """A deleted volunteer leaves the works they helped with (cascade), so a rebuild no longer counts
    their turns."""
    helped = YouthWork.objects.filter(volunteers=instance, status=YouthWork.Status.APPROVED)
    rollups.add([d for work in helped for d in work_deltas(work, volunteers=1)
                 if d.indicator == VOLUNTEER_TURNS], sign=-1)


pre_delete.connect(member_deleted, sender="members.Member", dispatch_uid="campaigns.rollup.member_deleted")

"""What support records add to the dashboards' figures (see tienphong.rollups)."""

from django.db.models import CharField, Count, F, Sum, Value
from django.db.models.functions import TruncDate
from django.db.models.signals import pre_delete, pre_save
from django.utils import timezone

from tienphong.core.choices import CitizenGroup, split_groups
from tienphong.rollups import services as rollups
from tienphong.rollups.services import Delta

TURNS = "support_turns"            # citizen-turns: Sum(people)
VOLUNTEER_TURNS = "volunteer_turns"  # shared with classes and works; "source" says which
# Breakdowns of citizen-turns. A record with two services counts its people under each of them.
# "age_band": the citizen's age band, when the entry gives one (entries without it are in no band).
# "group": elderly, disability, ethnic minority, household business; an entry counts under each group it names.
TURN_DIMS = ("service", "setting", "outcome", "team_kind", "team", "age_band", "group")


def record_deltas(record, *, services, volunteers: int, team, partners=()) -> list[Delta]:
    """`services`: the codes; `volunteers`: how many took part; `team`: the Team or None; `partners`: the
    co-organising partners' ids (the entry's people count under each of them)."""
    base = {"unit_id": record.unit_id, "path": record.path, "day": timezone.localdate(record.occurred_at)}
    n = record.people
    out = [Delta(**base, indicator=TURNS, value=n),
           Delta(**base, indicator=TURNS, value=n, dim="setting", key=record.setting),
           Delta(**base, indicator=TURNS, value=n, dim="outcome", key=record.outcome)]
    out += [Delta(**base, indicator=TURNS, value=n, dim="service", key=code) for code in services]
    out += [Delta(**base, indicator=TURNS, value=n, dim="partner", key=str(pk)) for pk in partners]
    if record.age_band:
        out.append(Delta(**base, indicator=TURNS, value=n, dim="age_band", key=record.age_band))
    out += [Delta(**base, indicator=TURNS, value=n, dim="group", key=g) for g in split_groups(record.groups)]
    if team is not None:
        out += [Delta(**base, indicator=TURNS, value=n, dim="team_kind", key=team.kind),
                Delta(**base, indicator=TURNS, value=n, dim="team", key=str(team.pk))]
    if volunteers:
        out += [Delta(**base, indicator=VOLUNTEER_TURNS, value=volunteers),
                Delta(**base, indicator=VOLUNTEER_TURNS, value=volunteers, dim="source", key="support")]
        if team is not None:
            out.append(Delta(**base, indicator=VOLUNTEER_TURNS, value=volunteers, dim="team", key=str(team.pk)))
    return out


def stored_deltas(record) -> list[Delta]:
    """What a stored record adds now, read from the database (before an edit or a delete).

    The row is read again rather than taken from `record`: the caller's copy may predate another
    edit, and taking away what that copy says would leave the figures off by the difference."""
    from .models import SupportRecord

    stored = SupportRecord.objects.select_related("team").filter(pk=record.pk).first()
    if stored is None:
        return []
    return record_deltas(stored, services=list(stored.services.values_list("code", flat=True)),
                         volunteers=stored.volunteers.count(), team=stored.team,
                         partners=list(stored.partners.values_list("pk", flat=True)))


def backfill():
    from .models import SupportRecord

    day = TruncDate("occurred_at")
    records = SupportRecord.objects.order_by()
    yield TURNS, "", records.values(u=F("unit_id"), d=day).annotate(v=Sum("people"))
    for dim, column in (("service", "services__code"), ("setting", "setting"), ("outcome", "outcome"),
                        ("team_kind", "team__kind"), ("team", "team_id"), ("partner", "partners")):
        yield TURNS, dim, records.values(u=F("unit_id"), d=day, k=F(column)).annotate(v=Sum("people"))
    yield TURNS, "age_band", (records.exclude(age_band="").values(u=F("unit_id"), d=day, k=F("age_band"))
                              .annotate(v=Sum("people")))
    for group in CitizenGroup.values:  # stored joined by commas; no code is part of another
        yield TURNS, "group", (records.filter(groups__contains=group)
                               .values(u=F("unit_id"), d=day, k=Value(group, output_field=CharField()))
                               .annotate(v=Sum("people")))
    links = SupportRecord.volunteers.through.objects.order_by()
    vday = TruncDate("supportrecord__occurred_at")
    yield VOLUNTEER_TURNS, "", links.values(u=F("supportrecord__unit_id"), d=vday).annotate(v=Count("id"))
    yield VOLUNTEER_TURNS, "source", links.values(u=F("supportrecord__unit_id"), d=vday,
                                                  k=Value("support", output_field=CharField())).annotate(v=Count("id"))
    yield VOLUNTEER_TURNS, "team", links.values(u=F("supportrecord__unit_id"), d=vday,
                                                k=F("supportrecord__team_id")).annotate(v=Count("id"))


# --- writes made outside this app's services ----------------------------------------------------

def member_deleted(sender, instance, **kwargs):
    """A deleted member's links to the entries they volunteered on go with them (cascade), so a rebuild
    no longer counts those turns: take them away from the running totals too."""
    from .models import SupportRecord

    records = SupportRecord.objects.filter(volunteers=instance).select_related("team")
    rollups.add([d for r in records for d in record_deltas(r, services=[], volunteers=1, team=r.team)
                 if d.indicator == VOLUNTEER_TURNS], sign=-1)


def team_saving(sender, instance, raw=False, **kwargs):
    """A team that changes kind takes its entries' citizen-turns to the other kind: each entry stored
    its team's kind as a breakdown key, and a rebuild reads the kind the team has now."""
    if raw or instance.pk is None:
        return
    old = sender.objects.filter(pk=instance.pk).values_list("kind", flat=True).first()
    if old is None or old == instance.kind:
        return
    from .models import SupportRecord

    groups = (SupportRecord.objects.filter(team_id=instance.pk).order_by()
              .values(u=F("unit_id"), p=F("path"), d=TruncDate("occurred_at")).annotate(n=Sum("people")))

    def deltas(kind):
        return [Delta(unit_id=g["u"], path=g["p"], day=g["d"], indicator=TURNS, value=g["n"], dim="team_kind",
                      key=kind) for g in groups]

    rollups.replace(deltas(old), deltas(instance.kind))


pre_delete.connect(member_deleted, sender="members.Member", dispatch_uid="support.rollup.member_deleted")
pre_save.connect(team_saving, sender="teams.Team", dispatch_uid="support.rollup.team_saving")

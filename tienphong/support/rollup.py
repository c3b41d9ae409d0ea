"""What support records add to the dashboards' figures (see tienphong.rollups)."""

from django.db.models import CharField, Count, F, Sum, Value
from django.db.models.functions import TruncDate
from django.utils import timezone

from tienphong.rollups.services import Delta

TURNS = "support_turns"            # citizen-turns: Sum(people)
VOLUNTEER_TURNS = "volunteer_turns"  # shared with classes and works; "source" says which
# Breakdowns of citizen-turns. A record with two services counts its people under each of them.
TURN_DIMS = ("service", "setting", "outcome", "team_kind", "team")


def record_deltas(record, *, services, volunteers: int, team) -> list[Delta]:
    """`services`: the codes; `volunteers`: how many took part; `team`: the Team or None."""
    base = {"unit_id": record.unit_id, "path": record.path, "day": timezone.localdate(record.occurred_at)}
    n = record.people
    out = [Delta(**base, indicator=TURNS, value=n),
           Delta(**base, indicator=TURNS, value=n, dim="setting", key=record.setting),
           Delta(**base, indicator=TURNS, value=n, dim="outcome", key=record.outcome)]
    out += [Delta(**base, indicator=TURNS, value=n, dim="service", key=code) for code in services]
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
    """What a stored record adds now, read from the database (before an edit or a delete)."""
    return record_deltas(record, services=list(record.services.values_list("code", flat=True)),
                         volunteers=record.volunteers.count(), team=record.team)


def backfill():
    from .models import SupportRecord

    day = TruncDate("occurred_at")
    records = SupportRecord.objects.order_by()
    yield TURNS, "", records.values(u=F("unit_id"), d=day).annotate(v=Sum("people"))
    for dim, column in (("service", "services__code"), ("setting", "setting"), ("outcome", "outcome"),
                        ("team_kind", "team__kind"), ("team", "team_id")):
        yield TURNS, dim, records.values(u=F("unit_id"), d=day, k=F(column)).annotate(v=Sum("people"))
    links = SupportRecord.volunteers.through.objects.order_by()
    vday = TruncDate("supportrecord__occurred_at")
    yield VOLUNTEER_TURNS, "", links.values(u=F("supportrecord__unit_id"), d=vday).annotate(v=Count("id"))
    yield VOLUNTEER_TURNS, "source", links.values(u=F("supportrecord__unit_id"), d=vday,
                                                  k=Value("support", output_field=CharField())).annotate(v=Count("id"))
    yield VOLUNTEER_TURNS, "team", links.values(u=F("supportrecord__unit_id"), d=vday,
                                                k=F("supportrecord__team_id")).annotate(v=Count("id"))

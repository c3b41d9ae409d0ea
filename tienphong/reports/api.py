"""Report figures over JSON, scoped like the pages (a phone widget, another system, the benchmark).

The query is read strictly: the pages fall back to the current month or the viewer's own unit when a
parameter makes no sense, but a program asking for figures is told what it got wrong (422)."""

from typing import Literal

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from pydantic import field_validator, model_validator

from tienphong.core.apierrors import ERRORS

from . import indicators as ind
from . import selectors
from .access import period_from, subject_from, visible_campaigns
from .periods import KINDS, MAX_DAYS, parse_date

router = Router(tags=["reports"])

ID = r"^([0-9]{1,18})?$"  # ASCII digits: "²" and "١" are digits to Python's int() but name no row
DATE = r"^([0-9]{4}-[0-9]{2}-[0-9]{2})?$"
PeriodKind = Literal[tuple(kind for kind, _label in KINDS)]


class FiguresQuery(Schema):
    unit: str = Field("", pattern=r"^(nation|[0-9]{1,18})?$",
                      description="A unit's id, or `nation` (superusers); empty: the caller's own.")
    team: str = Field("", pattern=ID, description="A team's id, instead of a unit.")
    period: PeriodKind = "month"
    date: str = Field("", pattern=DATE, description="A day inside the period (yyyy-mm-dd); empty: today.")
    start: str = Field("", pattern=DATE, description="`custom`: the first day (yyyy-mm-dd).")
    end: str = Field("", pattern=DATE, description="`custom`: the last day (yyyy-mm-dd).")
    campaign: str = Field("", pattern=ID, description="`campaign`: the campaign's id.")

    @field_validator("date", "start", "end")
    @classmethod
    def _a_real_date(cls, value: str) -> str:
        if value:
            parse_date(value)  # ValueError with the reason: answered 422
        return value

    @field_validator("unit", "team", "campaign")
    @classmethod
    def _an_id(cls, value: str) -> str:
        if value and value != "nation" and int(value) == 0:
            raise ValueError(_("No row has the id 0."))
        return value

    @model_validator(mode="after")
    def _a_whole_period(self):
        if self.period == "campaign" and not self.campaign:
            raise ValueError(_("Name the campaign (campaign=<id>)."))
        if self.period == "custom" and self.start and self.end:
            start, end = parse_date(self.start), parse_date(self.end)
            if end < start:
                raise ValueError(_("The end comes before the start."))
            if (end - start).days > MAX_DAYS:
                raise ValueError(_("A custom range spans at most %(days)s days.") % {"days": MAX_DAYS})
        return self


class FiguresOut(Schema):
    subject: str
    period: str
    start: str
    end: str
    figures: dict[str, int]
    stock: dict[str, int]


@router.get("/figures", response={200: FiguresOut, **ERRORS}, url_name="report_figures",
            summary="Headline figures of a unit (or team) for a period")
def figures(request, query: Query[FiguresQuery]):
    """Same query parameters as the dashboard page: `unit` (an id, or `nation` for superusers) or
    `team`, and `period` = day | week | month | quarter | year | campaign | custom with `date`, or
    `start`/`end`, or `campaign`. A unit, team or campaign outside the caller's scope answers 404;
    a parameter that cannot be read answers 422 with the reason."""
    subject = subject_from(request)
    if query.period == "campaign" and not visible_campaigns(request).filter(pk=int(query.campaign)).exists():
        raise Http404
    p = period_from(request)
    today = timezone.localdate()
    values = selectors.flows(subject, p.clamp(today), ind.HEADLINE)
    stock = selectors.stock(subject)
    return {"subject": subject.name, "period": p.label, "start": p.start.isoformat(), "end": p.end.isoformat(),
            "figures": values, "stock": {"members": stock.members, "core_members": stock.core_members,
                                         "teams": stock.teams_total, "communes_covered": stock.communes_covered}}

"""Report figures over JSON, scoped like the pages (a phone widget, another system, the benchmark)."""

from django.utils import timezone
from ninja import Router, Schema

from . import indicators as ind
from . import selectors
from .access import period_from, subject_from

router = Router(tags=["reports"])


class FiguresOut(Schema):
    subject: str
    period: str
    start: str
    end: str
    figures: dict[str, int]
    stock: dict[str, int]


@router.get("/figures", response=FiguresOut, url_name="report_figures",
            summary="Headline figures of a unit (or team) for a period")
def figures(request, unit: str = "", team: str = "", period: str = "month", date: str = "", start: str = "",
            end: str = "", campaign: str = ""):
    """Same query parameters as the dashboard page: `unit` (an id, or `nation` for superusers) or
    `team`, and `period` = day | week | month | quarter | year | campaign | custom with `date`, or
    `start`/`end`, or `campaign`. A unit outside the caller's scope answers 404."""
    subject = subject_from(request)
    p = period_from(request)
    today = timezone.localdate()
    values = selectors.flows(subject, p.clamp(today), ind.HEADLINE)
    stock = selectors.stock(subject)
    return {"subject": subject.name, "period": p.label, "start": p.start.isoformat(), "end": p.end.isoformat(),
            "figures": values, "stock": {"members": stock.members, "core_members": stock.core_members,
                                         "teams": stock.teams_total, "communes_covered": stock.communes_covered}}

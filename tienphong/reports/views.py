"""Dashboards, the pivot table and report exports: thin views over reports.selectors."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from tienphong.core.scope import get_scope
from tienphong.core.text import fold
from tienphong.units.models import OrgUnit

from . import indicators as ind
from . import selectors
from .access import NoTeamToReport, period_from, subject_from, visible_campaigns
from .exports import default_signing, signing_from

SIGNING_KEY = "reports_signing"  # the recipients, signer and title last typed, in the user's session


def _signing(request, subject):
    """The PDF form's defaults: the viewer signs with their role's title, unless they typed otherwise."""
    default = default_signing(subject, request.user, get_scope(request).grants)
    return signing_from(request.session.get(SIGNING_KEY) or {}, default)
from .periods import KINDS, shift


def _crumbs(scope, subject) -> list[dict]:
    """Links up the tree the viewer may read: nation › province › commune (› team)."""
    out = []
    if scope.is_superuser:
        out.append({"name": gettext("Nationwide"), "params": {"unit": "nation"}})
    unit = subject.unit
    if unit is not None:
        ids = [int(x) for x in unit.path.strip("/").split("/")]
        for a in OrgUnit.objects.filter(pk__in=ids, kind__in=["province", "commune"]).order_by("depth"):
            if scope.allows(a.path, "view_reports"):
                out.append({"name": a.name, "params": {"unit": str(a.pk)}})
    if subject.team is not None:
        out.append({"name": subject.team.name, "params": {"team": str(subject.team.pk)}})
    return out


def _subject_params(subject) -> dict:
    if subject.team is not None:
        return {"team": str(subject.team.pk)}
    if subject.kind == "nation":
        return {"unit": "nation"}
    return {"unit": str(subject.unit.pk)}


def _campaign_progress(request, subject, period, today):
    """Progress bars for the campaigns running in the period that the subject takes part in."""
    if subject.unit is None or subject.team is not None:
        return []
    campaigns = visible_campaigns(request).filter(starts_on__lte=period.end, ends_on__gte=period.start)
    out = []
    for campaign in campaigns.select_related("unit").order_by("-starts_on")[:3]:
        if subject.unit.path.startswith(campaign.path) or campaign.path.startswith(subject.unit.path):
            out.append({"campaign": campaign, "cells": selectors.campaign_cells(subject, campaign, today)})
    return out


TABLE_CODES = ("support_turns", "classes_held", "class_attendees", "works", "works_value", "volunteer_turns")


def _children_rows(children) -> str:
    """The rows of the table below the subject, made here: 129 communes × 8 cells cost ~30 ms as
    template nodes and ~2 ms as strings. Names and links are escaped; the rest are our own numbers."""
    from html import escape

    from django.utils.formats import number_format
    from django.utils.safestring import mark_safe

    from .templatetags.report_tags import grouped

    out = []
    for r in children:
        name = f'<a href="{escape(r.href)}">{escape(r.name)}</a>' if r.href else escape(r.name)
        per = r.per_member("support_turns")
        per = "—" if per is None else number_format(per, 1, force_grouping=True)
        cells = "".join(f'<td class="num">{grouped(r.values.get(code, 0))}</td>' for code in TABLE_CODES[1:])
        out.append(f'<tr><td>{name}</td><td class="num">{grouped(r.values.get("support_turns", 0))}</td>'
                   f'<td class="num">{per}</td>{cells}</tr>')
    return mark_safe("\n".join(out))


@login_required
def dashboard(request):
    scope = get_scope(request)
    try:
        subject = subject_from(request)
    except NoTeamToReport:
        return render(request, "reports/no_team.html", {"nav": "reports"})
    period = period_from(request)
    today = timezone.localdate()
    children = selectors.children(subject, period, today)
    # Links built once here: reverse() and urlencode per row cost more than the rest of a row.
    url, when = reverse("reports:dashboard"), urlencode(period.params())
    for row in children:
        row.params = ({"unit": str(row.unit.pk)} if row.unit else {"team": str(row.team.pk)} if row.team else None)
        row.href = f"{url}?{urlencode(row.params)}&{when}" if row.params else ""
    communes, service_points = selectors.split_service_points(children)
    top, bottom = selectors.ranking(communes, "support_turns")
    trend = selectors.trend(subject, period, ("support_turns", "class_attendees", "volunteer_turns"), today)
    base = _subject_params(subject)
    parts = selectors.breakdowns(subject, period, today, pairs=selectors.BREAKDOWNS + selectors.PARTNER_BREAKDOWNS)
    mapped = [{"name": r.name, "lat": r.latitude, "lon": r.longitude, "value": r.values.get("support_turns", 0),
               "params": {"unit": str(r.unit.pk)} if r.unit else {}}
              for r in children if r.latitude is not None and r.longitude is not None]
    charts = {
        "trend": {"labels": trend.labels,
                  "series": [{"name": str(ind.BY_CODE[c].name), "data": v} for c, v in trend.series.items()]},
        "breakdowns": [{"title": b.title, "rows": b.rows[:12]} for b in parts],
        "map": {"points": mapped, "tiles": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION},
    }
    return render(request, "reports/dashboard.html", {
        "nav": "reports", "subject": subject, "period": period, "kinds": KINDS,
        "prev": {**base, **shift(period, -1).params()}, "next": {**base, **shift(period, 1).params()},
        "base": base, "cards": selectors.cards(subject, period, today), "stock": selectors.stock(subject),
        "event_cards": [] if subject.team else selectors.cards(subject, period, today, ind.EVENT_CARDS),
        "innovation_cards": [] if subject.team else selectors.cards(subject, period, today, ind.INNOVATION_CARDS),
        "children": children, "children_rows": _children_rows(communes),
        "service_points_rows": _children_rows(service_points), "communes_count": len(communes), "top": top, "bottom": bottom, "charts": charts,
        "breakdowns": parts,
        "crumbs": _crumbs(scope, subject), "campaigns": visible_campaigns(request).order_by("-starts_on")[:30],
        "progress": _campaign_progress(request, subject, period, today), "today": today,
        "child_label": ind.DIM_LABELS_CHILD.get(subject.kind, ""),
        "here": {**base, **period.params()},
        "signing": _signing(request, subject),
    })


@login_required
def pivot(request):
    from .pivot import pivot_table

    subject = subject_from(request)
    period = period_from(request)
    table = pivot_table(subject, period, request.GET, timezone.localdate())
    from .pivot import COLUMNS, PIVOT_INDICATORS

    return render(request, "reports/pivot.html", {
        "nav": "reports", "subject": subject, "period": period, "table": table, "kinds": KINDS,
        "indicators": PIVOT_INDICATORS, "columns": COLUMNS,
        "base": _subject_params(subject), "crumbs": _crumbs(get_scope(request), subject),
        "campaigns": visible_campaigns(request).order_by("-starts_on")[:30],
    })


@login_required
def partner(request, pk):
    """What the subject (the viewer's unit by default) did together with one partner, this year by default."""
    from django.http import Http404, QueryDict

    from tienphong.partners.selectors import partner_get

    from .access import visible_campaigns as campaigns_of
    from .partners import together
    from .periods import parse_period

    the_partner = partner_get(scope=get_scope(request), pk=pk)
    subject = subject_from(request)
    if subject.team is not None:
        raise Http404  # a team's figures have no partner breakdown
    params = request.GET
    if not params.get("period"):
        params = QueryDict(mutable=True)
        params.update(request.GET)
        params["period"] = "year"
    period = parse_period(params, timezone.localdate(), campaigns_of(request))
    base = {**_subject_params(subject)}
    return render(request, "reports/partner.html", {
        "nav": "reports", "subject": subject, "period": period, "kinds": KINDS, "partner": the_partner,
        "together": together(subject, the_partner, period, timezone.localdate()),
        "base": base, "crumbs": _crumbs(get_scope(request), subject),
        "campaigns": campaigns_of(request).order_by("-starts_on")[:30],
    })


def _stem(subject, period) -> str:
    return slugify(fold(f"bao cao {subject.name} {period.start:%d-%m-%Y} {period.end:%d-%m-%Y}"))


@login_required
def export_xlsx(request):
    from .exports import xlsx_response

    subject, period = subject_from(request), period_from(request)
    return xlsx_response(subject=subject, period=period, today=timezone.localdate(),
                         filename_stem=_stem(subject, period))


@login_required
def export_pdf(request):
    from .exports import pdf_response, signing_from

    subject, period = subject_from(request), period_from(request)
    signing = signing_from(request.GET, _signing(request, subject))
    if "signer" in request.GET:  # typed on the dashboard's form: offered again next time (not the number)
        request.session[SIGNING_KEY] = {"recipients": signing.recipients_text, "signer": signing.signer,
                                        "signer_title": signing.title}
    return pdf_response(subject=subject, period=period, today=timezone.localdate(),
                        filename_stem=_stem(subject, period), signing=signing)

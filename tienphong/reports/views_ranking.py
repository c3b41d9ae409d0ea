"""The ranking of communes (or provinces) by any figure, and the seed figures: thin views over
reports.ranking (rollups only). Subjects come from `access.subject_from`: an outsider gets 404."""

import tempfile
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tienphong.core import xlsx
from tienphong.core.scope import get_scope
from tienphong.core.text import fold

from . import indicators as ind
from . import ranking as rk
from .access import period_from, subject_from, visible_campaigns
from .periods import KINDS
from .views import _crumbs, _subject_params

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _chosen(request):
    measure = ind.measure(request.GET.get("measure")) or ind.measure(rk.DEFAULT_MEASURE)
    order = request.GET.get("order") if request.GET.get("order") in dict(rk.ORDERS) else "value"
    return measure, order


@login_required
def ranking(request):
    subject, period = subject_from(request), period_from(request)
    measure, order = _chosen(request)
    today = timezone.localdate()
    rows = rk.ranking(subject, measure, period, today, order) if rk.rankable(subject) else []
    base = _subject_params(subject)
    here = {**base, **period.params(), "measure": measure.slug, "order": order}
    dashboard = reverse("reports:dashboard")
    when = urlencode(period.params())
    for r in rows:
        r.href = f"{dashboard}?{urlencode({'unit': r.unit.pk})}&{when}"
    return render(request, "reports/ranking.html", {
        "nav": "reports", "subject": subject, "period": period, "kinds": KINDS, "base": base,
        "measure": measure, "measures": ind.measures(), "order": order, "orders": rk.ORDERS,
        "rows": rows, "rankable": rk.rankable(subject), "here": here,
        "crumbs": _crumbs(get_scope(request), subject),
        "campaigns": visible_campaigns(request).order_by("-starts_on")[:30],
    })


@login_required
def ranking_xlsx(request):
    subject, period = subject_from(request), period_from(request)
    measure, order = _chosen(request)
    rows = rk.ranking(subject, measure, period, timezone.localdate(), order) if rk.rankable(subject) else []
    book = xlsx.workbook()
    ws = book.create_sheet(_("Ranking"))
    ws.append([str(measure.name)])
    ws.append([f"{subject.name} · {period.label} · {period.start:%d/%m/%Y} – {period.end:%d/%m/%Y}"])
    ws.append([])
    ws.append([_("Rank"), _("Unit"), str(measure.name), _("Members"), _("Per 100 members")])
    for r in rows:
        ws.append([r.rank, r.name, r.value, r.members, r.per_100])
    out = tempfile.TemporaryFile()  # on disk: FileResponse sends it in chunks and closes it
    book.save(out)
    out.seek(0)
    stem = slugify(fold(f"xep hang {measure.name} {subject.name} {period.start:%d-%m-%Y} {period.end:%d-%m-%Y}"))
    return FileResponse(out, as_attachment=True, filename=f"{stem}.xlsx", content_type=XLSX)


@login_required
def seed_figures(request):
    subject = subject_from(request)
    today = timezone.localdate()
    rows = rk.seed_rows(subject, today)
    base = _subject_params(subject)
    for r in rows:
        params = {**base, **r.period.params(), "measure": r.measure.slug}
        r.ranking_href = reverse("reports:ranking") + "?" + urlencode(params)
        r.dashboard_href = reverse("reports:dashboard") + "?" + urlencode({**base, **r.period.params()})
    return render(request, "reports/seed_figures.html", {
        "nav": "reports", "subject": subject, "rows": rows, "base": base, "rankable": rk.rankable(subject),
        "crumbs": _crumbs(get_scope(request), subject), "today": today,
    })

"""What a contest exports: every score sheet as a workbook (with the ranking) and the winners' certificates.

The staff pages call `scores_workbook_response(contest)` and `certificates_response(contest)` once they have
checked who may; both are written in Vietnamese (official records, like the classes' certificates).

The workbook goes through core/xlsx.py (write-only: rows stream to a temporary file, and any text that
starts like a formula — a title "=1+1" — is written as text). It reads the contest in four queries
(rounds and criteria, entries, sheets, scores), so 8,000 sheets of 5 criteria take a few seconds.
"""

from __future__ import annotations

import tempfile

from django.http import FileResponse, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from tienphong.core import xlsx
from tienphong.core.errors import DomainError
from tienphong.core.pdf import css_href, render_pdf
from tienphong.core.text import fold

from . import ranking, selectors
from .models import Assignment, Contest, Criterion, Entry, Result, Round, Score

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JUDGED = [Round.Kind.PRELIMINARY, Round.Kind.FINAL]
# The workbook's headers: the same English words mean other things elsewhere in the catalogue ("jury").
SCORE_SHEETS = pgettext_lazy("jury", "Score sheets")
ROUND = pgettext_lazy("jury", "Round")
CODE = pgettext_lazy("jury", "Code")
TITLE = pgettext_lazy("jury", "Title")
CATEGORY = pgettext_lazy("jury", "Category")
JUROR = pgettext_lazy("jury", "Juror")
SHEET_TOTAL = pgettext_lazy("jury", "Sheet total")
COMPLETED = pgettext_lazy("jury", "Completed")
PLACE = pgettext_lazy("jury", "Place")
ENTRANT = pgettext_lazy("jury", "Entrant")
UNIT = pgettext_lazy("jury", "Unit")
SCORE = pgettext_lazy("jury", "Score")
FIRST_CRITERION = pgettext_lazy("jury", "First criterion")
COMPLETE_SHEETS = pgettext_lazy("jury", "Complete sheets")
SPREAD = pgettext_lazy("jury", "Spread (standard deviation)")
TIE_BROKEN_BY = pgettext_lazy("jury", "Tie broken by")


def _stem(prefix: str, contest: Contest) -> str:
    return slugify(fold(f"{prefix} {contest.name}"))[:80] or "cuoc-thi"


def _header(ws, titles):
    bold = Font(bold=True)
    cells = []
    for title in titles:
        cell = WriteOnlyCell(ws, value=str(title))
        cell.font = bold
        cells.append(cell)
    ws.append(cells)


def _tie_label(how: str) -> str:
    return {"first_criterion": _("the first criterion"), "other_round": _("the other round"),
            "shared": _("shared place")}.get(how, "")


def write_scores(target, contest: Contest) -> None:
    """The workbook: "Score sheets" (one row per juror and entry and round) and "Ranking". `target`: a path
    or a binary file."""
    rounds = list(contest.rounds.filter(kind__in=JUDGED).order_by("starts_on", "id"))
    round_label = {r.pk: str(r.get_kind_display()) for r in rounds}
    criteria = list(Criterion.objects.filter(round__in=rounds).order_by("round__starts_on", "round_id", "position",
                                                                        "id"))
    # One column per criterion name (the rounds usually share their rubric); each criterion finds its column.
    names: list[str] = []
    for c in criteria:
        if c.name not in names:
            names.append(c.name)
    column = {c.pk: names.index(c.name) for c in criteria}
    weights: dict[int, dict[int, int]] = {}
    for c in criteria:
        weights.setdefault(c.round_id, {})[c.pk] = c.weight
    entries = {pk: (f"#{pk:04d}", title, category, lead, unit) for pk, title, category, lead, unit in
               Entry.objects.filter(contest=contest).values_list("pk", "title", "category__name", "lead_name",
                                                                 "unit__name")}
    values: dict[int, dict[int, float]] = {}
    for assignment_id, criterion_id, value in (Score.objects.filter(assignment__round__contest=contest)
                                               .values_list("assignment_id", "criterion_id", "value")
                                               .iterator(chunk_size=5000)):
        values.setdefault(assignment_id, {})[criterion_id] = float(value)

    wb = xlsx.workbook()
    ws = wb.create_sheet(str(SCORE_SHEETS))
    for letter, width in zip("ABCDE", (18, 9, 40, 22, 24)):
        ws.column_dimensions[letter].width = width
    _header(ws, [ROUND, CODE, TITLE, CATEGORY, JUROR, *names, SHEET_TOTAL, COMPLETED])
    blank = [None] * len(names)
    sheets = (Assignment.objects.filter(round__contest=contest)
              .order_by("round__starts_on", "round_id", "entry_id", "juror__user__full_name", "juror_id")
              .values_list("pk", "round_id", "entry_id", "juror__user__full_name", "juror__user__username",
                           "completed_at").iterator(chunk_size=2000))
    for pk, round_id, entry_id, juror_name, username, completed_at in sheets:
        code, title, category, _lead, _unit = entries[entry_id]
        own = values.get(pk, {})
        row = list(blank)
        for criterion_id, value in own.items():
            row[column[criterion_id]] = value
        total = ranking.sheet_total(own, weights.get(round_id, {}))
        done = None
        if completed_at is not None:
            done = WriteOnlyCell(ws, value=timezone.localtime(completed_at).date())
            done.number_format = "dd/mm/yyyy"
        ws.append([round_label[round_id], code, title, category, juror_name or username, *row,
                   None if total is None else round(total, 2), done])

    ws = wb.create_sheet(_("Ranking"))
    for letter, width in zip("ABCDEFG", (18, 7, 9, 40, 22, 26, 26)):
        ws.column_dimensions[letter].width = width
    _header(ws, [ROUND, PLACE, CODE, TITLE, CATEGORY, ENTRANT, UNIT, SCORE, FIRST_CRITERION, COMPLETE_SHEETS,
                 SPREAD, TIE_BROKEN_BY])
    for r in rounds:
        for ranked, result in selectors.standings(r):
            code, title, category, lead, unit = entries[result.entry_id]
            ws.append([round_label[r.pk], ranked.place or None, code, title, category, lead, unit,
                       None if result.score is None else round(result.score, 2),
                       None if result.first_criterion is None else round(result.first_criterion, 2),
                       result.sheets, None if result.spread is None else round(result.spread, 2),
                       _tie_label(ranked.tie_broken_by)])
    wb.save(target)


def scores_workbook_response(contest: Contest) -> FileResponse:
    """Every score sheet of the contest and its ranking, as an .xlsx download (in Vietnamese)."""
    out = tempfile.TemporaryFile()  # on disk: FileResponse sends it in chunks and closes it
    with translation.override("vi"):
        write_scores(out, contest)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=f"{_stem('phieu cham', contest)}.xlsx",
                        content_type=XLSX)


# --------------------------------------------------------------------------- certificates

def placing_round(contest: Contest) -> Round | None:
    """The round whose places are the contest's: the final when it was scored, else the preliminary."""
    rounds = {r.kind: r for r in contest.rounds.filter(kind__in=JUDGED)}
    final = rounds.get(Round.Kind.FINAL)
    if final is not None and Result.objects.filter(round=final, score__isnull=False).exists():
        return final
    return rounds.get(Round.Kind.PRELIMINARY)


def certificates_html(contest: Contest) -> str:
    round = placing_round(contest)
    placed = [(x, r) for x, r in selectors.standings(round) if x.place] if round else []
    if not placed:
        raise DomainError("no_places", _("No entry has a place yet: there is no certificate to print."))
    entries = Entry.objects.select_related("category").in_bulk([r.entry_id for _x, r in placed])
    certificates = [{"place": x.place, "entry": entries[r.entry_id],
                     "team": [n for n in entries[r.entry_id].team.splitlines() if n.strip()]} for x, r in placed]
    issued = timezone.localtime(contest.published_at).date() if contest.published_at else timezone.localdate()
    return render_to_string("contests/pdf/certificates.html", {"css_href": css_href("contests/pdf/certificates.css"),
        "contest": contest, "unit": contest.unit, "round": round, "certificates": certificates, "issued": issued})


def certificates_response(contest: Contest) -> HttpResponse:
    """One A4 landscape certificate per placed entry (lead entrant and team, place, contest, organiser, date),
    only once the results are published."""
    if contest.status != Contest.Status.PUBLISHED:
        raise DomainError("not_published", _("Certificates are printed once the results are published."))
    with translation.override("vi"):
        pdf = render_pdf(certificates_html(contest))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_stem("chung nhan", contest)}.pdf"'
    return response

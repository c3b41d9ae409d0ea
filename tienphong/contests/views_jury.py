"""A juror's pages (/jury/…), phone first: the contests they judge with their progress, the entries of a
round to score (blind: a code, never a name, a phone, a team or a unit) and the score sheet.

A user sees only the assignments of their own Juror rows; anything else is a 404. Writes go through
services.score, which refuses (in Vietnamese) outside judging, out of the scale or on another's sheet."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, Count, Q, When
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tienphong.core.errors import DomainError

from . import ranking, services
from .forms_jury import NOTHING_TYPED, ScoreSheetForm
from .models import Assignment, Contest, Entry, Juror, Round

SUBMITTED = Entry.Status.SUBMITTED


def _own_assignments(user):
    """The assignments of this user's Juror rows, on entries still in the running."""
    return Assignment.objects.filter(juror__user=user, entry__status=SUBMITTED)


@login_required
def jury_home(request):
    jurors = list(Juror.objects.filter(user=request.user).select_related("contest", "contest__unit")
                  .order_by("-contest__created_at", "-contest_id"))
    progress: dict[int, list] = {}
    for row in (_own_assignments(request.user).values("juror__contest_id", "round_id", "round__kind",
                                                      "round__starts_on")
                .annotate(assigned=Count("id"), scored=Count("id", filter=Q(completed_at__isnull=False)))
                .order_by("round__starts_on", "round_id")):
        row["label"] = Round.Kind(row["round__kind"]).label
        progress.setdefault(row["juror__contest_id"], []).append(row)
    contests = [{"contest": j.contest, "rounds": progress.get(j.contest_id, []),
                 "judging": j.contest.status == Contest.Status.JUDGING} for j in jurors]
    return render(request, "contests/jury/home.html", {"nav": "jury", "contests": contests})


@login_required
def jury_round(request, pk):
    round = get_object_or_404(Round.objects.select_related("contest"), pk=pk,
                              kind__in=[Round.Kind.PRELIMINARY, Round.Kind.FINAL])
    sheets = list(_own_assignments(request.user).filter(round=round).select_related("entry", "entry__category")
                  .annotate(filled=Count("scores")).order_by("entry_id"))
    if not sheets and not Juror.objects.filter(contest_id=round.contest_id, user=request.user).exists():
        raise Http404
    criteria = round.criteria.count()
    return render(request, "contests/jury/round.html", {
        "nav": "jury", "round": round, "contest": round.contest, "sheets": sheets, "criteria": criteria,
        "scored": sum(s.completed_at is not None for s in sheets),
        "judging": round.contest.status == Contest.Status.JUDGING,
    })


def _next_sheet(assignment: Assignment) -> tuple[int, str] | None:
    """(id, entry code) of the juror's next sheet still to complete in the round: the first after this
    entry, else the first from the start; one query."""
    row = (Assignment.objects.filter(juror_id=assignment.juror_id, round_id=assignment.round_id,
                                     completed_at__isnull=True, entry__status=SUBMITTED)
           .exclude(pk=assignment.pk)
           .order_by(Case(When(entry_id__gt=assignment.entry_id, then=0), default=1), "entry_id")
           .values_list("pk", "entry_id").first())
    return (row[0], f"#{row[1]:04d}") if row else None


@login_required
def jury_sheet(request, pk):
    assignment = get_object_or_404(
        _own_assignments(request.user).select_related("entry", "entry__category", "round", "round__contest",
                                                      "juror"), pk=pk)
    round, entry = assignment.round, assignment.entry
    contest = round.contest
    # Read once here, and again from this cache by services.score: the round's rubric.
    prefetch_related_objects([round], "criteria")
    criteria = list(round.criteria.all())
    stored = {} if request.method == "POST" else dict(assignment.scores.values_list("criterion_id", "value"))
    judging = contest.status == Contest.Status.JUDGING
    form = ScoreSheetForm(request.POST or None, criteria=criteria, scale=round.scale, values=stored)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        try:
            if not values:
                raise DomainError("nothing_typed", str(NOTHING_TYPED))
            services.score(assignment=assignment, values=values, by=request.user)
        except DomainError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, _("Score sheet %(code)s saved.") % {"code": entry.code})
            if "next" not in request.POST:
                return redirect("jury_sheet", assignment.pk)
            # The page named the next sheet when it was shown (its "next" button carries its id): no lookup
            # here. That page checks it is this juror's own, like any other.
            shown = request.POST["next"]
            if shown.isdigit() and int(shown) != assignment.pk:
                return redirect("jury_sheet", int(shown))
            nxt = _next_sheet(assignment)
            if nxt is None:
                messages.info(request, _("Every entry of this round has a complete score sheet."))
                return redirect("jury_round", round.pk)
            return redirect("jury_sheet", nxt[0])
    if request.method == "POST":  # refused: the sheet as it stands, under what was typed
        stored = dict(assignment.scores.values_list("criterion_id", "value"))
    total = ranking.sheet_total({k: float(v) for k, v in stored.items()}, {c.pk: c.weight for c in criteria})
    return render(request, "contests/jury/sheet.html", {
        "nav": "jury", "assignment": assignment, "entry": entry, "round": round, "contest": contest,
        "form": form, "judging": judging, "total": total, "next": _next_sheet(assignment),
    })

"""The organiser's pages (/contests/...): the contests of the user's subtree, setting one up, its status
steps, the jury and its assignments, score sheets, the ranking per judged round, approval and publication,
and the two downloads (thin views: load with the scope check, call one service, render or redirect).
A contest outside the units the user manages contests of is a 404."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _, ngettext
from django.views.decorators.http import require_POST

from tienphong.core.errors import DomainError
from tienphong.core.forms import run_action
from tienphong.core.pagination import paginate
from tienphong.core.paths import subtree_q
from tienphong.core.scope import get_scope
from tienphong.units.models import OrgUnit

from . import ranking, selectors, services
from .forms import AssignForm, AutoAssignForm, ContestEditForm, ContestForm, JurorForm, contest_initial
from .models import Assignment, Contest, Entry, Round, Score

K = OrgUnit.Kind
JUDGED = (Round.Kind.PRELIMINARY, Round.Kind.FINAL)


def _contest(request, pk, perm: str = "manage_contests") -> Contest:
    """The contest, if the user may `perm` at its unit; anything else is a 404."""
    contest = get_object_or_404(Contest.objects.select_related("unit"), pk=pk)
    get_scope(request).require(contest.path, perm)
    return contest


def _manageable_units(scope):
    return (OrgUnit.objects.filter(scope.q("path", "manage_contests"), active=True)
            .exclude(kind__in=[K.BRANCH, K.SERVICE_POINT]).order_by("depth", "name"))


@login_required
def contest_list(request):
    scope = get_scope(request)
    if not (scope.is_superuser or scope.paths("manage_contests")):
        raise Http404
    rows = (Contest.objects.filter(scope.q("path", "manage_contests")).select_related("unit")
            .annotate(submitted=Count("entries", filter=Q(entries__status=Entry.Status.SUBMITTED)))
            .order_by("-created_at", "-id"))
    return render(request, "contests/list.html", {"nav": "contests", "page": paginate(request, rows)})


@login_required
def contest_create(request):
    scope = get_scope(request)
    units = _manageable_units(scope)
    if not units.exists():
        raise Http404
    initial = contest_initial()
    home = scope.home_unit
    if home is not None and units.filter(pk=home.pk).exists():
        initial["unit"] = home.pk
    form = ContestForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST":
        contest = form.submit(services.contest_create, by=request.user)
        if contest:
            messages.success(request, _("Contest created: add its jurors, then open it for entries."))
            return redirect("contests:detail", contest.pk)
    return render(request, "contests/form.html", {"nav": "contests", "form": form})


@login_required
def contest_edit(request, pk):
    contest = _contest(request, pk)
    form = ContestEditForm(request.POST or None, initial=ContestEditForm.initial_for(contest))
    if request.method == "POST":
        if form.submit(services.contest_update, contest=contest, by=request.user):
            messages.success(request, _("Contest saved."))
            return redirect("contests:detail", contest.pk)
    return render(request, "contests/form.html", {"nav": "contests", "form": form, "contest": contest})


def _juror_progress(contest):
    """Each juror with their categories and, per judged round, sheets scored / assigned."""
    counts = {}
    for row in (Assignment.objects.filter(juror__contest=contest).values("juror_id", "round__kind")
                .annotate(assigned=Count("pk"), scored=Count("pk", filter=Q(completed_at__isnull=False)))):
        counts.setdefault(row["juror_id"], []).append(row)
    jurors = list(contest.jurors.select_related("user", "unit").prefetch_related("categories")
                  .order_by("user__full_name", "user__username"))
    labels = dict(Round.Kind.choices)
    for j in jurors:
        j.progress = [(labels[r["round__kind"]], r["scored"], r["assigned"])
                      for r in sorted(counts.get(j.pk, []), key=lambda r: JUDGED.index(r["round__kind"]))]
    return jurors


@login_required
def contest_detail(request, pk):
    contest = _contest(request, pk)
    rounds = list(contest.rounds.prefetch_related("criteria"))
    by_status = dict(contest.entries.values_list("status").annotate(n=Count("pk")))
    entries = [(label, by_status.get(value, 0)) for value, label in Entry.Status.choices]
    return render(request, "contests/detail.html", {
        "nav": "contests", "contest": contest, "rounds": rounds, "judged": [r for r in rounds if r.judged],
        "categories": contest.categories.all(), "entries": entries, "jurors": _juror_progress(contest),
        "auto_form": AutoAssignForm(contest=contest),
        "next_steps": _next_steps(contest),
        "can_approve": contest.status == Contest.Status.JUDGING
        and get_scope(request).allows(contest.path, "approve_contests"),
    })


def _next_steps(contest):
    S = Contest.Status
    return {S.DRAFT: [(S.OPEN, _("Open for entries"))], S.OPEN: [(S.JUDGING, _("Start judging"))],
            S.JUDGING: [(S.OPEN, _("Reopen entries"))]}.get(contest.status, [])


@require_POST
@login_required
def contest_status(request, pk):
    contest = _contest(request, pk)
    status = request.POST.get("status", "")
    run_action(request, lambda: services.set_status(contest=contest, status=status, by=request.user),
               _("Status changed."))
    return redirect("contests:detail", contest.pk)


def _juror_users(contest):
    """Accounts holding a role inside the contest's unit, or already on its jury."""
    User = get_user_model()
    return (User.objects.filter(Q(roles__unit__path__startswith=contest.path) | Q(juries__contest=contest))
            .distinct().order_by("full_name", "username"))


def _juror_units(contest):
    return (OrgUnit.objects.filter(subtree_q(contest.path), active=True).exclude(kind=K.BRANCH)
            .order_by("depth", "name"))


@login_required
def juror_add(request, pk):
    contest = _contest(request, pk)
    form = JurorForm(request.POST or None, contest=contest, users=_juror_users(contest),
                     units=_juror_units(contest))
    if request.method == "POST":
        juror = form.submit(services.juror_add, contest=contest, by=request.user)
        if juror:
            messages.success(request, _("%(name)s is on the jury.") % {"name": juror.user})
            return redirect("contests:detail", contest.pk)
    return render(request, "contests/juror_form.html", {"nav": "contests", "contest": contest, "form": form})


@require_POST
@login_required
def assign_auto(request, pk):
    contest = _contest(request, pk)
    form = AutoAssignForm(request.POST, contest=contest)
    made = form.submit(services.assign_automatically, by=request.user)
    if made is not None:
        messages.success(request, ngettext("%(n)s assignment made.", "%(n)s assignments made.", made) % {"n": made})
    else:
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    return redirect("contests:detail", contest.pk)


@login_required
def assign(request, pk):
    contest = _contest(request, pk)
    form = AssignForm(request.POST or None, contest=contest)
    if request.method == "POST":
        assignment = form.submit(services.assign, by=request.user)
        if assignment:
            messages.success(request, _("Entry %(code)s given to %(name)s.") % {
                "code": assignment.entry.code, "name": assignment.juror.user})
            return redirect("contests:assign", contest.pk)
    return render(request, "contests/assign.html", {"nav": "contests", "contest": contest, "form": form})


@login_required
def entry_list(request, pk):
    contest = _contest(request, pk)
    rows = (contest.entries.exclude(status=Entry.Status.DRAFT).select_related("category", "unit")
            .annotate(assigned=Count("assignments"),
                      scored=Count("assignments", filter=Q(assignments__completed_at__isnull=False)))
            .order_by("pk"))
    return render(request, "contests/entries.html", {"nav": "contests", "contest": contest,
                                                     "page": paginate(request, rows)})


def _sheets(entry, round):
    """Each assigned juror's values per criterion of the round and the sheet's total (None until complete)."""
    criteria = list(round.criteria.all())
    weights = {c.pk: c.weight for c in criteria}
    values = {}
    for assignment_id, criterion_id, value in Score.objects.filter(
            assignment__entry=entry, assignment__round=round).values_list("assignment_id", "criterion_id", "value"):
        values.setdefault(assignment_id, {})[criterion_id] = value
    rows = []
    for a in entry.assignments.filter(round=round).select_related("juror__user").order_by("pk"):
        mine = values.get(a.pk, {})
        rows.append({"juror": a.juror.user, "values": [mine.get(c.pk) for c in criteria],
                     "total": ranking.sheet_total(mine, weights)})
    return {"round": round, "criteria": criteria, "rows": rows, "result": entry.results.filter(round=round).first()}


@login_required
def entry_sheet(request, pk, entry_pk):
    contest = _contest(request, pk)
    entry = get_object_or_404(contest.entries.select_related("category", "unit"), pk=entry_pk)
    rounds = contest.rounds.filter(kind__in=JUDGED).prefetch_related("criteria").order_by("starts_on")
    return render(request, "contests/sheet.html", {"nav": "contests", "contest": contest, "entry": entry,
                                                   "rounds": [_sheets(entry, r) for r in rounds]})


def _tie_words(how: str, first_criterion: str) -> str:
    if how == "first_criterion":
        return _("by the first criterion (%(name)s)") % {"name": first_criterion}
    if how == "other_round":
        return _("by the score in the other round")
    if how == "shared":
        return _("shared place")
    return ""


@login_required
def ranking_page(request, pk, kind):
    contest = _contest(request, pk)
    if kind not in JUDGED:
        raise Http404
    round = get_object_or_404(contest.rounds, kind=kind)
    first = round.criteria.first()
    flagged = {r.entry_id for r in selectors.flagged(round, contest)}
    rows = [{"place": x.place, "entry": result.entry, "score": x.score, "sheets": result.sheets,
             "trimmed": result.trimmed, "spread": result.spread,
             "tie": _tie_words(x.tie_broken_by, first.name if first else ""), "flagged": result.entry_id in flagged} for x, result in selectors.standings(round)]
    scope = get_scope(request)
    S = Contest.Status
    return render(request, "contests/ranking.html", {
        "nav": "contests", "contest": contest, "round": round, "rows": rows, "flagged": len(flagged),
        "other_rounds": contest.rounds.filter(kind__in=JUDGED).exclude(pk=round.pk),
        "can_approve": contest.status == S.JUDGING and scope.allows(contest.path, "approve_contests"),
        "can_publish": contest.status == S.APPROVED,
    })


def _confirm(request, contest, *, action, success, template_name):
    """GET: the confirmation step; POST: the one service call."""
    if request.method == "POST":
        run_action(request, lambda: action(contest=contest, by=request.user), success)
        return redirect("contests:detail", contest.pk)
    return render(request, template_name, {"nav": "contests", "contest": contest,
                                           "judged": contest.rounds.filter(kind__in=JUDGED).order_by("starts_on")})


@login_required
def approve(request, pk):
    contest = _contest(request, pk, "approve_contests")
    return _confirm(request, contest, action=services.approve,
                    success=_("Results approved: they can now be published."),
                    template_name="contests/confirm_approve.html")


@login_required
def publish(request, pk):
    contest = _contest(request, pk)
    return _confirm(request, contest, action=services.publish,
                    success=_("Results published."), template_name="contests/confirm_publish.html")


@login_required
def scores_workbook(request, pk):
    contest = _contest(request, pk)
    from .exports import scores_workbook_response

    return scores_workbook_response(contest)


@login_required
def certificates(request, pk):
    contest = _contest(request, pk)
    from .exports import certificates_response

    try:
        return certificates_response(contest)
    except DomainError as e:  # not published yet, or no entry placed
        messages.error(request, e.message)
        return redirect("contests:detail", contest.pk)

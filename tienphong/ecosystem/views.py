"""The ecosystem's staff pages (/ecosystem/...): the expert directory, mentor requests, projects followed from
idea to reality, the startup register (thin views: load with the scope check, call one service, render or
redirect). The register is kept by those who manage contests (`manage_contests`) in their subtree; the
directory is read by anyone of the units around its keepers, contacts only by officers (`expert_contact`).
Anything outside the user's units is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tienphong.contests.models import Entry
from tienphong.core.forms import run_action
from tienphong.core.pagination import paginate
from tienphong.core.scope import get_scope
from tienphong.core.text import search_words, words_q
from tienphong.members.models import Member
from tienphong.members.selectors import member_list
from tienphong.partners import selectors as partners
from tienphong.products.models import Product
from tienphong.units.models import OrgUnit

from . import services
from .forms import (ExpertForm, FollowUpForm, MentorAskForm, MilestoneForm, ProjectFilterForm, RealiseForm,
                    SearchForm, StartupForm, SupportForm)
from .models import Expert, MentorMatch, Project, Startup, quarter_of

PERM = services.PERM
K = OrgUnit.Kind
FOUNDER_MATCHES = 20


def _keeper(request):
    """The scope of someone who keeps the register somewhere; anyone else gets a 404."""
    scope = get_scope(request)
    if not (scope.is_superuser or scope.paths(PERM)):
        raise Http404
    return scope


def _units(scope, kinds=None):
    rows = OrgUnit.objects.filter(scope.q("path", PERM), active=True)
    rows = rows.filter(kind__in=kinds) if kinds else rows.exclude(kind__in=[K.BRANCH, K.SERVICE_POINT])
    return rows.order_by("depth", "name")


def _initial_unit(scope, units) -> dict:
    home = scope.home_unit
    return {"unit": home.pk} if home is not None and units.filter(pk=home.pk).exists() else {}


# --- experts -----------------------------------------------------------------------------------------------

def _experts(scope):
    """The directory as this user sees it: listed experts kept at or around their units, and every expert
    (listed or not) of the units whose register they keep."""
    return Expert.objects.filter(scope.around_q("path", "view")).filter(
        Q(active=True, consent_at__isnull=False) | scope.q("path", PERM))


@login_required
def expert_list(request):
    scope = get_scope(request)
    form = SearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    rows = _experts(scope).select_related("unit", "partner")
    if q:
        rows = rows.filter(words_q(q))
    page = paginate(request, rows.order_by("name", "id"))
    for e in page.object_list:
        e.show_contact = scope.sees("expert_contact", e.path, around=True)
    return render(request, "ecosystem/expert_list.html", {
        "nav": "ecosystem", "tab": "experts", "form": form, "page": page,
        "can_create": scope.is_superuser or bool(scope.paths(PERM))})


@login_required
def expert_detail(request, pk):
    scope = get_scope(request)
    expert = get_object_or_404(_experts(scope).select_related("unit", "partner"), pk=pk)
    return render(request, "ecosystem/expert_detail.html", {
        "nav": "ecosystem", "tab": "experts", "expert": expert,
        "show_contact": scope.sees("expert_contact", expert.path, around=True),
        "can_manage": scope.allows(expert.path, PERM),
        "projects": expert.projects.filter(scope.q("path", PERM)).order_by("name")})


def _expert_form(request, scope, expert):
    units = _units(scope, [K.PROVINCE, K.COMMUNE])
    return ExpertForm(request.POST or None, instance=expert, units=units,
                      partners=partners.visible(scope).filter(active=True).order_by("name"),
                      initial=_initial_unit(scope, units) if expert.pk is None else None)


@login_required
def expert_create(request):
    scope = _keeper(request)
    form = _expert_form(request, scope, Expert())
    if request.method == "POST":
        expert = form.save_with(by=request.user)
        if expert:
            messages.success(request, _("Expert %(name)s saved.") % {"name": expert.name})
            return redirect("ecosystem:expert", expert.pk)
    return render(request, "ecosystem/expert_form.html", {"nav": "ecosystem", "tab": "experts", "form": form,
                                                          "expert": None})


@login_required
def expert_edit(request, pk):
    scope = _keeper(request)
    expert = get_object_or_404(Expert.objects.filter(scope.q("path", PERM)).select_related("unit"), pk=pk)
    form = _expert_form(request, scope, expert)
    if request.method == "POST":
        if form.save_with(by=request.user):
            messages.success(request, _("Changes saved."))
            return redirect("ecosystem:expert", expert.pk)
    return render(request, "ecosystem/expert_form.html", {"nav": "ecosystem", "tab": "experts", "form": form,
                                                          "expert": expert})


# --- mentor requests ---------------------------------------------------------------------------------------

MATCH_ORDER = {MentorMatch.Status.ASKED: 0, MentorMatch.Status.MATCHED: 1, MentorMatch.Status.DECLINED: 2}


@login_required
def match_list(request):
    scope = _keeper(request)
    status = request.GET.get("status", "")
    rows = (MentorMatch.objects.filter(scope.q("path", PERM)).select_related("expert", "project", "entry")
            .order_by("-asked_at", "-id"))
    if status in MentorMatch.Status.values:
        rows = rows.filter(status=status)
    return render(request, "ecosystem/match_list.html", {
        "nav": "ecosystem", "tab": "matches", "page": paginate(request, rows), "status": status,
        "statuses": MentorMatch.Status.choices})


@login_required
def match_create(request):
    scope = _keeper(request)
    projects = Project.objects.filter(scope.q("path", PERM), status=Project.Status.FOLLOWED).order_by("name")
    entries = (Entry.objects.filter(scope.q("path", PERM), status=Entry.Status.SUBMITTED)
               .order_by("-submitted_at", "-id"))
    experts = _experts(scope).filter(active=True, consent_at__isnull=False).order_by("name", "id")
    initial = {k: request.GET[k] for k in ("project", "entry", "expert") if request.GET.get(k, "").isdigit()}
    form = MentorAskForm(request.POST or None, experts=experts, projects=projects, entries=entries[:200],
                         initial=initial)
    if request.method == "POST":
        form.fields["entry"].queryset = entries  # any of them may be posted; the list shows the latest
        match = form.submit(services.ask_mentor)
        if match:
            messages.success(request, _("Request recorded: answer it once the expert has replied."))
            return redirect("ecosystem:matches")
    return render(request, "ecosystem/match_form.html", {"nav": "ecosystem", "tab": "matches", "form": form})


@require_POST
@login_required
def match_answer(request, pk):
    scope = _keeper(request)
    match = get_object_or_404(MentorMatch.objects.filter(scope.q("path", PERM)), pk=pk)
    matched = request.POST.get("matched") == "1"
    run_action(request, lambda: services.answer_mentor(match=match, matched=matched, by=request.user),
               _("Marked as connected.") if matched else _("Marked as declined."))
    return redirect("ecosystem:matches")


# --- projects ----------------------------------------------------------------------------------------------

@login_required
def project_list(request):
    scope = _keeper(request)
    form = ProjectFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    rows = Project.objects.filter(scope.q("path", PERM)).select_related("unit", "mentor")
    counts = dict(rows.order_by().values_list("status").annotate(n=Count("pk")))
    if status:
        rows = rows.filter(status=status)
    return render(request, "ecosystem/project_list.html", {
        "nav": "ecosystem", "tab": "projects", "form": form, "page": paginate(request, rows),
        "status": status, "filters": [("", _("All projects"), sum(counts.values()))]
        + [(value, label, counts.get(value, 0)) for value, label in Project.Status.choices]})


def _project(request, pk) -> Project:
    scope = _keeper(request)
    return get_object_or_404(Project.objects.filter(scope.q("path", PERM))
                             .select_related("unit", "mentor", "entry__contest"), pk=pk)


def _project_partners(project):
    return partners.of_province(project.path)


def _project_page(request, project, **forms):
    quarter = quarter_of(timezone.localdate())
    follow_ups = list(project.follow_ups.select_related("by"))
    for f in follow_ups:
        f.number = (f.quarter.month - 1) // 3 + 1
    current = next((f for f in follow_ups if f.quarter == quarter), None)
    forms.setdefault("support_form", SupportForm(partners=_project_partners(project)))
    forms.setdefault("milestone_form", MilestoneForm())
    forms.setdefault("follow_up_form", FollowUpForm(
        initial={"progress": current.progress, "status": current.status} if current else None))
    forms.setdefault("realise_form", RealiseForm(initial={"on": timezone.localdate()}))
    return render(request, "ecosystem/project_detail.html", {
        "nav": "ecosystem", "tab": "projects", "project": project, "quarter": quarter,
        "quarter_number": (quarter.month - 1) // 3 + 1, "current": current,
        "follow_ups": follow_ups, "supports": project.supports.select_related("partner").order_by("partner__name"),
        "milestones": project.milestones.all(),
        "matches": project.mentor_matches.select_related("expert").order_by("-asked_at"),
        "startups": project.startups.order_by("name"), **forms})


@login_required
def project_detail(request, pk):
    return _project_page(request, _project(request, pk))


def _project_write(request, pk, form_class, service, key, success):
    """One of the project page's small forms, posted: the service, or the page again with the form's errors."""
    project = _project(request, pk)
    extra = {"partners": _project_partners(project)} if form_class is SupportForm else {}
    form = form_class(request.POST, **extra)
    if form.submit(service, project=project, by=request.user):
        messages.success(request, success)
        return redirect("ecosystem:project", project.pk)
    return _project_page(request, project, **{key: form})


@require_POST
@login_required
def project_support(request, pk):
    return _project_write(request, pk, SupportForm, services.support_add, "support_form", _("Support recorded."))


@require_POST
@login_required
def project_milestone(request, pk):
    return _project_write(request, pk, MilestoneForm, services.milestone_add, "milestone_form",
                          _("Milestone added."))


@require_POST
@login_required
def project_follow_up(request, pk):
    return _project_write(request, pk, FollowUpForm, services.follow_up, "follow_up_form",
                          _("This quarter's follow-up saved."))


@require_POST
@login_required
def project_realise(request, pk):
    return _project_write(request, pk, RealiseForm, services.realise, "realise_form",
                          _("The project is marked as realised."))


@require_POST
@login_required
def project_milestone_done(request, pk, milestone_pk):
    project = _project(request, pk)
    milestone = get_object_or_404(project.milestones, pk=milestone_pk)
    run_action(request, lambda: services.milestone_done(milestone=milestone, by=request.user))
    return redirect("ecosystem:project", project.pk)


@require_POST
@login_required
def project_stop(request, pk):
    project = _project(request, pk)
    run_action(request, lambda: services.stop(project=project, by=request.user), _("The project is stopped."))
    return redirect("ecosystem:project", project.pk)


@require_POST
@login_required
def project_from_entry(request, entry_pk):
    """A submitted contest entry becomes a project (from the contest's entry page); scope: the contest's unit."""
    entry = get_object_or_404(Entry.objects.select_related("contest", "unit"), pk=entry_pk)
    get_scope(request).require(entry.contest.path, PERM)
    existing = Project.objects.filter(entry=entry).first()
    if existing is not None:
        return redirect("ecosystem:project", existing.pk)
    project = None

    def make():
        nonlocal project
        project = services.project_from_entry(entry=entry, by=request.user)

    if run_action(request, make, _("The entry is now a project: add its mentor, partners and milestones.")):
        return redirect("ecosystem:project", project.pk)
    return redirect("contests:sheet", entry.contest_id, entry.pk)


# --- startups ----------------------------------------------------------------------------------------------

@login_required
def startup_list(request):
    scope = _keeper(request)
    form = SearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    rows = (Startup.objects.filter(scope.q("path", PERM)).select_related("unit")
            .annotate(n_founders=Count("founders", distinct=True)).order_by("name", "id"))
    if q:
        words = search_words(q)
        rows = [s for s in rows if all(any(w.startswith(word) for w in search_words(s.name)) for word in words)]
    return render(request, "ecosystem/startup_list.html", {"nav": "ecosystem", "tab": "startups", "form": form,
                                                           "page": paginate(request, rows)})


def _startup_form(request, scope, startup):
    units = _units(scope)
    members = Member.objects.filter(scope.q("path", PERM)).select_related("branch")
    data = request.POST if request.method == "POST" else None
    chosen = data.getlist("founders") if data is not None else (
        [m.pk for m in startup.founders.all()] if startup.pk else [])
    chosen = [int(pk) for pk in chosen if str(pk).isdigit()]
    shown = list(members.filter(pk__in=chosen).order_by("sort_key", "id"))
    query = (data.get("founder_query", "") if data is not None else "").strip()
    if query and search_words(query):
        found = member_list(scope=scope, q=query).filter(scope.q("path", PERM)).exclude(pk__in=chosen)
        shown += list(found.select_related("branch")[:FOUNDER_MATCHES])
    kwargs = {"units": units, "members": members, "shown_members": shown,
              "products": Product.objects.filter(scope.q("path", PERM)).order_by("name", "id"),
              "instance": startup}
    if data is not None and "find" in data:
        # "Find": the same form again, as typed, with the matches to tick; nothing is saved yet.
        initial = {name: data.getlist(name) if name in ("founders", "products") else data.get(name)
                   for name in data if name not in ("csrfmiddlewaretoken", "find", "founder_query")}
        return StartupForm(initial=initial, **kwargs), True
    return StartupForm(data, initial=_initial_unit(scope, units) if startup.pk is None else None, **kwargs), False


def _startup_page(request, scope, startup):
    form, finding = _startup_form(request, scope, startup)
    if request.method == "POST" and not finding:
        saved = form.save_with(by=request.user)
        if saved:
            messages.success(request, _("Startup %(name)s saved.") % {"name": saved.name})
            return redirect("ecosystem:startups")
    return render(request, "ecosystem/startup_form.html", {"nav": "ecosystem", "tab": "startups", "form": form,
                                                           "startup": startup if startup.pk else None})


@login_required
def startup_create(request):
    scope = _keeper(request)
    return _startup_page(request, scope, Startup())


@login_required
def startup_edit(request, pk):
    scope = _keeper(request)
    startup = get_object_or_404(Startup.objects.filter(scope.q("path", PERM)).select_related("unit"), pk=pk)
    return _startup_page(request, scope, startup)

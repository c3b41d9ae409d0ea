"""Digital competence pages: a member's trainings and self-assessments, the self-assessment on a
phone, courses, and the dashboard by area and commune. Thin: scope, load, one service call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tienphong.core.forms import run_action
from tienphong.core.scope import get_scope
from tienphong.members.models import Member

from . import selectors, services
from .forms import AssessmentForm, CourseForm
from .framework import Area
from .models import LEVEL_FIELDS


@login_required
def mine(request):
    """The signed-in member's own page (a volunteer's way in)."""
    member = Member.objects.filter(user=request.user).first()
    if member is None:
        raise Http404
    return redirect("competence:member", member.pk)


@login_required
def member_page(request, pk):
    scope = get_scope(request)
    member = selectors.member_for(scope=scope, pk=pk)
    return render(request, "competence/member.html", {
        "nav": "competence", "member": member, "trainings": selectors.trainings_of(member),
        "assessments": list(selectors.assessments_of(member)[:24]),  # one query for the newest and the table
        "mine": member.user_id == request.user.pk, "areas": Area.choices,
    })


@login_required
def assess(request, pk):
    scope = get_scope(request)
    member = selectors.member_for(scope=scope, pk=pk)
    form = AssessmentForm(request.POST or None)
    if request.method == "POST":
        done = form.submit(services.assessment_submit, member=member, actor=request.user)
        if done:
            messages.success(request, _("Self-assessment saved: overall level %(level)s.") % {"level": done.overall})
            return redirect("competence:member", member.pk)
    return render(request, "competence/assess.html", {"nav": "competence", "member": member, "form": form})


@login_required
def course_new(request, pk):
    scope = get_scope(request)
    member = selectors.member_for(scope=scope, pk=pk)
    form = CourseForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST":
        if form.submit(services.course_add, member=member, actor=request.user):
            messages.success(request, _("Course added."))
            return redirect("competence:member", member.pk)
    return render(request, "competence/course_form.html", {"nav": "competence", "member": member, "form": form})


@login_required
@require_POST
def course_delete(request, pk):
    scope = get_scope(request)
    course = selectors.course_for(scope=scope, pk=pk)
    member_pk = course.member_id
    run_action(request, lambda: services.course_delete(course=course), _("Course deleted."))
    return redirect("competence:member", member_pk)


@login_required
def dashboard(request):
    scope = get_scope(request)
    unit_id = request.GET.get("unit")
    if not unit_id and not (scope.is_superuser or scope.paths("view_reports")):
        # Someone who reads no figures: a member has their own page; a team leader is told why.
        if Member.objects.filter(user=request.user).exists():
            return redirect("competence:mine")
        if not scope.paths("view"):
            raise Http404
        return render(request, "competence/no_member.html", {"nav": "competence"})
    unit = selectors.subject_unit(scope, unit_id)
    board = selectors.dashboard(unit=unit, today=timezone.localdate())
    areas = [(code, str(Area(code).label)) for code in LEVEL_FIELDS]
    chart = {
        "months": board.months,
        "series": [{"name": label, "data": board.trend[code]} for code, label in areas],
        "bars": {"labels": [label for _code, label in areas],
                 "values": [board.total.levels.get(code) for code in LEVEL_FIELDS]},
    }
    parent = unit.parent if unit.parent_id and scope.allows(unit.parent.path, "view_reports") else None
    return render(request, "competence/dashboard.html", {
        "nav": "competence", "unit": unit, "board": board, "areas": areas, "chart": chart, "parent": parent,
        "area_rows": [(label, board.total.levels.get(code), board.area_shares.get(code), code == board.weakest)
                      for code, label in areas],
        "weakest_label": selectors.area_label(board.weakest),
    })

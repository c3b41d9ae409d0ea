from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from tienphong.core.scope import Role, get_scope
from tienphong.core.pagination import paginate
from tienphong.core.text import words_q
from tienphong.units.models import OrgUnit

from .selectors import CHILD_SORTS, child_rows, field_counts, jury_work, my_today, setup_checklist, unit_counts


def _sort_columns(by_commune):
    """(sort key, heading, class) of the child-unit table; on a phone the two team columns fold into one."""
    columns = [("name", _("Unit"), "name"), ("members", _("Members"), "num"), ("core", _("Core"), "num")]
    if by_commune:
        columns += [("teams", _("Teams"), "num phone"), ("ct", _("Digital-tech teams"), "num wide"),
                    ("vt", _("Volunteer teams"), "num wide")]
    return columns


def _unit_page(request, unit, nav, **extra):
    scope = get_scope(request)
    ancestors = []
    if unit is not None:
        ids = [int(x) for x in unit.path.strip("/").split("/")[:-1]]
        ancestors = [a for a in OrgUnit.objects.filter(pk__in=ids).order_by("depth") if scope.allows(a.path)]
    context = {"nav": nav, "unit": unit, "units": scope.units, "ancestors": ancestors, **extra}
    if unit is not None:
        context["counts"] = unit_counts(unit)
        context["checklist"] = setup_checklist(scope, unit)
        context["field"] = field_counts(unit)
        q = request.GET.get("q", "").strip()
        sort = request.GET.get("sort", "")
        sort = sort if sort in CHILD_SORTS else "name"
        by_commune = unit.kind == OrgUnit.Kind.PROVINCE
        context.update(q=q, sort=sort, by_commune=by_commune, sort_columns=_sort_columns(by_commune),
                       has_children=unit.children.exclude(kind=OrgUnit.Kind.SERVICE_POINT).exists(),
                       children=paginate(request, child_rows(unit, q, sort)))
        context["service_points"] = unit.children.filter(kind=OrgUnit.Kind.SERVICE_POINT).order_by("name")
    return render(request, "overview/home.html", context)


FIELD_ROLES = {Role.TEAM_LEADER, Role.VOLUNTEER}


def _works_in_the_field(scope) -> bool:
    """Volunteers and team leaders (no officer role anywhere): their home is their day."""
    return bool(scope.grants) and not scope.is_superuser and all(role in FIELD_ROLES for _, role in scope.grants)


@login_required
def home(request):
    scope = get_scope(request)
    # A juror's way in to their score sheets (any account may be one): asked here only, never on every page.
    jury = jury_work(request.user)
    if _works_in_the_field(scope):
        return _day_page(request, "home", jury=jury)
    return _unit_page(request, scope.home_unit, "home", jury=jury)


@login_required
def unit_detail(request, pk):
    scope = get_scope(request)
    unit = get_object_or_404(OrgUnit.objects.filter(scope.q("path")), pk=pk)
    return _unit_page(request, unit, "units")


@login_required
def unit_list(request):
    scope = get_scope(request)
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    units = OrgUnit.objects.filter(scope.q("path")).select_related("parent")
    if q:
        units = units.filter(words_q(q))
    if kind in OrgUnit.Kind.values:
        units = units.filter(kind=kind)
    page = paginate(request, units.order_by("path"))
    return render(request, "overview/unit_list.html", {
        "nav": "units", "page": page, "q": q, "kind": kind, "kinds": OrgUnit.Kind.choices, "mine": scope.units,
    })


def _day_page(request, nav, **extra):
    return render(request, "overview/today.html", {"nav": nav, **my_today(request.user), **extra})


@login_required
def today(request):
    return _day_page(request, "today")


def offline(request):
    """The "no signal" page the service worker keeps at install and shows for pages it cannot open.
    The same for everyone (no login, no user data): one phone may show it to another user."""
    response = render(request, "overview/offline.html")
    response["Cache-Control"] = "no-cache"
    return response

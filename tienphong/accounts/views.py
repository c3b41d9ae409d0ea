from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils import timezone
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tienphong.core.forms import run_action
from tienphong.core.pagination import paginate
from tienphong.units.models import OrgUnit

from . import lockouts, services
from .forms import RoleFields, UserCreateForm
from .models import Role, RoleAssignment
from tienphong.core.scope import get_scope
from .selectors import user_get, user_list

# Roles sit on unions, not on service points; branches only for volunteers and team leaders.
ROLE_UNIT_KINDS = [OrgUnit.Kind.PROVINCE, OrgUnit.Kind.COMMUNE, OrgUnit.Kind.GRASSROOTS, OrgUnit.Kind.BRANCH]


def _require_manager(scope):
    if not (scope.is_superuser or scope.paths("manage_accounts")):
        raise Http404


def _units(scope, request):
    """Units a role can be given on; narrowed to one commune by ?unit= when the list is long."""
    units = OrgUnit.objects.filter(scope.q("path", perm="manage_accounts"), kind__in=ROLE_UNIT_KINDS)
    unit_id = request.GET.get("unit")
    if unit_id and unit_id.isdigit():
        commune = get_object_or_404(units, pk=unit_id)
        units = units.filter(path__startswith=commune.path)
    elif units.count() > 300:
        # A whole province is too long a list for a phone: the province and its communes only.
        units = units.filter(kind__in=[OrgUnit.Kind.PROVINCE, OrgUnit.Kind.COMMUNE])
    return units.order_by("path")


def _sees_lockouts(scope) -> bool:
    """Login lockouts concern the whole site: the province admin's (and a superuser's) business."""
    return scope.is_superuser or any(role == Role.PROVINCE_ADMIN for _path, role in scope.grants)


@login_required
def user_list_view(request):
    scope = get_scope(request)
    _require_manager(scope)
    q = request.GET.get("q", "").strip()
    page = paginate(request, user_list(scope=scope, q=q))
    return render(request, "accounts/user_list.html", {"nav": "accounts", "page": page, "q": q,
                                                        "sees_lockouts": _sees_lockouts(scope)})


@login_required
def user_create_view(request):
    scope = get_scope(request)
    _require_manager(scope)
    form = UserCreateForm(request.POST or None, roles=scope.grantable_roles(), units=_units(scope, request))
    if request.method == "POST":
        user = form.submit(services.user_create, scope=scope)
        if user:
            messages.success(request, _("Account %(username)s created.") % {"username": user.username})
            return redirect("user_detail", user.pk)
    return render(request, "accounts/user_form.html", {"nav": "accounts", "form": form})


@login_required
def user_detail_view(request, pk):
    scope = get_scope(request)
    _require_manager(scope)
    account = user_get(scope=scope, pk=pk)
    form = RoleFields(request.POST or None, roles=scope.grantable_roles(), units=_units(scope, request))
    if request.method == "POST" and form.submit(services.role_grant, scope=scope, user=account):
        messages.success(request, _("Role given."))
        return redirect("user_detail", account.pk)
    return render(request, "accounts/user_detail.html", {"nav": "accounts", "account": account, "form": form})


@login_required
@require_POST
def role_revoke_view(request, pk, role_pk):
    scope = get_scope(request)
    _require_manager(scope)
    account = user_get(scope=scope, pk=pk)
    assignment = get_object_or_404(RoleAssignment.objects.filter(scope.q("unit__path", perm="manage_accounts")),
                                   pk=role_pk, user=account)
    run_action(request, lambda: services.role_revoke(scope=scope, assignment=assignment), _("Role taken away."))
    return redirect("user_detail", account.pk)


@login_required
@require_POST
def user_active_view(request, pk):
    scope = get_scope(request)
    _require_manager(scope)
    account = user_get(scope=scope, pk=pk)
    active = request.POST.get("active") == "1"
    run_action(request, lambda: services.user_set_active(scope=scope, user=account, active=active),
               _("Account unlocked.") if active else _("Account locked."))
    return redirect("user_detail", account.pk)


# --- login lockouts (django-axes) -------------------------------------------------------------------

@login_required
def lockout_list_view(request):
    if not _sees_lockouts(get_scope(request)):
        raise Http404
    return render(request, "accounts/lockout_list.html", {
        "nav": "accounts", "lockouts": lockouts.active_lockouts(),
        "limit": settings.AXES_FAILURE_LIMIT, "minutes": _minutes(lockouts.cool_off())})


@login_required
@require_POST
def lockout_reset_view(request):
    scope = get_scope(request)
    if not _sees_lockouts(scope):
        raise Http404
    username, address = request.POST.get("username", ""), request.POST.get("ip_address", "")
    run_action(request, lambda: services.lockout_reset(scope=scope, actor=request.user, username=username,
                                                       ip_address=address),
               _("The lockout of %(username)s at %(address)s is lifted.") % {"username": username, "address": address})
    return redirect("lockout_list")


def _minutes(period) -> int:
    return max(1, round(period.total_seconds() / 60))


def lockout_response(request, original_response=None, credentials=None):
    """What a locked-out login gets (AXES_LOCKOUT_CALLABLE): the site's page, 429, and until when."""
    until = lockouts.lockout_until(request, credentials) or timezone.now() + lockouts.cool_off()
    wait = max(1, int((until - timezone.now()).total_seconds()))
    response = render(request, "registration/locked_out.html", {
        "until": until, "minutes": _minutes(lockouts.cool_off()), "limit": settings.AXES_FAILURE_LIMIT,
    }, status=429)
    response["Retry-After"] = str(wait)
    return response

"""Accounts and roles: who may hand out what is decided by `Scope.can_grant`."""

from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from tienphong.core.audit import audit_context
from tienphong.core.errors import DomainError
from tienphong.core.models import AuditEntry

from .models import Role, RoleAssignment, User
from tienphong.core.scope import Scope


def _check_grant(scope: Scope, role: str, unit) -> None:
    if role not in Role.values:
        raise DomainError("role_unknown", _("Unknown role."))
    if not scope.can_grant(role, unit.path):
        raise DomainError("role_not_grantable",
                          _("You cannot give the role %(role)s on %(unit)s.") % {"role": Role(role).label, "unit": unit})


@transaction.atomic
def user_create(*, scope: Scope, username: str, full_name: str, password: str, role: str, unit) -> User:
    username = username.strip().lower()
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError("username_taken", _("The username %(username)s is taken.") % {"username": username})
    _check_grant(scope, role, unit)
    user = User(username=username, full_name=full_name.strip())
    try:
        validate_password(password, user)
    except ValidationError as e:
        raise DomainError("password_weak", " ".join(e.messages))
    user.set_password(password)
    user.save()
    RoleAssignment.objects.create(user=user, unit=unit, role=role)
    return user


@transaction.atomic
def role_grant(*, scope: Scope, user: User, role: str, unit) -> RoleAssignment:
    _check_grant(scope, role, unit)
    assignment, _created = RoleAssignment.objects.get_or_create(user=user, unit=unit, role=role)
    return assignment


@transaction.atomic
def role_revoke(*, scope: Scope, assignment: RoleAssignment) -> None:
    _check_grant(scope, assignment.role, assignment.unit)
    if assignment.user_id == scope.user_id:
        raise DomainError("role_own", _("You cannot take away your own role."))
    assignment.delete()


@transaction.atomic
def user_set_active(*, scope: Scope, user: User, active: bool) -> User:
    if user.pk == scope.user_id:
        raise DomainError("user_self", _("You cannot lock your own account."))
    user.is_active = active
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def lockout_reset(*, scope: Scope, actor: User, username: str, ip_address: str) -> int:
    """Lift a login lockout of (username, address): its failures are forgotten, and the audit trail
    says who lifted it. Returns how many failures were forgotten."""
    attempts = AccessAttempt.objects.select_for_update().filter(username=username, ip_address=ip_address or None)
    failures = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
    if not failures:
        raise DomainError("lockout_gone", _("This lockout has already ended."))
    attempts.delete()
    unit = scope.home_unit
    AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(AccessAttempt), object_pk=f"{username}@{ip_address}",
        object_repr=f"{username} @ {ip_address}"[:255], action=AuditEntry.Action.DELETE,
        changes={"failures": [str(failures), "0"]}, changes_text="", unit_path=unit.path if unit else "",
        additional_data={"unit_path": unit.path if unit else ""}, **audit_context(actor))
    return failures


def province_find(text: str) -> tuple[str, str]:
    """(code, name) of the province named by its code (`37`) or its name, diacritics and the
    "Tỉnh"/"Thành phố" prefix ignored (`Ninh Bình`, `ninh binh`, `Tỉnh Ninh Bình`)."""
    import difflib

    from tienphong.core.text import fold
    from tienphong.units.services import admin_rows

    provinces = {r["provinceCode"]: r["province"] for r in admin_rows()}

    def bare(name):
        name = fold(name)
        for prefix in ("tinh ", "thanh pho "):
            if name.startswith(prefix):
                return name[len(prefix):]
        return name

    wanted = text.strip()
    if wanted in provinces:
        return wanted, provinces[wanted]
    if wanted.isdigit() and wanted.zfill(2) in provinces:
        return wanted.zfill(2), provinces[wanted.zfill(2)]
    by_name = {bare(name): code for code, name in provinces.items()}
    if bare(wanted) in by_name:
        code = by_name[bare(wanted)]
        return code, provinces[code]
    close = difflib.get_close_matches(bare(wanted), list(by_name), n=5, cutoff=0.5)
    names = ", ".join(f"{provinces[by_name[c]]} ({by_name[c]})" for c in close)
    raise DomainError("province_unknown", (_("No province matches %(text)s. Close matches: %(names)s.")
                                           if names else _("No province matches %(text)s."))
                      % {"text": text, "names": names})


@transaction.atomic
def province_setup(*, code: str, username: str, password, full_name: str = "",
                   another_admin: bool = False) -> tuple:
    """First run for a real province: its units (load_units, matched by code) and its first province
    admin. `password` is called only when an account is created. Returns (province, user, created);
    a second run changes nothing, and a second admin is never made unless `another_admin`."""
    from tienphong.units.models import OrgUnit
    from tienphong.units.services import load_units

    load_units(province_codes=[code])
    province = OrgUnit.objects.get(kind=OrgUnit.Kind.PROVINCE, code=code)
    username = username.strip().lower()
    user = User.objects.filter(username__iexact=username).first()
    admins = RoleAssignment.objects.filter(unit=province, role=Role.PROVINCE_ADMIN)
    if user is not None:
        if admins.filter(user=user).exists():
            return province, user, False
        raise DomainError("username_taken", _("The username %(username)s is taken.") % {"username": username})
    if admins.exists() and not another_admin:
        others = ", ".join(admins.values_list("user__username", flat=True).order_by("user__username"))
        raise DomainError("admin_exists", _("%(province)s already has a province admin (%(others)s). "
                                            "Pass --another-admin to add one more.")
                          % {"province": province.name, "others": others})
    # The command runs as the operator of the server: whoever may run it may hand out any role.
    operator = Scope(user_id=None, is_superuser=True)
    user = user_create(scope=operator, username=username, full_name=full_name, password=password(),
                       role=Role.PROVINCE_ADMIN, unit=province)
    return province, user, True


@transaction.atomic
def roles_follow_merge(*, from_id: int, into_id: int) -> None:
    """A unit merged into another (units.services.unit_merge, through core.paths' merge hooks): the roles
    held on it are held on the other one now; a role the user already holds there is dropped. Each
    change is audited."""
    for assignment in RoleAssignment.objects.filter(unit_id=from_id).order_by("pk"):
        if RoleAssignment.objects.filter(user_id=assignment.user_id, unit_id=into_id, role=assignment.role).exists():
            assignment.delete()
        else:
            assignment.unit_id = into_id
            assignment.save(update_fields=["unit"])

"""Who may see and change what: one place used by every view, selector, export and API.

A role held on a unit reaches the unit's subtree. Anything outside it is a 404, so an
outsider cannot even learn that a record exists.
"""

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from .paths import ancestor_paths, subtree_q, subtrees_q


class Role(models.TextChoices):
    """What a user may be on a unit (accounts.RoleAssignment stores it); PERMISSIONS says what each may do."""

    PROVINCE_ADMIN = "province_admin", _("Province administrator")
    COMMUNE_SECRETARY = "commune_secretary", _("Commune union secretary")
    TEAM_LEADER = "team_leader", _("Team leader")
    VOLUNTEER = "volunteer", _("Volunteer")

# What each role may do inside its subtree.
PERMISSIONS = {
    "view": {Role.PROVINCE_ADMIN, Role.COMMUNE_SECRETARY, Role.TEAM_LEADER, Role.VOLUNTEER},
    "manage_members": {Role.PROVINCE_ADMIN, Role.COMMUNE_SECRETARY},
    "manage_teams": {Role.PROVINCE_ADMIN, Role.COMMUNE_SECRETARY},
    "lead_team": {Role.PROVINCE_ADMIN, Role.COMMUNE_SECRETARY, Role.TEAM_LEADER},
    "view_audit": {Role.PROVINCE_ADMIN},
    "manage_accounts": {Role.PROVINCE_ADMIN, Role.COMMUNE_SECRETARY},
    # The union's own tree (grassroots unions, branches, service points) strictly below the unit the
    # role sits on: the province admin in the whole province, a secretary inside their commune.
    "manage_units": {Role.PROVINCE_ADMIN, Role.COMMUNE_SECRETARY},
    # Field work: every volunteer logs citizens helped and takes attendance in their subtree.
    "log_support": {Role.PROVINCE_ADMIN, Role.COMMUNE_SECRETARY, Role.TEAM_LEADER, Role.VOLUNTEER},
    "review_support": {Role.PROVINCE_ADMIN, Role.COMMUNE_SECRETARY},
    "take_attendance": {Role.PROVINCE_ADMIN, Role.COMMUNE_SECRETARY, Role.TEAM_LEADER, Role.VOLUNTEER},
    "manage_classes": {Role.PROVINCE_ADMIN, Role.COMMUNE_SECRETARY, Role.TEAM_LEADER},
    "submit_works": {Role.PROVINCE_ADMIN, Role.COMMUNE_SECRETARY, Role.TEAM_LEADER},
    "approve_works": {Role.PROVINCE_ADMIN, Role.COMMUNE_SECRETARY},
    "manage_campaigns": {Role.PROVINCE_ADMIN},
    # Public pages of places and products: the commune's secretary and its team leaders keep them.
    "manage_places": {Role.PROVINCE_ADMIN, Role.COMMUNE_SECRETARY, Role.TEAM_LEADER},
    "manage_products": {Role.PROVINCE_ADMIN, Role.COMMUNE_SECRETARY, Role.TEAM_LEADER},
    # Dashboards, pivots and report exports of a unit; a team leader reads their own team's.
    "view_reports": {Role.PROVINCE_ADMIN, Role.COMMUNE_SECRETARY},
    # Personal data (see VISIBILITY): officers who keep the register, lead the teams and run the
    # classes. A volunteer works with names only.
    "see_personal_data": {Role.PROVINCE_ADMIN, Role.COMMUNE_SECRETARY, Role.TEAM_LEADER},
    # A bulk copy of the register leaves the platform: only for those who keep the register.
    "export_members": {Role.PROVINCE_ADMIN, Role.COMMUNE_SECRETARY},
    # The partner register: the province admin keeps the province's, a commune secretary their commune's.
    "manage_partners": {Role.PROVINCE_ADMIN, Role.COMMUNE_SECRETARY},
    # Events (congresses, trainings, forums, branch meetings) of the unit's subtree; the host person of a
    # connection point checks people in there and reports its online views whatever their role.
    "manage_events": {Role.PROVINCE_ADMIN, Role.COMMUNE_SECRETARY},
    "check_in": {Role.PROVINCE_ADMIN, Role.COMMUNE_SECRETARY, Role.TEAM_LEADER},
    # Idea contests of the unit's subtree: set up, jury, assignments; the board (the province's or the
    # commune's standing committee, through its administrator or secretary) approves the results. Jurors
    # score through their Juror row whatever their role.
    "manage_contests": {Role.PROVINCE_ADMIN, Role.COMMUNE_SECRETARY},
    "approve_contests": {Role.PROVINCE_ADMIN, Role.COMMUNE_SECRETARY},
}

# Personal data, field by field: the permission that shows it inside the user's subtree (PUBLIC:
# to anyone, without login). docs/privacy.md prints this table; pages ask `Scope.sees` (templates
# through `{% sees %}` of the `privacy` tag library) and tests/accounts/test_visibility.py checks
# every page against it.
PUBLIC = "public"
VISIBILITY = {
    "member_phone": "see_personal_data",
    "member_email": "see_personal_data",
    "member_birth_date": "see_personal_data",
    "attendee_name": "take_attendance",
    "attendee_phone": "see_personal_data",
    # A producer's phone is a business contact, published on the product pages on purpose.
    "producer_phone": PUBLIC,
    # A partner's contact (person, phone, email): staff who organise with them, not volunteers.
    "partner_contact": "see_personal_data",
    # The member workbook (/members/export.xlsx): every field of every member of the subtree.
    "member_export": "export_members",
    # An event participant's phone (guests give it, optionally): for the organisers.
    "participant_phone": "see_personal_data",
    # An expert's phone and email (the innovation directory): the officers who put teams in touch with them.
    "expert_contact": "see_personal_data",
}


def visibility_table() -> dict[str, dict[str, bool]]:
    """{field: {role: shown}}: what each role sees of each field inside its subtree."""
    return {f: {role: perm == PUBLIC or role in PERMISSIONS[perm] for role in Role.values}
            for f, perm in VISIBILITY.items()}

# Which roles a holder of each role may hand out inside its subtree.
GRANTABLE = {
    Role.PROVINCE_ADMIN: {Role.PROVINCE_ADMIN, Role.COMMUNE_SECRETARY, Role.TEAM_LEADER, Role.VOLUNTEER},
    Role.COMMUNE_SECRETARY: {Role.TEAM_LEADER, Role.VOLUNTEER},
}


@dataclass
class Scope:
    user_id: int | None
    is_superuser: bool = False
    # (unit path, role) for each role the user holds
    grants: list[tuple[str, str]] = field(default_factory=list)
    units: list = field(default_factory=list)
    # The unit model the user's roles point to (core knows the tree only through them).
    unit_model: type | None = None

    @classmethod
    def for_user(cls, user) -> "Scope":
        if not user.is_authenticated:
            return cls(user_id=None)
        roles = list(user.roles.select_related("unit").order_by("unit__depth", "unit__path"))
        return cls(
            user_id=user.pk,
            is_superuser=user.is_superuser,
            grants=[(r.unit.path, r.role) for r in roles],
            units=[r.unit for r in roles],
            unit_model=user.roles.model._meta.get_field("unit").related_model,
        )

    def paths(self, perm: str = "view") -> list[str]:
        allowed = PERMISSIONS[perm]
        return [p for p, role in self.grants if role in allowed]

    def q(self, field: str = "path", perm: str = "view") -> Q:
        """Filter for rows whose unit path (`field`) lies in a subtree the user may `perm`."""
        if self.is_superuser:
            return Q()
        return subtrees_q(self.paths(perm), field)

    def around_q(self, field: str = "path", perm: str = "view") -> Q:
        """Like `q`, plus the units above the user's: a volunteer's role sits on a branch, yet the
        commune around it is where they log help and teach, and the province runs their campaigns."""
        if self.is_superuser:
            return Q()
        paths = self.paths(perm)
        return subtrees_q(paths, field) | Q(**{f"{field}__in": ancestor_paths(*paths)})

    def allows(self, path: str, perm: str = "view") -> bool:
        if self.is_superuser:
            return True
        return any(path.startswith(p) for p in self.paths(perm))

    def require(self, path: str, perm: str = "view") -> None:
        if not self.allows(path, perm):
            raise Http404

    def sees(self, field: str, path: str | None = None, *, around: bool = False) -> bool:
        """May read `field` (a key of VISIBILITY) of a record at `path`; without a path: anywhere.
        `around`: a role below the record counts too (a volunteer's branch under a commune's class)."""
        perm = VISIBILITY[field]
        if perm == PUBLIC or self.is_superuser:
            return True
        paths = self.paths(perm)
        if path is None:
            return bool(paths)
        return any(path.startswith(p) or (around and p.startswith(path)) for p in paths)

    def can_grant(self, role: str, path: str) -> bool:
        """May hand out `role` on the unit at `path`."""
        if self.is_superuser:
            return True
        return any(path.startswith(p) and role in GRANTABLE.get(held, ()) for p, held in self.grants)

    def grantable_roles(self) -> list[str]:
        """Lowest role first: the safe default in a form."""
        roles = list(reversed(Role.values))
        if self.is_superuser:
            return roles
        return [r for r in roles if any(r in GRANTABLE.get(held, ()) for _, held in self.grants)]

    @property
    def home_unit(self):
        """The widest unit the user holds a role on (the first thing the home page shows)."""
        if self.units:
            return self.units[0]
        if self.is_superuser and self.unit_model is not None:
            return self.unit_model.objects.filter(parent=None).order_by("code").first()  # a province
        return None

    def is_unit_visible(self, unit) -> bool:
        return self.allows(unit.path)

    def unit_q(self, unit, field: str = "path") -> Q:
        return subtree_q(unit.path, field)


def get_scope(request) -> Scope:
    scope = getattr(request, "_scope", None)
    if scope is None:
        scope = request._scope = Scope.for_user(request.user)
    return scope

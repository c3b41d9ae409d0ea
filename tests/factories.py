"""Factories for every model; tests build what they need, no fixture files."""

import factory

from tienphong.accounts.models import Role, RoleAssignment, User
from tienphong.members.models import Member
from tienphong.members.services import fill_derived
from tienphong.teams.models import Team, TeamMembership
from tienphong.units.models import OrgUnit
from tienphong.units.services import unit_create

PASSWORD = "Mat-khau-thu-123"


def make_unit(parent=None, kind=None, name=None, code=None, **extra):
    """Units must get their path from the service, so this is a function, not a factory."""
    kind = kind or (OrgUnit.Kind.PROVINCE if parent is None else OrgUnit.Kind.BRANCH)
    n = OrgUnit.objects.count() + 1
    return unit_create(parent=parent, kind=kind, name=name or f"Đơn vị {n}",
                       code=code or f"T{n:05d}", **extra)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="vi_VN")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def give_role(user, unit, role):
    return RoleAssignment.objects.create(user=user, unit=unit, role=role)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    full_name = factory.Faker("name", locale="vi_VN")
    gender = Member.Gender.FEMALE
    phone = factory.Sequence(lambda n: f"09{n:08d}")
    email = ""
    branch = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        member = model_class(*args, **kwargs)
        fill_derived(member)
        member.save()
        return member


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Tổ công nghệ số cộng đồng số {n}")
    kind = Team.Kind.COMMUNITY_TECH
    commune = None
    path = factory.LazyAttribute(lambda o: o.commune.path)


class TeamMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMembership


__all__ = ["PASSWORD", "Role", "make_unit", "give_role", "UserFactory", "MemberFactory", "TeamFactory",
           "TeamMembershipFactory"]

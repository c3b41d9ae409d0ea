"""The named people every scope test uses: one shared place.

Ninh Bình (37) with two real wards: Phủ Lý (13285), where our secretary, team leader
and volunteer work, and Phù Vân (13291), the outsider's ward.
"""

from dataclasses import dataclass

from tienphong.units.models import OrgUnit

from tienphong.literacy.seed import seed_modules
from tienphong.places.models import Place
from tienphong.support.seed import seed_services

from .factories import (
    PASSWORD, MemberFactory, Role, TeamFactory, TeamMembershipFactory, UserFactory, give_role, make_unit,
)


@dataclass
class World:
    province: OrgUnit
    commune: OrgUnit
    other_commune: OrgUnit
    grassroots: OrgUnit
    branch: OrgUnit
    other_branch: OrgUnit
    service_point: OrgUnit
    province_admin: object
    secretary: object
    team_leader: object
    volunteer: object
    outsider: object
    # Field work: the leader and the volunteer are members of one team in Phủ Lý, which meets at a
    # culture house; the outsider's ward has its own place.
    leader_member: object = None
    volunteer_member: object = None
    team: object = None
    place: object = None
    other_place: object = None
    password: str = PASSWORD


def build_world() -> World:
    # A browser test's flush empties the lists migrations load; put them back for whoever comes next.
    seed_services()
    seed_modules()
    K = OrgUnit.Kind
    province = make_unit(None, K.PROVINCE, "Tỉnh Ninh Bình", "37", latitude=20.31, longitude=106.05)
    commune = make_unit(province, K.COMMUNE, "Phường Phủ Lý", "13285", latitude=20.53, longitude=105.93)
    other = make_unit(province, K.COMMUNE, "Phường Phù Vân", "13291", latitude=20.56, longitude=105.90)
    grassroots = make_unit(commune, K.GRASSROOTS, "Đoàn cơ sở phường Phủ Lý", "13285-01")
    branch = make_unit(grassroots, K.BRANCH, "Chi đoàn Tổ dân phố 1", "13285-01-01")
    other_grassroots = make_unit(other, K.GRASSROOTS, "Đoàn cơ sở phường Phù Vân", "13291-01")
    other_branch = make_unit(other_grassroots, K.BRANCH, "Chi đoàn Thôn Kim Lũ", "13291-01-01")
    service_point = make_unit(province, K.SERVICE_POINT, "Trung tâm Phục vụ hành chính công tỉnh", "37-HCC")

    def person(username, full_name, unit, role):
        user = UserFactory(username=username, full_name=full_name)
        give_role(user, unit, role)
        return user

    return World(
        province=province, commune=commune, other_commune=other, grassroots=grassroots, branch=branch,
        other_branch=other_branch, service_point=service_point,
        province_admin=person("tinhdoan", "Trần Ngọc Nam", province, Role.PROVINCE_ADMIN),
        secretary=person("bithu.phuly", "Nguyễn Thị Hà", commune, Role.COMMUNE_SECRETARY),
        team_leader=person("totruong.phuly", "Lê Văn Hùng", commune, Role.TEAM_LEADER),
        volunteer=person("tnv.phuly", "Phạm Thu Trang", branch, Role.VOLUNTEER),
        outsider=person("bithu.phuvan", "Đỗ Minh Tuấn", other, Role.COMMUNE_SECRETARY),
    )


def build_field_world() -> World:
    """The same people, plus what field work needs; kept apart so the foundation's counts stay put."""
    world = build_world()
    commune, branch, other = world.commune, world.branch, world.other_commune
    world.leader_member = MemberFactory(full_name="Lê Văn Hùng", gender="male", branch=branch,
                                        user=world.team_leader)
    world.volunteer_member = MemberFactory(full_name="Phạm Thu Trang", branch=branch, user=world.volunteer)
    world.team = TeamFactory(name="Tổ công nghệ số cộng đồng Tổ dân phố 1", commune=commune,
                             leader=world.leader_member)
    for m in (world.leader_member, world.volunteer_member):
        TeamMembershipFactory(team=world.team, member=m)
    world.place = Place.objects.create(name="Nhà văn hóa Tổ dân phố 1", kind=Place.Kind.CULTURE_HOUSE,
                                       commune=commune)
    world.other_place = Place.objects.create(name="Nhà văn hóa thôn Kim Lũ", kind=Place.Kind.CULTURE_HOUSE,
                                             commune=other)
    return world


__all__ = ["World", "build_world", "build_field_world", "MemberFactory", "TeamFactory"]

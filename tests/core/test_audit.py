from django.urls import reverse

from tienphong.core.models import AuditEntry

from ..factories import MemberFactory


def test_audit_page_lists_changes_in_scope_only(world, client_for):
    client = client_for(world.secretary)
    client.post(reverse("member_create"), {"full_name": "Ghi Nhật Ký", "gender": "male", "branch": world.branch.pk,
                                           "status": "active", "digital_skill": 1})
    MemberFactory(full_name="Ngoài Tỉnh Khác", branch=world.other_branch)
    entry = AuditEntry.objects.get(object_repr="Ghi Nhật Ký")
    assert entry.actor == world.secretary and entry.unit_path == world.branch.path

    admin_page = client_for(world.province_admin).get(reverse("audit_list"), {"model": "members.member"})
    reprs = [e.object_repr for e in admin_page.context["page"].object_list]
    assert "Ghi Nhật Ký" in reprs and "Ngoài Tỉnh Khác" in reprs
    assert "Ghi Nhật Ký" in admin_page.content.decode()


def test_audit_is_scoped_to_the_admins_province(world, client_for):
    from tienphong.units.models import OrgUnit
    from tienphong.units.services import unit_create

    from ..factories import Role, UserFactory, give_role

    other_province = unit_create(parent=None, kind=OrgUnit.Kind.PROVINCE, name="Tỉnh Thanh Hóa", code="38")
    admin38 = UserFactory()
    give_role(admin38, other_province, Role.PROVINCE_ADMIN)
    MemberFactory(full_name="Ở Ninh Bình", branch=world.branch)
    page = client_for(admin38).get(reverse("audit_list"), {"model": "members.member"})
    assert [e.object_repr for e in page.context["page"].object_list] == []

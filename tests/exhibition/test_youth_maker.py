"""Products marked as made by the youth: the service keeps the links consistent, the database refuses
what the service would never write, the product form sets it, and it is audited."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from tienphong.core.errors import DomainError
from tienphong.core.models import AuditEntry
from tienphong.products import services
from tienphong.products.models import Product

from tests.factories import MemberFactory, ProducerFactory, ProductFactory, TeamFactory
from ..personas import build_world
from ..scenes import once_per_module

# The personas once for the module (tests/scenes.py): each test gets its own copy in its own savepoint.
world, _world = once_per_module(build_world, "world")

pytestmark = pytest.mark.django_db


@pytest.fixture
def coop(world):
    return ProducerFactory(name="Hợp tác xã Phủ Lý", commune=world.commune, status="published")


def _code(fn) -> str:
    with pytest.raises(DomainError) as e:
        fn()
    return e.value.code


def test_each_kind_keeps_only_its_own_link(world, coop):
    team = TeamFactory(name="Tổ công nghệ số Phủ Lý", commune=world.commune)
    member = MemberFactory(full_name="Nguyễn Văn An", branch=world.branch)
    product = services.product_create(name="Cơm cháy", producer=coop, youth_maker="member", youth_member=member,
                                      youth_team=team, youth_maker_name="ignored", by=world.secretary)
    assert (product.youth_maker, product.youth_member, product.youth_team, product.youth_maker_name) == (
        "member", member, None, "")
    services.product_update(product=product, youth_maker="team", youth_team=team, by=world.secretary)
    product.refresh_from_db()
    assert (product.youth_member, product.youth_team) == (None, team)
    services.product_update(product=product, youth_maker="startup", youth_maker_name="  Sen   Việt ",
                            by=world.secretary)
    product.refresh_from_db()
    assert (product.youth_team, product.youth_maker_name) == (None, "Sen Việt")
    services.product_update(product=product, youth_maker="", by=world.secretary)
    product.refresh_from_db()
    assert (product.youth_maker, product.youth_maker_name) == ("", "")


def test_a_member_without_a_link_is_enough_a_team_and_a_startup_need_theirs(world, coop):
    product = services.product_create(name="Miến lươn", producer=coop, youth_maker="member")
    assert product.youth_maker == "member" and product.youth_member is None
    assert _code(lambda: services.product_update(product=product, youth_maker="team")) == "youth_team_required"
    assert _code(lambda: services.product_update(product=product, youth_maker="startup",
                                                 youth_maker_name=" ")) == "youth_maker_name_required"
    assert _code(lambda: services.product_update(product=product, youth_maker="startup",
                                                 youth_maker_name="x" * 201)) == "youth_maker_name_too_long"
    assert _code(lambda: services.product_update(product=product, youth_maker="club")) == "youth_maker_invalid"


def test_the_member_or_team_comes_from_the_products_commune(world, coop):
    product = ProductFactory(producer=coop)
    other_team = TeamFactory(commune=world.other_commune)
    other_member = MemberFactory(branch=world.other_branch)
    assert _code(lambda: services.product_update(product=product, youth_maker="team",
                                                 youth_team=other_team)) == "youth_team_outside"
    assert _code(lambda: services.product_update(product=product, youth_maker="member",
                                                 youth_member=other_member)) == "youth_member_outside"


@pytest.mark.parametrize("fields", [
    {"youth_maker": "", "youth_maker_name": "Sen Việt"},
    {"youth_maker": "startup", "youth_maker_name": ""},
    {"youth_maker": "member", "youth_maker_name": "Sen Việt"},
    {"youth_maker": "guild"},
], ids=["unmarked-with-name", "startup-without-name", "member-with-name", "unknown-kind"])
def test_the_database_refuses_inconsistent_marks(world, coop, fields):
    product = ProductFactory(producer=coop)
    with pytest.raises(IntegrityError), transaction.atomic():
        Product.objects.filter(pk=product.pk).update(**fields)


def test_deleting_the_member_or_team_keeps_the_mark(world, coop):
    member = MemberFactory(branch=world.branch)
    product = services.product_create(name="Cơm cháy", producer=coop, youth_maker="member", youth_member=member)
    member.delete()
    product.refresh_from_db()
    assert (product.youth_maker, product.youth_member) == ("member", None)


def test_the_edit_form_lists_the_communes_members_and_teams_and_saves_the_mark(world, coop, client_for):
    team = TeamFactory(name="Tổ công nghệ số Phủ Lý", commune=world.commune)
    TeamFactory(name="Đội tình nguyện Phù Vân", commune=world.other_commune)
    MemberFactory(full_name="Trần Thị Bích Ngọc", branch=world.branch)
    MemberFactory(full_name="Đỗ Văn Ngoài", branch=world.other_branch)
    product = ProductFactory(name="Cơm cháy", producer=coop, status="published")
    client = client_for(world.secretary)
    url = reverse("product_edit", args=[product.pk])
    page = client.get(url).content.decode()
    assert "Tổ công nghệ số Phủ Lý" in page and "Trần Thị Bích Ngọc" in page
    assert "Đội tình nguyện Phù Vân" not in page and "Đỗ Văn Ngoài" not in page
    data = {"name": "Cơm cháy", "producer": coop.pk, "category": "ocop", "ocop_stars": "4", "ocop_year": "2023",
            "price_vnd": "120.000", "price_unit": "hộp", "youth_maker": "team", "youth_team": team.pk}
    assert client.post(url, data).status_code == 302
    product.refresh_from_db()
    assert (product.youth_maker, product.youth_team) == ("team", team)
    response = client.post(url, {**data, "youth_team": ""})
    assert response.status_code == 200 and "youth_team" in response.context["form"].errors
    entry = AuditEntry.objects.get_for_object(product).order_by("-timestamp").first()
    assert "youth_maker" in entry.changes_dict and "youth_team" in entry.changes_dict


def test_the_create_form_marks_a_startup_and_lists_the_members_for_a_one_commune_editor(world, coop, client_for):
    MemberFactory(full_name="Trần Thị Bích Ngọc", branch=world.branch)
    client = client_for(world.secretary)
    page = client.get(reverse("product_create")).content.decode()
    assert 'id="youth-maker"' in page and "Trần Thị Bích Ngọc" in page
    response = client.post(reverse("product_create"), {
        "name": "Trà sen", "producer": coop.pk, "category": "farm", "youth_maker": "startup",
        "youth_maker_name": "Sen Việt"})
    assert response.status_code == 302
    product = Product.objects.get(name="Trà sen")
    assert (product.youth_maker, product.youth_maker_name) == ("startup", "Sen Việt")
    # A province officer has many communes: the member and team are chosen on the edit page.
    page = client_for(world.province_admin).get(reverse("product_create")).content.decode()
    assert "Trần Thị Bích Ngọc" not in page
    assert "Lưu sản phẩm trước, rồi chọn đoàn viên hoặc tổ/đội ở trang sửa sản phẩm." in page

"""Partner pages per role: who lists, reads, adds and edits which partner; outsiders get 404; phones and
emails for staff only; search without diacritics."""

import pytest
from django.urls import reverse

from tienphong.partners.models import Partner

from ..factories import make_unit
from .helpers import make_partner
from ..personas import build_world
from ..scenes import once_per_module

# Built once for the module instead of once per test; see tests/scenes.py.
world, _world = once_per_module(build_world, "world")

LIST, NEW = reverse("partner_list"), reverse("partner_create")
PERSONAS = ["province_admin", "secretary", "team_leader", "volunteer", "outsider"]


@pytest.fixture
def register(world):
    """A province partner, one kept by Phủ Lý, one kept by Phù Vân, and one of another province."""
    province = make_partner(world, "Ngân hàng Nông nghiệp và Phát triển Nông thôn", short_name="Agribank Ninh Bình",
                            phone="02293874567", email="ninhbinh@agribank.com.vn")
    phu_ly = make_partner(world, "Quỹ tín dụng nhân dân Phủ Lý", unit=world.commune, by=world.secretary,
                          phone="0912000333", email="qtd.phuly@example.vn")
    phu_van = make_partner(world, "Quỹ tín dụng nhân dân Phù Vân", unit=world.other_commune, by=world.outsider,
                           phone="0912000444")
    other = make_unit(None, "province", "Tỉnh Thanh Hóa", "38")
    elsewhere = Partner.objects.create(unit=other, path=other.path, name="Agribank Thanh Hóa", phone="0237000555")
    return {"province": province, "phu_ly": phu_ly, "phu_van": phu_van, "elsewhere": elsewhere}


# Who reads which partner (True: 200; False: 404).
READS = {
    "province_admin": {"province": True, "phu_ly": True, "phu_van": True, "elsewhere": False},
    "secretary": {"province": True, "phu_ly": True, "phu_van": False, "elsewhere": False},
    "team_leader": {"province": True, "phu_ly": True, "phu_van": False, "elsewhere": False},
    "volunteer": {"province": True, "phu_ly": True, "phu_van": False, "elsewhere": False},
    "outsider": {"province": True, "phu_ly": False, "phu_van": True, "elsewhere": False},
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_role_reads_the_partners_of_its_province_and_commune_and_nothing_else(world, register, client_for,
                                                                                     persona):
    client = client_for(getattr(world, persona))
    listing = client.get(LIST).content.decode()
    for key, allowed in READS[persona].items():
        partner = register[key]
        assert client.get(reverse("partner_detail", args=[partner.pk])).status_code == (200 if allowed else 404)
        assert (partner.name in listing) == allowed, (persona, key)


@pytest.mark.parametrize("persona, shown", [("province_admin", True), ("secretary", True), ("team_leader", True),
                                            ("volunteer", False)])
def test_phones_and_emails_of_partners_are_for_staff_only(world, register, client_for, persona, shown):
    client = client_for(getattr(world, persona))
    p = register["phu_ly"]
    listing = client.get(LIST).content.decode()
    detail = client.get(reverse("partner_detail", args=[p.pk])).content.decode()
    assert (p.phone in listing) == shown
    assert (p.phone in detail) == shown and (p.email in detail) == shown
    assert p.contact_name in detail  # the contact person's name is not personal data here
    assert ("02293874567" in listing) == shown  # the province's partner too


def test_search_ignores_diacritics_and_case(world, register, client_for):
    client = client_for(world.secretary)
    body = client.get(LIST, {"q": "quy tin dung phu ly"}).content.decode()
    assert "Quỹ tín dụng nhân dân Phủ Lý" in body and "Agribank" not in body
    assert "Agribank Ninh Bình" in client.get(LIST, {"q": "AGRIBANK"}).content.decode()
    assert "Quỹ tín dụng" not in client.get(LIST, {"q": "viettel"}).content.decode()


@pytest.mark.parametrize("persona, status", [("province_admin", 200), ("secretary", 200), ("team_leader", 404),
                                             ("volunteer", 404)])
def test_only_officers_open_the_add_page(world, client_for, persona, status):
    assert client_for(getattr(world, persona)).get(NEW).status_code == status


def test_a_secretary_adds_a_partner_for_their_commune_and_edits_only_their_own(world, register, client_for):
    client = client_for(world.secretary)
    page = client.get(NEW).content.decode()
    assert f'value="{world.province.pk}"' not in page.split('name="unit"')[1].split("</select>")[0]
    response = client.post(NEW, {"kind": "telecom", "name": "Điểm giao dịch Viettel Phủ Lý", "unit": world.commune.pk,
                                 "units": [world.commune.pk], "active": "on", "phone": "0988111222"})
    assert response.status_code == 302
    made = Partner.objects.get(name="Điểm giao dịch Viettel Phủ Lý")
    assert made.path == world.commune.path and list(made.units.all()) == [world.commune]
    # Keeping a partner for the province is not theirs: the choice is refused.
    refused = client.post(NEW, {"kind": "bank", "name": "Ngân hàng X", "unit": world.province.pk, "active": "on"})
    assert refused.status_code == 200 and not Partner.objects.filter(name="Ngân hàng X").exists()
    assert client.get(reverse("partner_edit", args=[register["phu_ly"].pk])).status_code == 200
    assert client.get(reverse("partner_edit", args=[register["province"].pk])).status_code == 404
    assert client.get(reverse("partner_edit", args=[register["phu_van"].pk])).status_code == 404


def test_the_province_admin_edits_and_deactivates_a_partner(world, register, client_for):
    client = client_for(world.province_admin)
    p = register["province"]
    response = client.post(reverse("partner_edit", args=[p.pk]), {
        "kind": "bank", "name": p.name, "short_name": "Agribank", "unit": world.province.pk,
        "units": [world.commune.pk, world.other_commune.pk]})  # "active" left unticked
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.short_name == "Agribank" and not p.active and p.units.count() == 2
    assert p.name not in client.get(LIST).content.decode()
    assert p.name in client.get(LIST, {"inactive": "on"}).content.decode()


def test_a_duplicate_name_is_shown_on_the_form_in_vietnamese(world, register, client_for):
    client = client_for(world.province_admin)
    response = client.post(NEW, {"kind": "bank", "name": register["province"].name, "unit": world.province.pk,
                                 "active": "on"})
    assert response.status_code == 200
    assert "Tỉnh đã có đối tác tên" in response.content.decode()

"""Figures by partner: the rollups' "partner" breakdown equals the records that name each partner, moves
when a record's partners change, equals a rebuild; the dashboard, pivot and partner page show it by name."""
import json
import re
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from tienphong.campaigns import services as works
from tienphong.literacy import services as classes
from tienphong.partners.models import Partner
from tienphong.rollups import services as rollups
from tienphong.support.models import SupportRecord

from ..factories import make_unit
from ..personas import build_field_world
from ..rollups import (
    assert_provinces_sum_their_units, assert_rebuild_matches, at, cells, edit, held_class, log,
    month_start, total,
)
from ..scenes import once_per_module
from .helpers import make_partner

TURNS, CLASSES, ATTENDEES = "support_turns", "classes_held", "class_attendees"
WORKS, VALUE, BENEFICIARIES = "works", "works_value", "beneficiaries"


def _build_scene():
    """Two partners; entries naming one, both or none; a class and a work naming one each."""
    w = build_field_world()
    rollups.rebuild()
    bank = make_partner(w, "Quỹ tín dụng nhân dân Phủ Lý", short_name="QTDND Phủ Lý")
    telecom = make_partner(w, "Viettel Ninh Bình", kind=Partner.Kind.TELECOM)
    day = month_start(1).replace(day=10)
    r1 = log(w.volunteer, people=5, services=["cashless"], partners=[bank.pk], occurred_at=at(day))
    r2 = log(w.volunteer, people=7, services=["cashless", "vneid"], partners=[bank.pk, telecom.pk],
             occurred_at=at(day))
    log(w.volunteer, people=3, occurred_at=at(day))
    log(w.outsider, unit=w.other_commune.pk, people=2, partners=[telecom.pk], occurred_at=at(day))
    cls = held_class(w.commune, w.place, at(day, 8), present=4)
    classes.class_update(literacy_class=cls, partners=[telecom])
    work = works.work_create(by=w.team_leader, commune=w.commune, title="Điểm wifi Tổ dân phố 1", kind="wifi_point",
                             value_vnd=2_000_000, beneficiaries=50, completed_on=day, partners=[bank])
    work = works.work_approve(work=works.work_submit(work=work, by=w.team_leader), by=w.secretary)
    w.bank, w.telecom, w.day, w.records, w.cls, w.work = bank, telecom, day, (r1, r2), cls, work
    return w


# Built once for the module (it took most of each test's time); see tests/scenes.py.
scene, _scene = once_per_module(_build_scene, "scene")


def from_records(partner) -> int:
    return sum(SupportRecord.objects.filter(partners=partner).values_list("people", flat=True))


def test_the_partner_breakdown_equals_the_records_naming_each_partner(scene):
    s = scene
    p = s.province
    by_partner = cells(p, TURNS, dim="partner", level="p")
    assert by_partner == {str(s.bank.pk): 12, str(s.telecom.pk): 9}
    assert by_partner[str(s.bank.pk)] == from_records(s.bank) and by_partner[str(s.telecom.pk)] == from_records(s.telecom)
    # An entry naming both counts in full under each: the breakdown adds up to more than the total.
    assert total(p, TURNS, level="p") == 17 < sum(by_partner.values())
    assert cells(s.commune, TURNS, dim="partner") == {str(s.bank.pk): 12, str(s.telecom.pk): 7}
    assert cells(p, CLASSES, dim="partner", level="p") == {str(s.telecom.pk): 1}
    assert cells(p, ATTENDEES, dim="partner", level="p") == {str(s.telecom.pk): 4}
    assert cells(p, WORKS, dim="partner", level="p") == {str(s.bank.pk): 1}
    assert cells(p, VALUE, dim="partner", level="p") == {str(s.bank.pk): 2_000_000}
    assert cells(p, BENEFICIARIES, dim="partner", level="p") == {str(s.bank.pk): 50}
    assert_provinces_sum_their_units()
    assert_rebuild_matches()


def test_changing_a_records_partners_moves_its_counts(scene):
    s = scene
    r1, r2 = s.records
    edit(r1, s.secretary, partners=[s.telecom.pk])  # the bank's 5 go to the telecom
    edit(r2, s.secretary, partners=[])               # 7 leave both
    classes.class_update(literacy_class=s.cls, partners=[s.bank])
    assert cells(s.province, TURNS, dim="partner", level="p") == {str(s.telecom.pk): 7}
    assert cells(s.province, CLASSES, dim="partner", level="p") == {str(s.bank.pk): 1}
    assert cells(s.province, ATTENDEES, dim="partner", level="p") == {str(s.bank.pk): 4}
    assert total(s.province, TURNS, level="p") == 17  # the totals do not move
    assert_rebuild_matches()


def test_a_partner_of_another_province_or_an_inactive_one_is_refused(scene):
    from tienphong.core.errors import DomainError
    from tienphong.partners.services import partner_update
    from tienphong.support.services import EntryInvalid

    other = make_unit(None, "province", "Tỉnh Thanh Hóa", "38")
    theirs = Partner.objects.create(unit=other, path=other.path, name="Agribank Thanh Hóa")
    with pytest.raises(EntryInvalid) as e:
        log(scene.volunteer, partners=[theirs.pk])
    assert "đối tác" in e.value.errors["partners"]
    with pytest.raises(DomainError):
        classes.class_update(literacy_class=scene.cls, partners=[theirs])
    partner_update(partner=scene.bank, by=scene.province_admin, active=False)
    with pytest.raises(EntryInvalid):
        log(scene.volunteer, partners=[scene.bank.pk])
    # An entry that named it before may still be edited.
    edit(scene.records[0], scene.secretary, people=6)
    assert SupportRecord.objects.get(pk=scene.records[0].pk).partners.get() == scene.bank


def phone(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get(reverse("support_new"))
    return client, {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}


def test_the_sync_api_takes_optional_partner_ids_and_an_old_queue_still_syncs(scene):
    client, headers = phone(scene.volunteer)
    with_partner = {"uuid": str(uuid.uuid4()), "services": ["cashless"], "people": 4, "partners": [scene.bank.pk]}
    old_queue = {"uuid": str(uuid.uuid4()), "services": ["vneid"], "people": 2}  # written before partners existed
    bad = {"uuid": str(uuid.uuid4()), "services": ["vneid"], "partners": [999_999]}
    body = client.post("/api/v1/support/sync", json.dumps({"entries": [with_partner, old_queue, bad]}),
                       content_type="application/json", **headers).json()
    assert [r["status"] for r in body["results"]] == ["created", "created", "invalid"]
    assert "partners" in body["results"][2]["errors"]
    stored = SupportRecord.objects.get(uuid=with_partner["uuid"])
    assert list(stored.partners.all()) == [scene.bank]
    # A resend without the partners (the phone left them out) is the same entry, not a conflict.
    again = client.post("/api/v1/support/sync", json.dumps({"entries": [{**with_partner, "partners": []}]}),
                        content_type="application/json", **headers).json()
    assert again["results"][0]["status"] == "duplicate"
    assert cells(scene.province, TURNS, dim="partner", level="p")[str(scene.bank.pk)] == 16


def test_the_entry_form_offers_the_provinces_partners_with_the_last_ones_ticked(scene, client_for):
    body = client_for(scene.volunteer).get(reverse("support_new")).content.decode()
    assert "QTDND Phủ Lý" in body and "Viettel Ninh Bình" in body
    # The volunteer's last entry named nobody: nothing ticked. After one naming the bank, the bank is.
    assert "checked" not in partner_box(body, scene.bank)
    log(scene.volunteer, people=1, partners=[scene.bank.pk])
    body = client_for(scene.volunteer).get(reverse("support_new")).content.decode()
    assert "checked" in partner_box(body, scene.bank)


def partner_box(html: str, partner) -> str:
    """The <input> tag of the partner's checkbox on the entry page."""
    at = html.index(f'name="partners" value="{partner.pk}"')
    return html[html.rindex("<input", 0, at):html.index(">", at) + 1]


def test_the_dashboard_and_pivot_break_figures_down_by_partner_name(scene, client_for):
    client = client_for(scene.province_admin)
    period = {"period": "month", "date": scene.day.isoformat()}
    dash = client.get(reverse("reports:dashboard"), period).content.decode()
    assert "QTDND Phủ Lý" in dash and "Viettel Ninh Bình" in dash
    assert "note-partners" in dash
    pivot = client.get(reverse("reports:pivot"), {**period, "columns": "partner", "indicator": TURNS})
    body = pivot.content.decode()
    assert pivot.status_code == 200 and "QTDND Phủ Lý" in body and 'id="pivot-footnote"' in body
    table = body[body.index('id="pivot"'):body.index("</table>", body.index('id="pivot"'))]
    headings = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<th[^>]*>(.*?)</th>", table, re.S)]
    assert "QTDND Phủ Lý" in headings and str(scene.bank.pk) not in headings  # names, never ids
    assert ">12<" in table and ">9<" in table  # Phủ Lý's two columns… and the province's telecom total


def test_the_partner_page_lists_what_was_done_together(scene, client_for):
    url = reverse("reports:partner", args=[scene.bank.pk])
    client = client_for(scene.province_admin)
    body = client.get(url, {"period": "month", "date": scene.day.isoformat()}).content.decode()
    figures = body[body.index('id="partner-figures"'):body.index("</table>", body.index('id="partner-figures"'))]
    assert ">12<" in figures and "2.000.000" in figures and ">50<" in figures
    assert scene.work.title in body and 'id="partner-footnote"' in body
    assert "Thanh toán không dùng tiền mặt" in body  # citizens helped by service, with this partner
    secretary = client_for(scene.secretary).get(url, {"period": "month", "date": scene.day.isoformat()})
    assert secretary.status_code == 200 and ">12<" in secretary.content.decode()


@pytest.mark.parametrize("persona", ["volunteer", "team_leader", "outsider"])
def test_the_partner_page_is_404_for_who_reads_no_figures_or_not_the_partner(scene, client_for, persona):
    commune_partner = make_partner(scene, "Điểm giao dịch Viettel Phủ Lý", unit=scene.commune, by=scene.secretary)
    client = client_for(getattr(scene, persona))
    assert client.get(reverse("reports:partner", args=[commune_partner.pk])).status_code == 404
    # The outsider reads their own figures with a province partner, but never Phủ Lý's.
    if persona == "outsider":
        assert client.get(reverse("reports:partner", args=[scene.bank.pk])).status_code == 200
        assert client.get(reverse("reports:partner", args=[scene.bank.pk]),
                          {"unit": scene.commune.pk}).status_code == 404


def test_the_work_and_class_pages_name_their_partners(scene, client_for):
    client = client_for(scene.secretary)
    work = client.get(reverse("work_detail", args=[scene.work.pk])).content.decode()
    assert "QTDND Phủ Lý" in work and reverse("partner_detail", args=[scene.bank.pk]) in work
    assert "Viettel Ninh Bình" in client.get(reverse("class_detail", args=[scene.cls.pk])).content.decode()


def test_a_commune_reads_only_its_own_work_with_a_province_partner(scene, client_for):
    """Phù Vân's secretary: 2 citizens helped with Viettel there, not Phủ Lý's 7 nor the province's 9."""
    url = reverse("reports:partner", args=[scene.telecom.pk])
    body = client_for(scene.outsider).get(url, {"period": "month", "date": scene.day.isoformat()}).content.decode()
    figures = body[body.index('id="partner-figures"'):body.index("</table>", body.index('id="partner-figures"'))]
    services = body[body.index('id="partner-services"'):body.index("</table>", body.index('id="partner-services"'))]
    assert ">2<" in figures and ">9<" not in figures and ">7<" not in figures
    assert ">2<" in services
    assert "Viettel Ninh Bình" in body and scene.cls.title not in body  # Phủ Lý's class is not theirs

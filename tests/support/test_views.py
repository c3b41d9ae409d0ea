import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from tienphong.core.scope import Scope
from tienphong.support import services
from tienphong.support.models import SupportRecord

from ..personas import build_field_world
from ..scenes import once_per_module

# Built once for the module instead of once per test; see tests/scenes.py.
fworld, _fworld = once_per_module(build_field_world, "fworld")

EVERYONE = ["province_admin", "secretary", "team_leader", "volunteer", "outsider"]


def form_data(client, **extra):
    """What the page's form posts when the volunteer only ticks a service and taps Save."""
    page = client.get(reverse("support_new"))
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: v for k, v in data.items() if v not in (None, [])}
    data["occurred_at"] = timezone.localtime().strftime("%d/%m/%Y %H:%M")
    data.update(extra)
    return data


def log(world, user=None, **data):
    user = user or world.volunteer
    data.setdefault("services", ["vneid"])
    return services.record_create(author=user, scope=Scope.for_user(user), data=data)[0]


def test_the_entry_page_starts_from_the_volunteers_team(fworld, client_for):
    client = client_for(fworld.volunteer)
    page = client.get(reverse("support_new"))
    assert page.status_code == 200
    form = page.context["form"]
    assert form["unit"].value() == fworld.commune.pk
    assert form["team"].value() == fworld.team.pk
    assert form["services"].value() == ["vneid"]
    assert "Ghi nhận người dân được hỗ trợ" in page.content.decode()


def test_saving_the_form_twice_counts_once(fworld, client_for):
    client = client_for(fworld.volunteer)
    data = form_data(client, people="12", place_note="Xóm 4")
    assert client.post(reverse("support_new"), data).status_code == 302
    assert client.post(reverse("support_new"), data).status_code == 302
    assert SupportRecord.objects.count() == 1
    record = SupportRecord.objects.get()
    assert record.people == 12 and record.place_note == "Xóm 4"
    assert list(record.volunteers.all()) == [fworld.volunteer_member]


@pytest.mark.parametrize("field, value", [("people", "501"), ("people", "-1"), ("services", "bitcoin"),
                                          ("occurred_at", "31/12/2099 10:00")])
def test_bad_input_shows_a_vietnamese_error_and_saves_nothing(fworld, client_for, field, value):
    client = client_for(fworld.volunteer)
    response = client.post(reverse("support_new"), form_data(client, **{field: value}))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not SupportRecord.objects.exists()


def test_repeat_last_copies_the_last_entry_once(fworld, client_for):
    log(fworld, people=4, services=["cashless"], place_note="Thôn Đông")
    client = client_for(fworld.volunteer)
    key = str(uuid.uuid4())
    client.post(reverse("support_repeat"), {"uuid": key})
    client.post(reverse("support_repeat"), {"uuid": key})
    assert SupportRecord.objects.count() == 2
    copy = SupportRecord.objects.get(uuid=key)
    assert copy.people == 4 and copy.place_note == "Thôn Đông" and [s.code for s in copy.services.all()] == ["cashless"]


def test_the_commune_list_shows_its_records_and_totals(fworld, client_for):
    log(fworld, people=5)
    log(fworld, user=fworld.team_leader, people=7)
    log(fworld, user=fworld.outsider, people=100, unit=fworld.other_commune.pk)
    page = client_for(fworld.secretary).get(reverse("support_list"))
    assert page.context["totals"]["turns"] == 12
    assert page.context["totals"]["entries"] == 2
    assert page.context["totals"]["volunteer_turns"] == 2
    assert page.context["page"].paginator.count == 2


def test_filters_by_date_and_service(fworld, client_for):
    log(fworld, people=5, occurred_at=timezone.now() - dt.timedelta(days=3))
    log(fworld, people=7, services=["cashless"])
    client = client_for(fworld.secretary)
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert client.get(reverse("support_list"), {"date_from": today}).context["totals"]["turns"] == 7
    assert client.get(reverse("support_list"), {"service": "vneid"}).context["totals"]["turns"] == 5


def test_a_volunteer_sees_only_their_own_entries(fworld, client_for):
    log(fworld, people=5)
    log(fworld, user=fworld.team_leader, people=7)
    page = client_for(fworld.volunteer).get(reverse("support_list"))
    assert page.context["totals"]["turns"] == 5


@pytest.mark.parametrize("persona", EVERYONE)
def test_who_may_edit_and_delete(fworld, client_for, persona):
    record = log(fworld, people=3)
    client = client_for(getattr(fworld, persona))
    may = persona in ("province_admin", "secretary", "volunteer")
    assert client.get(reverse("support_edit", args=[record.pk])).status_code == (200 if may else 404)
    response = client.post(reverse("support_delete", args=[record.pk]))
    assert response.status_code == (302 if may else 404)
    assert SupportRecord.objects.filter(pk=record.pk).exists() != may


def test_the_author_cannot_edit_after_a_day(fworld, client_for):
    record = log(fworld, people=3)
    SupportRecord.objects.filter(pk=record.pk).update(created_at=timezone.now() - dt.timedelta(hours=25))
    client = client_for(fworld.volunteer)
    assert client.get(reverse("support_edit", args=[record.pk])).status_code == 404
    assert client_for(fworld.secretary).get(reverse("support_edit", args=[record.pk])).status_code == 200


def test_the_secretary_corrects_a_tally(fworld, client_for):
    record = log(fworld, people=3)
    client = client_for(fworld.secretary)
    form = client.get(reverse("support_edit", args=[record.pk])).context["form"]
    data = {k: v for k, v in ((n, form[n].value()) for n in form.fields) if v not in (None, [])}
    data.update(people="30", occurred_at=timezone.localtime(record.occurred_at).strftime("%d/%m/%Y %H:%M"))
    assert client.post(reverse("support_edit", args=[record.pk]), data).status_code == 302
    record.refresh_from_db()
    assert record.people == 30


def test_the_outsider_sees_nothing_of_phu_ly(fworld, client_for):
    log(fworld, people=9)
    page = client_for(fworld.outsider).get(reverse("support_list"))
    assert page.context["totals"]["turns"] == 0


def test_anonymous_is_sent_to_login(fworld, client):
    assert client.get(reverse("support_new")).status_code == 302


def test_manifest_and_service_worker(client):
    manifest = client.get(reverse("support_manifest")).json()
    assert manifest["start_url"] == "/support/new/" and {i["sizes"] for i in manifest["icons"]} == {"192x192", "512x512"}
    sw = client.get("/sw.js")
    assert sw["Content-Type"].startswith("text/javascript") and b"/support/new/" in sw.content

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from tienphong.core.scope import Scope
from tienphong.literacy.models import LiteracyClass
from tienphong.support import services


def test_today_shows_my_entries_and_my_classes(fworld, client_for):
    scope = Scope.for_user(fworld.volunteer)
    services.record_create(author=fworld.volunteer, scope=scope, data={"services": ["vneid"], "people": 12})
    services.record_create(author=fworld.volunteer, scope=scope, data={
        "services": ["vneid"], "people": 5, "occurred_at": timezone.now() - dt.timedelta(days=8)})
    services.record_create(author=fworld.team_leader, scope=Scope.for_user(fworld.team_leader),
                           data={"services": ["vneid"], "people": 40})
    mine = LiteracyClass.objects.create(
        title="VNeID cho người cao tuổi", commune=fworld.commune, path=fworld.commune.path, venue=fworld.place,
        starts_at=timezone.now() + dt.timedelta(days=2))
    mine.teachers.add(fworld.volunteer_member)
    LiteracyClass.objects.create(title="Lớp của phường khác", commune=fworld.other_commune,
                                 path=fworld.other_commune.path, venue=fworld.other_place,
                                 starts_at=timezone.now() + dt.timedelta(days=2))
    page = client_for(fworld.volunteer).get(reverse("today"))
    assert page.status_code == 200
    assert page.context["turns_today"] == 12
    assert [r.people for r in page.context["entries"]] == [12]
    assert [c.title for c in page.context["classes"]] == ["VNeID cho người cao tuổi"]
    assert "Hôm nay" in page.content.decode()


def test_today_needs_a_login(client):
    assert client.get(reverse("today")).status_code == 302


def test_the_commune_home_shows_its_field_work(fworld, client_for):
    services.record_create(author=fworld.volunteer, scope=Scope.for_user(fworld.volunteer),
                           data={"services": ["vneid"], "people": 12})
    services.record_create(author=fworld.outsider, scope=Scope.for_user(fworld.outsider),
                           data={"services": ["vneid"], "people": 50, "unit": fworld.other_commune.pk})
    page = client_for(fworld.secretary).get(reverse("home"))
    assert page.context["field"]["turns"] == 12
    province = client_for(fworld.province_admin).get(reverse("home"))
    assert province.context["field"]["turns"] == 62


def test_a_volunteers_home_is_their_day_with_the_same_figures_as_today(fworld, client_for):
    """`/` for a volunteer: the log button first, their figures and their team's, the numbers of `/today/`."""
    team = fworld.team.pk
    services.record_create(author=fworld.volunteer, scope=Scope.for_user(fworld.volunteer),
                           data={"services": ["vneid"], "people": 12, "team": team})
    services.record_create(author=fworld.volunteer, scope=Scope.for_user(fworld.volunteer),
                           data={"services": ["cashless"], "people": 3, "team": team})
    services.record_create(author=fworld.team_leader, scope=Scope.for_user(fworld.team_leader),
                           data={"services": ["vneid"], "people": 40, "team": team})
    volunteer = client_for(fworld.volunteer)
    home, today = volunteer.get(reverse("home")), volunteer.get(reverse("today"))
    for page in (home, today):
        assert page.context["turns_today"] == 15
        assert page.context["team"]["today"] == 55 and page.context["team"]["names"] == [fworld.team.name]
    html = home.content.decode()
    assert 'id="log-button"' in html and html.index('id="log-button"') < html.index('id="my-today"')
    # The team leader works in the field too; officers keep their unit's home.
    assert client_for(fworld.team_leader).get(reverse("home")).context["team"]["today"] == 55
    assert "team" not in client_for(fworld.secretary).get(reverse("home")).context
    assert client_for(fworld.secretary).get(reverse("home")).context["unit"] == fworld.commune

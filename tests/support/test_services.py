import datetime as dt
import uuid

import pytest
from django.utils import timezone

from tienphong.core.scope import Scope
from tienphong.core.models import AuditEntry  # noqa: F401
from tienphong.support import services
from tienphong.support.models import SupportRecord
from tienphong.support.services import EntryInvalid

from ..personas import build_field_world
from ..scenes import once_per_module

# Built once for the module instead of once per test; see tests/scenes.py.
fworld, _fworld = once_per_module(build_field_world, "fworld")


def log(world, user=None, **data):
    user = user or world.volunteer
    data.setdefault("services", ["vneid"])
    return services.record_create(author=user, scope=Scope.for_user(user), data=data)


def test_a_volunteer_logs_at_their_commune_with_their_team_by_default(fworld):
    record, created = log(fworld, people=12, place_note="Xóm 4")
    assert created
    assert record.unit == fworld.commune and record.commune == fworld.commune and record.path == fworld.commune.path
    assert record.team == fworld.team
    assert list(record.volunteers.all()) == [fworld.volunteer_member]
    assert [s.code for s in record.services.all()] == ["vneid"]
    assert record.people == 12 and record.created_by == fworld.volunteer


def test_a_resent_entry_is_stored_once(fworld):
    key = str(uuid.uuid4())
    first, created = log(fworld, uuid=key, people=3)
    again, created_again = log(fworld, uuid=key, people=3)
    assert created and not created_again and again.pk == first.pk
    assert SupportRecord.objects.count() == 1


def test_someone_elses_uuid_is_refused(fworld):
    key = str(uuid.uuid4())
    log(fworld, uuid=key)
    with pytest.raises(EntryInvalid) as e:
        log(fworld, user=fworld.team_leader, uuid=key)
    assert "uuid" in e.value.errors


def test_one_audit_entry_names_the_services_and_volunteers(fworld):
    record, _ = log(fworld, services=["vneid", "cashless"])
    entries = AuditEntry.objects.filter(object_pk=str(record.pk), content_type__model="supportrecord")
    assert entries.count() == 1
    entry = entries.get()
    assert entry.actor is None or entry.actor == fworld.volunteer
    assert entry.unit_path == fworld.commune.path
    assert entry.changes_dict["services"][1] == "vneid, cashless"
    assert entry.changes_dict["volunteers"][1] == str(fworld.volunteer_member.pk)


@pytest.mark.parametrize("data, field", [
    ({"occurred_at": timezone.now() + dt.timedelta(hours=2)}, "occurred_at"),
    ({"occurred_at": timezone.now() - dt.timedelta(days=400)}, "occurred_at"),
    ({"people": 501}, "people"),
    ({"people": 0}, "people"),
    ({"people": -3}, "people"),
    ({"minutes": -5}, "minutes"),
    ({"services": ["bitcoin"]}, "services"),
    ({"services": []}, "services"),
    ({"services": ["public_service"]}, "procedure"),
    ({"outcome": "maybe"}, "outcome"),
    ({"age_band": "99"}, "age_band"),
])
def test_bad_input_saves_nothing(fworld, data, field):
    with pytest.raises(EntryInvalid) as e:
        log(fworld, **data)
    assert field in e.value.errors
    assert all(e.value.errors.values())
    assert SupportRecord.objects.count() == 0


def test_messages_are_vietnamese(fworld):
    with pytest.raises(EntryInvalid) as e:
        log(fworld, people=900)
    assert "người" in e.value.errors["people"]


def test_the_outsider_cannot_log_in_another_commune(fworld):
    with pytest.raises(EntryInvalid) as e:
        log(fworld, user=fworld.outsider, unit=fworld.commune.pk)
    assert "unit" in e.value.errors


def test_a_volunteer_cannot_name_members_of_another_commune(fworld):
    from tests.factories import MemberFactory

    stranger = MemberFactory(branch=fworld.other_branch)
    with pytest.raises(EntryInvalid) as e:
        log(fworld, volunteers=[stranger.pk])
    assert "volunteers" in e.value.errors


def test_the_service_center_team_logs_at_the_service_point(fworld):
    from tests.factories import TeamFactory, TeamMembershipFactory

    hcc_team = TeamFactory(name="Đội hình TNTN Trung tâm HCC", kind="volunteer", commune=fworld.commune,
                           service_point=fworld.service_point)
    TeamMembershipFactory(team=hcc_team, member=fworld.volunteer_member)
    record, _ = log(fworld, unit=fworld.service_point.pk, team=hcc_team.pk, setting="service_center")
    assert record.unit == fworld.service_point and record.path == fworld.service_point.path


def test_a_batch_keeps_the_good_and_returns_the_bad(fworld):
    good = [{"uuid": str(uuid.uuid4()), "services": ["vneid"], "people": 2} for _ in range(3)]
    bad = {"uuid": str(uuid.uuid4()), "services": ["vneid"], "people": 999}
    results = services.records_sync(author=fworld.volunteer, scope=Scope.for_user(fworld.volunteer),
                                    entries=[good[0], bad, good[1], good[2], good[0]])
    assert [r.status for r in results] == ["created", "invalid", "created", "created", "duplicate"]
    assert results[1].errors["people"]
    assert SupportRecord.objects.count() == 3


def test_the_author_edits_within_a_day_the_secretary_any_time(fworld):
    record, _ = log(fworld, people=2)
    volunteer_scope = Scope.for_user(fworld.volunteer)
    services.record_update(record=record, by=fworld.volunteer, scope=volunteer_scope, data={"people": 5})
    record.refresh_from_db()
    assert record.people == 5
    SupportRecord.objects.filter(pk=record.pk).update(created_at=timezone.now() - dt.timedelta(hours=25))
    record.refresh_from_db()
    with pytest.raises(services.DomainError):
        services.record_update(record=record, by=fworld.volunteer, scope=volunteer_scope, data={"people": 6})
    with pytest.raises(services.DomainError):
        services.record_delete(record=record, by=fworld.volunteer, scope=volunteer_scope)
    services.record_update(record=record, by=fworld.secretary, scope=Scope.for_user(fworld.secretary),
                           data={"people": 7, "services": ["vneid", "cashless"]})
    record.refresh_from_db()
    assert record.people == 7 and record.services.count() == 2
    services.record_delete(record=record, by=fworld.secretary, scope=Scope.for_user(fworld.secretary))
    assert not SupportRecord.objects.exists()


def test_defaults_follow_the_last_entry(fworld):
    log(fworld, setting="commune_office", place_note="Bộ phận một cửa", services=["cashless"])
    d = services.entry_defaults(fworld.volunteer, Scope.for_user(fworld.volunteer))
    assert d.setting == "commune_office" and d.place_note == "Bộ phận một cửa" and d.services == ["cashless"]
    assert d.team == fworld.team and d.unit == fworld.commune


def test_the_tally_limit_is_also_a_database_constraint(fworld):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        SupportRecord.objects.create(occurred_at=timezone.now(), unit=fworld.commune, path=fworld.commune.path,
                                     people=501)


def test_the_same_entry_twice_in_one_batch_counts_once(fworld):
    key = str(uuid.uuid4())
    results = services.records_sync(author=fworld.volunteer, scope=Scope.for_user(fworld.volunteer),
                                    entries=[{"uuid": key, "services": ["vneid"], "people": 4}] * 2)
    assert [r.status for r in results] == ["created", "duplicate"]
    assert results[0].record.pk == results[1].record.pk
    assert SupportRecord.objects.get().people == 4


def test_a_batch_is_written_in_a_fixed_number_of_statements(fworld, django_assert_max_num_queries):
    entries = [{"uuid": str(uuid.uuid4()), "services": ["vneid", "cashless"], "people": 2} for _ in range(20)]
    scope = Scope.for_user(fworld.volunteer)
    with django_assert_max_num_queries(16):
        results = services.records_sync(author=fworld.volunteer, scope=scope, entries=entries)
    assert {r.status for r in results} == {"created"}
    assert AuditEntry.objects.filter(content_type__model="supportrecord").count() == 20
    assert SupportRecord.services.through.objects.count() == 40


def test_a_resend_racing_its_original_is_answered_duplicate(fworld, monkeypatch):
    """The original commits between the resend's lookup and its insert: the unique uuid stops the
    second row, and a second pass answers "duplicate"."""
    key = str(uuid.uuid4())
    original, _ = log(fworld, uuid=key, people=3)
    calls = []
    real = services._known

    def blind_first_time(uuids):
        calls.append(uuids)
        return {} if len(calls) == 1 else real(uuids)

    monkeypatch.setattr(services, "_known", blind_first_time)
    results = services.records_sync(author=fworld.volunteer, scope=Scope.for_user(fworld.volunteer),
                                    entries=[{"uuid": key, "services": ["vneid"], "people": 3},
                                             {"uuid": str(uuid.uuid4()), "services": ["vneid"], "people": 2}])
    assert [r.status for r in results] == ["duplicate", "created"]
    assert results[0].record.pk == original.pk
    assert len(calls) == 2
    assert SupportRecord.objects.count() == 2

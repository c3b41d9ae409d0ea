"""Participants' Excel import and export (tienphong/events/excel.py, importing.py, people.py): a 300-row file,
every error by row and column with nothing written, re-import and round trip changing nothing, the
background job, and a 404 for whoever may not manage the event."""

import io
import time

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from tienphong.accounts.models import RoleAssignment
from tienphong.core.imports import pending
from tienphong.core.models import AuditEntry, ImportJob
from tienphong.core.scope import Scope
from tienphong.events import excel, services
from tienphong.events.importing import ParticipantImporter, import_file
from tienphong.events.models import Participant
from tienphong.units.models import OrgUnit

from ..factories import MemberFactory, add_participant, make_event, make_unit
from ..rollups import assert_rebuild_matches
from ..personas import build_world
from ..scenes import once_per_module

# The personas once for the module (tests/scenes.py): each test gets its own copy in its own savepoint.
world, _world = once_per_module(build_world, "world")

HEADERS = excel.headers()


@pytest.fixture(autouse=True)
def english(client, settings):
    """Messages are asserted in English (their msgids); the UI default is Vietnamese."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def congress(world):
    event = make_event(world.commune, name="Đại hội Đoàn phường Phủ Lý", kind="congress")
    services.point_save(event=event, name="Điểm cầu Tổ dân phố 1", host_unit=world.commune)
    return event


def role(code):
    return excel.role_labels()[code]


def row(name="Nguyễn Văn An", member="", organisation="", phone="", delegation="", role_="", seat="", point=""):
    return [name, member, organisation, phone, delegation, role_, seat, point]


def xlsx(rows, headers=HEADERS, title=excel.PARTICIPANTS_SHEET) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(headers)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "dai-bieu.xlsx"
    return buf


def upload(client, event, data):
    return client.post(reverse("event_import", args=[event.pk]), {"unit": str(event.pk), "file": data})


def confirm(client, event, preview):
    return client.post(reverse("event_import", args=[event.pk]), {"confirm": "1", "token": preview.context["token"]})


def three_hundred(world):
    """300 rows: delegations of 30, every role, seats A001…, some members linked (by number and by phone),
    a third at the second connection point."""
    members = [MemberFactory(full_name=f"Đoàn viên Số {i}", branch=world.branch) for i in range(10)]
    rows = []
    for i in range(300):
        member = ""
        if i < 5:
            member = members[i].pk
        elif i < 10:
            member = members[i].phone
        rows.append(row(f"Nguyễn Thị Đại Biểu {i:03d}", member=member, organisation=f"Chi đoàn {i % 7}",
                        phone=f"098{i:07d}" if i % 2 else "", delegation=f"Đoàn đại biểu số {i // 30}",
                        role_=role(list(Participant.Role)[i % 4]), seat=f"A{i:03d}",
                        point="Điểm cầu Tổ dân phố 1" if i % 3 == 0 else ""))
    return members, rows


def test_a_300_row_file_is_previewed_then_imported_in_one_go(world, congress, client_for, django_assert_max_num_queries):
    members, rows = three_hundred(world)
    client = client_for(world.secretary)
    preview = upload(client, congress, xlsx(rows))
    assert preview.status_code == 200 and preview.context["errors"] == []
    plan = preview.context["plan"]
    assert (plan.created, plan.updated, plan.unchanged) == (300, 0, 0)
    assert Participant.objects.count() == 0  # nothing written before the confirmation
    with django_assert_max_num_queries(40):  # bulk writes: the count does not grow with the rows
        done = confirm(client, congress, preview)
    assert done.status_code == 302 and done["Location"] == reverse("event_participants", args=[congress.pk])
    people = {p.full_name: p for p in congress.participants.select_related("point")}
    assert len(people) == 300
    first, second, third = people["Nguyễn Thị Đại Biểu 000"], people["Nguyễn Thị Đại Biểu 001"], \
        people["Nguyễn Thị Đại Biểu 007"]
    assert first.member == members[0] and third.member == members[7]  # by number, by phone
    assert (first.point.name, first.seat, first.role, first.delegation) == (
        "Điểm cầu Tổ dân phố 1", "A000", "delegate", "Đoàn đại biểu số 0")
    assert (second.point.is_main, second.phone, second.role, second.organisation) == (
        True, "0980000001", "guest", "Chi đoàn 1")
    assert len({p.token for p in people.values()}) == 300
    entries = AuditEntry.objects.filter(content_type__model="participant", action=AuditEntry.Action.CREATE)
    assert entries.count() == 300 and {e.unit_path for e in entries} == {congress.path}
    assert all(e.actor_id == world.secretary.pk for e in entries)
    assert not pending.exists(preview.context["token"])


def test_300_rows_are_checked_and_written_in_well_under_two_seconds(world, congress):
    _members, rows = three_hundred(world)
    data = xlsx(rows)
    started = time.perf_counter()
    plan = import_file(event=congress, source=data, actor=world.secretary)
    elapsed = time.perf_counter() - started
    assert plan.errors == [] and plan.created == 300
    assert elapsed < 2.0, f"300 rows took {elapsed:.2f} s"


def test_every_bad_row_is_named_by_row_column_and_reason_and_nothing_is_written(world, congress):
    member = MemberFactory(full_name="Trần Văn Bình", branch=world.branch, phone="0911111111")
    MemberFactory(full_name="Lê Thị Hoa", branch=world.branch, phone="0922222222")
    MemberFactory(full_name="Lê Thị Hoa", branch=world.other_branch, phone="0922222222")  # another commune
    other_province = make_unit(None, OrgUnit.Kind.PROVINCE, "Tỉnh Hà Nam", "35")
    far_branch = make_unit(make_unit(make_unit(other_province, OrgUnit.Kind.COMMUNE, "Phường Lê Hồ", "13300"),
                                     OrgUnit.Kind.GRASSROOTS, "Đoàn cơ sở Lê Hồ", "13300-01"),
                           OrgUnit.Kind.BRANCH, "Chi đoàn 1", "13300-01-01")
    outside = MemberFactory(full_name="Ngoài Tỉnh", branch=far_branch, phone="0933333333")
    add_participant(congress, full_name="Phạm Thị Cúc", seat="B01")
    audit_before = AuditEntry.objects.count()
    rows = [
        row("Trần Văn Bình", member=member.pk, seat="A01"),                   # 2 fine
        row("Trần Văn Bình (lần 2)", member="0911111111"),                    # 3 the same member again
        row("Nguyễn Văn Chín", seat="A01"),                                   # 4 seat already on row 2
        row("Đỗ Thị Dung", seat="b01"),                                       # 5 seat of Phạm Thị Cúc
        row("Hoàng Văn Em", point="Điểm cầu Mặt Trăng"),                      # 6 no such point
        row("Vũ Thị Gấm", phone="12345"),                                     # 7 bad phone
        row("Lý Văn Hải", role_="Trưởng đoàn"),                               # 8 not a role
        row("Bùi Thị Ích", member=999999),                                    # 9 no member with this number
        row("Lê Thị Hoa", member="0922222222"),                               # 10 two members have it
        row("", delegation="Đoàn Phủ Lý"),                                    # 11 no name
        row("Đinh Văn Khoa", delegation="Đoàn Phủ Lý"),                       # 12 fine
        row("Đinh Văn Khoa", delegation="Đoàn Phủ Lý"),                       # 13 the same person again
        row("Ngô Văn Lâm", phone="0944444444"),                               # 14 fine
        row("Ngô Văn Lâm", phone="+84 944 444 444", delegation="Khác"),       # 15 same name and phone
        row("Ngoài Tỉnh", member=outside.pk),                                 # 16 a member of another province
    ]
    plan = import_file(event=congress, source=xlsx(rows), actor=world.secretary)
    found = {(e.row, e.column) for e in plan.errors}
    h = excel.SHEET.header
    assert found == {
        (3, h("member")), (4, h("seat")), (5, h("seat")), (6, h("point")), (7, h("phone")), (8, h("role")),
        (9, h("member")), (10, h("member")), (11, h("full_name")), (13, h("delegation")), (15, h("phone")),
        (16, h("member")),
    }
    messages = {(e.row, e.column): e.message for e in plan.errors}
    assert "also on row 2" in messages[(3, h("member"))]
    assert messages[(4, h("seat"))] == "The seat A01 is also given on row 2."
    assert messages[(5, h("seat"))] == "The seat B01 is already taken by Phạm Thị Cúc."
    assert "“Điểm cầu Mặt Trăng” is not in this event" in messages[(6, h("point"))]
    assert "Điểm cầu Tổ dân phố 1" in messages[(6, h("point"))]
    assert "is not a valid phone number" in messages[(7, h("phone"))]
    assert "“Trưởng đoàn” is not a role" in messages[(8, h("role"))]
    assert messages[(9, h("member"))] == "No member of the province has the number 999999."
    assert "Several members of the province have the phone number 0922222222" in messages[(10, h("member"))]
    assert "also on row 12" in messages[(13, h("delegation"))] and "also on row 14" in messages[(15, h("phone"))]
    assert [e.row for e in plan.errors] == sorted(e.row for e in plan.errors)  # by row, then column
    assert congress.participants.count() == 1 and AuditEntry.objects.count() == audit_before


def test_importing_the_same_file_again_adds_nobody_and_a_changed_file_updates(world, congress):
    member = MemberFactory(full_name="Trần Văn Bình", branch=world.branch)
    rows = [row("Trần Văn Bình", member=member.pk, seat="A01", delegation="Đoàn Phủ Lý"),
            row("Nguyễn Văn An", phone="0912345678", seat="A02", delegation="Đoàn Phủ Lý"),
            row("Lê Thị Cúc", delegation="Đoàn Phù Vân", seat="A03"),
            row("Lê Thị Cúc", delegation="Đoàn Phủ Lý")]  # the same name in another delegation: another person
    first = import_file(event=congress, source=xlsx(rows), actor=world.secretary)
    assert first.created == 4 and congress.participants.count() == 4
    tokens = set(congress.participants.values_list("token", flat=True))
    again = import_file(event=congress, source=xlsx(rows), actor=world.secretary)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert congress.participants.count() == 4
    # Seats swapped, a phone added to a participant who had none, a new role, the member by phone.
    changed = [row("Trần Văn Bình (Phủ Lý)", member=member.pk, seat="A02", delegation="Đoàn Phủ Lý"),
               row("Nguyễn Văn An", phone="0912345678", seat="A01", delegation="Đoàn Phủ Lý",
                   role_=role("speaker")),
               row("Lê Thị Cúc", phone="0977777777", delegation="Đoàn Phù Vân", seat="A03"),
               row("Lê Thị Cúc", delegation="Đoàn Phủ Lý")]
    before = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE).count()
    plan = import_file(event=congress, source=xlsx(changed), actor=world.secretary)
    assert plan.errors == [] and (plan.created, plan.updated, plan.unchanged) == (0, 3, 1)
    people = {(p.full_name, p.delegation): p for p in congress.participants.all()}
    assert len(people) == 4
    binh = people[("Trần Văn Bình (Phủ Lý)", "Đoàn Phủ Lý")]
    an = people[("Nguyễn Văn An", "Đoàn Phủ Lý")]
    cuc = people[("Lê Thị Cúc", "Đoàn Phù Vân")]
    assert (binh.seat, binh.member_id, an.seat, an.role, cuc.phone) == ("A02", member.pk, "A01", "speaker",
                                                                         "0977777777")
    assert tokens == {p.token for p in people.values()}  # the same people: badges still valid
    updates = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE).order_by("id")[before:]
    assert len(updates) == 3
    by_pk = {int(e.object_pk): e.changes for e in updates}
    assert by_pk[an.pk]["seat"] == ["A02", "A01"] and by_pk[an.pk]["role"] == ["delegate", "speaker"]
    assert by_pk[binh.pk]["full_name"] == ["Trần Văn Bình", "Trần Văn Bình (Phủ Lý)"]


def test_a_role_changed_on_a_checked_in_participant_moves_the_figures(world, congress):
    p = add_participant(congress, full_name="Nguyễn Văn An", phone="0912345678")
    services.check_in(participant=p, session=congress.sessions.get(), point=p.point, method="manual")
    plan = import_file(event=congress, source=xlsx([row("Nguyễn Văn An", phone="0912345678", role_=role("cadre"))]),
                       actor=world.secretary)
    assert plan.updated == 1
    p.refresh_from_db()
    assert p.role == "cadre"
    assert_rebuild_matches()


def test_an_empty_member_cell_keeps_the_member_link(world, congress):
    member = MemberFactory(full_name="Trần Văn Bình", branch=world.branch)
    services.participants_add_members(event=congress, members=[member])
    p = congress.participants.get()
    plan = import_file(event=congress, source=xlsx([row("Trần Văn Bình", delegation=p.delegation, seat="C1",
                                                        organisation=p.organisation)]), actor=world.secretary)
    assert plan.updated == 1
    p.refresh_from_db()
    assert (p.member_id, p.seat) == (member.pk, "C1")


def test_export_then_import_changes_nothing(world, congress, client_for):
    member = MemberFactory(full_name="Trần Văn Bình", branch=world.branch)
    add_participant(congress, full_name="Trần Văn Bình", member=member, seat="a1", delegation="Đoàn Phủ Lý")
    add_participant(congress, full_name="=HYPERLINK(\"http://x\",\"Bấm\")", phone="0912345678", role="guest",
                    organisation="+Sở KH&CN", point=congress.points.get(is_main=False))
    add_participant(congress, full_name="Lê Thị Cúc", delegation="Đoàn Phù Vân", role="speaker", seat="12")
    client = client_for(world.secretary)
    response = client.get(reverse("event_export", args=[congress.pk]))
    assert response.status_code == 200 and response["Content-Type"] == excel.XLSX_CONTENT_TYPE
    data = io.BytesIO(b"".join(response.streaming_content))
    ws = load_workbook(data)[excel.PARTICIPANTS_SHEET]
    assert [c.value for c in ws[1]] == HEADERS
    cells = {ws.cell(r, 1).value: ws.cell(r, 1) for r in range(2, 5)}
    formula_like = cells["=HYPERLINK(\"http://x\",\"Bấm\")"]
    assert formula_like.data_type == "s"  # written as text: never a live formula
    data.seek(0)
    before = list(congress.participants.values().order_by("id"))
    plan = import_file(event=congress, source=data, actor=world.secretary)
    assert plan.errors == [] and (plan.created, plan.updated, plan.unchanged) == (0, 0, 3)
    assert list(congress.participants.values().order_by("id")) == before


def test_the_export_leaves_phones_out_for_whoever_may_not_see_them_and_importing_it_keeps_them(
        world, congress, client_for, monkeypatch):
    add_participant(congress, full_name="Nguyễn Văn An", phone="0912345678", delegation="Đoàn Phủ Lý")
    real = Scope.sees
    monkeypatch.setattr(Scope, "sees", lambda self, field, path=None, **kw: field != "participant_phone"
                        and real(self, field, path, **kw))
    response = client_for(world.secretary).get(reverse("event_export", args=[congress.pk]))
    data = io.BytesIO(b"".join(response.streaming_content))
    ws = load_workbook(data)[excel.PARTICIPANTS_SHEET]
    headers = [c.value for c in ws[1]]
    assert excel.SHEET.header("phone") not in headers and len(headers) == len(HEADERS) - 1
    assert "0912345678" not in [c.value for r in ws.iter_rows() for c in r]
    data.seek(0)
    plan = import_file(event=congress, source=data, actor=world.secretary)
    assert plan.errors == [] and plan.unchanged == 1
    assert congress.participants.get().phone == "0912345678"


def test_the_template_has_the_columns_an_example_and_the_events_points(world, congress, client_for):
    response = client_for(world.secretary).get(reverse("event_import_template", args=[congress.pk]))
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert [c.value for c in wb[excel.PARTICIPANTS_SHEET][1]] == HEADERS
    guide = [c.value for r in wb[excel.GUIDE_SHEET].iter_rows() for c in r if c.value]
    assert "Điểm cầu Tổ dân phố 1" in guide and role("speaker") in guide


def test_cancel_returns_to_the_events_import_page_and_forgets_the_file(world, congress, client_for):
    client = client_for(world.secretary)
    preview = upload(client, congress, xlsx([row()]))
    token = preview.context["token"]
    cancelled = client.post(reverse("event_import", args=[congress.pk]), {"cancel": "1", "token": token},
                            follow=True)
    assert cancelled.redirect_chain[-1][0] == reverse("event_import", args=[congress.pk])
    assert not pending.exists(token) and congress.participants.count() == 0


def test_a_large_file_is_imported_by_the_background_job(world, congress, client_for, settings):
    settings.IMPORT_BACKGROUND_ROWS = 2
    client = client_for(world.secretary)
    preview = upload(client, congress, xlsx([row(), row("Lê Thị Cúc", delegation="Đoàn Phủ Lý")]))
    done = confirm(client, congress, preview)
    job = ImportJob.objects.get()
    assert done["Location"] == reverse("import_job", args=[job.pk])
    assert (job.kind, job.unit_path, job.unit_id, job.status, job.rows_done) == (
        "event_participants", congress.path, congress.pk, "done", 2)
    assert congress.participants.count() == 2
    page = client.get(done["Location"]).content.decode()
    assert "Imported: 2 participants added, 0 updated, 0 unchanged." in page
    assert reverse("event_participants", args=[congress.pk]) in page


def test_the_import_page_offers_the_template_and_the_export(world, congress, client_for):
    page = client_for(world.secretary).get(reverse("event_import", args=[congress.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert reverse("event_import_template", args=[congress.pk]) in html
    assert reverse("event_export", args=[congress.pk]) in html and "Điểm cầu Tổ dân phố 1" in html


@pytest.mark.parametrize("who", ["outsider", "team_leader", "volunteer"])
def test_whoever_may_not_manage_the_event_gets_a_404_everywhere(world, congress, client_for, who):
    client = client_for(getattr(world, who))
    pk = congress.pk
    for url in (reverse("event_import", args=[pk]), reverse("event_import_template", args=[pk]),
                reverse("event_export", args=[pk]), f"{reverse('event_import_return')}?unit={pk}"):
        assert client.get(url).status_code == 404, url
    assert upload(client, congress, xlsx([row()])).status_code == 404
    assert client.post(reverse("event_import", args=[pk]), {"confirm": "1", "token": "x"}).status_code == 404
    assert congress.participants.count() == 0


def test_a_waiting_file_is_not_imported_once_the_rights_are_gone(world, congress, client_for):
    client = client_for(world.secretary)
    preview = upload(client, congress, xlsx([row()]))
    RoleAssignment.objects.filter(user=world.secretary).delete()
    assert confirm(client, congress, preview).status_code == 404
    assert congress.participants.count() == 0


def test_the_importer_declares_its_event_as_the_unit(world, congress):
    importer = ParticipantImporter(congress)
    assert importer.unit == congress and importer.new_plan().unit == congress


def test_the_preview_lists_each_error_with_its_row_and_column_and_keeps_no_file(world, congress, client_for):
    client = client_for(world.secretary)
    page = upload(client, congress, xlsx([row(point="Điểm cầu Sao Hỏa"), row("Lê Thị Cúc", seat="A1"),
                                          row("Lê Văn Dũng", seat="a1")]))
    html = page.content.decode()
    assert page.status_code == 200 and page.context["token"] is None
    assert "The file has 2 errors; nothing was imported." in html
    assert "“Điểm cầu Sao Hỏa” is not in this event" in html and "The seat A1 is also given on row 3." in html
    assert [(e.row, e.column) for e in page.context["errors"]] == [(2, "Điểm cầu"), (4, "Số ghế")]
    assert "event_participants_import" not in client.session

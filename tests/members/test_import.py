"""Excel import of members: good files, every kind of bad file, re-import, scope, UI and command line."""

import io
import os
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from tienphong.core.scope import Scope
from tienphong.core.models import AuditEntry
from tienphong.core.selectors import audit_entries
from tienphong.core.imports import pending
from tienphong.members import excel
from tienphong.members.importing import import_file
from tienphong.members.models import Member

from ..factories import MemberFactory, make_unit
from ..personas import build_world
from ..scenes import once_per_module

# Built once for the module instead of once per test; see tests/scenes.py.
world, _world = once_per_module(build_world, "world")

HEADERS = excel.headers()


@pytest.fixture(autouse=True)
def english(client, settings):
    """Messages are asserted in English (their msgids); the UI default is Vietnamese."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # as the language switch sets it
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


@pytest.fixture(autouse=True)
def private(settings, tmp_path):
    """Pending uploads wait in the private storage (tests/members/test_import_pending.py): here, in tmp_path."""
    private = settings.STORAGES["private"]
    settings.STORAGES = {**settings.STORAGES, "private": {
        **private, "OPTIONS": {**private["OPTIONS"], "location": str(tmp_path / "private")},
    }}
    return tmp_path / "private"


def row(name="Nguyễn Thị Hà", gender="Nữ", born=date(2001, 9, 2), phone="0912345678", email="",
        branch="13285-01-01", joined=date(2016, 3, 26), status="Đang sinh hoạt", core="Không", skill=2):
    return [name, gender, born, phone, email, branch, joined, status, core, skill]


def xlsx(rows, headers=HEADERS, title=excel.MEMBERS_SHEET) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    if headers is not None:
        ws.append(headers)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def errors_of(plan):
    return [(e.row, e.column) for e in plan.errors]


# --------------------------------------------------------------------------- good files


def test_good_import_creates_members_and_audits_them(world):
    f = xlsx([
        row(),
        # Values as people type them: +84 and spaces, a number that lost its 0, text dates,
        # an Excel serial date, lower case without diacritics, "x" for yes.
        row("  Trần   Văn  Nam ", "nam", "02/09/2000", "+84 987 654 321", "Nam.Tran@Example.VN", "13285-01-01",
            36892, "da chuyen sinh hoat", "x", 4.0),
        row("Lê Thu Trang", "NỮ", None, 912000111, "", "13285-01-01", None, "", None, None),
    ])
    plan = import_file(unit=world.commune, source=f, actor=world.secretary)
    assert plan.errors == []
    assert (plan.created, plan.updated, plan.unchanged) == (3, 0, 0)

    nam = Member.objects.get(full_name="Trần Văn Nam")
    assert nam.gender == Member.Gender.MALE
    assert nam.birth_date == date(2000, 9, 2)
    assert nam.joined_on == date(2001, 1, 1)
    assert nam.phone == "0987654321" and nam.email == "nam.tran@example.vn"
    assert nam.status == Member.Status.MOVED and nam.is_core is True and nam.digital_skill == 4
    assert nam.branch == world.branch and nam.commune == world.commune and nam.path == world.branch.path
    assert nam.search_text == " tran van nam 0987654321 nam tran example vn" and nam.sort_key
    trang = Member.objects.get(full_name="Lê Thu Trang")
    assert trang.phone == "0912000111" and trang.birth_date is None
    assert trang.status == Member.Status.ACTIVE and trang.is_core is False and trang.digital_skill == 1

    entries = AuditEntry.objects.filter(content_type__model="member", action=AuditEntry.Action.CREATE)
    assert entries.count() == 3
    entry = entries.get(object_id=nam.pk)
    assert entry.object_pk == str(nam.pk) and entry.object_repr == "Trần Văn Nam"
    assert entry.actor == world.secretary and entry.unit_path == world.branch.path
    assert entry.changes["full_name"] == [None, "Trần Văn Nam"]
    assert entry.changes["birth_date"] == [None, "2000-09-02"]
    assert entry.changes["branch"] == [None, world.branch.pk]
    assert entry.changes["id"] == [None, nam.pk]
    # The trail is scoped like every other entry: the province admin's audit list shows them.
    trail = audit_entries(scope=Scope.for_user(world.province_admin), model="members.member")
    assert trail.count() == 3


def test_reimport_updates_instead_of_duplicating(world):
    rows = [row(), row("Phạm Minh Đức", "Nam", phone="0987000001"),
            row("Vũ Thị Lan", phone="", email="lan.vu@example.vn")]
    first = import_file(unit=world.commune, source=xlsx(rows), actor=world.secretary)
    assert first.created == 3
    ids = set(Member.objects.values_list("id", flat=True))

    rows[1][7] = "Đã ra khỏi Đoàn"  # Phạm Minh Đức left
    rows[2][0] = "Vũ Thị Ngọc Lan"  # matched by email, the name corrected
    rows[2][3] = "0911222333"  # and a phone added
    again = import_file(unit=world.commune, source=xlsx(rows), actor=world.province_admin)
    assert again.errors == []
    assert (again.created, again.updated, again.unchanged) == (0, 2, 1)
    assert set(Member.objects.values_list("id", flat=True)) == ids
    duc = Member.objects.get(phone="0987000001")
    assert duc.status == Member.Status.LEFT
    lan = Member.objects.get(email="lan.vu@example.vn")
    assert lan.full_name == "Vũ Thị Ngọc Lan" and lan.phone == "0911222333"
    assert lan.search_text.startswith(" vu thi ngoc lan")

    updates = AuditEntry.objects.filter(content_type__model="member", action=AuditEntry.Action.UPDATE)
    assert updates.count() == 2
    entry = updates.get(object_id=duc.pk)
    assert entry.changes == {"status": ["active", "left"]} and entry.actor == world.province_admin

    # A third time: nothing changes, nothing is written, nothing is audited.
    third = import_file(unit=world.commune, source=xlsx(rows), actor=world.secretary)
    assert (third.created, third.updated, third.unchanged) == (0, 0, 3)
    assert AuditEntry.objects.filter(content_type__model="member").count() == 5


def test_member_without_phone_or_email_is_recognised_by_name_and_birth_date(world):
    rows = [row(phone="", email="")]
    assert import_file(unit=world.commune, source=xlsx(rows)).created == 1
    rows[0][8] = "Có"
    plan = import_file(unit=world.commune, source=xlsx(rows))
    assert (plan.created, plan.updated) == (0, 1)
    assert Member.objects.get().is_core is True


def test_headers_in_another_order_and_other_sheets_are_fine(world):
    order = [5, 0, 1, 2, 3, 4, 6, 7, 8, 9]
    wb = Workbook()
    wb.active.title = "Ghi chú"
    wb.active.append(["this sheet is not read"])
    ws = wb.create_sheet(excel.MEMBERS_SHEET)
    ws.append([HEADERS[i].upper() for i in order])  # capitals do not matter
    ws.append([row()[i] for i in order])
    buf = io.BytesIO()
    wb.save(buf)
    plan = import_file(unit=world.commune, source=io.BytesIO(buf.getvalue()))
    assert plan.errors == [] and plan.created == 1
    assert Member.objects.get().branch == world.branch


# --------------------------------------------------------------------------- bad files


def test_wrong_header_is_reported_and_nothing_is_written(world):
    headers = list(HEADERS)
    headers[0] = "Tên"  # unknown
    headers[2] = "Ngày sinh"
    headers[3] = "Ngày sinh"  # twice, and "Số điện thoại" missing
    plan = import_file(unit=world.commune, source=xlsx([row()], headers=headers))
    messages = [e.message for e in plan.errors]
    assert all(e.row == 1 for e in plan.errors)
    assert any("“Tên” is not known" in m for m in messages)
    assert any("“Ngày sinh” appears twice" in m for m in messages)
    assert any("“Họ và tên” is missing" in m for m in messages)
    assert any("“Số điện thoại” is missing" in m for m in messages)
    assert Member.objects.count() == 0


def test_bad_dates(world):
    plan = import_file(unit=world.commune, source=xlsx([
        row(),
        row("Bùi Văn A", born="31/02/2001", phone="0911000001"),
        row("Bùi Văn B", born="ngày 2 tháng 9", phone="0911000002"),
        row("Bùi Văn C", born=date(2090, 1, 1), phone="0911000003"),
        row("Bùi Văn D", born=date(2005, 1, 1), joined=date(2004, 1, 1), phone="0911000004"),
        row("Bùi Văn E", born=2001, phone="0911000005"),  # a bare year is not Excel's day 2001 (1905)
    ]))
    assert errors_of(plan) == [(3, "Ngày sinh"), (4, "Ngày sinh"), (5, "Ngày sinh"), (6, "Ngày vào Đoàn"),
                               (7, "Ngày sinh")]
    assert "“31/02/2001” is not a date" in plan.errors[0].message
    assert "in the future" in plan.errors[2].message
    assert "before the date of birth" in plan.errors[3].message
    assert plan.created == 1  # the good row was checked, but with errors nothing is written
    assert Member.objects.count() == 0


def test_every_bad_row_is_listed_with_row_column_and_reason(world):
    plan = import_file(unit=world.commune, source=xlsx([
        row(gender="Nữ"),
        row("", phone="0911000001"),  # 3: no name
        row("Bùi Văn B", gender="gái", phone="0911000002"),  # 4
        row("Bùi Văn C", phone="12345"),  # 5
        row("Bùi Văn D", phone="0911000004", email="not-an-email"),  # 6
        row("Bùi Văn E", phone="0911000005", branch="KHONG-CO"),  # 7
        row("Bùi Văn F", phone="0911000006", status="Nghỉ"),  # 8
        row("Bùi Văn G", phone="0911000007", core="có lẽ"),  # 9
        row("Bùi Văn H", phone="0911000008", skill=7),  # 10
        row("Bùi Văn I", phone="0911000009", gender="", branch=""),  # 11: two errors in one row
    ]))
    assert errors_of(plan) == [
        (3, "Họ và tên"), (4, "Giới tính"), (5, "Số điện thoại"), (6, "Email"), (7, "Mã chi đoàn"),
        (8, "Trạng thái"), (9, "Hạt nhân"), (10, "Trình độ số"), (11, "Giới tính"), (11, "Mã chi đoàn"),
    ]
    assert all(e.message.endswith(".") for e in plan.errors)  # complete sentences
    assert "“gái” is not a gender" in plan.errors[1].message
    assert "There is no branch with the code “KHONG-CO”" in plan.errors[4].message
    assert Member.objects.count() == 0


def test_duplicate_phone_within_the_file(world):
    plan = import_file(unit=world.commune, source=xlsx([
        row("Ngô Văn A", phone="0912 345 678"),
        row("Ngô Văn B", phone="0987000001", email="b@example.vn"),
        row("Ngô Văn C", phone="+84912345678"),  # the same number written differently
        row("Ngô Văn D", phone="0987000004", email="B@example.vn"),
    ]))
    assert errors_of(plan) == [(4, "Số điện thoại"), (5, "Email")]
    assert "0912345678 is also on row 2" in plan.errors[0].message
    assert "b@example.vn is also on row 3" in plan.errors[1].message
    assert Member.objects.count() == 0


def test_phone_of_one_member_and_email_of_another_clash(world):
    MemberFactory(full_name="Đinh Văn Một", phone="0912000001", email="", branch=world.branch)
    MemberFactory(full_name="Đinh Thị Hai", phone="0912000002", email="hai@example.vn", branch=world.branch)
    plan = import_file(unit=world.commune, source=xlsx([
        row("Đinh Văn Một", phone="0912000001", email="hai@example.vn"),
    ]))
    assert errors_of(plan) == [(2, "Email")]
    assert "belongs to Đinh Văn Một" in plan.errors[0].message and "Đinh Thị Hai" in plan.errors[0].message
    assert Member.objects.get(phone="0912000001").email == ""


def test_phone_taken_in_the_commune_outside_the_imported_unit(world):
    # Phones are unique per commune; importing into one grassroots union must respect the others.
    other_union = make_unit(world.commune, "grassroots", "Đoàn cơ sở Trường THPT", "13285-02")
    school = make_unit(other_union, "branch", "Chi đoàn 12A1", "13285-02-01")
    MemberFactory(full_name="Cao Văn Trường", phone="0912000009", branch=school)
    plan = import_file(unit=world.grassroots, source=xlsx([row(phone="0912000009")]))
    assert errors_of(plan) == [(2, "Số điện thoại")]
    assert "Cao Văn Trường" in plan.errors[0].message
    # Into the whole commune the same row is that member, moved to another branch.
    plan = import_file(unit=world.commune, source=xlsx([row("Cao Văn Trường", phone="0912000009")]))
    assert plan.errors == [] and plan.updated == 1
    assert Member.objects.get(phone="0912000009").branch == world.branch


def test_branch_must_be_a_branch_of_the_unit(world):
    plan = import_file(unit=world.commune, source=xlsx([
        row(branch=world.other_branch.code, phone="0911000001"),  # another commune's branch
        row(branch=world.grassroots.code, phone="0911000002"),  # not a branch
    ]))
    assert errors_of(plan) == [(2, "Mã chi đoàn"), (3, "Mã chi đoàn")]
    assert "no branch with the code “13291-01-01” in Phường Phủ Lý" in plan.errors[0].message
    assert "Phù Vân" not in plan.errors[0].message  # nothing is said about units outside the scope
    assert "not a branch" in plan.errors[1].message
    assert Member.objects.count() == 0


def test_empty_files(world):
    empty = import_file(unit=world.commune, source=io.BytesIO(b""))
    assert [e.message for e in empty.errors] == ["The file is empty."]
    blank = import_file(unit=world.commune, source=xlsx([], headers=None))
    assert len(blank.errors) == 1 and "must hold the column headers" in blank.errors[0].message
    header_only = import_file(unit=world.commune, source=xlsx([[None] * 10, [""] * 10]))
    assert [e.message for e in header_only.errors] == ["The file has the column headers but no member rows."]


def test_files_that_are_not_excel(world):
    csv = io.BytesIO(";".join(HEADERS).encode() + b"\nNguyen Thi Ha;Nu;02/09/2001\n")
    assert "not an Excel workbook (.xlsx)" in import_file(unit=world.commune, source=csv).errors[0].message
    xls = io.BytesIO(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000)
    assert ".xls" in import_file(unit=world.commune, source=xls).errors[0].message
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as zf:
        zf.writestr("hello.txt", "xin chào")
    assert "zip archive but not an Excel" in import_file(unit=world.commune, source=plain_zip).errors[0].message
    truncated = xlsx([row()]).getvalue()[:3000]
    assert "damaged" in import_file(unit=world.commune, source=io.BytesIO(truncated)).errors[0].message
    assert Member.objects.count() == 0


def test_ten_megabytes_of_junk(world, settings):
    junk = io.BytesIO(os.urandom(10 * 1024 * 1024))
    plan = import_file(unit=world.commune, source=junk)
    assert len(plan.errors) == 1 and "not an Excel workbook" in plan.errors[0].message
    zip_junk = io.BytesIO(b"PK\x03\x04" + os.urandom(10 * 1024 * 1024))
    assert "damaged" in import_file(unit=world.commune, source=zip_junk).errors[0].message
    settings.MEMBER_IMPORT_MAX_BYTES = 5 * 1024 * 1024
    junk.seek(0)
    too_big = import_file(unit=world.commune, source=junk)
    assert "the largest file that can be imported is 5" in too_big.errors[0].message
    assert Member.objects.count() == 0


def test_a_cell_far_away_neither_crashes_nor_stops_the_import(world, tmp_path):
    # A dense reader would try to allocate the whole sheet up to XFD1048576 and abort the process.
    wb = Workbook()
    ws = wb.active
    ws.title = excel.MEMBERS_SHEET
    ws.append(HEADERS)
    ws.append(row())
    ws["XFD1048576"] = "ghi chú"
    path = tmp_path / "far.xlsx"
    wb.save(path)
    plan = import_file(unit=world.commune, source=path)
    assert plan.errors == [] and plan.created == 1


def test_too_many_rows(world, monkeypatch):
    monkeypatch.setattr(excel.SHEET, "max_rows", 3)
    rows = [row(f"Đoàn Viên {i}", phone=f"091100000{i}") for i in range(5)]
    plan = import_file(unit=world.commune, source=xlsx(rows))
    assert errors_of(plan) == [(5, "")] and "more than 3 member rows" in plan.errors[0].message
    assert Member.objects.count() == 0


# --------------------------------------------------------------------------- command line


def test_command_line_import(world, tmp_path, capsys):
    path = tmp_path / "doan-vien.xlsx"
    path.write_bytes(xlsx([row(), row("Phạm Minh Đức", "Nam", phone="0987000001")]).getvalue())
    out = io.StringIO()
    call_command("import_members", str(path), "--unit", "13285", "--dry-run", stdout=out)
    assert "2 to create" in out.getvalue() and Member.objects.count() == 0

    call_command("import_members", str(path), "--unit", "13285", "--user", world.secretary.username, stdout=out)
    assert "2 created, 0 updated" in out.getvalue()
    assert Member.objects.count() == 2
    assert AuditEntry.objects.filter(content_type__model="member", actor=world.secretary).count() == 2

    out = io.StringIO()
    call_command("import_members", str(path), "--unit", "13285", stdout=out)
    assert "0 created, 0 updated, 2 unchanged" in out.getvalue()


def test_command_line_import_with_errors_writes_nothing_and_fails(world, tmp_path):
    path = tmp_path / "sai.xlsx"
    path.write_bytes(xlsx([row(), row("Bùi Văn A", born="31/02/2001", phone="0911000001"),
                           row("Bùi Văn B", gender="?", phone="0911000002")]).getvalue())
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 error"):
        call_command("import_members", str(path), "--unit", "13285", stderr=err)
    lines = err.getvalue().splitlines()
    assert lines[0].startswith("Row 3, column Ngày sinh: “31/02/2001” is not a date")
    assert lines[1].startswith("Row 4, column Giới tính:")
    assert Member.objects.count() == 0
    with pytest.raises(CommandError, match="No unit has the code"):
        call_command("import_members", str(path), "--unit", "99999")


# --------------------------------------------------------------------------- web UI


def upload(client, unit, f, name="doan-vien.xlsx"):
    f.name = name
    return client.post(reverse("member_import"), {"unit": unit.pk, "file": f})


def test_import_page_documents_the_columns(world, client_for):
    response = client_for(world.secretary).get(reverse("member_import"))
    assert response.status_code == 200
    body = response.content.decode()
    for header in HEADERS:
        assert header in body
    assert [u.pk for u in response.context["units"]] == [world.commune.pk, world.grassroots.pk]
    assert reverse("member_import_template") in body


def test_web_import_preview_then_confirm(world, client_for, media):
    client = client_for(world.secretary)
    MemberFactory(full_name="Nguyễn Thị Hà", phone="0912345678", branch=world.branch, status="moved")
    preview = upload(client, world.commune, xlsx([row(), row("Phạm Minh Đức", "Nam", phone="0987000001")]))
    assert preview.status_code == 200
    body = preview.content.decode()
    assert "Confirm import" in body and "Phạm Minh Đức" in body
    plan = preview.context["plan"]
    assert (plan.created, plan.updated) == (1, 1)
    assert Member.objects.count() == 1  # nothing written before the confirmation
    token = preview.context["token"]
    assert pending.exists(token)
    assert client.session["member_import"]["token"] == token

    done = client.post(reverse("member_import"), {"confirm": "1", "token": token})
    assert done.status_code == 302 and done["Location"] == f"{reverse('member_list')}?unit={world.commune.pk}"
    assert Member.objects.count() == 2
    assert Member.objects.get(phone="0912345678").status == Member.Status.ACTIVE
    assert not pending.exists(token)
    assert "member_import" not in client.session
    page = client.get(done["Location"])
    assert "Imported: 1 created, 1 updated." in page.content.decode()

    # The same confirmation twice does nothing.
    again = client.post(reverse("member_import"), {"confirm": "1", "token": token})
    assert again.status_code == 302 and again["Location"] == reverse("member_import")
    assert Member.objects.count() == 2


def test_web_import_with_errors_shows_them_all(world, client_for, private):
    client = client_for(world.secretary)
    response = upload(client, world.commune, xlsx([
        row(born="31/02/2001"), row("Bùi Văn B", gender="?", phone="0911000002"),
    ]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "errors-table" in body and "Confirm import" not in body
    assert "2 errors; nothing was imported" in body
    assert "“31/02/2001” is not a date" in body and "“?” is not a gender" in body
    assert list(private.rglob("*.xlsx")) == []  # a bad upload is not kept
    assert Member.objects.count() == 0


def test_web_import_of_junk_is_an_error_not_a_crash(world, client_for, settings):
    client = client_for(world.secretary)
    response = upload(client, world.commune, io.BytesIO(os.urandom(1024 * 1024)), name="anh.xlsx")
    assert response.status_code == 200 and "not an Excel workbook" in response.content.decode()
    settings.MEMBER_IMPORT_MAX_BYTES = 1000
    response = upload(client, world.commune, xlsx([row()]))
    assert "the largest file that can be imported" in response.content.decode()
    assert Member.objects.count() == 0


def test_confirm_without_a_pending_upload_is_refused(world, client_for):
    client = client_for(world.secretary)
    response = client.post(reverse("member_import"), {"confirm": "1", "token": "../../etc/passwd"})
    assert response.status_code == 302 and response["Location"] == reverse("member_import")
    assert Member.objects.count() == 0


def test_scope_users_without_rights_cannot_import(world, client_for):
    f = xlsx([row(branch=world.branch.code)])
    # The outsider (secretary of Phù Vân) cannot import into Phủ Lý, nor see it offered.
    outsider = client_for(world.outsider)
    page = outsider.get(reverse("member_import"))
    assert [u.pk for u in page.context["units"]] == [world.other_commune.pk, world.other_commune.children.get().pk]
    assert upload(outsider, world.commune, f).status_code == 404
    # Into their own commune, Phủ Lý's branch code is unknown.
    f.seek(0)
    own = upload(outsider, world.other_commune, f)
    assert "There is no branch with the code “13285-01-01”" in own.content.decode()
    assert Member.objects.count() == 0
    # Volunteers and team leaders manage no members.
    for user in (world.volunteer, world.team_leader):
        client = client_for(user)
        assert client.get(reverse("member_import")).status_code == 404
        f.seek(0)
        assert upload(client, world.commune, f).status_code == 404
    assert Member.objects.count() == 0


def test_anonymous_users_are_sent_to_login(client):
    for name in ("member_import", "member_export", "member_import_template"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "login" in response["Location"]

"""Excel import and export of the union tree: good files, every kind of bad row, re-import, bulk
writes with their audit entries, scope per role (outsiders 404) and the upload → preview → confirm pages."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from tienphong.core.models import AuditEntry
from tienphong.units import excel
from tienphong.units.importing import export_records, import_file
from tienphong.units.models import OrgUnit

from ..personas import build_world
from ..scenes import once_per_module

# Built once for the module instead of once per test; see tests/scenes.py.
world, _world = once_per_module(build_world, "world")

HEADERS = excel.headers()
K = OrgUnit.Kind


@pytest.fixture(autouse=True)
def english(client, settings):
    """Messages are asserted in English (their msgids); the file's labels stay Vietnamese."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def xlsx(rows, headers=HEADERS) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.title = excel.UNITS_SHEET
    ws.append(headers)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "cay.xlsx"
    return out


GOOD = [
    # kind, code, name, commune, parent, branch type
    ["Đoàn cơ sở", "", "Đoàn cơ sở Trường THPT Phù Vân", "Phường Phù Vân", "", ""],
    ["Chi đoàn", "", "Chi đoàn 10A1", "13291", "Đoàn cơ sở Trường THPT Phù Vân", "Trường học"],
    ["chi doan", "PV-10A2", "Chi đoàn 10A2", "phuong phu van", "doan co so truong thpt phu van", "truong hoc"],
    ["Chi đoàn", "", "Chi đoàn Thôn Đinh Xá", "Phường Phủ Lý", "13285-01", "Thôn, xóm (nông thôn)"],
    ["Điểm phục vụ", "", "Điểm phục vụ phường Phù Vân", "Phường Phù Vân", "", ""],
    ["Điểm phục vụ", "", "Điểm phục vụ Tỉnh Đoàn", "", "", ""],
]


def errors_by_cell(plan):
    return {(e.row, e.column): e.message for e in plan.errors}


def test_good_file_creates_the_units_with_codes_paths_and_audit_entries(world):
    before = OrgUnit.objects.count()
    plan = import_file(unit=world.province, source=xlsx(GOOD), actor=world.province_admin)
    assert plan.errors == []
    assert (plan.created, plan.updated, plan.unchanged) == (6, 0, 0)
    assert OrgUnit.objects.count() == before + 6
    union = OrgUnit.objects.get(name="Đoàn cơ sở Trường THPT Phù Vân")
    assert union.code == "13291-02"  # 13291-01 is taken by the existing union of the ward
    assert union.parent == world.other_commune and union.commune == world.other_commune
    assert union.path == f"{world.other_commune.path}{union.pk}/" and union.depth == 2
    a1 = OrgUnit.objects.get(name="Chi đoàn 10A1")
    assert (a1.code, a1.parent, a1.branch_type, a1.commune) == ("13291-02-01", union, "school", world.other_commune)
    assert OrgUnit.objects.get(code="PV-10A2").parent == union
    dinh_xa = OrgUnit.objects.get(name="Chi đoàn Thôn Đinh Xá")
    assert (dinh_xa.code, dinh_xa.parent, dinh_xa.branch_type) == ("13285-01-02", world.grassroots, "rural")
    assert OrgUnit.objects.get(name="Điểm phục vụ phường Phù Vân").code == "13291-PV"
    top = OrgUnit.objects.get(name="Điểm phục vụ Tỉnh Đoàn")
    assert (top.parent, top.code, top.commune) == (world.province, "37-PV", None)
    assert "truong thpt phu van" in union.search_text
    # One "create" entry per unit, by the importer, filed under the unit's real path.
    entries = AuditEntry.objects.filter(content_type__model="orgunit", action=AuditEntry.Action.CREATE,
                                        actor=world.province_admin)
    assert entries.count() == 6
    entry = entries.get(object_id=a1.pk)
    assert entry.unit_path == a1.path and entry.additional_data == {"unit_path": a1.path}
    assert entry.changes["name"] == [None, "Chi đoàn 10A1"]


def test_importing_again_and_importing_the_export_change_nothing(world):
    assert import_file(unit=world.province, source=xlsx(GOOD), actor=None).created == 6
    count, audits = OrgUnit.objects.count(), AuditEntry.objects.count()
    again = import_file(unit=world.province, source=xlsx(GOOD), actor=None)
    assert again.errors == [] and (again.created, again.updated, again.unchanged) == (0, 0, 6)
    out = io.BytesIO()
    excel.write_units_workbook(out, export_records(world.province), [])
    out.seek(0)
    exported = import_file(unit=world.province, source=out, actor=None)
    assert exported.errors == []
    # 3 grassroots unions, 5 branches, 3 service points: every one matched by its code.
    assert (exported.created, exported.updated, exported.unchanged) == (0, 0, 11)
    assert (OrgUnit.objects.count(), AuditEntry.objects.count()) == (count, audits)


def test_a_row_with_a_known_code_renames_and_retypes_but_never_moves(world):
    plan = import_file(unit=world.province, source=xlsx([
        ["Chi đoàn", "13285-01-01", "Chi đoàn Tổ dân phố Một", "Phường Phủ Lý", "13285-01", "Khác"],
    ]), actor=world.province_admin)
    assert plan.errors == [] and plan.updated == 1
    world.branch.refresh_from_db()
    assert (world.branch.name, world.branch.branch_type) == ("Chi đoàn Tổ dân phố Một", "other")
    assert AuditEntry.objects.filter(object_id=world.branch.pk, action=AuditEntry.Action.UPDATE,
                                     unit_path=world.branch.path).exists()
    # A union renamed in the file is named by its new name on another row.
    renamed = import_file(unit=world.province, source=xlsx([
        ["Đoàn cơ sở", "13285-01", "Đoàn phường Phủ Lý", "Phường Phủ Lý", "", ""],
        ["Chi đoàn", "", "Chi đoàn Tổ dân phố 9", "Phường Phủ Lý", "Đoàn phường Phủ Lý", "Thôn"],
        ["Chi đoàn", "", "Chi đoàn Tổ dân phố Một", "Phường Phủ Lý", "Đoàn phường Phủ Lý", ""],
    ]), actor=None)
    assert renamed.errors == [] and (renamed.created, renamed.updated, renamed.unchanged) == (1, 1, 1)
    assert OrgUnit.objects.get(name="Chi đoàn Tổ dân phố 9").parent == world.grassroots
    moved = import_file(unit=world.province, source=xlsx([
        ["Đoàn cơ sở", "", "Đoàn cơ sở mới", "Phường Phủ Lý", "", ""],
        ["Chi đoàn", "13285-01-01", "Chi đoàn Tổ dân phố Một", "Phường Phủ Lý", "Đoàn cơ sở mới", "Khác"],
    ]), actor=None)
    assert "cannot be put under a new unit of row 2" in errors_by_cell(moved)[(3, "Đơn vị cấp trên")]
    assert not OrgUnit.objects.filter(name="Đoàn cơ sở mới").exists()


def test_every_bad_row_is_named_by_row_column_and_reason_and_nothing_is_written(world):
    before = OrgUnit.objects.count()
    plan = import_file(unit=world.province, source=xlsx([
        ["Đoàn cơ sở", "", "Đoàn cơ sở tốt", "Phường Phủ Lý", "", ""],                     # 2: fine alone
        ["Đoàn cơ sở", "", "Đoàn cơ sở X", "Xã Không Có", "", ""],                         # 3
        ["Chi đoàn", "13285-01-01", "Chi đoàn lặp", "Phường Phủ Lý", "13285-01", "Khác"],    # 4: fine alone
        ["Chi đoàn", "13285-01-01", "Chi đoàn lặp 2", "Phường Phủ Lý", "13285-01", "Khác"],  # 5
        ["Chi đoàn", "", "Chi đoàn không cha", "Phường Phủ Lý", "", "Khác"],                 # 6
        ["Chi đoàn", "", "Chi đoàn sai loại", "Phường Phủ Lý", "13285-01", "Nhà máy"],       # 7
        ["Chi đoàn", "", "Chi đoàn thiếu loại", "Phường Phủ Lý", "13285-01", ""],            # 8
        ["Đoàn cơ sở", "", "Đoàn cơ sở có loại", "Phường Phủ Lý", "", "Trường học"],         # 9
        ["Chi đoàn", "", "Chi đoàn dưới điểm", "", "37-HCC", "Khác"],                        # 10
        ["Chi đoàn", "", "Chi đoàn nhầm xã", "Phường Phủ Lý", "13291-01", "Khác"],           # 11
        ["Chi đoàn", "", "Chi đoàn ma", "Phường Phủ Lý", "Đoàn cơ sở ma", "Khác"],           # 12
        ["Cụm", "", "Cụm 1", "Phường Phủ Lý", "", ""],                                        # 13
        ["Đoàn cơ sở", "13285", "Đoàn trùng mã xã", "Phường Phủ Lý", "", ""],                # 14
        ["Đoàn cơ sở", "", "", "Phường Phủ Lý", "", ""],                                      # 15
        ["Điểm phục vụ", "13285-01", "Điểm sai", "Phường Phủ Lý", "", ""],                  # 16
    ]), actor=world.province_admin)
    e = errors_by_cell(plan)
    assert "There is no commune or ward “Xã Không Có” in Tỉnh Ninh Bình" in e[(3, "Xã/phường")]
    assert "The code 13285-01-01 is also on row 4" in e[(5, "Mã đơn vị")]
    assert "A branch belongs to a grassroots union" in e[(6, "Đơn vị cấp trên")]
    assert "“Nhà máy” is not a branch type" in e[(7, "Loại chi đoàn")]
    assert "A branch needs its branch type" in e[(8, "Loại chi đoàn")]
    assert "Only a branch has a branch type" in e[(9, "Loại chi đoàn")]
    assert "A Branch cannot be placed under a Service point" in e[(10, "Đơn vị cấp trên")]
    assert "belongs to Phường Phù Vân, not to Phường Phủ Lý" in e[(11, "Đơn vị cấp trên")]
    assert "There is no unit “Đoàn cơ sở ma” in Phường Phủ Lý" in e[(12, "Đơn vị cấp trên")]
    assert "“Cụm” is not a kind of unit" in e[(13, "Loại đơn vị")]
    assert "is the code of Phường Phủ Lý" in e[(14, "Mã đơn vị")]
    assert "The name of the unit is required" in e[(15, "Tên đơn vị")]
    assert "belongs to Đoàn cơ sở phường Phủ Lý, which is a Grassroots union, not a Service point" in e[(16, "Loại đơn vị")]
    assert {r for r, _c in e} == {3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
    assert [err.row for err in plan.errors] == sorted(err.row for err in plan.errors)
    assert OrgUnit.objects.count() == before


def test_a_secretary_imports_only_into_their_commune(world):
    plan = import_file(unit=world.commune, source=xlsx([
        ["Đoàn cơ sở", "", "Đoàn cơ sở Công ty May", "", "", ""],  # empty commune: the unit imported into
        ["Chi đoàn", "", "Chi đoàn Phân xưởng 1", "Phường Phủ Lý", "Đoàn cơ sở Công ty May", "Doanh nghiệp"],
        ["Đoàn cơ sở", "", "Đoàn cơ sở lạc", "Phường Phù Vân", "", ""],
        ["Chi đoàn", "", "Chi đoàn lạc", "", "13291-01", "Khác"],
        ["Chi đoàn", "37-X", "Chi đoàn mã tỉnh", "", "13285-01", "Khác"],
    ]), actor=world.secretary)
    e = errors_by_cell(plan)
    assert "Phường Phù Vân is not in Phường Phủ Lý, the unit you import into" in e[(4, "Xã/phường")]
    assert "The unit with the code 13291-01 is not in Phường Phủ Lý" in e[(5, "Đơn vị cấp trên")]
    assert set(e) == {(4, "Xã/phường"), (5, "Đơn vị cấp trên")}
    assert not OrgUnit.objects.filter(name="Đoàn cơ sở Công ty May").exists()
    ok = import_file(unit=world.commune, source=xlsx([
        ["Đoàn cơ sở", "", "Đoàn cơ sở Công ty May", "", "", ""],
        ["Chi đoàn", "", "Chi đoàn Phân xưởng 1", "Phường Phủ Lý", "Đoàn cơ sở Công ty May", "Doanh nghiệp"],
    ]), actor=world.secretary)
    assert ok.errors == [] and ok.created == 2
    assert OrgUnit.objects.get(name="Chi đoàn Phân xưởng 1").code == "13285-02-01"


def test_a_code_used_outside_the_scope_is_refused(world):
    plan = import_file(unit=world.commune, source=xlsx([
        ["Đoàn cơ sở", "13291-01", "Đoàn cơ sở trộm mã", "", "", ""],
    ]), actor=None)
    assert "already used by a unit outside Phường Phủ Lý" in errors_by_cell(plan)[(2, "Mã đơn vị")]


def test_a_hostile_or_wrong_file_is_refused_as_a_whole(world):
    plan = import_file(unit=world.province, source=io.BytesIO(b"not a workbook at all"), actor=None)
    assert plan.errors[0].row is None and "not an Excel workbook" in plan.errors[0].message
    plan = import_file(unit=world.province, source=xlsx([["Đoàn cơ sở", "", "A", "", "", ""]],
                                                        headers=HEADERS[:-1]), actor=None)
    assert "The column “Loại chi đoàn” is missing" in plan.errors[0].message


def test_a_province_tree_imports_in_bulk(world, django_assert_max_num_queries):
    """400 rows over 2 communes: a fixed number of statements, not one per row."""
    rows = []
    for c in ("Phường Phủ Lý", "Phường Phù Vân"):
        for g in range(10):
            rows.append(["Đoàn cơ sở", "", f"Đoàn cơ sở {g} {c}", c, "", ""])
            rows += [["Chi đoàn", "", f"Chi đoàn {b}", c, f"Đoàn cơ sở {g} {c}", "Thôn"] for b in range(18)]
    with django_assert_max_num_queries(40):
        plan = import_file(unit=world.province, source=xlsx(rows), actor=world.province_admin)
    assert plan.errors == [] and plan.created == 380
    assert OrgUnit.objects.filter(path__startswith=world.other_commune.path, kind=K.BRANCH).count() == 181
    assert AuditEntry.objects.filter(content_type__model="orgunit", actor=world.province_admin).count() == 380


# --------------------------------------------------------------------------------------------- pages


def test_upload_preview_confirm_and_cancel(world, client_for):
    client = client_for(world.province_admin)
    url = reverse("tree_import")
    page = client.get(url)
    assert page.status_code == 200 and "Loại chi đoàn" in page.content.decode()
    bad = client.post(url, {"unit": world.province.pk, "file": xlsx([["Chi đoàn", "", "X", "Xã Không Có", "", "Khác"]])})
    html = bad.content.decode()
    assert "nothing was imported" in html and "Xã Không Có" in html and 'name="confirm"' not in html
    count = OrgUnit.objects.count()
    preview = client.post(url, {"unit": world.province.pk, "file": xlsx(GOOD)})
    html = preview.content.decode()
    assert "13291-02-01" in html and "Chi đoàn 10A1" in html and OrgUnit.objects.count() == count
    token = preview.context["token"]
    done = client.post(url, {"confirm": "1", "token": token})
    assert done.status_code == 302 and OrgUnit.objects.count() == count + 6
    assert client.post(url, {"confirm": "1", "token": token}).status_code == 302  # nothing waits any more
    assert OrgUnit.objects.count() == count + 6
    preview = client.post(url, {"unit": world.province.pk, "file": xlsx(GOOD)})
    assert preview.context["plan"].unchanged == 6
    client.post(url, {"cancel": "1", "token": preview.context["token"]})
    assert client.post(url, {"confirm": "1", "token": preview.context["token"]}).status_code == 302


def test_template_and_export_download(world, client_for):
    client = client_for(world.secretary)
    template = client.get(reverse("tree_import_template"))
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxml")
    wb = load_workbook(io.BytesIO(b"".join(template.streaming_content)))
    assert wb.sheetnames == [excel.UNITS_SHEET, excel.GUIDE_SHEET, excel.COMMUNES_SHEET]
    assert [c.value for c in wb[excel.UNITS_SHEET][1]] == HEADERS
    assert [c.value for c in wb[excel.COMMUNES_SHEET][2]] == ["13285", "Phường Phủ Lý"]  # only their commune
    # The template's examples import into the secretary's commune as they are.
    plan = import_file(unit=world.commune, source=io.BytesIO(b"".join(client.get(
        reverse("tree_import_template")).streaming_content)), actor=None, dry_run=True)
    assert plan.errors == [] and plan.created == 4
    export = client.get(reverse("tree_export"))
    rows = list(load_workbook(io.BytesIO(b"".join(export.streaming_content)))[excel.UNITS_SHEET].values)
    assert rows[0] == tuple(HEADERS)
    assert rows[1:] == [("Đoàn cơ sở", "13285-01", "Đoàn cơ sở phường Phủ Lý", "Phường Phủ Lý", None, None),
                        ("Chi đoàn", "13285-01-01", "Chi đoàn Tổ dân phố 1", "Phường Phủ Lý", "13285-01", None)]


@pytest.mark.parametrize("who", ["team_leader", "volunteer", "outsider_user"])
def test_outsiders_get_404(world, client_for, who):
    from ..factories import UserFactory

    user = UserFactory() if who == "outsider_user" else getattr(world, who)
    client = client_for(user)
    for name in ("tree_import", "tree_import_template", "tree_export"):
        assert client.get(reverse(name)).status_code == 404, name
    assert client.post(reverse("tree_import"), {"unit": world.commune.pk, "file": xlsx(GOOD)}).status_code == 404


def test_a_secretary_cannot_reach_the_province_or_another_commune(world, client_for):
    client = client_for(world.secretary)
    for unit in (world.province, world.other_commune):
        assert client.get(reverse("tree_export"), {"unit": unit.pk}).status_code == 404
        assert client.get(reverse("tree_import_template"), {"unit": unit.pk}).status_code == 404
        assert client.post(reverse("tree_import"), {"unit": unit.pk, "file": xlsx(GOOD)}).status_code == 404
    # The other ward's secretary cannot confirm Phủ Lý's pending file under their own session either.
    page = client.get(reverse("tree_import"))
    assert [u.pk for u in page.context["units"]] == [world.commune.pk]

"""The README's "Dùng thật cho một tỉnh", from an empty database to a working province, once in a browser:
setup_province, the province admin's first login and checklist, the union tree through the tree pages, an
account for a commune secretary, members imported from Excel and shown on the member list."""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from tienphong.accounts.models import RoleAssignment, User
from tienphong.members import excel
from tienphong.members.models import Member
from tienphong.units.models import OrgUnit

from .helpers import scroll_width

expect = pytest.importorskip("playwright.sync_api").expect
pytestmark = pytest.mark.filterwarnings("ignore:No directory at:UserWarning")  # WhiteNoise, no collectstatic


def _members_workbook(path, branch_code):
    wb = Workbook()
    ws = wb.active
    ws.title = excel.MEMBERS_SHEET
    ws.append(excel.headers())
    keys = [c.key for c in excel.COLUMNS]
    for row in ({"full_name": "Nguyễn Văn An", "gender": "Nam", "birth_date": dt.date(2001, 9, 2),
                 "phone": "0912345601", "branch_code": branch_code},
                {"full_name": "Trần Thị Bích Ngọc", "gender": "Nữ", "phone": "0912345602", "branch_code": branch_code}):
        ws.append([row.get(k) for k in keys])
    wb.save(path)
    return path


def _go(page, link_name):
    page.get_by_role("link", name=link_name).click()
    page.wait_for_load_state("domcontentloaded")


def _submit(page):
    page.click("main form.panel button[type=submit]")
    page.wait_for_load_state("domcontentloaded")


def test_a_province_starts_from_an_empty_database(page, transactional_db, live_server, login, shot, tmp_path):
    assert not OrgUnit.objects.exists()
    out = io.StringIO()
    call_command("setup_province", "Ninh Bình", "--admin", "tinhdoan", stdout=out)
    password = re.search(r"Password \(shown once, write it down\): (\S+)", out.getvalue()).group(1)
    commune = OrgUnit.objects.get(code="13285")  # Phường Phủ Lý
    admin = User.objects.get(username="tinhdoan")

    # First login: the home page lists the first steps.
    login(admin, password=password)
    steps = page.locator(".checklist li")
    expect(steps).to_have_count(3)

    # The tree, through the tree pages: a grassroots union in the ward, a branch (with its type) in it.
    _go(page, "Tạo cây tổ chức Đoàn (đoàn cơ sở, chi đoàn)")
    assert page.url.endswith("/tree/")
    page.fill("input[type=search]", "phu ly")
    page.click("form.filters button")
    page.wait_for_load_state("domcontentloaded")
    _go(page, "Thêm đơn vị trực thuộc Phường Phủ Lý")
    page.select_option("#id_kind", "grassroots")
    page.fill("#id_name", "Đoàn cơ sở phường Phủ Lý")
    _submit(page)
    _go(page, "Thêm đơn vị trực thuộc Đoàn cơ sở phường Phủ Lý")
    page.fill("#id_name", "Chi đoàn Tổ dân phố 1")
    page.select_option("#id_branch_type", "rural")
    _submit(page)
    branch = OrgUnit.objects.get(kind=OrgUnit.Kind.BRANCH)
    assert (branch.code, branch.commune_id, branch.branch_type) == ("13285-01-01", commune.pk, "rural")
    shot("2-tree")

    # An account for the ward's secretary.
    page.goto("/")
    _go(page, "Cấp tài khoản cho bí thư Đoàn các xã, phường")
    page.fill("#id_username", "bithu.phuly")
    page.fill("#id_full_name", "Nguyễn Thị Hà")
    page.fill("#id_password", "Bi-thu-Phu-Ly-2026")
    page.select_option("#id_role", "commune_secretary")
    page.select_option("#id_unit", str(commune.pk))
    _submit(page)
    assert RoleAssignment.objects.filter(user__username="bithu.phuly", unit=commune,
                                         role="commune_secretary").exists()

    # The members, from Excel, then on the member list.
    page.goto("/")
    _go(page, "Nhập danh sách đoàn viên")
    page.select_option("#id_unit", str(commune.pk))
    page.set_input_files("#id_file", str(_members_workbook(tmp_path / "doan-vien.xlsx", branch.code)))
    page.click("form.panel button.btn")
    page.click("button[name=confirm]")
    page.wait_for_load_state("domcontentloaded")
    results = page.locator("#results")
    for name in ("Nguyễn Văn An", "Trần Thị Bích Ngọc"):
        expect(results).to_contain_text(name)
    assert Member.objects.filter(branch=branch).count() == 2
    assert scroll_width(page) <= 360
    shot("3-members")

    # Every first step done: the checklist is gone.
    page.goto("/")
    expect(page.locator(".checklist")).to_have_count(0)

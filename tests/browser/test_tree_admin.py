"""A commune secretary keeps their commune's union tree on a 360 px phone: creates a grassroots union and a
branch with its type, renames, moves and deactivates one. One journey of ~15 pages (about 6 s): each step
starts from the page the previous one left, as a secretary would go."""

from tienphong.units.models import OrgUnit

from .helpers import scroll_width


def submit(page):
    page.click("main form.panel button[type=submit]")
    page.wait_for_load_state("domcontentloaded")


def test_a_secretary_builds_and_tidies_their_tree_at_360px(page, bworld, login, shot):
    login(bworld.secretary)
    page.goto("/")
    page.click("nav.nav summary:has-text('Tổ chức')")
    page.click("nav.nav a:has-text('Cây tổ chức Đoàn')")
    page.wait_for_load_state("domcontentloaded")
    assert page.url.endswith("/tree/")
    assert "Chi đoàn Tổ dân phố 1" in page.content() and "Thôn Kim Lũ" not in page.content()
    assert scroll_width(page) <= 360
    shot("list")

    # A grassroots union under the ward: its "+" link chooses the parent.
    page.get_by_role("link", name="Thêm đơn vị trực thuộc Phường Phủ Lý").click()
    page.wait_for_load_state("domcontentloaded")
    page.select_option("#id_kind", "grassroots")
    page.fill("#id_name", "Đoàn cơ sở Trường THCS Lê Hồng Phong")
    submit(page)
    assert "Đã tạo Đoàn cơ sở Trường THCS Lê Hồng Phong (mã 13285-02)" in page.inner_text("main")
    grassroots = OrgUnit.objects.get(code="13285-02")

    # A branch under it: the type is asked for first, then given.
    page.get_by_role("link", name="Thêm đơn vị trực thuộc Đoàn cơ sở Trường THCS Lê Hồng Phong").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("#id_kind option").all_inner_texts() == ["Chi đoàn"]
    page.fill("#id_name", "Chi đoàn lớp 9A")
    submit(page)
    assert "Hãy chọn loại chi đoàn" in page.inner_text("main")
    assert scroll_width(page) <= 360
    shot("branch-type-asked")
    page.select_option("#id_branch_type", "school")
    submit(page)
    branch = OrgUnit.objects.get(parent=grassroots)
    assert (branch.name, branch.branch_type, branch.code) == ("Chi đoàn lớp 9A", "school", "13285-02-01")

    # Found without diacritics; renamed.
    page.fill("input[type=search]", "lop 9a")
    page.click("form.filters button")
    page.wait_for_load_state("domcontentloaded")
    row = page.locator("tbody tr")
    assert row.count() == 1 and "Trường học" in row.inner_text()
    row.get_by_role("link", name="Chi đoàn lớp 9A").click()
    page.wait_for_load_state("domcontentloaded")
    page.fill("#id_name", "Chi đoàn lớp 9A1")
    submit(page)
    assert "Đã lưu thay đổi." in page.inner_text("main")
    shot("edit")

    # Moved under the ward's first grassroots union.
    page.click("a:has-text('Chuyển')")
    page.wait_for_load_state("domcontentloaded")
    options = page.locator("#id_new_parent option").all_inner_texts()
    assert not any("Phù Vân" in o for o in options)
    page.select_option("#id_new_parent", str(bworld.grassroots.pk))
    submit(page)
    branch.refresh_from_db()
    assert branch.parent_id == bworld.grassroots.pk and branch.path.startswith(bworld.grassroots.path)

    # The emptied grassroots union is deactivated after a confirmation page.
    page.goto(f"/tree/{grassroots.pk}/")
    page.click("a.btn.danger:has-text('Ngừng hoạt động')")
    page.wait_for_load_state("domcontentloaded")
    assert "Cho Đoàn cơ sở Trường THCS Lê Hồng Phong ngừng hoạt động?" in page.inner_text("main")
    shot("confirm-deactivate")
    page.click("button:has-text('Đồng ý ngừng hoạt động')")
    page.wait_for_load_state("domcontentloaded")
    grassroots.refresh_from_db()
    assert not grassroots.active
    assert "ngừng hoạt động" in page.inner_text("main") and scroll_width(page) <= 360

    # A union still holding a branch says so instead of offering the button.
    page.goto(f"/tree/{bworld.grassroots.pk}/active/")
    assert "Vẫn còn 2 đơn vị trực thuộc đang hoạt động." in page.inner_text("main")
    assert page.locator("button:has-text('Đồng ý ngừng hoạt động')").count() == 0
    page.goto("/tree/")
    assert scroll_width(page) <= 360
    shot("after")

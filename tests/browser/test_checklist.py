"""A fresh province's admin sees the first steps on the home page, each a link to the page that does it."""

from tienphong.accounts.models import Role

from ..factories import UserFactory, give_role, make_unit
from .helpers import scroll_width


def test_a_fresh_provinces_admin_follows_the_checklist(page, transactional_db, live_server, login, shot):
    province = make_unit(name="Tỉnh Ninh Bình", code="37")
    admin = UserFactory(username="tinhdoan")
    give_role(admin, province, Role.PROVINCE_ADMIN)
    login(admin)
    page.goto("/")
    box = page.locator(".checklist")
    assert box.is_visible() and "Bắt đầu sử dụng" in box.inner_text()
    assert box.locator("li").all_inner_texts() == [
        "Tạo cây tổ chức Đoàn (đoàn cơ sở, chi đoàn)", "Cấp tài khoản cho bí thư Đoàn các xã, phường", "Nhập danh sách đoàn viên"]
    assert scroll_width(page) <= 360
    shot("360")
    page.set_viewport_size({"width": 1280, "height": 800})
    shot("1280")
    box.get_by_role("link", name="Nhập danh sách đoàn viên").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.url.endswith("/members/import/")

import pytest
from django.test import Client, override_settings

from ..factories import MemberFactory


def test_404_is_a_page_of_the_site_in_vietnamese(world, client_for):
    member = MemberFactory(full_name="Người Phủ Lý", branch=world.branch)
    response = client_for(world.outsider).get(f"/members/{member.pk}/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html and 'name="viewport"' in html
    assert "Người Phủ Lý" not in html


@override_settings(DEBUG=False)
def test_500_page_needs_no_context(db):
    from django.template.loader import get_template

    html = get_template("500.html").render()
    assert "Hệ thống đang gặp lỗi" in html

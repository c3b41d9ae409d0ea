"""Staff downloads are scoped like the code's commune; the panel shows the code and its counts."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import timezone

from tienphong.qr import services
from tienphong.qr.models import ShortCode
from ..personas import build_world
from ..scenes import once_per_module

# The personas once for the module (tests/scenes.py): each test gets its own copy in its own savepoint.
world, _world = once_per_module(build_world, "world")

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("suffix", [".png", ".svg", "/poster.pdf", "/poster.pdf?size=a5"])
def test_the_outsider_gets_404_for_another_communes_downloads(client_for, world, relic, suffix):
    code = services.code_for(relic)
    assert client_for(world.outsider).get(f"/qr/{code.code}{suffix}").status_code == 404


@pytest.mark.parametrize("suffix", [".png", ".svg", "/poster.pdf"])
def test_downloads_need_a_login_and_a_known_code(client, client_for, world, relic, suffix):
    code = services.code_for(relic)
    response = client.get(f"/qr/{code.code}{suffix}")
    assert response.status_code == 302 and "/login" in response["Location"]
    assert client_for(world.province_admin).get(f"/qr/ZZZZZZ{suffix}").status_code == 404


def test_the_province_and_the_communes_people_may_download(client_for, world, relic):
    code = services.code_for(relic)
    for user in (world.province_admin, world.secretary, world.team_leader):
        assert client_for(user).get(f"/qr/{code.code}.png").status_code == 200, user
    # A volunteer's role is on their branch, below the commune the code belongs to.
    assert client_for(world.volunteer).get(f"/qr/{code.code}.png").status_code == 404


def test_a_drafts_poster_can_be_printed_before_it_is_published(client_for, world, draft):
    code = services.code_for(draft)
    response = client_for(world.secretary).get(f"/qr/{code.code}/poster.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def render_panel(obj, rf, user):
    request = rf.get("/places/1/")
    request.user = user
    return Template("{% load qr_tags %}{% qr_panel obj %}").render(Context({"obj": obj, "request": request}))


def test_the_panel_makes_the_code_and_shows_the_counts(rf, world, relic):
    assert not ShortCode.objects.exists()
    html = render_panel(relic, rf, world.secretary)
    code = ShortCode.objects.get()  # made on first show
    assert f"HTTPS://TIENPHONG.EXAMPLE.VN/Q/{code.code}" in html
    assert "<svg" in html
    for href in (f"/qr/{code.code}/poster.pdf?size=a4", f"/qr/{code.code}/poster.pdf?size=a5",
                 f"/qr/{code.code}.png", f"/qr/{code.code}.svg"):
        assert href in html
    assert "Chưa có lượt quét nào trong 14 ngày qua." in html

    today = timezone.localdate()
    for days_ago, n in ((0, 2), (3, 1), (10, 4), (20, 7), (100, 5)):
        for _ in range(n):
            services.record_scan(shortcode=code, day=today - dt.timedelta(days=days_ago))
    html = render_panel(relic, rf, world.secretary)
    assert ShortCode.objects.count() == 1
    cards = {k: html.split(f'id="qr-{k}"')[1].split('class="n">')[1].split("<")[0]
             for k in ("today", "week", "month", "total")}
    assert cards == {"today": "2", "week": "3", "month": "14", "total": "19"}
    # The days of the last 14 with scans, newest first: not the 20th or 100th day back.
    rows = html.split('class="mini qr-days"')[1].split("</table>")[0]
    expected = [(today - dt.timedelta(days=d)).strftime("%d/%m/%Y") for d in (0, 3, 10)]
    assert [cell.split("<")[0] for cell in rows.split("<tr><td>")[1:]] == expected


def test_the_panel_of_a_draft_says_scans_wait_for_publishing(rf, world, draft):
    assert "chưa được tính cho đến khi trang được công bố" in render_panel(draft, rf, world.secretary)


def test_the_panel_warns_in_vietnamese_when_the_public_address_is_unset(rf, world, relic, settings):
    settings.PUBLIC_BASE_URL = ""
    html = render_panel(relic, rf, world.secretary)
    assert 'id="base-url-warning"' in html
    assert "Chưa đặt địa chỉ công khai của trang" in html
    assert "PUBLIC_BASE_URL=https://tienphong.ninhbinh.gov.vn" in html

    settings.PUBLIC_BASE_URL = "https://tienphong.example.vn"
    html = render_panel(relic, rf, world.secretary)
    assert "base-url-warning" not in html and "Chưa đặt địa chỉ công khai" not in html


def test_make_runs_demo_summary_says_to_set_the_public_address(settings):
    from tienphong.demo.public import public_summary

    result = {"created": {"places": 0}, "totals": {"places": 3}, "relic_code": "RTCKFG", "relic": "Núi Non Nước"}
    settings.PUBLIC_BASE_URL = ""
    text = public_summary(result, "http://127.0.0.1:8000/")
    assert "PUBLIC_BASE_URL is not set: QR codes, posters and labels print http://127.0.0.1:8000/q/…" in text
    assert "PUBLIC_BASE_URL=https://tienphong.ninhbinh.gov.vn" in text
    settings.PUBLIC_BASE_URL = "https://tienphong.example.vn"
    assert "PUBLIC_BASE_URL" not in public_summary(result, "http://127.0.0.1:8000/")

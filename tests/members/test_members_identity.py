"""Eleven "Nguyễn Văn Anh" in a province: the list tells them apart by commune, birth year and branch,
and shows the birth year only to those who may see birth dates (docs/privacy.md)."""
import datetime as dt
import re

from django.urls import reverse

from ..factories import MemberFactory

NAME = "Nguyễn Văn Anh"


def namesakes(world):
    return [MemberFactory(full_name=NAME, branch=world.branch, birth_date=dt.date(1998, 3, 4)),
            MemberFactory(full_name=NAME, branch=world.other_branch, birth_date=dt.date(2003, 7, 9))]


def _rows(html):
    return re.findall(r"<tr>\s*<td><a href=\"/members/\d+/\">Nguyễn Văn Anh</a>(.*?)</tr>", html, re.S)


def test_the_province_tells_namesakes_apart_in_the_list_and_the_live_search(world, client_for):
    namesakes(world)
    client = client_for(world.province_admin)
    for params, headers in (({}, {}), ({"q": "nguyen van anh"}, {"HX-Request": "true"})):
        html = client.get(reverse("member_list"), params, headers=headers).content.decode()
        rows = _rows(html)
        assert len(rows) == 2
        joined = " ".join(rows)
        for text in ("1998", "2003", world.branch.name, world.other_branch.name, "Phường Phủ Lý", "Phường Phù Vân"):
            assert text in joined, text
        assert "04/03/1998" not in html  # the year tells them apart; the whole date stays on the member's page


def test_a_volunteer_sees_commune_and_branch_but_no_birth_year(world, client_for):
    namesakes(world)
    html = client_for(world.volunteer).get(reverse("member_list"), {"q": "nguyen van anh"}).content.decode()
    rows = _rows(html)
    assert rows and world.branch.name in " ".join(rows) and "Phường Phủ Lý" in " ".join(rows)
    assert "1998" not in html and "2003" not in html and "Năm sinh" not in html and "Born" not in html

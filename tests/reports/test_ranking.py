"""The ranking of communes by any figure: absolute and per 100 members (each commune's members now),
highest first; Excel export; an outsider gets 404."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tienphong.reports import indicators as ind
from tienphong.reports import ranking as rk
from tienphong.reports.periods import period_of
from tienphong.reports.selectors import subject_for
from tienphong.rollups import services as rollups

from ..rollups import at, log


@pytest.fixture
def ranked(fworld):
    rollups.rebuild()
    d = timezone.localdate() - dt.timedelta(days=1) if timezone.localdate().day > 1 else timezone.localdate()
    log(fworld.volunteer, people=10, occurred_at=at(d))                       # Phủ Lý: 10
    log(fworld.province_admin, unit=fworld.other_commune.pk, people=6, occurred_at=at(d))  # Phù Vân: 6
    from tienphong.members import rollup as members

    members.refresh([fworld.commune.pk, fworld.other_commune.pk])
    return fworld


def _rows(fw, order="value"):
    today = timezone.localdate()
    return {r.unit.pk: r for r in rk.ranking(subject_for(fw.province), ind.measure("support_turns"),
                                             period_of("month", today), today, order)}


def test_ranking_counts_each_commune_and_per_100_members(ranked):
    rows = _rows(ranked)
    here, other = rows[ranked.commune.pk], rows[ranked.other_commune.pk]
    assert (here.value, other.value) == (10, 6)
    assert here.rank < other.rank
    from tienphong.members.models import Member

    for r in (here, other):
        members = Member.objects.filter(commune=r.unit, status="active").count()
        assert r.members == members
        assert r.per_100 == (round(r.value * 100 / members, 1) if members else None)


def test_ranking_by_per_100_members_orders_by_the_ratio(ranked):
    rows = sorted(_rows(ranked, "per_100").values(), key=lambda r: r.rank)
    ratios = [r.per_100 if r.per_100 is not None else -1 for r in rows]
    assert ratios == sorted(ratios, reverse=True)


def test_ranking_page_and_excel_for_the_province_and_404_for_an_outsider(ranked, client_for):
    params = {"unit": ranked.province.pk, "measure": "support_turns", "order": "value"}
    page = client_for(ranked.province_admin).get(reverse("reports:ranking"), params)
    assert page.status_code == 200
    html = page.content.decode()
    assert ranked.commune.name in html and 'id="ranking"' in html
    book = client_for(ranked.province_admin).get(reverse("reports:ranking_xlsx"), params)
    assert book.status_code == 200 and book["Content-Type"].startswith("application/vnd.openxml")
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(b"".join(book.streaming_content))).active
    cells = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    header = cells.index(["Hạng", "Đơn vị", "Lượt người dân được hỗ trợ", "Đoàn viên", "Trên 100 đoàn viên"])
    assert cells[header + 1][:3] == [1, ranked.commune.name, 10]
    # A commune's secretary: no ranking of their own commune's teams, a message instead of a table.
    mine = client_for(ranked.secretary).get(reverse("reports:ranking"), {"measure": "support_turns"})
    assert mine.status_code == 200 and 'id="ranking"' not in mine.content.decode()
    outsider = client_for(ranked.outsider)
    assert outsider.get(reverse("reports:ranking"), params).status_code == 404
    assert outsider.get(reverse("reports:ranking_xlsx"), params).status_code == 404


def test_a_stock_measure_with_a_key_ranks_its_key_only(ranked):
    today = timezone.localdate()
    rows = rk.ranking(subject_for(ranked.province), ind.measure("teams.community_tech"), period_of("month", today),
                      today)
    by = {r.unit.pk: r.value for r in rows}
    assert by[ranked.commune.pk] == 1 and by[ranked.other_commune.pk] == 0

"""The search index (FTS5 on SQLite, full-text GIN on PostgreSQL) answers like the plain scan."""

from tienphong.core.search import search_q
from tienphong.core.text import search_blob, words_q
from tienphong.members import services
from tienphong.members.models import Member

from ..factories import MemberFactory

TABLE = Member._meta.db_table


def _both(query):
    indexed = set(Member.objects.filter(search_q(TABLE, query)).values_list("full_name", flat=True))
    scanned = set(Member.objects.filter(words_q(query)).values_list("full_name", flat=True))
    assert indexed == scanned
    return indexed


def test_search_blob_marks_word_starts():
    assert search_blob("Nguyễn Văn An", "0912345678", "") == " nguyen van an 0912345678"


def test_index_and_scan_agree_and_follow_updates_and_deletes(world):
    names = ["Nguyễn Văn An", "Nguyễn Thị Lan", "Trần Văn Xuân", "Lê Anh Tuấn", 'Người "Lạ" Quote']
    members = [MemberFactory(full_name=n, branch=world.branch) for n in names]
    assert _both("an") == {"Nguyễn Văn An", "Lê Anh Tuấn"}
    assert _both("nguyen an") == {"Nguyễn Văn An"}
    assert _both("VĂN") == {"Nguyễn Văn An", "Trần Văn Xuân"}
    assert _both('"la" * (') == {"Nguyễn Thị Lan", 'Người "Lạ" Quote'}  # punctuation is never syntax
    assert _both(members[0].phone[:6]) >= {"Nguyễn Văn An"}

    services.member_update(member=members[0], full_name="Nguyễn Văn Bình")
    assert _both("binh") == {"Nguyễn Văn Bình"}
    assert "Nguyễn Văn Bình" not in _both("an")
    services.member_delete(member=members[3])
    assert _both("tuan") == set()


def test_searched_pages_match_the_plain_order_on_both_sides_of_the_small_result_limit(world, rf, monkeypatch):
    from tienphong.core import pagination

    for i in range(30):
        MemberFactory(full_name=f"Nguyễn Văn {chr(ord('A') + i % 26)}{i:02d}", branch=world.branch)
    qs = Member.objects.filter(search_q(TABLE, "nguyen"))
    plain = [m.pk for m in qs.order_by("sort_key", "id")]
    for limit in (1000, 10):  # read-and-sort here, then the database's own paging
        monkeypatch.setattr(pagination, "SMALL_RESULT", limit)
        pages = [pagination.paginate_search(rf.get("/", {"page": n}), qs, ["sort_key", "id"], ["branch"])
                 for n in (1, 2)]
        assert [m.pk for p in pages for m in p.object_list] == plain
        assert pages[0].paginator.count == 30 and pages[0].object_list[0].branch == world.branch

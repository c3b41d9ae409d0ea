"""The contest's exports: every score sheet in a workbook (formula-like text written as text) and the
certificates, printed only once the results are published."""

import io
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from django.utils import timezone

from tienphong.accounts.models import User
from tienphong.contests import exports, services
from tienphong.contests.models import Assignment
from tienphong.core.errors import DomainError

from ..factories import add_entry, make_contest
from ..personas import build_world
from ..scenes import once_per_module

world, _world = once_per_module(build_world, "world")

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils (pdftotext)")


@pytest.fixture
def scored(world):
    """Two entries (one titled like a formula), two jurors, every sheet complete: "=1+1" wins."""
    contest = make_contest(world.province, world.province_admin)
    win = add_entry(contest, world.other_branch, title="=1+1", lead_name="Hoàng Thị Thắng",
                    team="Vũ Văn Đồng\nĐinh Thị Đội")
    other = add_entry(contest, world.other_commune, title="Chợ nông sản trực tuyến", lead_name="Lê Thị Thu")
    jurors = [services.juror_add(contest=contest, user=User.objects.create_user(
        username=f"gk{i}", password="x" * 12, full_name=f"Giám khảo {i}"), unit=world.province,
        categories=contest.categories.all(), by=world.province_admin) for i in (1, 2)]
    services.set_status(contest=contest, status="judging", by=world.province_admin)
    prelim = contest.rounds.get(kind="preliminary")
    services.assign_automatically(round=prelim, per_entry=2, by=world.province_admin)
    criteria = [c.pk for c in prelim.criteria.all()]
    for juror in jurors:
        for entry, marks in ((win, (9, 8, 8)), (other, (6, 7, 5))):
            services.score(assignment=Assignment.objects.get(juror=juror, entry=entry),
                           values=dict(zip(criteria, marks)), by=juror.user)
    return contest, win, other


def test_the_workbook_has_every_sheet_and_the_ranking_and_a_formula_like_title_as_text(scored):
    contest, win, other = scored
    response = exports.scores_workbook_response(contest)
    assert response["Content-Disposition"].startswith('attachment; filename="phieu-cham-cuoc-thi-y-tuong')
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["Phiếu chấm", "Xếp hạng"]
    rows = list(book["Phiếu chấm"].values)
    assert rows[0] == ("Vòng", "Mã bài", "Tên ý tưởng", "Lĩnh vực", "Giám khảo", "Tính mới", "Tính khả thi",
                       "Hiệu quả", "Tổng điểm phiếu", "Ngày hoàn thành")
    assert [r[:5] for r in rows[1:]] == [
        ("Sơ khảo", win.code, "=1+1", "Chính quyền số", "Giám khảo 1"),
        ("Sơ khảo", win.code, "=1+1", "Chính quyền số", "Giám khảo 2"),
        ("Sơ khảo", other.code, "Chợ nông sản trực tuyến", "Chính quyền số", "Giám khảo 1"),
        ("Sơ khảo", other.code, "Chợ nông sản trực tuyến", "Chính quyền số", "Giám khảo 2")]
    assert rows[1][5:9] == (9, 8, 8, 8.4)
    assert rows[1][9].date() == timezone.localdate()
    title = book["Phiếu chấm"]["C2"]
    assert title.data_type == "s" and title.value == "=1+1"  # text, never a live formula
    ranking = list(book["Xếp hạng"].values)
    assert [r[:4] for r in ranking[1:]] == [("Sơ khảo", 1, win.code, "=1+1"),
                                           ("Sơ khảo", 2, other.code, "Chợ nông sản trực tuyến")]
    assert ranking[1][5:8] == ("Hoàng Thị Thắng", "Chi đoàn Thôn Kim Lũ", 8.4)
    assert book["Xếp hạng"]["D2"].data_type == "s"


def pdf_text(pdf: bytes, tmp_path) -> str:
    source = tmp_path / "certificates.pdf"
    source.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(source), "-"], check=True, capture_output=True,
                          text=True).stdout


@needs_poppler
def test_certificates_name_the_winners_once_the_results_are_published(world, scored, tmp_path):
    contest, win, other = scored
    with pytest.raises(DomainError) as e:
        exports.certificates_response(contest)
    assert e.value.code == "not_published" and "công bố" in e.value.message
    services.approve(contest=contest, by=world.province_admin)
    with pytest.raises(DomainError):
        exports.certificates_response(contest)  # approved is not yet published
    services.publish(contest=contest, by=world.province_admin)
    response = exports.certificates_response(contest)
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content, tmp_path).split())
    assert text.count("GIẤY CHỨNG NHẬN") == 2
    first, second = text.split("GIẤY CHỨNG NHẬN")[1:]
    for shown in ("Hoàng Thị Thắng", "Vũ Văn Đồng", "Đinh Thị Đội", "Hạng 1", "=1+1", contest.name[:20],
                  "Tỉnh Ninh Bình", timezone.localdate().strftime("%d/%m/%Y")):
        assert shown in first
    assert "Lê Thị Thu" in second and "Hạng 2" in second
    if shutil.which("pdftoppm"):  # page 1 as an image, to look at (poppler-utils)
        screenshots = Path(__file__).resolve().parent.parent / "screenshots"
        screenshots.mkdir(parents=True, exist_ok=True)
        (tmp_path / "c.pdf").write_bytes(response.content)
        subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(tmp_path / "c.pdf"),
                        str(screenshots / "contest_certificate")], check=False)

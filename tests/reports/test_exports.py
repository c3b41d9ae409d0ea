"""The report files: the workbook's sheets hold the figures the records make, the PDF reads as a
Youth Union report (and page 1 is kept as a picture in tests/screenshots/ for a look)."""

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from django.utils import timezone
from django.utils.translation import gettext as _

from tienphong.core.scope import Scope
from tienphong.campaigns import services as works
from tienphong.members import rollup as member_rollup
from tienphong.reports import exports
from tienphong.reports import indicators as ind
from tienphong.reports.exports import pdf_response, xlsx_response
from tienphong.reports.periods import Period, period_of
from tienphong.reports.selectors import nation, subject_for
from tienphong.support import services as support
from tienphong.teams import rollup as team_rollup
from tienphong.units.models import OrgUnit

from ..factories import make_communes, make_unit
from ..literacy.pdftext import pdf_text

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
VALUE = 2_959_190_000


def log(world, user, when=None, **data):
    data.setdefault("services", ["vneid"])
    if when is not None:
        data["occurred_at"] = when
    return support.record_create(author=user, scope=Scope.for_user(user), data=data)


def noon(d: dt.date):
    return timezone.make_aware(dt.datetime.combine(d, dt.time(12)), timezone.get_current_timezone())


@pytest.fixture
def report(fworld):
    """This month: 12 + 5 citizen-turns in Phủ Lý (by the team), 7 in Phù Vân, an approved work worth
    2.959.190.000 ₫ in Phủ Lý; the month before: 4 in Phủ Lý."""
    today = timezone.localdate()
    period = period_of("month", today)
    w = fworld
    log(w, w.volunteer, people=12)
    log(w, w.volunteer, people=5, services=["cashless"], setting="door_to_door")
    log(w, w.outsider, people=7)
    log(w, w.volunteer, when=noon(period.previous().start + dt.timedelta(days=1)), people=4)
    work = works.work_create(by=w.team_leader, commune=w.commune, title="Điểm wifi công cộng Tổ dân phố 1",
                             value_vnd=VALUE, beneficiaries=300, completed_on=today, team=w.team)
    works.work_submit(work=work, by=w.team_leader)
    works.work_approve(work=work, by=w.secretary)
    # The factories write members and teams past the services that count them.
    member_rollup.refresh([w.commune.pk])
    team_rollup.refresh([w.commune.pk])
    w.today, w.period = today, period
    return w


def workbook(response):
    assert response["Content-Disposition"].startswith("attachment")
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def rows_of(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def find(rows, first):
    [row] = [r for r in rows if r and r[0] == first]
    return row


def name(code):
    return str(ind.BY_CODE[code].name)


def sheet(title):
    """A sheet's name as the workbook spells it (Excel allows no "/")."""
    return exports._sheet_name(_(title), set())


# --- the workbook --------------------------------------------------------------------------------

def test_province_workbook_summary_children_breakdowns_and_trend(report):
    w = report
    response = xlsx_response(subject=subject_for(w.province), period=w.period, today=w.today,
                             filename_stem="bao-cao-ninh-binh")
    assert 'filename="bao-cao-ninh-binh.xlsx"' in response["Content-Disposition"]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = workbook(response)
    assert wb.sheetnames == [sheet(t) for t in (
        "Summary", "By commune/ward", "Turns by service", "Turns by place", "Turns by outcome",
        "Turns by team kind", "Works by kind", "Work value by kind", "Volunteer-turns by source", "QR scans by page",
        "Over time")]
    assert all(len(n) <= 31 for n in wb.sheetnames)

    summary = rows_of(wb[sheet("Summary")])
    assert summary[0][0] == "ĐOÀN TNCS HỒ CHÍ MINH"
    assert summary[1][0] == w.province.union_name.upper() == "TỈNH ĐOÀN NINH BÌNH"
    assert summary[2][0] == exports.report_title()
    assert summary[3][0] == w.period.label
    assert w.period.start.strftime("%d/%m/%Y") in summary[4][0]
    turns = find(summary, name("support_turns"))
    assert turns[1:4] == [24, 4, pytest.approx(5.0)]  # +500 %
    assert find(summary, name("works_value"))[1] == VALUE
    assert find(summary, name("members"))[1] == 2
    assert find(summary, name("teams"))[1] == 1
    assert find(summary, name("communes_covered"))[1] == 1
    assert find(summary, _("Communes and wards"))[1] == 2
    assert find(summary, _("Coverage"))[1] == pytest.approx(0.5)
    ws = wb[sheet("Summary")]
    row = next(r for r in ws.iter_rows() if r[0].value == name("support_turns"))
    assert row[1].number_format == "#,##0"
    assert ws.freeze_panes == "A9"  # below the title block and the figures' header

    children = wb[sheet("By commune/ward")]
    assert children.freeze_panes == "A2"
    cells = rows_of(children)
    head = cells[0]
    col = {title: i for i, title in enumerate(head)}
    phu_ly = find(cells, "Phường Phủ Lý")
    assert phu_ly[col[_("Code")]] == "13285"
    assert phu_ly[col[name("support_turns")]] == 17
    assert phu_ly[col[name("works_value")]] == VALUE
    assert phu_ly[col[name("members")]] == 2
    assert phu_ly[-1] == pytest.approx(850.0)  # 17 turns per 2 members, per 100
    assert find(cells, "Phường Phù Vân")[col[name("support_turns")]] == 7
    total_at = next(i for i, r in enumerate(cells) if r and r[0] == _("Total"))
    assert total_at == 1 + 2  # header, one row per commune, total
    assert cells[total_at][col[name("support_turns")]] == 24
    # The province's own service point: below, under a title of its own, not among the communes.
    assert cells[total_at + 2][0] == exports.service_points_title()
    point = find(cells, "Trung tâm Phục vụ hành chính công tỉnh")
    assert cells.index(point) == total_at + 3 and point[1] == "37-HCC"
    assert children.cell(2, col[name("support_turns")] + 1).number_format == "#,##0"

    service = rows_of(wb[sheet("Turns by service")])
    assert service[0] == [str(ind.DIM_LABELS["service"]), name("support_turns"), _("Share")]
    assert service[-1][0] == exports.several_services_note()  # why the services add up to more
    by_label = {r[0]: r[1:] for r in service[1:-1]}
    assert sorted(v for v, _share in by_label.values())[-1] == 24  # the total row
    assert sum(share for label, (v, share) in by_label.items() if label != _("Total")) == pytest.approx(1)

    trend = rows_of(wb[sheet("Over time")])
    assert trend[0][1:] == [name(c) for c in ind.HEADLINE]
    assert len(trend) == 1 + w.period.days + 1
    assert trend[-1][0] == _("Total") and trend[-1][1] == 24
    today_row = trend[w.today.day]
    assert today_row[0] == dt.datetime.combine(w.today, dt.time()) and today_row[1] == 24


def test_workbook_filters_prints_on_a4_and_writes_dates_and_codes_as_such(report):
    w = report
    wb = workbook(xlsx_response(subject=subject_for(w.province), period=w.period, today=w.today, filename_stem="x"))
    for ws in wb.worksheets:
        assert ws.auto_filter.ref, ws.title
        assert ws.page_setup.paperSize == int(ws.PAPERSIZE_A4) == 9, ws.title  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1, ws.title
        assert ws.page_setup.fitToHeight == 0, ws.title
        assert ws.print_title_rows, ws.title
    children = wb[sheet("By commune/ward")]
    assert children.auto_filter.ref.startswith("A1:") and children.print_title_rows == "$1:$1"
    last = int(children.auto_filter.ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    assert children.cell(last, 1).value == "Phường Phù Vân"  # the communes; not the total below them
    codes = [row[1] for row in children.iter_rows(min_row=2) if row[1].value]
    assert {c.value for c in codes} >= {"13285", "37-HCC"}
    assert all(c.data_type == "s" and isinstance(c.value, str) and c.number_format == "@" for c in codes)
    summary = wb[sheet("Summary")]
    assert summary.print_title_rows == "$8:$8" and summary.auto_filter.ref.startswith("A8:")
    dates = [c for row in summary.iter_rows(max_row=7) for c in row if c.is_date]
    assert [c.value.date() for c in dates] == [w.period.start, w.period.end, w.today]
    assert all(c.number_format == "dd/mm/yyyy" for c in dates)
    trend = wb[sheet("Over time")]
    first = trend.cell(2, 1)
    assert first.is_date and first.value.date() == w.period.start and first.number_format == "dd/mm/yyyy"


def test_national_workbook_lists_provinces_then_every_commune(report):
    w = report
    extra = make_unit(None, OrgUnit.Kind.PROVINCE, "Tỉnh Cao Bằng", "04")
    make_unit(extra, OrgUnit.Kind.COMMUNE, "Phường Thục Phán", "01273")
    wb = workbook(xlsx_response(subject=nation(), period=w.period, today=w.today, filename_stem="bao-cao-toan-quoc"))
    assert wb.sheetnames[:3] == [sheet("Summary"), sheet("By province"), sheet("By commune/ward")]
    assert rows_of(wb[sheet("Summary")])[1][0] == _("Youth Union Central Committee").upper()

    provinces = rows_of(wb[sheet("By province")])
    col = {title: i for i, title in enumerate(provinces[0])}
    assert find(provinces, "Tỉnh Ninh Bình")[col[name("support_turns")]] == 24
    assert find(provinces, "Tỉnh Cao Bằng")[col[name("support_turns")]] == 0
    assert provinces[-1][col[name("support_turns")]] == 24

    communes = rows_of(wb[sheet("By commune/ward")])
    assert communes[0][:3] == [_("Province"), _("Name"), _("Code")]
    total_at = next(i for i, r in enumerate(communes) if r and r[1] == _("Total"))
    communes = communes[:total_at + 1]
    body = {r[1]: r for r in communes[1:-1]}
    assert set(body) == {"Phường Phủ Lý", "Phường Phù Vân", "Phường Thục Phán"}
    assert body["Phường Phủ Lý"][0] == "Tỉnh Ninh Bình" and body["Phường Thục Phán"][0] == "Tỉnh Cao Bằng"
    col = {title: i for i, title in enumerate(communes[0])}
    assert body["Phường Phủ Lý"][col[name("support_turns")]] == 17
    assert communes[-1][col[name("support_turns")]] == 24


def test_commune_workbook_has_a_row_per_team(report):
    w = report
    wb = workbook(xlsx_response(subject=subject_for(w.commune), period=w.period, today=w.today, filename_stem="x"))
    assert wb.sheetnames[1] == sheet("By team")
    teams = rows_of(wb[sheet("By team")])
    col = {title: i for i, title in enumerate(teams[0])}
    row = find(teams, w.team.name)
    assert row[col[name("support_turns")]] == 17 and row[col[name("works")]] == 1
    assert row[col[name("members")]] == 2
    summary = rows_of(wb[sheet("Summary")])
    assert summary[1][0] == "ĐOÀN PHƯỜNG PHỦ LÝ"
    assert find(summary, name("support_turns"))[1] == 17
    assert not [r for r in summary if r[0] == _("Coverage")]  # a commune's own coverage says nothing


def test_team_workbook_is_the_summary_and_the_trend(report):
    w = report
    wb = workbook(xlsx_response(subject=subject_for(team=w.team), period=w.period, today=w.today, filename_stem="x"))
    assert wb.sheetnames == [sheet("Summary"), sheet("Over time")]
    summary = rows_of(wb[sheet("Summary")])
    assert summary[1][0] == "ĐOÀN PHƯỜNG PHỦ LÝ"
    assert w.team.name in summary[3][0]
    assert find(summary, name("support_turns"))[1] == 17


def test_sheet_names_follow_excels_rules():
    taken = set()
    assert exports._sheet_name("Lượt người dân được hỗ trợ theo dịch vụ công", taken) == \
        "Lượt người dân được hỗ trợ the…"
    assert exports._sheet_name("Theo xã/phường: [c]?", taken) == "Theo xã, phường- -c--"
    assert exports._sheet_name("Tổng hợp", taken) == "Tổng hợp"
    assert exports._sheet_name("TỔNG HỢP", taken) == "TỔNG HỢP (2)"
    long = exports._sheet_name("Lượt người dân được hỗ trợ theo dịch vụ công", taken)
    assert len(long) <= 31 and long.endswith("(2)")


# --- words and numbers ---------------------------------------------------------------------------

def test_numbers_read_the_vietnamese_way():
    assert exports.fmt_money(VALUE) == "2.959.190.000\u00a0₫"
    assert exports.fmt_count(1234567) == "1.234.567"
    assert exports.fmt_decimal(1234.56) == "1.234,6"
    assert exports.fmt_change(12) == "+12%" and exports.fmt_change(-3) == "-3%" and exports.fmt_change(None) == "—"


def test_place_is_the_name_without_its_kind(world):
    assert exports.place_of(subject_for(world.province)) == "Ninh Bình"
    assert exports.place_of(subject_for(world.commune)) == "Phủ Lý"
    assert exports.place_of(subject_for(world.branch)) == "Phủ Lý"
    assert exports.place_of(nation()) == "Hà Nội"


def test_css_strings_cannot_break_out():
    css = exports.css_string('Đoàn "A" </style>\\')
    assert css.startswith('"Đoàn ') and css.endswith('"')
    assert '"' not in css[1:-1] and "<" not in css and "\\5c " in css


def test_the_chart_is_svg_with_a_bar_per_bucket():
    svg = exports.bar_chart_svg(["01/11", "02/11", "03/11"], [0, 1250, 300])
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count("<rect") == 2  # nothing is drawn for an empty day
    assert ">1.250<" in svg and ">02/11<" in svg
    assert exports._nice_step(1250) == 500 and exports._nice_step(7) == 2 and exports._nice_step(0) == 1


# --- the PDF -------------------------------------------------------------------------------------

def render_page_one(pdf: bytes, stem: str, page: int | None = 1) -> Path | None:
    """Page 1 (or `page`) as a PNG for a look (poppler's pdftoppm; skipped where it is not installed)."""
    if not shutil.which("pdftoppm"):
        return None
    SCREENSHOTS.mkdir(exist_ok=True)
    source = SCREENSHOTS / f"{stem}.pdf"
    source.write_bytes(pdf)
    if page == -1:  # the last page
        info = subprocess.run(["pdfinfo", str(source)], capture_output=True, text=True).stdout
        page = int(next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "1"))
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", str(page), "-l", str(page), "-singlefile", str(source),
                    str(SCREENSHOTS / stem)], check=True)
    source.unlink()
    return SCREENSHOTS / f"{stem}.png"


def pdf_bytes(response) -> bytes:
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def test_province_pdf_reads_as_a_union_report(report):
    w = report
    response = pdf_response(subject=subject_for(w.province), period=w.period, today=w.today, place=None,
                            filename_stem="bao-cao-ninh-binh")
    assert 'filename="bao-cao-ninh-binh.pdf"' in response["Content-Disposition"]
    pdf = pdf_bytes(response)
    assert pdf.startswith(b"%PDF")
    text = " ".join(pdf_text(pdf).split())
    assert "ĐOÀN TNCS HỒ CHÍ MINH" in text
    assert "TỈNH ĐOÀN NINH BÌNH" in text
    assert exports.date_line("Ninh Bình", w.today) in text
    assert _("Report on results").upper() in text
    assert w.period.label in text
    assert "2.959.190.000 ₫" in text.replace("\u00a0", " ")
    assert "Phường Phủ Lý" in text and "Phường Phù Vân" in text
    assert name("support_turns") in text
    assert render_page_one(pdf, "reports-pdf-province") is not None


def test_pdf_shows_the_top_fifteen_of_many_children(report):
    w = report
    make_communes(w.province, [f"Xã Thử Nghiệm {i:02d}" for i in range(16)], [f"99{i:03d}" for i in range(16)])
    pdf = pdf_bytes(pdf_response(subject=subject_for(w.province), period=w.period, today=w.today,
                                 place="Hoa Lư", filename_stem="x"))
    text = " ".join(pdf_text(pdf).split())
    assert exports.date_line("Hoa Lư", w.today) in text
    assert "Phường Phủ Lý" in text and "Phường Phù Vân" in text  # the two with turns come first
    assert sum(f"Xã Thử Nghiệm {i:02d}" in text for i in range(16)) == 13
    note = _("The %(shown)s of %(total)s with the most citizen-turns; the workbook lists them all.") % {
        "shown": 15, "total": 18}
    assert " ".join(note.split()) in text


def test_commune_pdf_for_a_past_custom_period_without_records(fworld):
    today = timezone.localdate()
    period = Period("custom", today - dt.timedelta(days=90), today - dt.timedelta(days=60))
    pdf = pdf_bytes(pdf_response(subject=subject_for(fworld.commune), period=period, today=today,
                                 filename_stem="x"))
    text = " ".join(pdf_text(pdf).split())
    assert "ĐOÀN PHƯỜNG PHỦ LÝ" in text and exports.date_line("Phủ Lý", today) in text
    assert _("No citizen-turns were recorded in this period.") in text
    assert render_page_one(pdf, "reports-pdf-commune-empty") is not None


def test_team_pdf_is_issued_by_its_commune_union(report):
    w = report
    pdf = pdf_bytes(pdf_response(subject=subject_for(team=w.team), period=w.period, today=w.today,
                                 filename_stem="x"))
    text = " ".join(pdf_text(pdf).split())
    assert "ĐOÀN PHƯỜNG PHỦ LÝ" in text and w.team.name in text
    assert name("support_turns") in text and name("members") in text


# --- formula injection ---------------------------------------------------------------------------

def test_workbooks_write_hostile_names_as_text(report):
    """Units, teams and kinds of help named like formulas come out as text at every level; the
    figures stay numbers."""
    from tienphong.support.models import Service
    from tienphong.teams.models import Team

    from ..xlsx_checks import formula_cells, text_cells

    w = report
    OrgUnit.objects.filter(pk=w.commune.pk).update(name='=HYPERLINK("http://x","Bấm vào")')
    OrgUnit.objects.filter(pk=w.other_commune.pk).update(name="@SUM(1,1)")
    Team.objects.filter(pk=w.team.pk).update(name="=1+1")
    Service.objects.filter(code="vneid").update(name="+1+1", name_en="+1+1")
    w.team.refresh_from_db()
    w.commune.refresh_from_db()
    subjects = [nation(), subject_for(w.province), subject_for(w.commune), subject_for(team=w.team)]
    seen: dict = {}
    for subject in subjects:
        response = xlsx_response(subject=subject, period=w.period, today=w.today, filename_stem="x")
        content = b"".join(response.streaming_content)
        assert formula_cells(content) == [], subject.name
        seen.update(text_cells(content))
        numbers = [c.value for ws in openpyxl.load_workbook(io.BytesIO(content)).worksheets
                   for r in ws.iter_rows() for c in r if c.data_type == "n" and c.value is not None]
        assert 17 in numbers or 24 in numbers  # the figures are numbers still
    for text in ('=HYPERLINK("http://x","Bấm vào")', "@SUM(1,1)", "=1+1", "+1+1"):
        assert seen[text] == ("s", True), text  # shown as written, never run
    assert any(t.startswith("=1+1 — ") and v == ("s", True) for t, v in seen.items())  # the team's title line


def test_pdf_carries_number_recipients_signature_footnote_and_the_service_point_apart(report, client_for):
    from django.urls import reverse

    w = report
    w.province_admin.full_name = "Phạm Thị Hương"
    w.province_admin.save()
    client = client_for(w.province_admin)
    url = reverse("reports:export_pdf")
    # The defaults: the number left to fill, the usual recipients, the viewer signs as secretary.
    text = " ".join(pdf_text(pdf_bytes(client.get(url, {"unit": w.province.pk}))).split())
    assert "Số: -BC/TĐTN" in text
    assert "Nơi nhận:" in text and "- Ban Bí thư Trung ương Đoàn (để b/c);" in text and "- Lưu VP." in text
    assert "T/M BAN THƯỜNG VỤ BÍ THƯ" in text and "Phạm Thị Hương" in text
    # Typed on the dashboard's form.
    response = client.get(url, {"unit": w.province.pk, "doc_number": "25-BC/TĐTN", "signer": "Nguyễn Văn An",
                                "signer_title": "Phó Bí thư", "recipients": "- Tỉnh ủy Ninh Bình;\n\n- Lưu VP."})
    pdf = pdf_bytes(response)
    text = " ".join(pdf_text(pdf).split())
    assert "Số: 25-BC/TĐTN" in text
    assert "Nơi nhận: - Tỉnh ủy Ninh Bình; - Lưu VP." in text and "Ban Bí thư" not in text
    assert "T/M BAN THƯỜNG VỤ PHÓ BÍ THƯ" in text and "Nguyễn Văn An" in text and "Phạm Thị Hương" not in text
    # One entry may name several services: said under the services table.
    assert " ".join(exports.several_services_note().split()) in text
    # The province's public administration centre: a section of its own after the communes.
    title = exports.service_points_title()
    assert title in text
    assert text.index(title) < text.index("Trung tâm Phục vụ hành chính công tỉnh", text.index("Phường Phù Vân"))
    render_page_one(pdf, "reports-pdf-signing")
    render_page_one(pdf, "reports-pdf-signing-last", page=-1)



def test_rendering_a_pdf_logs_nothing_at_info(caplog):
    """WeasyPrint's "Step 1 … Step 7" and fontTools' subsetting lines stay out of the server console."""
    import logging

    from tienphong.core.pdf import render_pdf

    caplog.set_level(logging.INFO)  # the server's console at INFO (settings.LOG_LEVEL)
    render_pdf("<p>Báo cáo — Tiên Phong</p>")
    chatter = [r.getMessage() for r in caplog.records
               if r.name.startswith(("weasyprint", "fontTools")) and r.levelno < logging.WARNING]
    assert chatter == []

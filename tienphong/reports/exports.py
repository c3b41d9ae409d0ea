"""A report as files: a workbook with every figure (for people who work on the numbers) and a
printable PDF laid out as a Youth Union report (for people who file it).

Both read the figures through `selectors` only, gathered once by `gather`. The workbook is written
in openpyxl's write-only mode into a temporary file and streamed from there, so a national export
(every commune of the country) never sits in memory as one string.
"""

import datetime as dt
import math
import tempfile
from dataclasses import dataclass, field
from io import BytesIO

from django.http import FileResponse
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from tienphong.core import xlsx
from tienphong.core.pdf import render_pdf
from tienphong.members.models import DigitalSkill
from tienphong.teams.models import Team
from tienphong.units.models import OrgUnit

from . import indicators as ind
from . import selectors as sel
from .periods import Period

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TURNS = "support_turns"
PDF_CHILD_ROWS = 15
PDF_BREAKDOWN_ROWS = 10
# The child table of the PDF: what fits across an A4 portrait page.
PDF_CHILD_CODES = (TURNS, "classes_held", "class_attendees", "works", "works_value", "volunteer_turns")


# --- what a report holds -------------------------------------------------------------------------

@dataclass
class ChildLevel:
    title: str          # the sheet's name: "By commune/ward"
    rows: list[sel.ChildRow]
    parents: list[str] | None = None  # each row's province, when the rows span several
    # The provinces' own service points (the public administration centre): no commune, listed apart.
    service_points: list[sel.ChildRow] = field(default_factory=list)
    service_point_parents: list[str] | None = None


@dataclass
class Report:
    subject: sel.Subject
    period: Period
    today: dt.date
    cards: list[sel.Card]
    stock: sel.Stock
    levels: list[ChildLevel]
    breakdowns: list[sel.Breakdown]
    trend: sel.Trend

    @property
    def counted_to(self) -> dt.date:
        return self.period.clamp(self.today).end


def _level_title(kind: str) -> str | None:
    return {"nation": _("By province"), "province": _("By commune/ward"), "commune": _("By team")}.get(kind)


def _communes_nationwide(provinces: list[sel.ChildRow], period: Period, today: dt.date) -> ChildLevel:
    """Every commune of the country, province by province.

    `children` reads one level below a subject; a national workbook also wants the communes, so
    this asks each province in turn (a few queries per province)."""
    rows, parents, points, point_parents = [], [], [], []
    for p in provinces:
        if p.unit is None:
            continue
        communes, service_points = sel.split_service_points(sel.children(sel.subject_for(p.unit), period, today))
        rows += communes
        parents += [p.name] * len(communes)
        points += service_points
        point_parents += [p.name] * len(service_points)
    return ChildLevel(_("By commune/ward"), rows, parents, points, point_parents)


def gather(subject: sel.Subject, period: Period, today: dt.date, *, all_levels: bool = True) -> Report:
    levels = []
    title = _level_title(subject.kind)
    if title and not subject.team:
        rows, points = sel.split_service_points(sel.children(subject, period, today))
        levels.append(ChildLevel(title, rows, service_points=points))
        if subject.kind == "nation" and all_levels:
            levels.append(_communes_nationwide(rows, period, today))
    # The headline figures, then the events' (congresses, trainings, forums…) for a unit's report.
    cards = sel.cards(subject, period, today)
    if not subject.team:
        cards += sel.cards(subject, period, today, ind.EVENT_CARDS)
        cards += sel.cards(subject, period, today, ind.INNOVATION_CARDS)
    return Report(subject=subject, period=period, today=today, cards=cards,
                  stock=sel.stock(subject), levels=levels, breakdowns=sel.breakdowns(subject, period, today),
                  trend=sel.trend(subject, period, ind.HEADLINE, today))


# --- the signing of a PDF report ------------------------------------------------------------------

@dataclass
class Signing:
    """What a Youth Union report carries besides its figures: its number ("Số: 12-BC/ĐTN"), who
    receives it ("Nơi nhận") and who signs it. Typed on the dashboard before the export; not stored."""
    number: str = ""
    recipients: list[str] = field(default_factory=list)
    signer: str = ""
    title: str = ""

    @property
    def recipients_text(self) -> str:
        return "\n".join(self.recipients)


def number_suffix(subject: sel.Subject) -> str:
    """"-BC/TĐTN" for a province's union (Tỉnh đoàn), "-BC/ĐTN" for a commune's."""
    if subject.kind == "nation":
        return "-BC/TWĐTN"
    return "-BC/TĐTN" if subject.kind == "province" else "-BC/ĐTN"


def default_recipients(subject: sel.Subject) -> list[str]:
    unit = subject.unit
    if subject.kind == "nation" or unit is None:
        return [_("- The Union's Central Secretariat (to report);"), _("- Filed at the office.")]
    if subject.kind == "province":
        return [_("- The Union's Central Secretariat (to report);"),
                _("- The Standing Committee of the Provincial Party Committee (to report);"),
                _("- Filed at the office.")]
    province = OrgUnit.objects.filter(pk=int(unit.path.strip("/").split("/")[0])).first()
    lines = []
    if province is not None:
        lines.append(_("- The Standing Committee of %(union)s (to report);") % {"union": province.union_name})
    lines.append(_("- The Party Committee of %(unit)s (to report);") % {"unit": (unit.commune or unit).name
                                                                       if unit.commune_id else unit.name})
    lines.append(_("- Filed at the office."))
    return lines


def default_signing(subject: sel.Subject, user, grants) -> Signing:
    """The signer is the viewer; the title is that of their role nearest above the subject."""
    path = subject.path
    role = next((r for p, r in sorted(grants, key=lambda g: -len(g[0])) if path.startswith(p)), None)
    titles = {"province_admin": _("Secretary"), "commune_secretary": _("Secretary"),
              "team_leader": _("Team leader")}
    name = (getattr(user, "full_name", "") or user.get_full_name() or user.get_username()) if user else ""
    return Signing(number=number_suffix(subject), recipients=default_recipients(subject), signer=name,
                   title=str(titles.get(role, _("Secretary"))))


def signing_from(params, default: Signing) -> Signing:
    """The form's fields (`doc_number`, `recipients` a line each, `signer`, `signer_title`), each
    cut to a sane length; a field left out keeps its default, one emptied stays empty."""
    def text(name: str, fallback: str, limit: int = 120) -> str:
        value = params.get(name)
        return fallback if value is None else " ".join(str(value).split())[:limit]

    lines = params.get("recipients")
    recipients = default.recipients if lines is None else [
        " ".join(line.split())[:200] for line in str(lines).splitlines() if line.strip()][:12]
    return Signing(number=text("doc_number", default.number, 60), recipients=recipients,
                   signer=text("signer", default.signer), title=text("signer_title", default.title))


# --- words and numbers shared by both files ------------------------------------------------------

def _dmy(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


def issuer(subject: sel.Subject) -> str:
    """Who signs the report: the subject's union; a team reports under its commune's union."""
    if subject.kind == "nation":
        return _("Youth Union Central Committee")
    if subject.team is not None and subject.unit is not None:
        return subject.unit.union_name
    return subject.name


def scope_note(subject: sel.Subject) -> str:
    """What the report covers when the issuer's name does not say it."""
    return subject.name if subject.kind == "nation" or subject.team is not None else ""


_PREFIXES = ("Tỉnh ", "Thành phố ", "Xã ", "Phường ", "Đặc khu ", "Thị trấn ")


def place_of(subject: sel.Subject) -> str:
    """The place of the date line: "Ninh Bình", "Phủ Lý" (a document is dated where it is issued)."""
    unit = subject.unit
    if unit is None:
        return "Hà Nội"  # the Central Committee sits in Hà Nội
    if unit.kind not in (OrgUnit.Kind.PROVINCE, OrgUnit.Kind.COMMUNE) and unit.commune_id:
        unit = unit.commune
    name = unit.name
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            return name.removeprefix(prefix)
    return name


def period_dates(report: Report) -> str:
    text = _("From %(start)s to %(end)s") % {"start": _dmy(report.period.start), "end": _dmy(report.period.end)}
    if report.counted_to < report.period.end:
        text += "; " + _("figures up to %(date)s") % {"date": _dmy(report.counted_to)}
    return text


def report_title() -> str:
    return _("Report on the results of youth leading digital transformation").upper()


def fmt_count(n: int | None) -> str:
    return "—" if n is None else f"{n:,}".replace(",", ".")


def fmt_money(n: int) -> str:
    return fmt_count(n) + "\u00a0₫"  # no break: the sign never wraps away from its number


def fmt_value(n: int, money: bool) -> str:
    return fmt_money(n) if money else fmt_count(n)


def fmt_decimal(x: float | None) -> str:
    if x is None:
        return "—"
    return f"{x:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def fmt_change(change: int | None) -> str:
    return "—" if change is None else f"{change:+d}%"


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def several_services_note() -> str:
    return _("One entry may name several services: the services add up to more than the citizen-turns.")


def service_points_title() -> str:
    return _("Service points of the province (not a commune; not in the total above)")


def stock_rows(report: Report) -> list[tuple[str, int | str]]:
    """(label, count) of the current counts; coverage as "covered/communes (n%)" text."""
    s = report.stock
    rows: list[tuple[str, int | str]] = [(str(ind.BY_CODE["members"].name), s.members)]
    if report.subject.team is not None:
        return rows
    rows.append((str(ind.BY_CODE["core_members"].name), s.core_members))
    for level in DigitalSkill:
        rows.append((_("Members at digital skill level %(level)s") % {"level": level.label},
                     s.by_skill.get(int(level), 0)))
    for kind in Team.Kind:
        rows.append((_("Active teams: %(kind)s") % {"kind": kind.label}, s.teams.get(kind.value, 0)))
    rows.append((str(ind.BY_CODE["teams"].name), s.teams_total))
    return rows


def total_row(rows: list[sel.ChildRow], codes=ind.HEADLINE) -> sel.ChildRow:
    return sel.ChildRow(_("Total"), {c: sum(r.values.get(c, 0) for r in rows) for c in codes},
                        sum(r.members for r in rows))


# --- the workbook --------------------------------------------------------------------------------

class _Styles:
    def __init__(self):
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.bold = Font(bold=True)
        self.title = Font(bold=True, size=14)
        self.fill = PatternFill("solid", fgColor="E8EEF7")
        self.wrap = Alignment(wrap_text=True, vertical="center")
        self.line = Border(top=Side(style="thin"))


def _sheet_name(text: str, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique regardless of case."""
    text = text.replace("/", ", ")  # "Theo xã/phường" → "Theo xã, phường", as it is said
    for ch in "[]:*?\\":
        text = text.replace(ch, "-")
    text = text.strip(" '") or "Sheet"
    base = text if len(text) <= 31 else text[:30].rstrip() + "…"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name = base[:31 - len(suffix)].rstrip() + suffix
        n += 1
    taken.add(name.lower())
    return name


# Short sheet names for the breakdowns a report shows: a breakdown's own title ("Citizen-turns
# supported by service") passes Excel's 31 characters, more so in Vietnamese.
def _breakdown_sheet_titles() -> dict[tuple[str, str], str]:
    return {
        (TURNS, "service"): _("Turns by service"),
        (TURNS, "setting"): _("Turns by place"),
        (TURNS, "outcome"): _("Turns by outcome"),
        (TURNS, "team_kind"): _("Turns by team kind"),
        ("works", "kind"): _("Works by kind"),
        ("works_value", "kind"): _("Work value by kind"),
        ("volunteer_turns", "source"): _("Volunteer-turns by source"),
        ("qr_scans", "target"): _("QR scans by page"),
    }


class _Sheet:
    """A write-only sheet with the cell styles of this workbook."""

    def __init__(self, wb, title: str, styles: _Styles, widths: list[float]):
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.properties import PageSetupProperties

        self.ws = wb.create_sheet(title)
        self.st = styles
        for i, width in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = width
        self.rows = 0
        self.table: tuple[int, int] | None = None  # (header row, width) of the table the filter covers
        self.last = 0  # its last data row (a total row below is left out of the filter)
        # Printed on A4, as wide as the page, the header repeated on each page. The sheet's
        # properties are written with the first row: set before it.
        self.ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        self.ws.page_setup.paperSize = 9  # A4 (Worksheet.PAPERSIZE_A4)
        self.ws.page_setup.orientation = "landscape" if len(widths) > 5 else "portrait"
        self.ws.page_setup.fitToWidth = 1
        self.ws.page_setup.fitToHeight = 0  # as many pages down as it takes

    def data_row(self):
        """The row just appended belongs to the filtered table."""
        self.last = self.rows

    def close(self):
        """Autofilter over the table, and its header row printed on every page."""
        from openpyxl.utils import get_column_letter

        if self.table is None:
            return
        head, width = self.table
        self.ws.auto_filter.ref = f"A{head}:{get_column_letter(width)}{max(self.last, head)}"
        self.ws.print_title_rows = f"{head}:{head}"

    def cell(self, value, *, fmt: str | None = None, bold=False, font=None, fill=False, wrap=False, line=False):
        from openpyxl.cell import WriteOnlyCell

        c = WriteOnlyCell(self.ws, value=value)
        if fmt:
            c.number_format = fmt
        if font is not None:
            c.font = font
        elif bold:
            c.font = self.st.bold
        if fill:
            c.fill = self.st.fill
        if wrap:
            c.alignment = self.st.wrap
        if line:
            c.border = self.st.line
        return c

    def append(self, cells):
        self.ws.append(cells)
        self.rows += 1

    def header(self, titles: list[str]):
        if self.rows == 0:  # a write-only sheet writes its view with the first row: freeze before it
            self.ws.freeze_panes = "A2"
        self.append([self.cell(t, bold=True, fill=True, wrap=True) for t in titles])
        if self.table is None:  # the sheet's first table is the one filtered and repeated
            self.table = (self.rows, len(titles))

    def numbers(self, first, values, fmts, bold=False, line=False, first_fmt=None):
        self.append([self.cell(first, bold=bold, line=line, fmt=first_fmt)]
                    + [self.cell(v, fmt=f, bold=bold, line=line) for v, f in zip(values, fmts)])

    def code(self, value: str):
        """A code (a unit's "01273") as text: never a number that loses its leading zero."""
        return self.cell(str(value or ""), fmt="@")


INT, DEC, PCT, CHANGE = "#,##0", "#,##0.0", "0.0%", "+0%;-0%;0%"
DATE, MONTH = "dd/mm/yyyy", "mm/yyyy"


def _summary_sheet(wb, report: Report, st: _Styles, name: str):
    sh = _Sheet(wb, name, st, [56, 18, 22, 14])
    title_rows = 7  # the six lines below and a blank one; the figures' header follows
    sh.ws.freeze_panes = f"A{title_rows + 2}"
    sh.append([sh.cell(_("Ho Chi Minh Communist Youth Union").upper())])
    sh.append([sh.cell(issuer(report.subject).upper(), bold=True)])
    sh.append([sh.cell(report_title(), font=st.title)])
    note = scope_note(report.subject)
    sh.append([sh.cell(f"{note} — {report.period.label}" if note else report.period.label, bold=True)])
    # The dates as dates (a filter or a formula can use them); the sentence says the same in words.
    sh.append([sh.cell(period_dates(report)), sh.cell(report.period.start, fmt=DATE),
               sh.cell(report.period.end, fmt=DATE)])
    sh.append([sh.cell(_("Exported on")), sh.cell(report.today, fmt=DATE)])
    sh.append([])
    previous = report.period.comparison(report.today)  # a running period: the same days of the one before
    sh.header([_("Indicator"), _("This period"), _("Previous period (%(period)s)") % {"period": previous.span},
               _("Change (%)")])
    for card in report.cards:
        change = (card.value - card.previous) / card.previous if card.previous else None
        sh.numbers(card.label, [card.value, card.previous, change], [INT, INT, CHANGE])
        sh.data_row()
    sh.append([])
    sh.append([sh.cell(_("Current counts (as of %(date)s)") % {"date": _dmy(report.today)}, bold=True, fill=True),
               sh.cell(_("Number"), bold=True, fill=True)])
    for label, value in stock_rows(report):
        sh.numbers(label, [value], [INT])
    s = report.stock
    if report.subject.kind in ("nation", "province"):
        sh.numbers(str(ind.BY_CODE["communes_covered"].name), [s.communes_covered], [INT])
        sh.numbers(_("Communes and wards"), [s.communes], [INT])
        sh.numbers(_("Coverage"), [_ratio(s.communes_covered, s.communes)], [PCT])
    sh.close()


def _child_sheet(wb, level: ChildLevel, st: _Styles, name: str):
    codes = ind.HEADLINE
    lead = [_("Province")] if level.parents is not None else []
    widths = [20] * len(lead) + [34, 12] + [15] * len(codes) + [12, 14]
    sh = _Sheet(wb, name, st, widths)
    turns_per_100 = _("%(indicator)s per 100 members") % {"indicator": ind.BY_CODE[TURNS].name}
    sh.header(lead + [_("Name"), _("Code")] + [str(ind.BY_CODE[c].name) for c in codes]
              + [str(ind.BY_CODE["members"].name), turns_per_100])
    fmts = [INT] * len(codes) + [INT, DEC]
    for i, row in enumerate(level.rows):
        code = row.unit.code if row.unit is not None else ""
        cells = [sh.cell(level.parents[i])] if level.parents is not None else []
        cells += [sh.cell(row.name), sh.code(code)]
        cells += [sh.cell(v, fmt=f) for v, f in zip([row.values.get(c, 0) for c in codes]
                                                     + [row.members, row.per_member(TURNS)], fmts)]
        sh.append(cells)
        sh.data_row()
    total = total_row(level.rows)
    cells = [sh.cell("", line=True)] * len(lead) + [sh.cell(total.name, bold=True, line=True), sh.cell("", line=True)]
    cells += [sh.cell(v, fmt=f, bold=True, line=True)
              for v, f in zip([total.values[c] for c in codes] + [total.members, total.per_member(TURNS)], fmts)]
    sh.append(cells)
    if level.service_points:
        sh.append([])
        sh.append([sh.cell(service_points_title(), bold=True)])
        for i, row in enumerate(level.service_points):
            cells = [sh.cell(level.service_point_parents[i])] if level.service_point_parents is not None else []
            cells += [sh.cell(row.name), sh.code(row.unit.code if row.unit is not None else "")]
            cells += [sh.cell(row.values.get(c, 0), fmt=INT) for c in codes]
            sh.append(cells)
    sh.close()


def _breakdown_sheet(wb, b: sel.Breakdown, st: _Styles, name: str):
    sh = _Sheet(wb, name, st, [44, 18, 12])
    sh.header([str(ind.DIM_LABELS[b.dim]), str(ind.BY_CODE[b.indicator].name), _("Share")])
    total = b.total
    for label, value in b.rows:
        sh.numbers(label, [value, _ratio(value, total)], [INT, PCT])
        sh.data_row()
    sh.numbers(_("Total"), [total, 1 if total else None], [INT, PCT], bold=True, line=True)
    if b.dim == "service":
        sh.append([sh.cell(several_services_note())])
    sh.close()


def _trend_sheet(wb, report: Report, st: _Styles, name: str):
    codes = ind.HEADLINE
    bucket = report.period.bucket
    first = {"day": _("Day"), "week": _("Week from"), "month": _("Month")}[bucket]
    sh = _Sheet(wb, name, st, [14] + [15] * len(codes))
    sh.header([first] + [str(ind.BY_CODE[c].name) for c in codes])
    t = report.trend
    # Each day, week or month as a date cell (its first day), shown dd/mm/yyyy or mm/yyyy.
    firsts = t.starts if len(t.starts) == len(t.labels) else t.labels
    for i, first_day in enumerate(firsts):
        sh.numbers(first_day, [t.series[c][i] for c in codes], [INT] * len(codes),
                   first_fmt=MONTH if bucket == "month" else DATE)
        sh.data_row()
    # Buckets after today are None (not yet happened): blank cells, and nothing to add.
    sh.numbers(_("Total"), [sum(v or 0 for v in t.series[c]) for c in codes], [INT] * len(codes),
               bold=True, line=True)
    sh.close()


def write_workbook(target, report: Report) -> None:
    """Summary, the units below (each level), each breakdown, the trend. `target`: a path or binary file."""
    wb = xlsx.workbook()  # names of units, teams and services that look like formulas are written as text
    st = _Styles()
    taken: set[str] = set()
    _summary_sheet(wb, report, st, _sheet_name(_("Summary"), taken))
    for level in report.levels:
        _child_sheet(wb, level, st, _sheet_name(level.title, taken))
    short = _breakdown_sheet_titles()
    for b in report.breakdowns:
        _breakdown_sheet(wb, b, st, _sheet_name(short.get((b.indicator, b.dim), b.title), taken))
    _trend_sheet(wb, report, st, _sheet_name(_("Over time"), taken))
    wb.save(target)


def xlsx_response(*, subject: sel.Subject, period: Period, today: dt.date, filename_stem: str) -> FileResponse:
    out = tempfile.TemporaryFile()  # on disk, not in memory: FileResponse sends it in chunks and closes it
    write_workbook(out, gather(subject, period, today))
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=f"{filename_stem}.xlsx", content_type=XLSX)


# --- the PDF -------------------------------------------------------------------------------------

def _nice_step(top: int, ticks: int = 4) -> int:
    """A round grid step (1, 2, 5 × 10ⁿ) giving about `ticks` lines up to `top`."""
    raw = max(top, 1) / ticks
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if m * power >= raw:
            return max(int(m * power), 1)
    return max(int(10 * power), 1)


def bar_chart_svg(labels: list[str], values: list[int | None], *, width: int = 680, height: int = 190) -> str:
    """A bar chart as inline SVG (WeasyPrint draws SVG; a PDF runs no script). None: not yet happened."""
    values = [v or 0 for v in values]
    left, right, top, bottom = 52, 8, 18, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    step = _nice_step(max(values, default=0))
    ceiling = step * max(1, math.ceil(max(values, default=0) / step))
    n = max(len(values), 1)
    band = plot_w / n
    bar = max(band * 0.68, 1)
    font = 'font-family="DejaVu Sans, sans-serif"'
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" class="chart" role="img">']
    for k in range(0, ceiling + 1, step):
        y = top + plot_h - k * plot_h / ceiling
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
                   f'stroke="{"#444" if k == 0 else "#ddd"}" stroke-width="{1 if k == 0 else 0.6}"/>')
        out.append(f'<text x="{left - 5}" y="{y + 3:.1f}" text-anchor="end" font-size="9" {font} fill="#444">'
                   f'{escape(fmt_count(k))}</text>')
    every = max(1, math.ceil(n / 16))  # at most 16 labels under the axis
    for i, (label, v) in enumerate(zip(labels, values)):
        x = left + i * band + (band - bar) / 2
        h = v * plot_h / ceiling
        if v:
            out.append(f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                       f'fill="#1f5fa8"/>')
            if n <= 16:
                out.append(f'<text x="{x + bar / 2:.1f}" y="{top + plot_h - h - 3:.1f}" text-anchor="middle" '
                           f'font-size="8.5" {font} fill="#111">{escape(fmt_count(v))}</text>')
        if i % every == 0:
            out.append(f'<text x="{x + bar / 2:.1f}" y="{top + plot_h + 13}" text-anchor="middle" font-size="9" '
                       f'{font} fill="#444">{escape(label)}</text>')
    out.append("</svg>")
    return "".join(out)


def date_line(place: str, d: dt.date) -> str:
    return _("%(place)s, %(day)s/%(month)s/%(year)s") % {
        "place": place, "day": f"{d.day:02d}", "month": f"{d.month:02d}", "year": d.year}


def _child_table(report: Report) -> dict | None:
    if not report.levels:
        return None
    level = report.levels[0]
    rows = level.rows
    shown = sel.ranking(rows, TURNS, PDF_CHILD_ROWS)[0]  # most turns first, all of them when few
    total = total_row(rows)

    def cells(row: sel.ChildRow) -> list[str]:
        return ([fmt_value(row.values.get(c, 0), ind.BY_CODE[c].money) for c in PDF_CHILD_CODES]
                + [fmt_count(row.members), fmt_decimal(row.per_member(TURNS))])

    note = ""
    if len(rows) > PDF_CHILD_ROWS:
        note = _("The %(shown)s of %(total)s with the most citizen-turns; the workbook lists them all.") % {
            "shown": PDF_CHILD_ROWS, "total": len(rows)}
    return {
        "title": level.title,
        # (title, width): the money column holds "123.456.789.000 ₫"; the others share what is left
        "heads": [(str(ind.BY_CODE[c].name), "28mm" if ind.BY_CODE[c].money else "") for c in PDF_CHILD_CODES]
        + [(str(ind.BY_CODE["members"].name), ""), (_("Citizen-turns per 100 members"), "")],
        "rows": [(r.name, cells(r)) for r in shown],
        "total": (total.name, cells(total)),
        "note": note,
        "service_points": [(r.name, cells(r)[:len(PDF_CHILD_CODES)]) for r in level.service_points],
        "service_points_title": service_points_title(),
    }


def _breakdown_tables(report: Report) -> list[dict]:
    out = []
    for b in report.breakdowns:
        if not b.rows:
            continue
        total = b.total
        rows = list(b.rows[:PDF_BREAKDOWN_ROWS])
        rest = b.rows[PDF_BREAKDOWN_ROWS:]
        if rest:
            rows.append((_("Others (%(n)s)") % {"n": len(rest)}, sum(v for _l, v in rest)))
        out.append({"title": b.title, "dim": str(ind.DIM_LABELS[b.dim]),
                    "rows": [(label, fmt_value(v, b.money), f"{round(v * 100 / total)}%" if total else "—")
                             for label, v in rows],
                    "total": fmt_value(total, b.money),
                    "note": several_services_note() if b.dim == "service" else ""})
    return out


def css_string(text: str) -> str:
    """A quoted CSS string for generated content (page margins take no HTML): only hex escapes,
    so nothing in a unit's name can end the string or the style element."""
    out = []
    for ch in text:
        out.append(f"\\{ord(ch):x} " if ch in '\\"\'<>&\n\r' else ch)
    return mark_safe('"' + "".join(out) + '"')


def pdf_context(report: Report, place: str | None = None, signing: Signing | None = None) -> dict:
    turns = report.trend.series.get(TURNS, [])
    previous = report.period.comparison(report.today)  # a running period: the same days of the one before
    s = report.stock
    counts = [(label, fmt_count(v)) for label, v in stock_rows(report)]
    if report.subject.kind in ("nation", "province"):
        counts.append((str(ind.BY_CODE["communes_covered"].name),
                       f"{fmt_count(s.communes_covered)}/{fmt_count(s.communes)}"
                       + (f" ({s.coverage}%)" if s.coverage is not None else "")))
    return {
        "org": _("Ho Chi Minh Communist Youth Union").upper(),
        "issuer": issuer(report.subject).upper(),
        "date_line": date_line(place or place_of(report.subject), report.today),
        "scope_note": scope_note(report.subject),
        "period": report.period,
        "period_dates": period_dates(report),
        "previous_label": previous.span,
        "cards": [{"label": c.label, "value": fmt_value(c.value, c.money), "previous": fmt_value(c.previous, c.money),
                   "change": fmt_change(c.change)} for c in report.cards],
        "stock_pairs": [counts[i:i + 2] for i in range(0, len(counts), 2)],  # two a line: the chart fits on page 1
        "today": _dmy(report.today),
        "chart": bar_chart_svg(report.trend.labels, turns) if any(turns) else "",
        "chart_total": fmt_count(sum(v or 0 for v in turns)),
        "turns_name": str(ind.BY_CODE[TURNS].name),
        "children": _child_table(report),
        "breakdowns": _breakdown_tables(report),
        "footer_css": css_string(f"{issuer(report.subject)} · {report.period.label}"),
        "page_css": css_string(_("Page")),
        "signing": signing or Signing(number=number_suffix(report.subject),
                                      recipients=default_recipients(report.subject)),
    }


def report_pdf_html(report: Report, place: str | None = None, signing: Signing | None = None) -> str:
    return render_to_string("reports/report_pdf.html", pdf_context(report, place, signing))


def pdf_response(*, subject: sel.Subject, period: Period, today: dt.date, place: str | None = None,
                 filename_stem: str, signing: Signing | None = None) -> FileResponse:
    # The PDF shows one level below and no commune list of the whole country: skip that level's reads.
    report = gather(subject, period, today, all_levels=False)
    pdf = render_pdf(report_pdf_html(report, place, signing))
    return FileResponse(BytesIO(pdf), as_attachment=True, filename=f"{filename_stem}.pdf",
                        content_type="application/pdf")

"""Badge sheets: A4 pages of 8 badges (2 × 4, 105 × 74.25 mm, dashed cut lines), each with the event's
name, the participant's name (big), delegation, role and seat, and the QR of their personal link.

The QR carries `request.build_absolute_uri(reverse("event_personal", args=[services.badge_value(p)]))`: a
kiosk reads the signed token from it (services.token_from_badge), and a phone that scans it opens the
participant's own page. It is drawn by segno (core.qrimage) as an SVG data URI, so it prints sharp.

The PDF is WeasyPrint's (core.pdf) from a Vietnamese template (DejaVu Sans has every Vietnamese letter).
A large set is drawn in chunks of pages (`CHUNK_PAGES`) so a background task (tasks.py) can report its
progress between them; the chunks are joined into one PDF at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from tienphong.core import pdf
from tienphong.core.errors import DomainError
from tienphong.core.qrimage import qr_svg_data_uri

from .models import Event, Participant

COLS, ROWS = 2, 4
PER_PAGE = COLS * ROWS
BADGE_MM = (105.0, 74.25)  # A4 (210 × 297 mm) cut in 2 × 4
QR_BORDER = 2  # modules of quiet zone in the image; the white badge around it adds more
CHUNK_PAGES = 10  # pages drawn at once in a large set: progress is reported between chunks
NAME_PT, LONG_NAME_PT, LONG_NAME = 17, 13.5, 26  # a name longer than LONG_NAME characters gets the smaller type


def badge_values(participant: Participant, url: str) -> dict:
    name = participant.full_name
    return {"name": name, "long": len(name) > LONG_NAME, "delegation": participant.delegation,
            "role": str(Participant.Role(participant.role).label), "seat": participant.seat,
            "qr": qr_svg_data_uri(url, border=QR_BORDER), "url": url}


def _pages(badges: list[dict]) -> list[list[dict]]:
    return [badges[start:start + PER_PAGE] for start in range(0, len(badges), PER_PAGE)]


def _css() -> str:
    w, h = BADGE_MM
    return pdf.css_href("events/pdf/badges.css", {
        "w": w, "h": h, "name_pt": NAME_PT, "long_name_pt": LONG_NAME_PT,
        "positions": [(col * w, row * h) for row in range(ROWS) for col in range(COLS)]})


def _foot(event: Event) -> str:
    """The organiser and the dates, at the foot of each badge."""
    days = f"{event.starts_on:%d/%m/%Y}"
    if event.ends_on and event.ends_on != event.starts_on:
        days = f"{event.starts_on:%d/%m} – {event.ends_on:%d/%m/%Y}"
    return f"{event.unit.name} · {days}" if event.unit_id else days


def badges_html(event: Event, badges: list[dict]) -> str:
    """The sheet's HTML (in Vietnamese: it is printed for a Vietnamese hall)."""
    with translation.override("vi"):
        return render_to_string("events/pdf/badges.html", {
            "event": event, "pages": _pages(badges), "css_href": _css(), "seat_label": _("Seat"),
            "scan_hint": _("Scan to check in"), "foot": _foot(event),
        })


def badges_pdf(event: Event, participants: Iterable[Participant], url_for: Callable[[Participant], str], *,
               progress: Callable[[int, int], None] | None = None) -> bytes:
    """The badge sheet of `participants` (in their order). `url_for(p)` gives the personal link a QR carries.

    `progress(done, total)` (badges drawn so far) is called after each chunk of `CHUNK_PAGES` pages;
    a set of one chunk is drawn at once."""
    people = list(participants)
    if not people:
        raise DomainError("no_participants", _("No participant matches: there is no badge to print."))
    chunk = CHUNK_PAGES * PER_PAGE
    parts = []
    for start in range(0, len(people), chunk):
        with translation.override("vi"):
            part = [badge_values(p, url_for(p)) for p in people[start:start + chunk]]
        html = badges_html(event, part)
        if len(people) <= chunk:  # one chunk: laid out and written at once
            out = pdf.render_pdf(html)
            if progress is not None:
                progress(len(people), len(people))
            return out
        parts.append(_render(html))
        if progress is not None:
            progress(start + len(part), len(people))
    return _join(parts)


def _render(html: str):
    """One chunk laid out (WeasyPrint's Document), not yet written; core.pdf.render_pdf does both at once."""
    from weasyprint import HTML

    return HTML(string=html).render()


def _join(documents) -> bytes:
    """The chunks' pages as one PDF."""
    return documents[0].copy([page for document in documents for page in document.pages]).write_pdf()

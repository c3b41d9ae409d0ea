"""What the classes print: the sign-up QR code, the attendance sheet and completion certificates.

PDFs are rendered by WeasyPrint from Django templates, with a font that has every Vietnamese
letter (DejaVu Sans, else Noto Sans or Liberation Sans, whichever the system has).
"""

import base64

from django.template.loader import render_to_string
from django.utils import timezone, translation

from tienphong.core.pdf import render_pdf
from tienphong.core.qrimage import qr_png

from .models import LiteracyClass


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


def _class_context(cls: LiteracyClass) -> dict:
    return {"cls": cls, "modules": list(cls.modules.order_by("position", "id")),
            "teachers": list(cls.teachers.order_by("sort_key", "id")),
            "starts": timezone.localtime(cls.starts_at),
            "ends": timezone.localtime(cls.ends_at) if cls.ends_at else None}


def sheet_html(cls: LiteracyClass, signup_url: str, *, show_phone: bool = False) -> str:
    """`show_phone`: the phone column, for officers only (a volunteer's sheet has names and ages)."""
    from .selectors import attendee_list

    attendees = attendee_list(cls)
    # Blank rows for walk-ins: at least ten, up to the seats not yet taken, at most a page more.
    blanks = min(max(10, cls.capacity - len(attendees)), 40)
    context = {**_class_context(cls), "attendees": attendees, "blank_rows": range(len(attendees) + 1,
                                                                                  len(attendees) + blanks + 1),
               "qr": _data_uri(qr_png(signup_url, scale=4)), "signup_url": signup_url,
               "printed": timezone.localtime(), "show_phone": show_phone}
    return render_to_string("literacy/pdf/sheet.html", context)


def attendance_sheet_pdf(cls: LiteracyClass, signup_url: str, *, show_phone: bool = False) -> bytes:
    return render_pdf(sheet_html(cls, signup_url, show_phone=show_phone))


def certificates_html(cls: LiteracyClass, attendees) -> str:
    return render_to_string("literacy/pdf/certificates.html", {**_class_context(cls), "attendees": attendees,
                                                                "issued": timezone.localdate()})


def certificates_pdf(cls: LiteracyClass, attendees) -> bytes:
    """One A4 landscape page per attendee present; a certificate is issued in Vietnamese."""
    with translation.override("vi"):
        return render_pdf(certificates_html(cls, attendees))

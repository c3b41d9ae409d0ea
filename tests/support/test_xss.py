"""The entry page carries the volunteer's last entry as data for the phone's "repeat last": whatever
someone typed into that entry (a commune secretary may edit a volunteer's record) stays data."""

import html
import json
import re

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tienphong.core.scope import Scope
from tienphong.support import services

HOSTILE = "Thôn 1</script><img src=x onerror=alert(1)>"


def test_a_place_note_set_by_the_secretary_cannot_run_in_the_volunteers_browser(fworld):
    record = services.record_create(author=fworld.volunteer, scope=Scope.for_user(fworld.volunteer),
                                    data={"services": ["vneid"], "people": 3, "place_note": "Thôn 1"})[0]
    secretary = Client()
    secretary.force_login(fworld.secretary)
    form = secretary.get(reverse("support_edit", args=[record.pk])).context["form"]
    data = {k: v for k, v in ((n, form[n].value()) for n in form.fields) if v not in (None, [])}
    data.update(place_note=HOSTILE, occurred_at=timezone.localtime(record.occurred_at).strftime("%d/%m/%Y %H:%M"))
    assert secretary.post(reverse("support_edit", args=[record.pk]), data).status_code == 302
    record.refresh_from_db()
    assert record.place_note == HOSTILE

    volunteer = Client()
    volunteer.force_login(fworld.volunteer)
    page = volunteer.get(reverse("support_new")).content.decode()
    # The page holds no markup from the note: no element, no end of the data block.
    assert "<img src=x" not in page
    blocks = re.findall(r'<script[^>]*id="phone-seed"[^>]*>(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    assert "<" not in blocks[0] and ">" not in blocks[0]
    # … and the phone still reads the note exactly as typed (JSON.parse of the element's text).
    seed = json.loads(blocks[0])
    assert seed["last"]["place_note"] == HOSTILE and seed["places"] == [HOSTILE]
    # The list of the day's entries shows it as text.
    assert html.escape(HOSTILE, quote=False) in page

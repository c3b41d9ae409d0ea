"""The audit page reads as people speak: local times, labels, names; never ids or uuids."""
import datetime as dt
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone

from tienphong.core.scope import Scope
from tienphong.support import services
from tienphong.support.models import Service


def _log(fworld, **data):
    user = fworld.volunteer
    return services.record_create(author=user, scope=Scope.for_user(user), data=data)[0]


def test_support_record_entry_shows_local_time_service_names_and_volunteer(fworld, client_for):
    yesterday = timezone.localdate() - dt.timedelta(days=1)  # 07:36 today is in the future before 07:36
    local = timezone.make_aware(dt.datetime.combine(yesterday, dt.time(7, 36)))
    record = _log(fworld, services=["cashless", "other"], people=3, occurred_at=local.isoformat())
    page = client_for(fworld.province_admin).get(reverse("audit_list"), {"model": "support.supportrecord"})
    html = page.content.decode()
    assert page.status_code == 200
    assert Service.objects.get(code="cashless").name in html  # "Thanh toán không dùng tiền mặt"
    assert fworld.volunteer_member.full_name in html
    assert str(record.uuid) not in html
    # No raw id in the changes (the entry's date aside: in December "07/12/2026" holds a 12 that is no id).
    when = formats.date_format(local, "SHORT_DATETIME_FORMAT")
    assert not re.search(rf"\b{fworld.volunteer_member.pk}\b", _changes(html).replace(when, ""))
    assert ": other" not in html and "cashless" not in html
    assert f"Thời gian</b>: {formats.date_format(local, 'SHORT_DATETIME_FORMAT')}<" in html
    assert "14:36" not in html
    entry_time = timezone.localtime(page.context["page"].object_list[0].timestamp)
    assert formats.date_format(entry_time, "SHORT_DATETIME_FORMAT") in html


def _changes(html):
    return " ".join(re.findall(r'<td class="small">(.*?)</td>', html, re.S))


def test_every_audited_model_is_in_the_type_filter(world, client_for):
    page = client_for(world.province_admin).get(reverse("audit_list"))
    keys = [key for key, _label in page.context["models"]]
    assert "support.supportrecord" in keys and "places.place" in keys and "members.member" in keys
    assert '<option value="support.supportrecord" >Lượt hỗ trợ</option>' in page.content.decode()
    filtered = client_for(world.province_admin).get(reverse("audit_list"), {"model": "support.supportrecord"})
    assert filtered.context["model"] == "support.supportrecord"


def test_names_are_looked_up_in_bulk(fworld, client_for):
    for people in range(1, 6):
        _log(fworld, services=["cashless"], people=people)
    client = client_for(fworld.province_admin)
    client.get(reverse("audit_list"), {"model": "support.supportrecord"})
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("audit_list"), {"model": "support.supportrecord"})
    for people in range(6, 16):
        _log(fworld, services=["other"], people=people)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("audit_list"), {"model": "support.supportrecord"})
    assert len(many) <= len(few) + 1

"""The province admin reads the audit trail on a phone: local times, labels and names, no ids."""
import datetime as dt

from django.utils import formats, timezone

from tienphong.core.scope import Scope
from tienphong.support import services


def test_audit_trail_of_a_support_record_at_360px(page, bfield, login, shot):
    yesterday = timezone.localdate() - dt.timedelta(days=1)  # 07:36 today is in the future before 07:36
    local = timezone.make_aware(dt.datetime.combine(yesterday, dt.time(7, 36)))
    record, _ = services.record_create(author=bfield.volunteer, scope=Scope.for_user(bfield.volunteer), data={
        "services": ["cashless", "other"], "people": 3, "occurred_at": local.isoformat()})
    login(bfield.province_admin)
    page.goto("/audit/")
    page.select_option("select[name=model]", "support.supportrecord")
    page.click("form.filters button")
    page.wait_for_load_state("domcontentloaded")
    text = page.inner_text("main")
    shot("support-record")
    assert "Thanh toán không dùng tiền mặt" in text and bfield.volunteer_member.full_name in text
    assert formats.date_format(local, "SHORT_DATETIME_FORMAT") in text
    assert str(record.uuid) not in text and "cashless" not in text and "14:36" not in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

"""A scan of `/q/<code>`: counted once per GET, per day, then a 302 to the public page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tienphong.qr import services
from tienphong.qr.models import ScanDay
from tienphong.rollups.models import Fact, Level

pytestmark = pytest.mark.django_db


def day_total(indicator="qr_scans", dim="", key="", unit=None, level=Level.UNIT, grain=Fact.Grain.DAY):
    rows = Fact.objects.filter(indicator=indicator, dim=dim, key=key, level=level, grain=grain)
    if unit is not None:
        rows = rows.filter(unit=unit)
    return sum(rows.values_list("value", flat=True))


def test_a_scan_redirects_to_the_page_and_counts_once_per_get(client, relic, world):
    code = services.code_for(relic)
    response = client.get(f"/q/{code.code}")
    assert response.status_code == 302
    assert response["Location"] == reverse("visit_place", args=[relic.pk]) == relic.get_public_url()
    assert response["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response  # nothing about the visitor: no cookie
    assert not response.cookies
    # Another visitor (one client's scans of a code count once: tests/qr/test_scan_ratelimit.py).
    client.get(f"/q/{code.code}", REMOTE_ADDR="198.51.100.2")
    today = timezone.localdate()
    assert list(ScanDay.objects.values_list("shortcode", "day", "count")) == [(code.pk, today, 2)]
    # The dashboards: the commune's day and month, the province's too, total and by kind of target.
    assert day_total(unit=world.commune) == 2
    assert day_total(dim="target", key="place", unit=world.commune) == 2
    assert day_total(level=Level.PROVINCE, unit=world.province) == 2
    assert day_total(grain=Fact.Grain.MONTH, unit=world.commune) == 2


def test_codes_ignore_case_and_the_printed_upper_case_address_works(client, relic):
    code = services.code_for(relic)
    for i, address in enumerate((f"/Q/{code.code}", f"/q/{code.code.lower()}", f"/Q/{code.code.lower()}/")):
        assert client.get(address, REMOTE_ADDR=f"198.51.100.{i}").status_code == 302  # three visitors
    assert ScanDay.objects.get().count == 3


def test_head_and_post_count_nothing(client, relic):
    code = services.code_for(relic)
    assert client.head(f"/q/{code.code}").status_code == 302
    assert client.post(f"/q/{code.code}").status_code == 405
    assert not ScanDay.objects.exists()
    assert not Fact.objects.filter(indicator="qr_scans").exists()


def test_each_day_has_its_own_row(relic):
    code = services.code_for(relic)
    today = timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    services.record_scan(shortcode=code, day=yesterday)
    services.record_scan(shortcode=code, day=today)
    services.record_scan(shortcode=code, day=today)
    assert dict(ScanDay.objects.values_list("day", "count")) == {yesterday: 1, today: 2}
    assert dict(Fact.objects.filter(indicator="qr_scans", dim="", level=Level.UNIT, grain=Fact.Grain.DAY)
                .values_list("period", "value")) == {yesterday: 1, today: 2}


def test_a_drafts_code_says_not_published_and_counts_nothing(client, draft):
    code = services.code_for(draft)
    response = client.get(f"/q/{code.code}")
    assert response.status_code == 404
    assert response["Cache-Control"] == "no-store"
    body = response.content.decode()
    assert "chưa được công bố" in body  # "not published yet", in the public layout
    assert 'class="bar"' in body
    assert draft.name not in body  # a draft's name stays private
    english = client.get(f"/q/{code.code}?lang=en").content.decode()
    assert "not published yet" in english
    assert not ScanDay.objects.exists()
    assert not Fact.objects.filter(indicator="qr_scans").exists()


def test_an_unknown_code_is_404(client, relic):
    services.code_for(relic)
    assert client.get("/q/ZZZZZZ").status_code == 404
    assert client.get("/q/not-a-code").status_code == 404
    assert not ScanDay.objects.exists()


def test_a_deleted_targets_code_is_404(client, relic):
    code = services.code_for(relic)
    relic.delete()
    assert client.get(f"/q/{code.code}").status_code == 404


def test_a_scan_is_a_few_queries_and_touches_no_session(client, relic, django_assert_max_num_queries):
    code = services.code_for(relic)
    client.get(f"/q/{code.code}")  # content types cached, as in a running server
    # The code with its content type, the target, the day row's upsert, the rollups' upsert
    # (plus the transaction's savepoint under the test's own transaction).
    with django_assert_max_num_queries(6) as queries:
        response = client.get(f"/q/{code.code}", REMOTE_ADDR="198.51.100.2")  # another visitor: counted
    assert response.status_code == 302
    assert not any("session" in q["sql"] for q in queries.captured_queries)
    assert not any("auth_user" in q["sql"] or "accounts_user" in q["sql"] for q in queries.captured_queries)


def test_short_url_is_absolute_and_upper_case(settings, relic, rf):
    code = services.code_for(relic)
    assert services.short_url(code) == f"HTTPS://TIENPHONG.EXAMPLE.VN/Q/{code.code}"
    settings.PUBLIC_BASE_URL = ""
    settings.ALLOWED_HOSTS = ["qr.tinhdoan-ninhbinh.vn"]
    request = rf.get("/", HTTP_HOST="qr.tinhdoan-ninhbinh.vn")
    assert services.short_url(code, request) == f"HTTP://QR.TINHDOAN-NINHBINH.VN/Q/{code.code}"
    # Alphanumeric mode throughout: the smallest code for the address.
    from tienphong.core.qrimage import qr_code

    assert qr_code(services.short_url(code, request)).mode == "alphanumeric"

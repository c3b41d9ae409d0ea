"""The hot paths that name partners stay at a fixed number of queries: a sync batch checks its partners
with one read whatever its size, and the partner list reads no row twice."""

import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tienphong.core.scope import Scope
from tienphong.support import services as support
from tienphong.support.models import SupportRecord

from .helpers import make_partner


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as c:
        fn()
    return len(c.captured_queries)


def test_a_sync_batch_naming_partners_costs_the_same_for_1_or_20_entries(fworld):
    named = [make_partner(fworld, "Agribank Phủ Lý").pk, make_partner(fworld, "Viettel Phủ Lý").pk]
    scope = Scope.for_user(fworld.volunteer)

    def sync(n):
        entries = [{"uuid": str(uuid.uuid4()), "services": ["vneid"], "people": 2, "partners": named}
                   for _ in range(n)]
        return lambda: support.records_sync(author=fworld.volunteer, scope=scope, entries=entries)

    one, twenty = _queries(sync(1)), _queries(sync(20))
    assert twenty <= one
    assert SupportRecord.partners.through.objects.count() == 2 * 21


def test_the_partner_list_costs_the_same_for_1_or_6_partners(fworld, client):
    client.force_login(fworld.province_admin)
    make_partner(fworld, "P0")
    few = _queries(lambda: client.get(reverse("partner_list")))
    for i in range(5):
        make_partner(fworld, f"P{i + 1}")
    assert _queries(lambda: client.get(reverse("partner_list"))) == few

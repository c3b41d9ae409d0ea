"""The product's URLs plus two bench-only views, served by the same app.

/bench/bare/ is the cheapest Django view. It goes through the same middleware (session, auth, CSRF,
locale, htmx, auditlog) as every product page, so the ratio list/bare measures what the member list
itself costs (bench/member_list.py).

/bench/bare-insert/ is the floor for a write (bench/field_writes.py): it takes the same JSON body as
the sync API, {"entries": [entry]}, and inserts one row per request with one raw SQL statement into
`bench_bare_record`, a copy of the support record table the benchmark makes (same columns, indexes
and checks, no foreign keys). No login, no CSRF, no validation, no audit; the one courtesy is
`ON CONFLICT (uuid) DO NOTHING`, so a resent entry answers "duplicate" as the API does.
"""

import json

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


BARE_INSERT = """
INSERT INTO bench_bare_record (uuid, occurred_at, setting, unit_id, path, place_note, procedure, outcome,
                               people, minutes, age_band, gender, note, source, created_at, updated_at)
VALUES (%s, %s, %s, %s, '', %s, %s, %s, %s, %s, %s, %s, %s, 'sync', now(), now())
ON CONFLICT (uuid) DO NOTHING RETURNING id
"""


@csrf_exempt
def bare_insert(request):
    e = json.loads(request.body)["entries"][0]
    with connection.cursor() as cur:
        cur.execute(BARE_INSERT, [e["uuid"], e["occurred_at"], e["setting"], e["unit"] or 0, e["place_note"],
                                  e["procedure"], e["outcome"], e["people"], e["minutes"], e["age_band"],
                                  e["gender"], e["note"]])
        row = cur.fetchone()
    result = {"uuid": e["uuid"], "status": "created" if row else "duplicate", "id": row[0] if row else None,
              "errors": {}}
    return JsonResponse({"results": [result]})


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("bench/bare-insert/", bare_insert, name="bench_bare_insert"),
    path("", include("tienphong.urls")),
]

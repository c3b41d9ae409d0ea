"""search_text becomes space-prefixed words (matching starts of words), with a search index."""

from django.db import migrations

from tienphong.core.search import drop_index_sql, index_sql
from tienphong.core.text import search_blob

TABLE = "members_member"


def rebuild_search_text(apps, schema_editor):
    Member = apps.get_model("members", "Member")
    batch = []
    for m in Member.objects.only("id", "full_name", "phone", "email").iterator(chunk_size=2000):
        m.search_text = search_blob(m.full_name, m.phone, m.email)
        batch.append(m)
        if len(batch) >= 2000:
            Member.objects.bulk_update(batch, ["search_text"])
            batch = []
    Member.objects.bulk_update(batch, ["search_text"])


def create_index(apps, schema_editor):
    for sql in index_sql(schema_editor.connection.vendor, TABLE):
        schema_editor.execute(sql)


def drop_index(apps, schema_editor):
    for sql in drop_index_sql(schema_editor.connection.vendor, TABLE):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]

    operations = [
        migrations.RunPython(rebuild_search_text, migrations.RunPython.noop),
        migrations.RunPython(create_index, drop_index),
    ]

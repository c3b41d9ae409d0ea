"""Search indexes on the producers' and products' search_text (the catalogue's search box)."""

from django.db import migrations

from tienphong.core.search import drop_index_sql, index_sql

TABLES = ["products_producer", "products_product"]


def create_index(apps, schema_editor):
    for table in TABLES:
        for sql in index_sql(schema_editor.connection.vendor, table):
            schema_editor.execute(sql)


def drop_index(apps, schema_editor):
    for table in TABLES:
        for sql in drop_index_sql(schema_editor.connection.vendor, table):
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("products", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]

from django.db import migrations

from tienphong.core.text import search_blob


def rebuild_search_text(apps, schema_editor):
    OrgUnit = apps.get_model("units", "OrgUnit")
    units = list(OrgUnit.objects.only("id", "name", "code"))
    for u in units:
        u.search_text = search_blob(u.name, u.code)
    OrgUnit.objects.bulk_update(units, ["search_text"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("units", "0001_initial")]
    operations = [migrations.RunPython(rebuild_search_text, migrations.RunPython.noop)]

from django.db import migrations

from tienphong.core.text import search_blob


def rebuild_search_text(apps, schema_editor):
    Team = apps.get_model("teams", "Team")
    teams = list(Team.objects.only("id", "name"))
    for t in teams:
        t.search_text = search_blob(t.name)
    Team.objects.bulk_update(teams, ["search_text"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("teams", "0001_initial")]
    operations = [migrations.RunPython(rebuild_search_text, migrations.RunPython.noop)]

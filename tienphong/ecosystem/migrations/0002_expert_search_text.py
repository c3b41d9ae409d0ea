"""Expert.search_text: the directory is searched without diacritics (core.text.words_q), like the partners."""

from django.db import migrations, models


def fill(apps, schema_editor):
    from tienphong.core.text import search_blob

    Expert = apps.get_model("ecosystem", "Expert")
    for e in Expert.objects.all().only("pk", "name", "field", "organisation"):
        Expert.objects.filter(pk=e.pk).update(search_text=search_blob(e.name, e.field, e.organisation))


class Migration(migrations.Migration):

    dependencies = [
        ("ecosystem", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="expert",
            name="search_text",
            field=models.CharField(default="", editable=False, max_length=255),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]

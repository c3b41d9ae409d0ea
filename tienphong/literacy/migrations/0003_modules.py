from django.db import migrations


def seed(apps, schema_editor):
    from tienphong.literacy.seed import seed_modules

    seed_modules(apps.get_model("literacy", "Module"))


class Migration(migrations.Migration):
    dependencies = [("literacy", "0002_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

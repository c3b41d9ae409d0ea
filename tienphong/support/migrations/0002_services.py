from django.db import migrations


def seed(apps, schema_editor):
    from tienphong.support.seed import seed_services

    seed_services(apps.get_model("support", "Service"))


class Migration(migrations.Migration):
    dependencies = [("support", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

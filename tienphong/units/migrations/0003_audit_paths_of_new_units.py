"""Units created before this fix have their "create" audit entry filed under the temporary path
("/tmp-<code>/") they held between their two saves, so no scope saw it; file each under its unit's path."""

from django.db import migrations


def refile(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    OrgUnit = apps.get_model("units", "OrgUnit")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.filter(app_label="units", model="orgunit").first()
    if content_type is None:
        return
    stray = AuditEntry.objects.filter(content_type=content_type, unit_path__startswith="/tmp-")
    paths = dict(OrgUnit.objects.filter(pk__in=stray.values("object_id")).values_list("pk", "path"))
    for entry in stray.only("pk", "object_id", "additional_data").iterator():
        path = paths.get(entry.object_id)
        if path:
            data = entry.additional_data if isinstance(entry.additional_data, dict) else {}
            AuditEntry.objects.filter(pk=entry.pk).update(unit_path=path, additional_data={**data, "unit_path": path})


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0002_search_words"),
        ("core", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(refile, migrations.RunPython.noop)]

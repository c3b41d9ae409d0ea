from django.db import migrations

# Each module links to the national course platform; the exact course page can be set per module.
COURSES = "https://binhdanhocvuso.gov.vn/"
MODULES = [
    ("public_services", "Dịch vụ công trực tuyến", "Online public services"),
    ("vneid", "Ứng dụng VNeID", "The VNeID app"),
    ("cashless", "Thanh toán không dùng tiền mặt", "Cashless payment"),
    ("cyber_safety", "An toàn trên không gian mạng", "Cyber safety"),
]


def seed(apps, schema_editor):
    Module = apps.get_model("literacy", "Module")
    for position, (code, name, name_en) in enumerate(MODULES, start=1):
        Module.objects.update_or_create(code=code, defaults={
            "name": name, "name_en": name_en, "course_url": COURSES, "position": position})


class Migration(migrations.Migration):
    dependencies = [("literacy", "0002_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

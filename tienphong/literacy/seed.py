"""The modules of "Bình dân học vụ số": loaded by a migration, and again by the demo and the tests when
a flushed database has lost them. Each links to the national course platform; the exact course page
can be set per module."""

COURSES = "https://binhdanhocvuso.gov.vn/"
MODULES = [
    ("public_services", "Dịch vụ công trực tuyến", "Online public services"),
    ("vneid", "Ứng dụng VNeID", "The VNeID app"),
    ("cashless", "Thanh toán không dùng tiền mặt", "Cashless payment"),
    ("cyber_safety", "An toàn trên không gian mạng", "Cyber safety"),
]


def seed_modules(Module=None) -> None:
    if Module is None:
        from .models import Module
    if Module.objects.exists():
        return
    for position, (code, name, name_en) in enumerate(MODULES, start=1):
        Module.objects.update_or_create(code=code, defaults={
            "name": name, "name_en": name_en, "course_url": COURSES, "position": position})

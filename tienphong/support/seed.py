"""The province's starting list of services: loaded by a migration, and again by the demo and the tests
when a flushed database has lost it. The list is data; officers may change it later."""

SERVICES = [
    ("vneid", "Kích hoạt VNeID, tài khoản định danh mức 2", "VNeID activation, level-2 account", False),
    ("public_service", "Nộp hồ sơ dịch vụ công trực tuyến", "Online public service submission", True),
    ("cashless", "Thanh toán không dùng tiền mặt, ví điện tử, tài khoản ngân hàng",
     "Cashless payment, e-wallet, bank account", False),
    ("citizen_apps", "Ứng dụng công dân (VssID, ứng dụng y tế, …)", "Citizen apps (VssID, health apps, …)", False),
    ("ecommerce", "Thương mại điện tử", "E-commerce", False),
    ("cyber_safety", "Tư vấn an toàn trên không gian mạng", "Cyber-safety advice", False),
    ("other", "Hỗ trợ khác", "Other help", False),
]


def seed_services(Service=None) -> None:
    if Service is None:
        from .models import Service
    if Service.objects.exists():
        return
    for position, (code, name, name_en, needs_procedure) in enumerate(SERVICES, start=1):
        Service.objects.update_or_create(code=code, defaults={
            "name": name, "name_en": name_en, "needs_procedure": needs_procedure, "position": position})

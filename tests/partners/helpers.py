"""Partners for the tests, made through the service (paths, names and audit as in real use)."""

from tienphong.partners import services
from tienphong.partners.models import Partner


def make_partner(world, name="Quỹ tín dụng nhân dân Phủ Lý", *, unit=None, by=None, kind=Partner.Kind.BANK,
                 **extra):
    extra.setdefault("phone", "0912345678")
    extra.setdefault("email", "lienhe@qtdnd.vn")
    extra.setdefault("contact_name", "Ngô Văn Thành")
    return services.partner_create(by=by or world.province_admin, unit=unit or world.province, name=name,
                                   kind=kind, **extra)

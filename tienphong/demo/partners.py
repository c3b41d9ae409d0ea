"""The demo's partners: who the seeds say Ninh Bình's youth union works with, and what they did together.

`load_partners()` runs in `tienphong.demo.loader.load_demo` after the rest of the demo, before the
rollups are rebuilt. The province's register: Sở Khoa học và Công nghệ, Sở Y tế, the province police
(VNeID), banks and people's credit funds (cashless payment), the three telecoms, a university; two
communes keep their own people's credit fund, lending there and in a few communes next to it. A share
of the demo's records names them, from a fixed seed: cashless-payment help with a bank or credit fund
(a few also with Viettel Money, so some entries name two partners), citizen apps with the health
sector, VNeID with the police, cyber-safety and e-commerce with a telecom; classes with Sở KH&CN or a
telecom; wifi points with a telecom, digital libraries with Sở KH&CN; every campaign with Sở KH&CN and
Viettel.

Idempotent: partners are found by name; links are written only when no record of the province names a
partner yet.
"""

from __future__ import annotations

import random

from django.db.models import Count

from tienphong.campaigns.models import Campaign, YouthWork
from tienphong.core.paths import subtree_q
from tienphong.core.text import search_blob
from tienphong.literacy.models import LiteracyClass
from tienphong.partners.models import Partner
from tienphong.support.models import SupportRecord
from tienphong.units.models import OrgUnit

K = Partner.Kind
# (key, kind, name, short name, contact, phone, email, address, share of communes they work with)
PROVINCE_PARTNERS = [
    ("khcn", K.GOVERNMENT, "Sở Khoa học và Công nghệ tỉnh Ninh Bình", "Sở KH&CN", "Trần Văn Hùng", "02293871234",
     "sokhcn@ninhbinh.gov.vn", "Đường Lê Hồng Phong, phường Hoa Lư", 1.0),
    ("yte", K.GOVERNMENT, "Sở Y tế tỉnh Ninh Bình", "Sở Y tế", "Nguyễn Thị Hạnh", "02293872345",
     "soyte@ninhbinh.gov.vn", "Đường Hải Thượng Lãn Ông, phường Hoa Lư", 0.5),
    ("congan", K.GOVERNMENT, "Công an tỉnh Ninh Bình", "Công an tỉnh", "Đinh Quang Minh", "02293873456", "",
     "Đường Trần Hưng Đạo, phường Hoa Lư", 0.6),
    ("agribank", K.BANK, "Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam – Chi nhánh Ninh Bình",
     "Agribank Ninh Bình", "Phạm Thu Trang", "02293874567", "ninhbinh@agribank.com.vn",
     "Đường Lê Thái Tổ, phường Hoa Lư", 0.7),
    ("vietinbank", K.BANK, "Ngân hàng TMCP Công Thương Việt Nam – Chi nhánh Ninh Bình", "VietinBank Ninh Bình",
     "Lê Minh Tuấn", "02293875678", "", "Đường Trần Hưng Đạo, phường Hoa Lư", 0.3),
    ("viettel", K.TELECOM, "Viettel Ninh Bình – Chi nhánh Tập đoàn Công nghiệp – Viễn thông Quân đội",
     "Viettel Ninh Bình", "Vũ Đức Anh", "0982000111", "", "Đường Lê Đại Hành, phường Hoa Lư", 0.6),
    ("vnpt", K.TELECOM, "VNPT Ninh Bình", "VNPT Ninh Bình", "Hoàng Thị Lan", "02293876789", "",
     "Đường Trần Hưng Đạo, phường Hoa Lư", 0.5),
    ("mobifone", K.TELECOM, "MobiFone Ninh Bình", "MobiFone Ninh Bình", "Đỗ Văn Nam", "0903000222", "",
     "Đường Nguyễn Huệ, phường Hoa Lư", 0.3),
    ("hoalu", K.SCHOOL, "Trường Đại học Hoa Lư", "ĐH Hoa Lư", "Bùi Thị Mai", "02293877890", "",
     "Đường Xuân Thành, phường Hoa Lư", 0.2),
]
CREDIT_FUNDS = 2  # communes that keep their own people's credit fund (the two busiest)
FUND_NEIGHBOURS = 4  # the communes next to it that a fund also lends in
CASHLESS_SHARE, HEALTH_SHARE, VNEID_SHARE, TELECOM_SHARE, TWO_PARTNERS_SHARE = 0.55, 0.4, 0.2, 0.3, 0.1
CLASS_SHARE, WORK_SHARE = 0.45, 0.5


def _partner(unit: OrgUnit, kind, name, short, contact, phone, email, address) -> tuple[Partner, bool]:
    found = Partner.objects.filter(unit=unit, name=name).first()
    if found is not None:
        return found, False
    return Partner.objects.create(unit=unit, path=unit.path, kind=kind, name=name, short_name=short,
                                  contact_name=contact, phone=phone, email=email, address=address,
                                  search_text=search_blob(name, short, contact)), True


def _neighbours(communes: list[OrgUnit], commune: OrgUnit, n: int = FUND_NEIGHBOURS) -> list[OrgUnit]:
    """The `n` communes after `commune` in code order (codes run along the map, so these are near it)."""
    i = communes.index(commune)
    return communes[i + 1:i + 1 + n]


def load_partners(province: OrgUnit, *, seed: int) -> dict:
    rng = random.Random(seed * 31 + 13)
    communes = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.COMMUNE, path__startswith=province.path)
                    .order_by("code", "pk"))
    made = 0
    by_key: dict[str, Partner] = {}
    for key, kind, name, short, contact, phone, email, address, share in PROVINCE_PARTNERS:
        partner, created = _partner(province, kind, name, short, contact, phone, email, address)
        by_key[key] = partner
        if created:
            made += 1
            chosen = communes if share >= 1 else rng.sample(communes, max(1, round(len(communes) * share)))
            partner.units.set([province, *chosen])
    funds: dict[int, Partner] = {p.unit_id: p for p in Partner.objects.filter(
        path__startswith=province.path, unit__kind=OrgUnit.Kind.COMMUNE, name__startswith="Quỹ tín dụng nhân dân ")}
    # The people's credit funds of the two communes whose citizens were helped most.
    busiest = dict(SupportRecord.objects.filter(commune__in=communes).values_list("commune_id")
                   .annotate(n=Count("id")).order_by())
    for commune in [] if funds else sorted(communes, key=lambda c: (-busiest.get(c.pk, 0), c.code))[:CREDIT_FUNDS]:
        name = f"Quỹ tín dụng nhân dân {commune.name}"
        partner, created = _partner(commune, K.BANK, name, f"QTDND {commune.name}", "Ngô Văn Thành", "0912000333",
                                    "", commune.name)
        funds[commune.pk] = partner
        if created:
            made += 1
            partner.units.set([commune, *_neighbours(communes, commune)])
    # A fund lends in its commune and the few next to it (the communes it works with).
    served = {u: fund for fund in funds.values() for u in fund.units.values_list("pk", flat=True)}
    linked = {"support": 0, "classes": 0, "works": 0, "campaigns": 0}
    in_province = subtree_q(province.path)
    if SupportRecord.partners.through.objects.filter(partner__path__startswith=province.path).exists():
        return {"partners": made, **linked}

    # Support entries: by their first service.
    Link = SupportRecord.partners.through
    services: dict[int, set[str]] = {}
    for record_id, code in (SupportRecord.services.through.objects.filter(supportrecord__path__startswith=province.path)
                            .values_list("supportrecord_id", "service__code").order_by("supportrecord_id")):
        services.setdefault(record_id, set()).add(code)
    records = SupportRecord.objects.filter(in_province).order_by("pk").values_list("pk", "commune_id")
    links = []
    for pk, commune_id in records:
        codes = services.get(pk, set())
        names: list[Partner] = []
        if "cashless" in codes and rng.random() < CASHLESS_SHARE:
            fund = served.get(commune_id)
            names.append(fund if fund is not None and rng.random() < 0.6
                         else by_key["agribank"] if rng.random() < 0.7 else by_key["vietinbank"])
            if rng.random() < TWO_PARTNERS_SHARE:
                names.append(by_key["viettel"])  # Viettel Money, alongside the bank
        elif "citizen_apps" in codes and rng.random() < HEALTH_SHARE:
            names.append(by_key["yte"])
        elif "vneid" in codes and rng.random() < VNEID_SHARE:
            names.append(by_key["congan"])
        elif codes & {"cyber_safety", "ecommerce"} and rng.random() < TELECOM_SHARE:
            names.append(by_key[rng.choice(["viettel", "vnpt", "mobifone"])])
        links += [Link(supportrecord_id=pk, partner_id=p.pk) for p in names]
    Link.objects.bulk_create(links, batch_size=2000, ignore_conflicts=True)
    linked["support"] = len(links)

    ClassLink = LiteracyClass.partners.through
    class_links = []
    for pk in LiteracyClass.objects.filter(in_province).order_by("pk").values_list("pk", flat=True):
        if rng.random() < CLASS_SHARE:
            partner = by_key["khcn"] if rng.random() < 0.6 else by_key[rng.choice(["viettel", "vnpt", "hoalu"])]
            class_links.append(ClassLink(literacyclass_id=pk, partner_id=partner.pk))
    ClassLink.objects.bulk_create(class_links, batch_size=2000, ignore_conflicts=True)
    linked["classes"] = len(class_links)

    WorkLink = YouthWork.partners.through
    work_links = []
    for pk, kind in YouthWork.objects.filter(in_province).order_by("pk").values_list("pk", "kind"):
        if kind == YouthWork.Kind.WIFI_POINT:
            work_links.append(WorkLink(youthwork_id=pk, partner_id=by_key[rng.choice(["viettel", "vnpt"])].pk))
        elif kind == YouthWork.Kind.DIGITAL_LIBRARY:
            work_links.append(WorkLink(youthwork_id=pk, partner_id=by_key["khcn"].pk))
        elif rng.random() < WORK_SHARE * (0.6 if kind == YouthWork.Kind.OTHER else 1):
            key = rng.choice(["khcn", "viettel", "vnpt", "mobifone", "agribank", "yte"])
            work_links.append(WorkLink(youthwork_id=pk, partner_id=by_key[key].pk))
    WorkLink.objects.bulk_create(work_links, batch_size=2000, ignore_conflicts=True)
    linked["works"] = len(work_links)

    for campaign in Campaign.objects.filter(in_province).order_by("pk"):
        campaign.partners.add(by_key["khcn"], by_key["viettel"])
        linked["campaigns"] += 1
    return {"partners": made, **linked}


def partners_summary(result: dict) -> str:
    return (f"Partners: {result['partners']} added; named by {result['support']:,} support entries, "
            f"{result['classes']} classes, {result['works']} works, {result['campaigns']} campaigns.")

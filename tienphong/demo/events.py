"""The demo's events: what the seeds tell of Ninh Bình's congress, forum and training, at their real size.

- The province's first Youth Union congress (term 2025–2030), two days, three sessions, 300 delegates in
  delegations by commune plus guests, checked in by QR; its documents behind QR codes; face check-in on
  (no face is enrolled in the demo: there are no photos of people).
- The forum on science, innovation and digital transformation held with the congress, co-organised with Sở
  Khoa học và Công nghệ: 345 delegates in person and 30,500 online views on five platforms.
- The community digital-transformation training in Youth Month: 8 connection points (the province's hall and
  7 communes) for 1,126 union cadres.
- Branch meetings on the digital-transformation theme, next month, not yet held.

Written in bulk (the rollups are rebuilt by the loader). Idempotent: an event found by name is left alone.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid

from django.core.files.base import ContentFile
from django.utils import timezone

from tienphong.core.text import search_blob
from tienphong.events.models import CheckIn, ConnectionPoint, Document, Event, OnlineViews, Participant, Session
from tienphong.members.models import Member
from tienphong.partners.models import Partner
from tienphong.units.models import OrgUnit

from .field import YOUTH_MONTH

CONGRESS = "Đại hội đại biểu Đoàn TNCS Hồ Chí Minh tỉnh Ninh Bình lần thứ I, nhiệm kỳ 2025–2030"
FORUM = ("Tọa đàm “Tiên phong ứng dụng khoa học – công nghệ, đổi mới sáng tạo và chuyển đổi số; xây dựng hệ sinh "
         "thái khởi nghiệp của thanh niên Ninh Bình”")
TRAINING = "Hội nghị tập huấn chuyển đổi số cộng đồng"
BRANCH_MEETING = "Sinh hoạt chi đoàn chủ đề “Thanh niên với chuyển đổi số”"
CONGRESS_DELEGATES, CONGRESS_PRESENT = 300, 294
FORUM_PRESENT = 345
TRAINING_POINTS, TRAINING_CADRES = 8, 1_126
FORUM_VIEWS = {"facebook": 18_400, "youtube": 6_200, "zalo": 3_100, "tiktok": 1_900, "portal": 900}
DOCUMENTS = ["Báo cáo chính trị trình Đại hội", "Báo cáo kiểm điểm của Ban Chấp hành", "Dự thảo Nghị quyết Đại hội",
             "Chương trình Đại hội"]
GUESTS = [("Đồng chí Bí thư Tỉnh ủy", "Tỉnh ủy Ninh Bình"), ("Đại diện Trung ương Đoàn", "Trung ương Đoàn TNCS Hồ Chí Minh"),
          ("Đại diện Sở Khoa học và Công nghệ", "Sở Khoa học và Công nghệ tỉnh Ninh Bình")]
# A tiny valid PDF: the demo's documents open as real files without a PDF engine at load time.
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
       b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def _at(day: dt.date, hh: int, mm: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hh, mm)))


def _event(province, name, kind, starts_on, ends_on=None, **extra) -> tuple[Event, bool]:
    found = Event.objects.filter(name=name, path__startswith=province.path).first()
    if found:
        return found, False
    event = Event.objects.create(unit=extra.pop("unit", province), name=name, kind=kind, starts_on=starts_on,
                                 ends_on=ends_on or starts_on, path=extra.pop("path", province.path),
                                 search_text=search_blob(name), **extra)
    return event, True


def _people(event, point, members, *, delegation_of, role, seats=False, start=0) -> list[Participant]:
    rows = []
    for i, m in enumerate(members):
        p = Participant(event=event, member=m, full_name=m.full_name, delegation=delegation_of(m), role=role,
                        point=point, organisation=m.branch.name, seat=f"{chr(65 + (start + i) // 30)}{(start + i) % 30 + 1}"
                        if seats else "")
        p.search_text = search_blob(p.full_name, p.delegation, p.organisation, p.seat)
        rows.append(p)
    return Participant.objects.bulk_create(rows, batch_size=500)


def _check_in(session, people, rng, *, late_share=0.05) -> int:
    rows, firsts = [], []
    for p in people:
        late = rng.random() < late_share
        at = session.starts_at + dt.timedelta(minutes=rng.randint(5, 25) if late else -rng.randint(2, 40))
        rows.append(CheckIn(participant=p, session=session, point=p.point, at=at, method=CheckIn.Method.QR,
                            nonce=uuid.UUID(int=rng.getrandbits(128))))
        p.first_checkin_at = at
        firsts.append(p)
    CheckIn.objects.bulk_create(rows, batch_size=500)
    Participant.objects.bulk_update(firsts, ["first_checkin_at"], batch_size=500)
    return len(rows)


def _members(communes, n, rng, exclude=()) -> list[Member]:
    pool = list(Member.objects.filter(commune__in=communes, status=Member.Status.ACTIVE).exclude(pk__in=exclude)
                .select_related("branch", "commune").order_by("pk")[: n * 4])
    rng.shuffle(pool)
    return pool[:n]


def load_events(province: OrgUnit, *, seed: int, today: dt.date | None = None) -> dict:
    rng = random.Random(seed + 14)
    today = today or timezone.localdate()
    communes = list(OrgUnit.objects.filter(parent=province, kind=OrgUnit.Kind.COMMUNE).order_by("code"))
    created = {"events": 0, "participants": 0, "check_ins": 0}
    khcn = Partner.objects.filter(path__startswith=province.path, short_name="Sở KH&CN").first()

    # The congress and, the day before, the forum: last October.
    day = dt.date(today.year - 1, 10, 14)
    congress, new = _event(province, CONGRESS, Event.Kind.CONGRESS, day, day + dt.timedelta(days=1),
                           quorum=Event.Quorum.TWO_THIRDS, face_enabled=True, face_erase_days=7,
                           description="Đại hội điểm danh đại biểu bằng mã QR và khuôn mặt; văn kiện nhận qua mã QR.")
    if new:
        created["events"] += 1
        hall = ConnectionPoint.objects.create(event=congress, name="Hội trường chính", is_main=True,
                                              host_unit=province)
        sessions = [Session.objects.create(event=congress, name=name, starts_at=_at(d, hh))
                    for name, d, hh in (("Phiên trù bị", day, 8), ("Phiên chính thức thứ nhất", day, 14),
                                        ("Phiên chính thức thứ hai", day + dt.timedelta(days=1), 8))]
        delegates = _people(congress, hall, _members(communes, CONGRESS_DELEGATES, rng),
                            delegation_of=lambda m: f"Đoàn đại biểu {m.commune.name}", role=Participant.Role.DELEGATE,
                            seats=True)
        guests = Participant.objects.bulk_create([
            Participant(event=congress, full_name=name, organisation=org, role=Participant.Role.GUEST, point=hall,
                        delegation="Khách mời", search_text=search_blob(name, org)) for name, org in GUESTS])
        present = delegates[:CONGRESS_PRESENT] + guests
        for s in sessions:
            created["check_ins"] += _check_in(s, present[: len(present) - (3 if s is sessions[1] else 0)], rng)
        for i, title in enumerate(DOCUMENTS):
            doc = Document(event=congress, title=title, position=i + 1)
            doc.file.save(f"van-kien-{i + 1}.pdf", ContentFile(PDF), save=False)
            doc.save()
        created["participants"] += len(delegates) + len(guests)

    forum, new = _event(province, FORUM, Event.Kind.FORUM, day - dt.timedelta(days=1),
                        description="Trong khuôn khổ Đại hội; phát trực tuyến trên các nền tảng số.")
    if new:
        created["events"] += 1
        if khcn:
            forum.partners.add(khcn)
        hall = ConnectionPoint.objects.create(event=forum, name="Hội trường chính", is_main=True, host_unit=province,
                                              link="https://www.facebook.com/tinhdoanninhbinh")
        session = Session.objects.create(event=forum, name="Phiên tọa đàm", starts_at=_at(forum.starts_on, 8))
        people = _people(forum, hall, _members(communes, FORUM_PRESENT, rng), role=Participant.Role.DELEGATE,
                         delegation_of=lambda m: f"Đoàn {m.commune.name}")
        created["check_ins"] += _check_in(session, people, rng)
        created["participants"] += len(people)
        OnlineViews.objects.bulk_create([OnlineViews(event=forum, point=hall, platform=k, views=v,
                                                     source_url="https://www.facebook.com/tinhdoanninhbinh/videos")
                                         for k, v in FORUM_VIEWS.items()])

    # The training in Youth Month: the province's hall and seven communes linked by video.
    day = YOUTH_MONTH[0] + dt.timedelta(days=9)
    training, new = _event(province, TRAINING, Event.Kind.TRAINING, day,
                           description="Tập huấn cán bộ Đoàn các cấp phục vụ chuyển đổi số cộng đồng.")
    if new:
        created["events"] += 1
        hosts = communes[: TRAINING_POINTS - 1]
        points = [ConnectionPoint.objects.create(event=training, name="Điểm cầu Tỉnh Đoàn", is_main=True,
                                                 host_unit=province)]
        points += [ConnectionPoint.objects.create(event=training, name=f"Điểm cầu {c.name}", host_unit=c,
                                                  link="https://meet.ninhbinh.gov.vn/taphuan") for c in hosts]
        session = Session.objects.create(event=training, name="Phiên tập huấn", starts_at=_at(day, 8))
        per_point = TRAINING_CADRES // TRAINING_POINTS
        people, used = [], []
        for i, point in enumerate(points):
            n = per_point + (TRAINING_CADRES - per_point * TRAINING_POINTS if i == 0 else 0)
            group = [point.host_unit] if not point.is_main else communes[TRAINING_POINTS - 1:]
            chosen = _members(group, n, rng, exclude=used)
            if len(chosen) < n:  # a small commune's cadres: the rest come from elsewhere in the province
                chosen += _members(communes, n - len(chosen), rng, exclude=used + [m.pk for m in chosen])
            used += [m.pk for m in chosen]
            people += _people(training, point, chosen, role=Participant.Role.CADRE,
                              delegation_of=lambda m: m.commune.name)
        created["check_ins"] += _check_in(session, people, rng, late_share=0.02)
        created["participants"] += len(people)

    created["exhibition_items"] = _exhibition(province, Event.objects.filter(name=CONGRESS).first())

    # Next month's branch meetings in three communes: planned, nobody checked in yet.
    next_month = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=10)
    for commune in communes[:3]:
        name = f"{BRANCH_MEETING} — {commune.name}"
        meeting, new = _event(province, name, Event.Kind.BRANCH_MEETING, next_month, unit=commune, path=commune.path)
        if new:
            created["events"] += 1
            point = ConnectionPoint.objects.create(event=meeting, name="Nhà văn hóa", is_main=True, host_unit=commune)
            Session.objects.create(event=meeting, name="Buổi sinh hoạt", starts_at=_at(next_month, 19, 30))
            people = _people(meeting, point, _members([commune], 25, rng), role=Participant.Role.DELEGATE,
                             delegation_of=lambda m: m.branch.name)
            created["participants"] += len(people)
    return created


STARTUPS = ["Nông sản sạch Tam Cốc Startup", "Gốm Gia Thủy Khởi nghiệp"]


def _exhibition(province, congress) -> int:
    """Youth-made products (a few by teams, members, startups) and, in the congress's virtual exhibition,
    those products and approved works with photos. Only when nothing of the province is marked yet."""
    from tienphong.campaigns.models import YouthWork
    from tienphong.exhibition.models import ExhibitionItem
    from tienphong.products.models import Product
    from tienphong.teams.models import Team

    products = list(Product.objects.filter(path__startswith=province.path, status="published")
                    .exclude(youth_maker="").order_by("pk"))
    if not products:
        candidates = list(Product.objects.filter(path__startswith=province.path, status="published").order_by("pk"))
        for i, product in enumerate(candidates[:8]):
            commune_id = product.producer.commune_id
            team = Team.objects.filter(commune_id=commune_id).order_by("pk").first()
            member = Member.objects.filter(commune_id=commune_id, status=Member.Status.ACTIVE).order_by("pk").first()
            if i < 3 and team:
                product.youth_maker, product.youth_team = Product.YouthMaker.TEAM, team
            elif i < 6 and member:
                product.youth_maker, product.youth_member = Product.YouthMaker.MEMBER, member
            else:
                product.youth_maker, product.youth_maker_name = Product.YouthMaker.STARTUP, STARTUPS[i % 2]
            product.save(update_fields=["youth_maker", "youth_team", "youth_member", "youth_maker_name"])
            products.append(product)
    if congress is None or ExhibitionItem.objects.filter(event=congress).exists():
        return 0
    works = list(YouthWork.objects.filter(commune__path__startswith=province.path, status="approved",
                                          photos__isnull=False).distinct().order_by("pk")[:6])
    items = [ExhibitionItem(event=congress, product=p, position=i) for i, p in enumerate(products[:8])]
    items += [ExhibitionItem(event=congress, work=w, position=len(items) + i) for i, w in enumerate(works)]
    ExhibitionItem.objects.bulk_create(items)
    return len(items)


def events_summary(created: dict) -> str:
    return (f"Events: {created['events']} added ({created['participants']:,} participants, "
            f"{created['check_ins']:,} check-ins): the congress, the forum (345 in person, 30,500 online views), "
            f"the training (8 connection points, 1,126 cadres), branch meetings next month; "
            f"{created.get('exhibition_items', 0)} pieces in the congress's virtual exhibition.")

"""Rows for campaign tests, written straight with the ORM (support records and classes belong to
other apps: these tests must not depend on those apps' services)."""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from tienphong.core.text import search_blob
from tienphong.campaigns.models import Campaign, CampaignTarget, YouthWork
from tienphong.literacy.models import Attendee, LiteracyClass
from tienphong.places.models import Place
from tienphong.support.models import SupportRecord


def local(y, m, d, hh=9, mm=0):
    """An aware datetime in the site's time zone (Asia/Ho_Chi_Minh)."""
    return timezone.make_aware(dt.datetime(y, m, d, hh, mm), timezone.get_current_timezone())


def make_campaign(unit, starts_on, ends_on, title="Tháng Thanh niên 2026", **extra):
    return Campaign.objects.create(title=title, starts_on=starts_on, ends_on=ends_on, unit=unit, path=unit.path,
                                   search_text=search_blob(title, extra.get("theme", "")), **extra)


def make_target(campaign, commune, **figures):
    return CampaignTarget.objects.create(campaign=campaign, commune=commune, path=commune.path, **figures)


def make_work(commune, *, title="Điểm wifi công cộng", status=YouthWork.Status.APPROVED, value_vnd=0,
              completed_on=None, campaign=None, volunteers=(), created_by=None, **extra):
    work = YouthWork.objects.create(commune=commune, path=commune.path, title=title, status=status,
                                    value_vnd=value_vnd, completed_on=completed_on, campaign=campaign,
                                    created_by=created_by, **extra)
    work.volunteers.set(volunteers)
    return work


def make_record(unit, occurred_at, *, people=1, volunteers=()):
    """A support record at a commune, or at a service point (then it has no commune)."""
    commune = unit if unit.kind == "commune" else None
    record = SupportRecord.objects.create(unit=unit, commune=commune, path=unit.path, occurred_at=occurred_at,
                                          people=people)
    record.volunteers.set(volunteers)
    return record


def make_class(commune, starts_at, *, status=LiteracyClass.Status.SCHEDULED, teachers=(), present=0, absent=0,
               venue=None):
    venue = venue or Place.objects.filter(commune=commune).first() or Place.objects.create(
        name=f"Nhà văn hóa {Place.objects.count() + 1}", commune=commune)
    klass = LiteracyClass.objects.create(title="Bình dân học vụ số", commune=commune, path=commune.path,
                                         venue=venue, starts_at=starts_at, status=status)
    klass.teachers.set(teachers)
    for i in range(present):
        Attendee.objects.create(literacy_class=klass, full_name=f"Học viên có mặt {i}", attended=True)
    for i in range(absent):
        Attendee.objects.create(literacy_class=klass, full_name=f"Học viên vắng {i}", attended=False)
    return klass


def image_bytes(fmt="JPEG", size=(64, 48), color=(200, 30, 40)) -> bytes:
    out = io.BytesIO()
    mode = "RGBA" if fmt == "PNG" else "RGB"
    Image.new(mode, size, color).save(out, fmt)
    return out.getvalue()


def photo_upload(name="anh.jpg", fmt="JPEG", **kwargs):
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}[fmt]
    return SimpleUploadedFile(name, image_bytes(fmt, **kwargs), content_type=content_type)

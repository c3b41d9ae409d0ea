"""Factories for every model; tests build what they need, no fixture files."""

import factory

from tienphong.accounts.models import Role, RoleAssignment, User
from tienphong.members.models import Member
from tienphong.members.services import fill_derived
from tienphong.teams.models import Team, TeamMembership
from tienphong.units.models import OrgUnit
from tienphong.units.services import unit_create

PASSWORD = "Mat-khau-thu-123"


def make_unit(parent=None, kind=None, name=None, code=None, **extra):
    """Units must get their path from the service, so this is a function, not a factory."""
    kind = kind or (OrgUnit.Kind.PROVINCE if parent is None else OrgUnit.Kind.BRANCH)
    n = OrgUnit.objects.count() + 1
    return unit_create(parent=parent, kind=kind, name=name or f"Đơn vị {n}",
                       code=code or f"T{n:05d}", **extra)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="vi_VN")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def give_role(user, unit, role):
    return RoleAssignment.objects.create(user=user, unit=unit, role=role)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    full_name = factory.Faker("name", locale="vi_VN")
    gender = Member.Gender.FEMALE
    phone = factory.Sequence(lambda n: f"09{n:08d}")
    email = ""
    branch = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        member = model_class(*args, **kwargs)
        fill_derived(member)
        member.save()
        return member


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Tổ công nghệ số cộng đồng số {n}")
    kind = Team.Kind.COMMUNITY_TECH
    commune = None
    path = factory.LazyAttribute(lambda o: o.commune.path)


class TeamMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMembership


__all__ = ["PASSWORD", "Role", "make_unit", "give_role", "UserFactory", "MemberFactory", "TeamFactory",
           "TeamMembershipFactory"]


# --- places' public pages (issue 5) -----------------------------------------------------------------

def photo_upload(name="photo.jpg", size=(1600, 1200), fmt="JPEG", colour=(120, 160, 200)):
    """An uploaded photo of `size` pixels, as a browser sends it."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, colour)
    ImageDraw.Draw(image).rectangle([size[0] // 4, size[1] // 3, size[0] * 3 // 4, size[1] - 1], fill=(180, 60, 40))
    out = io.BytesIO()
    image.save(out, fmt)
    mime = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}[fmt]
    return SimpleUploadedFile(name, out.getvalue(), content_type=mime)


def wav_bytes(seconds=2.0, hz=440, rate=8000) -> bytes:
    """A tone of `seconds` as a 16-bit mono WAV file."""
    import io
    import math
    import struct
    import wave

    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        frames = int(seconds * rate)
        w.writeframes(b"".join(struct.pack("<h", int(12000 * math.sin(2 * math.pi * hz * i / rate)))
                               for i in range(frames)))
    return out.getvalue()


def audio_upload(name="guide.wav", seconds=2.0):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, wav_bytes(seconds), content_type="audio/wav")


def _now():
    from django.utils import timezone

    return timezone.now()


class PublicPlaceFactory(factory.django.DjangoModelFactory):
    """A published place (a relic unless told otherwise); pass `commune`."""

    class Meta:
        model = "places.Place"

    name = factory.Sequence(lambda n: f"Đền thờ số {n}")
    kind = "relic"
    commune = None
    address = "Thôn Đông"
    status = "published"
    published_at = factory.LazyFunction(_now)


def add_story(place, language="vi", body="", title="", audio=None):
    """The place's story in `language`, saved straight (no service), with an optional audio upload."""
    from tienphong.core.images import audio_file
    from tienphong.places.models import PlaceStory

    story = PlaceStory(place=place, language=language, title=title, body=body)
    if audio is not None:
        stored, mime, seconds = audio_file(audio)
        story.audio.save(stored.name, stored, save=False)
        story.audio_type, story.audio_seconds = mime, seconds
    story.save()
    return story


def add_photo(place, caption="", position=0, **kwargs):
    from tienphong.core.images import photo_renditions
    from tienphong.places.models import PlacePhoto

    values = photo_renditions(photo_upload(**kwargs))
    photo = PlacePhoto(place=place, caption=caption, position=position, width=values["width"],
                       height=values["height"])
    photo.image.save(values["image"].name, values["image"], save=False)
    photo.small.save(values["small"].name, values["small"], save=False)
    photo.save()
    return photo


# --- products and producers (issue 5) ---------------------------------------------------------------

class ProducerFactory(factory.django.DjangoModelFactory):
    """A producer (a cooperative unless told otherwise); pass `commune`. Draft unless `status="published"`."""

    class Meta:
        model = "products.Producer"

    name = factory.Sequence(lambda n: f"Hợp tác xã số {n}")
    kind = "cooperative"
    commune = None
    phone = "0912345678"
    status = "draft"


class ProductFactory(factory.django.DjangoModelFactory):
    """A product of `producer` (its commune follows the producer). Draft unless `status="published"`."""

    class Meta:
        model = "products.Product"

    name = factory.Sequence(lambda n: f"Sản phẩm số {n}")
    producer = factory.SubFactory(ProducerFactory)
    commune = factory.LazyAttribute(lambda o: o.producer.commune)
    category = "ocop"
    ocop_stars = 4
    ocop_year = 2023
    price_vnd = 120000
    price_unit = "hộp"
    status = "draft"


def make_event(unit, name="Hội nghị tập huấn chuyển đổi số", kind="training", starts_on=None, **extra):
    """An event through its service: it comes with its main hall and a first session."""
    import datetime as dt

    from tienphong.events.services import event_create

    return event_create(unit=unit, name=name, kind=kind, starts_on=starts_on or dt.date(2026, 3, 26), **extra)


def add_participant(event, full_name="Nguyễn Văn An", **fields):
    from tienphong.events.services import participant_save

    return participant_save(event=event, full_name=full_name, **fields)


def make_communes(province, names, codes=None):
    """Communes of `province`, one per name (codes as make_unit makes them unless given), written as
    load_units writes new communes: in bulk, with make_unit's derived fields and one "create" audit entry
    each. For a test that needs a long list of communes (make_unit costs some ten queries a unit)."""
    from tienphong.units.services import _create_communes

    n = OrgUnit.objects.count()
    codes = codes or [f"T{n + i:05d}" for i in range(1, len(names) + 1)]
    units = [OrgUnit(parent=province, kind=OrgUnit.Kind.COMMUNE, name=name, code=code, path=f"/tmp-{code}/")
             for name, code in zip(names, codes, strict=True)]
    _create_communes(units)
    return units


def make_contest(unit, by, name="Cuộc thi Ý tưởng thanh niên chuyển đổi số", categories=("Chính quyền số", "Kinh tế số"),
                 rubric=(("Tính mới", 40, ""), ("Tính khả thi", 30, ""), ("Hiệu quả", 30, "")), status="open",
                 today=None, **extra):
    """A contest through its service: submission open today, preliminary and final rounds after it."""
    import datetime as dt

    from django.utils import timezone

    from tienphong.contests import services

    today = today or timezone.localdate()
    day = dt.timedelta(days=1)
    contest = services.contest_create(
        unit=unit, name=name, by=by, categories=list(categories), rubric=list(rubric),
        submission=(today - 10 * day, today + 10 * day), preliminary=(today + 11 * day, today + 20 * day),
        final=(today + 21 * day, today + 25 * day), **extra)
    if status != "draft":
        services.set_status(contest=contest, status="open", by=by)
    if status == "judging":
        services.set_status(contest=contest, status="judging", by=by)
    return contest


def add_entry(contest, unit, title="Bản đồ số di tích", category=None, submit=True, **fields):
    from tienphong.contests import services
    from tienphong.contests.models import Entry

    entry = Entry(contest=contest, unit=unit, category=category or contest.categories.first(), title=title,
                  problem=fields.pop("problem", "Du khách khó tìm thông tin"),
                  solution=fields.pop("solution", "Trang QR cho từng di tích"),
                  lead_name=fields.pop("lead_name", "Nguyễn Văn An"), **fields)
    return services.entry_save(entry=entry, submit=submit)

"""What literacy classes add to the dashboards' figures (see tienphong.rollups).

A class counts as held on its start day unless cancelled; reports never look past today, so a class
still to come is not counted before its day. Its present attendees and its teachers (volunteer-turns)
count on the same day.
"""

from django.db.models import CharField, Count, F, Q, Value
from django.db.models.functions import TruncDate
from django.db.models.signals import pre_delete
from django.utils import timezone

from tienphong.rollups import services as rollups
from tienphong.rollups.services import Delta

from .models import Attendee, LiteracyClass

CLASSES = "classes_held"
ATTENDEES = "class_attendees"
VOLUNTEER_TURNS = "volunteer_turns"


def class_deltas(cls: LiteracyClass, *, present: int, teachers: int, partners=()) -> list[Delta]:
    """`partners`: the co-organising partners' ids; the class and its attendees count under each."""
    if cls.status == LiteracyClass.Status.CANCELLED:
        return []
    base = {"unit_id": cls.commune_id, "path": cls.path, "day": timezone.localdate(cls.starts_at)}
    out = [Delta(**base, indicator=CLASSES, value=1), Delta(**base, indicator=ATTENDEES, value=present)]
    if teachers:
        out += [Delta(**base, indicator=VOLUNTEER_TURNS, value=teachers),
                Delta(**base, indicator=VOLUNTEER_TURNS, value=teachers, dim="source", key="class")]
    for pk in partners:
        out += [Delta(**base, indicator=CLASSES, value=1, dim="partner", key=str(pk)),
                Delta(**base, indicator=ATTENDEES, value=present, dim="partner", key=str(pk))]
    if cls.team_id:
        out += [Delta(**base, indicator=CLASSES, value=1, dim="team", key=str(cls.team_id)),
                Delta(**base, indicator=ATTENDEES, value=present, dim="team", key=str(cls.team_id))]
        if teachers:
            out.append(Delta(**base, indicator=VOLUNTEER_TURNS, value=teachers, dim="team", key=str(cls.team_id)))
    return out


def snapshot(class_id: int | None) -> list[Delta]:
    """What the class adds now, as stored. Take it after locking the class row, before changing it."""
    if class_id is None:
        return []
    cls = LiteracyClass.objects.filter(pk=class_id).first()
    if cls is None:
        return []
    return class_deltas(cls, present=Attendee.objects.filter(literacy_class_id=class_id, attended=True).count(),
                        teachers=cls.teachers.count(), partners=list(cls.partners.values_list("pk", flat=True)))


def changed(before: list[Delta], class_id: int) -> None:
    """After the write, in its transaction: move the figures from `before` to what the class adds now."""
    rollups.replace(before, snapshot(class_id))


def backfill():
    classes = LiteracyClass.objects.exclude(status=LiteracyClass.Status.CANCELLED).order_by()
    day = TruncDate("starts_at")
    yield CLASSES, "", classes.values(u=F("commune_id"), d=day).annotate(v=Count("id"))
    yield CLASSES, "team", classes.values(u=F("commune_id"), d=day, k=F("team_id")).annotate(v=Count("id"))
    yield CLASSES, "partner", classes.values(u=F("commune_id"), d=day, k=F("partners")).annotate(v=Count("id"))
    present = Attendee.objects.filter(attended=True).exclude(
        literacy_class__status=LiteracyClass.Status.CANCELLED).order_by()
    aday = TruncDate("literacy_class__starts_at")
    yield ATTENDEES, "", present.values(u=F("literacy_class__commune_id"), d=aday).annotate(v=Count("id"))
    yield ATTENDEES, "team", present.values(u=F("literacy_class__commune_id"), d=aday,
                                            k=F("literacy_class__team_id")).annotate(v=Count("id"))
    yield ATTENDEES, "partner", present.values(u=F("literacy_class__commune_id"), d=aday,
                                               k=F("literacy_class__partners")).annotate(v=Count("id"))
    teaching = LiteracyClass.teachers.through.objects.filter(
        ~Q(literacyclass__status=LiteracyClass.Status.CANCELLED)).order_by()
    tday = TruncDate("literacyclass__starts_at")
    yield VOLUNTEER_TURNS, "", teaching.values(u=F("literacyclass__commune_id"), d=tday).annotate(v=Count("id"))
    yield VOLUNTEER_TURNS, "source", teaching.values(
        u=F("literacyclass__commune_id"), d=tday, k=Value("class", output_field=CharField())).annotate(v=Count("id"))
    yield VOLUNTEER_TURNS, "team", teaching.values(
        u=F("literacyclass__commune_id"), d=tday, k=F("literacyclass__team_id")).annotate(v=Count("id"))


def member_deleted(sender, instance, **kwargs):
    """A deleted teacher leaves their classes (cascade), so a rebuild no longer counts their turns."""
    taught = LiteracyClass.objects.filter(teachers=instance).exclude(status=LiteracyClass.Status.CANCELLED)
    rollups.add([d for cls in taught for d in class_deltas(cls, present=0, teachers=1)
                 if d.indicator == VOLUNTEER_TURNS], sign=-1)


pre_delete.connect(member_deleted, sender="members.Member", dispatch_uid="literacy.rollup.member_deleted")

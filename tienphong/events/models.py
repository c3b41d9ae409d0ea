"""Events the union runs: congresses, conferences and trainings, forums, branch meetings, festivals.

An event belongs to its organiser unit (scope as everywhere: its path). It has sessions (a congress has
several; every event has at least one), connection points (điểm cầu: the main hall is one, each remote
point another, with a host unit and a host person), participants (members or guests, with delegation,
role and seat) who check in once per session (by QR, face or by name), documents behind permanent
`/q/` codes, and the online audience its hosts report after the event.

Face check-in is opt-in per event. A participant's consent is recorded (who, when, the text agreed to)
and kept; the face itself is kept only as a 128-number embedding (never the photo, never a kiosk frame)
and erased `face_erase_days` after the event ends, or at once on request.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tienphong.qr.targets import PublicTarget


def new_token() -> str:
    """A participant's part of their badge QR and personal link: 128 random bits, never guessed."""
    return secrets.token_urlsafe(16)


class Event(PublicTarget, models.Model):
    class Kind(models.TextChoices):
        CONGRESS = "congress", _("Congress")
        CONFERENCE = "conference", _("Conference")
        TRAINING = "training", _("Training")
        FORUM = "forum", _("Forum")
        BRANCH_MEETING = "branch_meeting", _("Branch meeting")
        FESTIVAL = "festival", _("Festival or other")

    class Quorum(models.TextChoices):
        NONE = "", _("No quorum")
        HALF = "half", _("More than half of the delegates")
        TWO_THIRDS = "two_thirds", _("At least two thirds of the delegates")

    public_url_name = "event_documents_public"

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.CONFERENCE)
    unit = models.ForeignKey("units.OrgUnit", verbose_name=_("organiser"), on_delete=models.PROTECT,
                             related_name="events")
    path = models.CharField(max_length=255, editable=False, db_index=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    venue = models.ForeignKey("places.Place", verbose_name=_("venue"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="events")
    venue_note = models.CharField(_("venue (if not a listed place)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    partners = models.ManyToManyField("partners.Partner", verbose_name=_("co-organising partners"), blank=True,
                                      related_name="events")
    quorum = models.CharField(_("quorum"), max_length=10, choices=Quorum.choices, blank=True, default="")
    face_enabled = models.BooleanField(_("face check-in"), default=False,
                                       help_text=_("Participants who agree may check in by face."))
    face_erase_days = models.PositiveSmallIntegerField(
        _("erase faces after (days)"), default=7,
        help_text=_("Face data is erased this many days after the event ends."))
    # The public list of documents (one QR for all of them on the poster) is open once published.
    documents_public = models.BooleanField(_("documents open to the public"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    search_text = models.CharField(max_length=255, editable=False, default="")

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["path", "starts_on"], name="event_path_when")]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                   name="event_ends_after_start"),
            models.CheckConstraint(condition=models.Q(kind__in=["congress", "conference", "training", "forum",
                                                                "branch_meeting", "festival"]),
                                   name="event_kind_known"),
            models.CheckConstraint(condition=models.Q(quorum__in=["", "half", "two_thirds"]),
                                   name="event_quorum_known"),
            models.CheckConstraint(condition=models.Q(face_erase_days__gte=0, face_erase_days__lte=90),
                                   name="event_face_erase_0_to_90"),
        ]

    def __str__(self):
        return self.name

    def get_additional_data(self):
        return {"unit_path": self.path}

    # --- QR target (qr.targets.PublicTarget): the poster's "all documents" code -------------------
    @property
    def commune_id(self):
        """Whose scans these are (qr.ShortCode.commune): the organiser unit."""
        return self.unit_id

    @property
    def is_public(self) -> bool:
        return self.documents_public


class Session(models.Model):
    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="sessions")
    name = models.CharField(_("name"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__isnull=True)
                                   | models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"),
        ]

    def __str__(self):
        return self.name

    def get_additional_data(self):
        return {"unit_path": self.event.path}


class ConnectionPoint(models.Model):
    """Where participants gather: the main hall or a remote point (điểm cầu) linked by video."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE,
                              related_name="points")
    name = models.CharField(_("name"), max_length=200)
    is_main = models.BooleanField(_("main hall"), default=False)
    place = models.ForeignKey("places.Place", verbose_name=_("place"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    link = models.URLField(_("online link"), blank=True)
    host_unit = models.ForeignKey("units.OrgUnit", verbose_name=_("host unit"), on_delete=models.PROTECT,
                                  related_name="+")
    host_user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("host person"), null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="hosted_points")

    class Meta:
        verbose_name = _("connection point")
        verbose_name_plural = _("connection points")
        ordering = ["-is_main", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event"], condition=models.Q(is_main=True),
                                    name="point_one_main_per_event"),
            models.UniqueConstraint(fields=["event", "name"], name="point_name_once_per_event"),
        ]

    def __str__(self):
        return self.name

    def get_additional_data(self):
        return {"unit_path": self.event.path}


class Participant(models.Model):
    class Role(models.TextChoices):
        DELEGATE = "delegate", _("Delegate")
        GUEST = "guest", _("Guest")
        CADRE = "cadre", _("Cadre")
        SPEAKER = "speaker", _("Speaker")

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE,
                              related_name="participants")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="event_participations")
    full_name = models.CharField(_("full name"), max_length=120)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=15, blank=True)
    delegation = models.CharField(_("delegation"), max_length=120, blank=True)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.DELEGATE)
    seat = models.CharField(_("seat"), max_length=20, blank=True)
    point = models.ForeignKey(ConnectionPoint, verbose_name=_("connection point"), on_delete=models.RESTRICT,
                              related_name="participants")
    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    # The first check-in in any session (set once, by a conditional update): the figures count a
    # participant once however many sessions they attend.
    first_checkin_at = models.DateTimeField(_("first checked in"), null=True, blank=True, editable=False)
    # When a badge sheet holding the participant was last produced (services.badge_sheet): empty until
    # then, so the organisers can print only the badges of the delegates added since.
    badge_printed_at = models.DateTimeField(_("badge printed"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    search_text = models.CharField(max_length=255, editable=False, default="")

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["delegation", "full_name", "id"]
        indexes = [models.Index(fields=["event", "search_text"], name="participant_search")]
        constraints = [
            models.UniqueConstraint(fields=["event", "member"], condition=models.Q(member__isnull=False),
                                    name="participant_member_once"),
            models.UniqueConstraint(fields=["event", "seat"], condition=~models.Q(seat=""),
                                    name="participant_seat_once"),
            models.CheckConstraint(condition=models.Q(role__in=["delegate", "guest", "cadre", "speaker"]),
                                   name="participant_role_known"),
        ]

    def __str__(self):
        return self.full_name

    def get_additional_data(self):
        return {"unit_path": self.event.path}


class CheckIn(models.Model):
    """A participant present at a session: once (the database says so). `nonce` is made by the kiosk for
    each scan, so a scan re-sent from an offline queue finds the check-in it made."""

    class Method(models.TextChoices):
        QR = "qr", _("QR code")
        FACE = "face", _("Face")
        MANUAL = "manual", _("By name")

    participant = models.ForeignKey(Participant, verbose_name=_("participant"), on_delete=models.CASCADE,
                                    related_name="checkins")
    session = models.ForeignKey(Session, verbose_name=_("session"), on_delete=models.CASCADE,
                                related_name="checkins")
    point = models.ForeignKey(ConnectionPoint, verbose_name=_("connection point"), on_delete=models.RESTRICT,
                              related_name="checkins")
    at = models.DateTimeField(_("checked in at"))
    method = models.CharField(_("how"), max_length=6, choices=Method.choices)
    nonce = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("checked in by"), null=True,
                           on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "session"], name="checkin_once_per_session"),
            models.CheckConstraint(condition=models.Q(method__in=["qr", "face", "manual"]),
                                   name="checkin_method_known"),
        ]

    def get_additional_data(self):
        return {"unit_path": self.session.event.path}


class Document(PublicTarget, models.Model):
    """A congress document (a file or a link), each behind its own permanent `/q/` code."""

    public_url_name = "event_document_public"

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="events/documents/%Y/%m/", blank=True)
    link = models.URLField(_("link"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(file="") | ~models.Q(link=""), name="document_file_or_link"),
        ]

    def __str__(self):
        return self.title

    # --- QR target --------------------------------------------------------------------------------
    @property
    def public_title(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.event.documents_public

    @property
    def commune_id(self):
        return self.event.unit_id

    @property
    def path(self):
        return self.event.path

    def get_additional_data(self):
        return {"unit_path": self.event.path}


class OnlineViews(models.Model):
    """Views of the event's broadcast on one platform at one connection point, as its host reports them."""

    class Platform(models.TextChoices):
        FACEBOOK = "facebook", "Facebook"
        YOUTUBE = "youtube", "YouTube"
        ZALO = "zalo", "Zalo"
        TIKTOK = "tiktok", "TikTok"
        PORTAL = "portal", _("Province portal")

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE,
                              related_name="online_views")
    point = models.ForeignKey(ConnectionPoint, verbose_name=_("connection point"), on_delete=models.CASCADE,
                              related_name="online_views")
    platform = models.CharField(_("platform"), max_length=10, choices=Platform.choices)
    views = models.PositiveIntegerField(_("views"))
    source_url = models.URLField(_("source link"), blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("online views")
        verbose_name_plural = _("online views")
        ordering = ["point", "platform"]
        constraints = [
            models.UniqueConstraint(fields=["point", "platform"], name="views_once_per_point_platform"),
            models.CheckConstraint(condition=models.Q(views__lte=100_000_000), name="views_at_most_1e8"),
            models.CheckConstraint(condition=models.Q(platform__in=["facebook", "youtube", "zalo", "tiktok",
                                                                    "portal"]), name="views_platform_known"),
        ]

    def get_additional_data(self):
        return {"unit_path": self.event.path}


class FaceConsent(models.Model):
    """What a participant agreed to, kept after their face data is erased (the record of consent)."""

    class Source(models.TextChoices):
        SELF = "self", _("By the participant on their personal link")
        ORGANISER = "organiser", _("By the organiser with the signed consent form")

    participant = models.ForeignKey(Participant, verbose_name=_("participant"), on_delete=models.CASCADE,
                                    related_name="face_consents")
    text = models.TextField(_("text agreed to"))
    given_at = models.DateTimeField(_("given at"))
    source = models.CharField(_("given"), max_length=10, choices=Source.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("face consent")
        verbose_name_plural = _("face consents")
        ordering = ["-given_at", "-id"]

    def get_additional_data(self):
        return {"unit_path": self.participant.event.path}


class FaceVersion(models.Model):
    """How many times an event's faces changed (one added, replaced or erased), counted by database
    triggers on events_faceembedding (migration 0003), so no write path can forget it: a kiosk's matrix
    of vectors (faces.matcher_for) is good while this number holds. No foreign key: a trigger that fires
    while the event itself is being deleted never breaks one (a deleted event leaves one orphan row)."""

    event = models.OneToOneField(Event, on_delete=models.DO_NOTHING, db_constraint=False, primary_key=True,
                                 related_name="face_version")
    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("face data version")


class FaceEmbedding(models.Model):
    """A participant's face as 128 float32 numbers (core.faces); never the photo."""

    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="face")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="faces")
    vector = models.BinaryField(max_length=512)
    consent = models.ForeignKey(FaceConsent, on_delete=models.PROTECT, related_name="+")
    erase_after = models.DateField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("face data")
        verbose_name_plural = _("face data")

    def get_additional_data(self):
        return {"unit_path": self.event.path}

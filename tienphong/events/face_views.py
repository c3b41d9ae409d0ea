"""Face pages (thin views: scope, one service call, render or redirect).

Staff (manage_events on the event): the participants with their face status, one participant's photo with
the signed consent form, a batch of photos (background task with a progress page). Kiosk (whoever
`selectors.event_for_kiosk` allows): the face kiosk page, which talks to face_api.py. Public (the signed
personal link is the key): a participant's own consent + selfie, and the erasure of their face data.

Photos are read into memory only (`MemoryOnlyUploadHandler`): no temporary file is written, whatever their
size, and nothing reaches MEDIA_ROOT. Only a batch waits (as one zip in the private storage) for the
worker; face_tasks.py deletes it once done.
"""

import io
from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from tienphong.core import ratelimit
from tienphong.core.errors import DomainError
from tienphong.core.forms import MultipleFileInput, PhotosField
from tienphong.core.models import ImportJob
from tienphong.core.pagination import paginate
from tienphong.core.public import public_view
from tienphong.core.scope import get_scope

from . import face_tasks, faces, selectors, services
from .models import FaceConsent, Participant

PHOTO_LIMIT = 15 * 1024 * 1024  # a phone's full-size photo, with room for the form around it
# Enrolment attempts (each costs the server ~0.3 s): per participant link and per client, per hour.
PER_PARTICIPANT, PER_CLIENT, WINDOW = 10, 30, 3600


# ---------------------------------------------------------------- uploads kept in memory

class MemoryOnlyUploadHandler(FileUploadHandler):
    """Every uploaded file kept in memory, up to `limit` bytes in all (a larger request is refused
    before it is read, see `memory_uploads`); never a temporary file on disk."""

    def __init__(self, request=None, limit=PHOTO_LIMIT):
        super().__init__(request)
        self.limit, self.total = limit, 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()

    def receive_data_chunk(self, raw_data, start):
        self.total += len(raw_data)
        if self.total > self.limit:  # a body without a true Content-Length
            raise SkipFile()
        self.buffer.write(raw_data)
        return None

    def file_complete(self, file_size):
        self.buffer.seek(0)
        return InMemoryUploadedFile(file=self.buffer, field_name=self.field_name, name=self.file_name,
                                    content_type=self.content_type, size=file_size, charset=self.charset,
                                    content_type_extra=self.content_type_extra)


def memory_uploads(limit: int, too_large):
    """Read the request's files into memory only. The CSRF check reads the body, so it runs after the
    handlers are set (Django's recipe: csrf_exempt outside, csrf_protect inside). A body larger than
    `limit` is not read at all: `too_large(request, *args, **kwargs)` answers it."""

    def decorator(view):
        protected = csrf_protect(view)

        @csrf_exempt
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST":
                try:
                    length = int(request.META.get("CONTENT_LENGTH") or 0)
                except ValueError:
                    length = limit + 1
                if length > limit:
                    return too_large(request, *args, **kwargs)
                request.upload_handlers = [MemoryOnlyUploadHandler(request, limit=limit)]
            return protected(request, *args, **kwargs)

        return wrapper

    return decorator


def _read(upload) -> bytes:
    return upload.read() if upload else b""


# ---------------------------------------------------------------- forms

class FacePhotoForm(forms.Form):
    photo = forms.FileField(label=gettext_lazy("Photo of the face"), widget=forms.ClearableFileInput(
        attrs={"accept": "image/*", "capture": "user"}))
    signed = forms.BooleanField(label=gettext_lazy("The participant signed the consent form"), required=False)


class BatchForm(forms.Form):
    photos = PhotosField(label=gettext_lazy("Photos or a zip file"), widget=MultipleFileInput(
        attrs={"accept": "image/jpeg,image/png,image/webp,.zip,application/zip"}))
    signed = forms.BooleanField(label=gettext_lazy("Every participant in these photos signed the consent form"),
                                required=False)


class FaceFilterForm(forms.Form):
    q = forms.CharField(required=False)
    status = forms.ChoiceField(required=False, choices=[("", gettext_lazy("Everyone")),
                                                        ("enrolled", gettext_lazy("Face enrolled")),
                                                        ("missing", gettext_lazy("No face data"))])


# ---------------------------------------------------------------- staff pages

def _managed(request, pk):
    return selectors.event_get(scope=get_scope(request), pk=pk, perm="manage_events")


@login_required
def face_list(request, pk):
    """The participants with their face status; links to one participant's photo and to a batch."""
    event = _managed(request, pk)
    form = FaceFilterForm(request.GET or None)
    f = form.cleaned_data if form.is_valid() else {}
    rows = faces.participants_with_status(event, q=f.get("q", ""), status=f.get("status", ""))
    jobs = ImportJob.objects.filter(kind=face_tasks.job_kind(event)).order_by("-created_at")[:3]
    return render(request, "events/face_list.html", {
        "nav": "events", "event": event, "form": form, "page": paginate(request, rows), "counts": faces.counts(event),
        "erase_on": faces.erase_on(event), "open": faces.is_open(event), "consent_text": faces.consent_text(event),
        "jobs": jobs})


def _too_large_staff(request, pk, participant_pk=None):
    messages.error(request, _("This photo is too large: at most %(mb)s MB.") % {"mb": PHOTO_LIMIT // 2**20})
    if participant_pk:
        return redirect("event_face_participant", pk, participant_pk)
    return redirect("event_face_batch", pk)


@login_required
@memory_uploads(PHOTO_LIMIT, _too_large_staff)
def face_participant(request, pk, participant_pk):
    """One participant: their face status, a photo with the signed consent form, or erasure."""
    event = _managed(request, pk)
    participant = get_object_or_404(event.participants, pk=participant_pk)
    form = FacePhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if request.POST.get("erase"):
            faces.erase(participant=participant, reason=faces.REQUEST, actor=request.user)
            messages.success(request, _("The face data of %(name)s was erased.") % {"name": participant.full_name})
            return redirect("event_face_participant", event.pk, participant.pk)
        if form.is_valid():
            try:
                faces.enrol(participant=participant, photo=_read(form.cleaned_data["photo"]),
                            agreed=form.cleaned_data["signed"], source=FaceConsent.Source.ORGANISER,
                            recorded_by=request.user)
            except DomainError as e:
                form.add_error("signed" if e.code == "consent_required" else "photo", e.message)
            else:
                messages.success(request, _("The face of %(name)s is enrolled.") % {"name": participant.full_name})
                return redirect("event_faces", event.pk)
    return render(request, "events/face_participant.html", {
        "nav": "events", "event": event, "participant": participant, "form": form,
        "state": faces.personal_state(participant), "consents": participant.face_consents.all()})


@login_required
@memory_uploads(face_tasks.MAX_BATCH_BYTES + 256 * 1024, _too_large_staff)
def face_batch(request, pk):
    """A batch of photos named by seat or phone number: enrolled by a background task."""
    event = _managed(request, pk)
    form = BatchForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if not form.cleaned_data["signed"]:
            form.add_error("signed", _("Tick the box saying the participants signed the consent form."))
        else:
            try:
                job = face_tasks.start(event=event, files=form.cleaned_data["photos"], actor=request.user)
            except DomainError as e:
                form.add_error("photos", e.message)
            else:
                return redirect("event_face_job", event.pk, job.pk)
    return render(request, "events/face_batch.html", {
        "nav": "events", "event": event, "form": form, "open": faces.is_open(event),
        "max_mb": face_tasks.MAX_BATCH_BYTES // 2**20, "consent_text": faces.consent_text(event)})


@login_required
def face_job(request, pk, job_pk):
    """A batch's progress (htmx refreshes it every second), then its outcome."""
    event = _managed(request, pk)
    job = get_object_or_404(ImportJob, pk=job_pk, kind=face_tasks.job_kind(event))
    context = {"nav": "events", "event": event, "job": job,
               "percent": round(100 * job.rows_done / job.rows_total) if job.rows_total else 0,
               "problems": job.error.splitlines() if job.error else []}
    if getattr(request, "htmx", False):
        return render(request, "events/face_job_status.html", context)
    return render(request, "events/face_job.html", context)


@login_required
def face_kiosk(request, pk):
    """The face kiosk: the camera takes a frame on "Chụp" and every 2 s; face_api.py answers."""
    scope = get_scope(request)
    event, points = selectors.event_for_kiosk(scope=scope, user=request.user, pk=pk)
    if not event.face_enabled:
        raise Http404
    point = None
    if request.GET.get("point"):
        point = next((p for p in points if str(p.pk) == request.GET["point"]), None)
        if point is None:
            raise Http404
    elif len(points) == 1:
        point = points[0]
    sessions = list(event.sessions.all())
    session = services.current_session(event)
    if request.GET.get("session"):
        session = next((s for s in sessions if str(s.pk) == request.GET["session"]), session)
    config = {"api": reverse("api:event_face_identify", kwargs={"event_id": event.pk}),
              "point": point.pk if point else None, "session": session.pk, "interval": 2000}
    return render(request, "events/face_kiosk.html", {
        "nav": "events", "event": event, "points": points, "point": point, "sessions": sessions,
        "session": session, "config": config, "open": faces.is_open(event)})


# ---------------------------------------------------------------- the participant's own link

def _participant(badge) -> Participant:
    try:
        token = services.token_from_badge(badge)
    except DomainError:
        raise Http404 from None
    return get_object_or_404(Participant.objects.select_related("event"), token=token)


def _back(request, badge):
    lang = getattr(request, "lang_q", "")
    return redirect(reverse("event_personal", args=[badge]) + lang + "#face")


def _too_large_public(request, badge):
    _participant(badge)
    messages.error(request, _("This photo is too large: at most %(mb)s MB.") % {"mb": PHOTO_LIMIT // 2**20})
    return _back(request, badge)


@public_view
@require_POST
@memory_uploads(PHOTO_LIMIT, _too_large_public)
def personal_enrol(request, badge):
    """The participant agrees and sends a selfie: their face's 128 numbers are kept, the photo is not."""
    participant = _participant(badge)
    verdict = ratelimit.hit_all([("face_enrol", (participant.pk,), PER_PARTICIPANT, WINDOW),
                                 ("face_enrol_client", (ratelimit.client_ip(request),), PER_CLIENT, WINDOW)])
    if not verdict.allowed:
        messages.error(request, _("Too many attempts: try again in an hour."))
        return _back(request, badge)
    try:
        faces.enrol(participant=participant, photo=_read(request.FILES.get("photo")),
                    agreed=request.POST.get("agree") == "1", source=FaceConsent.Source.SELF)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Done: your face is enrolled. The photo was not kept."))
    return _back(request, badge)


@public_view
@require_POST
def personal_erase(request, badge):
    """Erase the participant's face data at once (they confirmed on the page)."""
    participant = _participant(badge)
    if request.POST.get("confirm") == "1":
        faces.erase(participant=participant, reason=faces.REQUEST)
        messages.success(request, _("Your face data was erased. Check in with your QR code."))
    return _back(request, badge)

"""Face check-in over JSON: a kiosk sends one camera frame, the server says whom it saw and checks them in.

`POST /events-face/{event_id}/identify` with the connection point, the session (default: the one under
way), a nonce the kiosk made for this frame (a frame re-sent after a lost answer finds the check-in it
made: counted once) and the frame itself, a JPEG of at most 1 MB, base64-encoded (the API reads JSON
only). The frame is decoded in memory and dropped: never stored, never logged.

Answers: `created` / `repeat` / `duplicate` with the participant's name, delegation and seat; `unsure`
(ask for the QR code); `none` (nobody enrolled); `no_face` (take another frame). Scope: whoever
`api.kiosk_scope` allows (404 to anyone else), at the points they may use (403 for another).
"""

import base64
import binascii
from typing import Annotated, Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema
from ninja.errors import HttpError

from tienphong.core.apierrors import ERRORS
from tienphong.core.errors import DomainError

from . import faces
from .api import kiosk_scope, session_of

router = Router(tags=["events"])

MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# base64 of MAX_FRAME_BYTES, rounded up
MAX_FRAME_CHARS = (faces.MAX_FRAME_BYTES + 2) // 3 * 4


class FrameIn(Schema):
    point: Id
    session: Id | None = Field(None, description="Default: the session under way (services.current_session).")
    nonce: str = Field(description="Made by the kiosk for this frame (a UUID); a re-sent frame keeps it.",
                       max_length=64, json_schema_extra={"format": "uuid"})
    frame: str = Field(description="The camera frame: a JPEG (or PNG/WebP) of at most 1 MB, base64.",
                       max_length=MAX_FRAME_CHARS)


class FrameOut(Schema):
    status: Literal["created", "repeat", "duplicate", "unsure", "none", "no_face"]
    message: str
    participant: int | None = None
    name: str = ""
    delegation: str = ""
    seat: str = ""
    at: str = Field("", description="The check-in's local time, HH:MM (the first one, for a repeat).")


def _message(result: faces.Identification) -> str:
    hm = timezone.localtime(result.checkin.at).strftime("%H:%M") if result.checkin else ""
    return {
        "created": _("Checked in at %(time)s.") % {"time": hm},
        "repeat": _("Already checked in at %(time)s.") % {"time": hm},
        "duplicate": _("Checked in at %(time)s.") % {"time": hm},
        "unsure": _("Not sure — please scan the QR code."),
        "none": _("Not recognised."),
        "no_face": _("No face in the picture: look at the camera."),
    }[result.status]


@router.post("/{event_id}/identify", response={200: FrameOut, **ERRORS}, url_name="event_face_identify",
             summary="Identify the face in a kiosk frame and check its owner in")
def identify(request, event_id: Path[Id], data: FrameIn):
    event, points, sessions, _everywhere = kiosk_scope(request, event_id, faces=True)
    if not event.face_enabled:
        raise HttpError(404, "face_disabled")
    point = next((p for p in points if p.pk == data.point), None)
    if point is None:
        raise HttpError(403, _("You may not check people in at this connection point."))
    session = session_of(event, sessions, data.session)
    try:
        frame = base64.b64decode(data.frame, validate=True)
    except (binascii.Error, ValueError):
        raise HttpError(422, _("The camera frame is not a picture.")) from None
    try:
        result = faces.identify(event=event, frame=frame, session=session, point=point, nonce=data.nonce,
                                by=request.user, version=faces.version_read_with(event))
    except DomainError as e:
        raise HttpError(413 if e.code == "frame_too_large" else 422, e.message) from None
    out = {"status": result.status, "message": _message(result)}
    if result.participant is not None:
        p = result.participant
        out.update(participant=p.pk, name=p.full_name, delegation=p.delegation, seat=p.seat,
                   at=timezone.localtime(result.checkin.at).strftime("%H:%M") if result.checkin else "")
    return out

"""Upload → preview → confirm or cancel, for any import's views.

The uploaded file waits between preview and confirm in the private storage (`pending`: never
served, outside MEDIA_ROOT), its token in the session under the view's key together with what
the view needs to confirm it (the unit, say): any worker can confirm it, and it is read again from
that storage on confirm. Confirm and cancel delete it; a day-old one is purged on each upload.
The view keeps its own pages, rights and messages:

    plan, token = preview_upload(request, KEY, upload, importer, unit=unit.pk)   # token None: not kept
    ...
    waiting = take_waiting(request, KEY)         # None (and an error message): nothing to confirm
    plan = confirm_waiting(waiting, lambda w: make_importer(w), actor=request.user)
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.utils.translation import gettext as _

from . import pending
from .declaration import RowError
from .importer import Importer, Plan
from .reading import file_too_large_message


def forget_pending(request, key: str) -> dict:
    """Delete the session's own pending upload, if any (never another user's: the token comes from
    the session); what the session kept about it."""
    waiting = request.session.pop(key, None) or {}
    if waiting:
        pending.delete(waiting.get("token"))
    return waiting


def preview_upload(request, key: str, upload, importer: Importer, **keep) -> tuple[Plan, str | None]:
    """Check an uploaded file (a dry run) and keep it for the confirmation when it has no error.

    Forgets the session's earlier upload and purges day-old ones first. A file over the size limit
    is refused before it is stored; a file with errors is not kept. `keep`: what the session keeps
    with the token (plus the file's name) for the confirmation."""
    file_name = upload.name
    forget_pending(request, key)
    pending.purge()
    limit = importer.sheet.max_bytes()
    if upload.size > limit:
        return importer.new_plan(errors=[RowError(None, "", file_too_large_message(upload.size, limit))]), None
    token = pending.save(upload)
    with pending.opened(token) as f:
        plan = importer.import_file(f, dry_run=True)
    if plan.errors:
        pending.delete(token)
        return plan, None
    request.session[key] = {"token": token, "file_name": file_name, "rows": len(plan.rows), **keep}
    return plan, token


def runs_in_background(waiting: dict) -> bool:
    """A file of IMPORT_BACKGROUND_ROWS rows or more is confirmed as a background job (jobs.py) with a
    progress page; a smaller one is imported within the request, as quick as a page."""
    from django.conf import settings

    return int(waiting.get("rows") or 0) >= settings.IMPORT_BACKGROUND_ROWS


def take_waiting(request, key: str) -> dict | None:
    """The session's pending upload named by the posted token, taken out of the session; None (with an
    error message) when nothing is waiting under that token."""
    waiting = request.session.pop(key, None) or {}
    token = request.POST.get("token", "")
    if not token or waiting.get("token") != token or not pending.exists(token):
        messages.error(request, _("This import is no longer waiting for confirmation. Upload the file again."))
        return None
    return waiting


def confirm_waiting(waiting: dict, make_importer: Callable[[dict], Importer], *, actor, progress=None) -> Plan:
    """Import the waiting file for good (all or nothing) and delete it, whatever happens.

    `make_importer(waiting)` builds the importer and checks the rights again (they may have changed
    since the preview); what it raises (a 404) goes up after the file is deleted. `progress`: see
    `Importer.import_file` (the background job, jobs.py, reports through it)."""
    try:
        importer = make_importer(waiting)
        with pending.opened(waiting["token"]) as f:
            return importer.import_file(f, actor=actor, progress=progress)
    finally:
        pending.delete(waiting["token"])


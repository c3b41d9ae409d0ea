"""One import's page, its flow written once (upload → preview → confirm or cancel), on views.py's steps
and jobs.py's background jobs; the members and union-tree imports each declare an `ImportPage`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from . import jobs, views


@dataclass(frozen=True)
class ImportPage:
    """One import's page, its flow written once: the form (GET), an upload checked and previewed, then
    confirm (within the request, or as a background job with a progress page for a large file) or cancel.
    Each import declares only what differs; its view is `PAGE.handle(request, scope)` after its own
    rights check. Every callable's unit lookup is scoped: outside the scope it raises a 404."""

    key: str  # session key of the waiting file
    url_name: str  # the page (form, cancel and "nothing waiting" return to it)
    job_kind: str  # the name registered with jobs.register
    units: Callable  # (scope) -> the units offered in the form
    upload_unit: Callable  # (scope, unit_id) -> the unit an upload goes into
    importer: Callable  # (unit) -> Importer (whose .unit is that unit)
    waiting_importer: Callable  # (waiting, scope) -> Importer, rights checked again at confirm
    form_page: Callable  # (request, units, selected=None, status=200) -> response
    preview_page: Callable  # (request, unit, plan, *, file_name, token=None) -> response
    done: Callable  # (request, plan) -> response after an import made within the request

    def handle(self, request, scope):
        units = self.units(scope)
        if request.method != "POST":
            return self.form_page(request, units, selected=request.GET.get("unit"))
        if "confirm" in request.POST:
            return self._confirm(request, scope)
        if "cancel" in request.POST:
            unit_id = views.forget_pending(request, self.key).get("unit")
            return redirect(f"{reverse(self.url_name)}?unit={unit_id}" if unit_id else reverse(self.url_name))
        unit_id = request.POST.get("unit", "")
        if not unit_id.isdigit():
            messages.error(request, _("Choose the unit to import into."))
            return self.form_page(request, units, status=400)
        unit = self.upload_unit(scope, unit_id)
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose an .xlsx file to import."))
            return self.form_page(request, units, selected=str(unit.pk), status=400)
        plan, token = views.preview_upload(request, self.key, upload, self.importer(unit), unit=unit.pk)
        return self.preview_page(request, unit, plan, file_name=upload.name, token=token)

    def _confirm(self, request, scope):
        waiting = views.take_waiting(request, self.key)
        if waiting is None:
            return redirect(self.url_name)
        if views.runs_in_background(waiting):  # a large file: a job with a progress page
            unit = self.waiting_importer(waiting, scope).unit
            job = jobs.start(kind=self.job_kind, waiting=waiting, actor=request.user, unit_path=unit.path,
                             unit_id=unit.pk)
            return redirect("import_job", pk=job.pk)
        plan = views.confirm_waiting(waiting, lambda w: self.waiting_importer(w, scope), actor=request.user)
        if plan.errors:  # the records changed between preview and confirm: show what is wrong now
            return self.preview_page(request, plan.unit, plan, file_name=waiting.get("file_name", ""))
        return self.done(request, plan)

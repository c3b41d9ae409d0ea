"""An event's people pages: the participants' Excel import (upload → preview → confirm, on the import
framework's `ImportPage`), export and template, and the badge sheets (a PDF within the request for a small
set, a background task with a progress bar for a large one).

Only those who may manage events in the event's subtree ("manage_events") get here; anyone else, a 404.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tienphong.core.errors import DomainError
from tienphong.core.imports import pages as import_pages
from tienphong.core.scope import get_scope
from tienphong.core.text import fold

from . import badges, excel, selectors, services, tasks
from .importing import ParticipantImporter, export_records
from .models import Event

SESSION_KEY = "event_participants_import"
JOB_KIND = "event_participants"
PERM = "manage_events"


def _event(request, pk) -> Event:
    return selectors.event_get(scope=get_scope(request), pk=pk, perm=PERM)


def _file_slug(event: Event) -> str:
    return slugify(fold(event.name))[:50] or "su-kien"


# ---------------------------------------------------------------- import

@dataclass(frozen=True)
class _Choice:
    """The event as the import form's "Import into" choice (the framework's form lists units)."""

    pk: int
    name: str
    code: str


def _columns_doc():
    return [{"header": c.header, "meaning": c.meaning, "allowed": c.allowed, "required": c.required}
            for c in excel.COLUMNS]


def _form_page(request, event, status=200):
    return render(request, "events/import.html", {
        "nav": "events", "event": event, "units": [_Choice(event.pk, event.name, f"{event.starts_on:%d/%m/%Y}")],
        "selected": str(event.pk), "columns": _columns_doc(), "roles": list(excel.role_labels().values()),
        "points": [p.name for p in event.points.all()], "max_size": excel.MAX_BYTES, "max_rows": excel.MAX_ROWS,
    }, status=status)


def _preview_page(request, unit, plan, *, file_name, token=None):
    roles = excel.role_labels()
    rows = [{"row": p.row, "action": p.action, "name": p.values["full_name"], "member": p.values["member_name"],
             "delegation": p.values["delegation"], "role": roles.get(p.values["role"], ""), "seat": p.values["seat"],
             "point": p.values["point_name"], "changes": sorted(p.changes)} for p in plan.preview]
    return render(request, "events/import_preview.html", {
        "nav": "events", "unit": unit, "event": unit, "plan": plan, "rows": rows, "file_name": file_name,
        "token": token, "errors": plan.errors,
    })


def _done(request, plan):
    messages.success(request, _result_message(plan.created, plan.updated, plan.unchanged))
    return redirect("event_participants", plan.unit.pk)


def _result_message(created, updated, unchanged) -> str:
    return (_("Imported: %(created)s participants added, %(updated)s updated, %(unchanged)s unchanged.")
            % {"created": created, "updated": updated, "unchanged": unchanged})


def job_importer(waiting, scope):
    """The importer of the waiting file (the confirmation, and the background job registered in apps.py).
    The rights may have changed since the preview: the event is looked up in the scope again (404 outside)."""
    return ParticipantImporter(selectors.event_get(scope=scope, pk=waiting.get("unit"), perm=PERM))


def job_result_url(job):
    return reverse("event_participants", args=[job.unit_id])


def job_result_message(job):
    return _result_message(job.created, job.updated, job.unchanged)


def _page(event: Event) -> import_pages.ImportPage:
    """The import framework's page flow for this event (the form's only "unit" is the event)."""

    def upload_unit(scope, unit_id):
        if str(unit_id) != str(event.pk):
            raise Http404
        return event

    return import_pages.ImportPage(
        key=SESSION_KEY, url_name="event_import_return", job_kind=JOB_KIND, units=lambda scope: [event],
        upload_unit=upload_unit, importer=ParticipantImporter, waiting_importer=job_importer,
        form_page=lambda request, units, selected=None, status=200: _form_page(request, event, status),
        preview_page=_preview_page, done=_done)


@login_required
def event_import(request, pk):
    event = _event(request, pk)
    return _page(event).handle(request, get_scope(request))


@login_required
def event_import_return(request):
    """Where the import flow returns after a cancel (`?unit=<event>`) or a confirmation with nothing
    waiting: the event's import page (the framework names its page without arguments)."""
    pk = request.GET.get("unit", "")
    if not pk.isdigit():
        return redirect("event_list")
    return redirect("event_import", _event(request, pk).pk)


def _xlsx_response(fileobj, filename: str) -> FileResponse:
    fileobj.seek(0)
    return FileResponse(fileobj, as_attachment=True, filename=filename, content_type=excel.XLSX_CONTENT_TYPE)


@login_required
def event_import_template(request, pk):
    """Header and an example row, the guide with the roles and the event's connection points."""
    event = _event(request, pk)
    out = tempfile.TemporaryFile()
    excel.write_template(out, [p.name for p in event.points.all()])
    return _xlsx_response(out, f"mau-nhap-nguoi-tham-du-{_file_slug(event)}.xlsx")


@login_required
def event_export(request, pk):
    """The participants as a workbook the import reads back unchanged; phones only for those who may see them."""
    event = _event(request, pk)
    with_phone = get_scope(request).sees("participant_phone", event.path)
    out = tempfile.TemporaryFile()
    excel.write_participants_workbook(out, export_records(event), with_phone=with_phone)
    return _xlsx_response(out, f"nguoi-tham-du-{_file_slug(event)}-{dt.date.today():%Y%m%d}.xlsx")


# ---------------------------------------------------------------- badges

class BadgeForm(forms.Form):
    ALL, UNPRINTED = "all", "unprinted"

    which = forms.ChoiceField(label=gettext_lazy("Whose badges"), required=False, initial=ALL,
                              widget=forms.RadioSelect)
    delegation = forms.ChoiceField(label=gettext_lazy("Delegation"), required=False)
    point = forms.ChoiceField(label=gettext_lazy("Connection point"), required=False)

    def __init__(self, *args, event: Event, unprinted: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["which"].choices = [
            (self.ALL, _("All participants")),
            (self.UNPRINTED, _("Only those not yet printed (%(n)s)")
             % {"n": number_format(unprinted, force_grouping=True)})]
        delegations = (event.participants.exclude(delegation="").order_by("delegation")
                       .values_list("delegation", flat=True).distinct())
        self.fields["delegation"].choices = [("", _("All delegations"))] + [(d, d) for d in delegations]
        self.fields["point"].choices = [("", _("All connection points"))] + [
            (str(p.pk), p.name) for p in event.points.all()]

    @property
    def unprinted_only(self) -> bool:
        return self.cleaned_data.get("which") == self.UNPRINTED

    def participants(self, event: Event):
        point = self.cleaned_data.get("point")
        return selectors.participants(event=event, delegation=self.cleaned_data.get("delegation") or "",
                                      point=int(point) if point else None, unprinted=self.unprinted_only)


def _origin(request) -> str:
    """Scheme and host the QR links start with: PUBLIC_BASE_URL when set (what is printed), else the request's."""
    return settings.PUBLIC_BASE_URL.rstrip("/") if settings.PUBLIC_BASE_URL else \
        request.build_absolute_uri("/").rstrip("/")


def _pdf_response(content, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
def event_badges(request, pk):
    """Choose whose badges (all or only those not printed yet; a delegation, a connection point) and print:
    the PDF at once for up to tasks.BACKGROUND_BADGES participants, else a background job and its progress
    page. Either way the sheet's participants are marked printed (services.badge_sheet)."""
    event = _event(request, pk)
    unprinted = selectors.unprinted_count(event)
    form = BadgeForm(request.POST if request.method == "POST" else None, event=event, unprinted=unprinted)
    if request.method == "POST" and form.is_valid():
        people = form.participants(event)
        count = people.count()
        if count > tasks.BACKGROUND_BADGES:
            job = tasks.start(event=event, participant_ids=list(people.values_list("pk", flat=True)),
                              origin=_origin(request), actor=request.user)
            return redirect("event_badges_job", event.pk, job.id)
        origin = _origin(request)
        try:
            content = services.badge_sheet(event=event, participants=people, unprinted_only=form.unprinted_only,
                                           url_for=lambda p: tasks.personal_url(origin, p))
        except DomainError as e:
            form.add_error(None, e.message)
        else:
            return _pdf_response(content, f"the-deo-{_file_slug(event)}.pdf")
    return render(request, "events/badges.html", {
        "nav": "events", "event": event, "form": form, "count": event.participants.count(), "unprinted": unprinted,
        "background_from": tasks.BACKGROUND_BADGES + 1, "per_page": badges.PER_PAGE})


def _job(request, pk, job_id):
    event = _event(request, pk)
    job = tasks.load(job_id)
    if job is None or job.event_id != event.pk:
        raise Http404
    return event, job


@login_required
def event_badges_job(request, pk, job_id):
    """The job's progress (htmx refreshes it every second until it is finished), then the download link."""
    event, job = _job(request, pk, job_id)
    context = {"nav": "events", "event": event, "job": job}
    if getattr(request, "htmx", False):
        return render(request, "events/badges_job_status.html", context)
    return render(request, "events/badges_job.html", context)


@login_required
def event_badges_file(request, pk, job_id):
    event, job = _job(request, pk, job_id)
    if job.status != "done":
        raise Http404
    try:
        f = tasks.storage().open(job.pdf_name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(f, as_attachment=True, filename=f"the-deo-{_file_slug(event)}.pdf",
                        content_type="application/pdf")

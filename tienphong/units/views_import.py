"""Excel import (upload → preview → confirm), export and template of the union tree.

Upload, preview, confirm and cancel follow the import framework (tienphong/core/imports/views.py),
as the members import does: the uploaded file waits between preview and confirm in the private
storage, its token in the session with the unit imported into, and is read again on confirm. A
province admin imports into the province (or one of its communes), a commune secretary into their
commune; anyone else gets a 404.
"""

import datetime as dt
import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tienphong.core.imports import jobs as import_jobs
from tienphong.core.imports import views as import_views
from tienphong.core.scope import get_scope

from . import excel
from .importing import TreeImporter, commune_rows, export_records
from .models import OrgUnit

SESSION_KEY = "tree_import"
JOB_KIND = "tree"
PERM = "manage_units"  # who may change the tree (core/scope.py): province admins, commune secretaries


def _import_units(scope):
    """The province and communes the user may import the tree into."""
    return OrgUnit.objects.filter(scope.q("path", perm=PERM),
                                  kind__in=[OrgUnit.Kind.PROVINCE, OrgUnit.Kind.COMMUNE]).order_by("depth", "name")


def _allowed(scope) -> bool:
    return scope.is_superuser or bool(scope.paths(PERM))


def _unit_from(request, scope, value):
    """The unit named by `value` (an id) inside the user's scope, else the widest one they hold; 404 outside."""
    units = _import_units(scope)
    if value and str(value).isdigit():
        return get_object_or_404(units, pk=value)
    unit = units.first()
    if unit is None:
        raise Http404
    return unit


def _columns_doc():
    return [{"header": c.header, "meaning": c.meaning, "allowed": c.allowed, "required": c.required}
            for c in excel.COLUMNS]


def _form_page(request, units, selected=None, status=200):
    return render(request, "units/import/form.html", {
        "nav": "units", "units": units, "selected": selected, "columns": _columns_doc(),
        "kinds": list(excel.kind_labels().values()), "branch_types": list(excel.branch_type_labels().values()),
        "max_size": excel.SHEET.max_bytes(), "max_rows": excel.MAX_ROWS,
    }, status=status)


def _preview_page(request, unit, plan, *, file_name, token=None):
    kinds, types = excel.kind_labels(), excel.branch_type_labels()
    rows = []
    for planned in plan.preview:
        v = planned.values
        rows.append({
            "row": planned.row, "action": planned.action, "kind": kinds.get(v["kind"], v["kind"]),
            "code": v["code"], "name": v["name"], "commune": v["commune"].name if v["commune"] else unit.name,
            "parent": v["parent_name"], "branch_type": types.get(v["branch_type"], ""),
            "changes": sorted(planned.changes),
        })
    return render(request, "units/import/preview.html", {
        "nav": "units", "unit": unit, "plan": plan, "rows": rows, "file_name": file_name, "token": token,
        "errors": plan.errors,
    })


@login_required
def tree_import(request):
    scope = get_scope(request)
    if not _allowed(scope):
        raise Http404
    units = _import_units(scope)
    if request.method != "POST":
        return _form_page(request, units, selected=request.GET.get("unit"))
    if "confirm" in request.POST:
        return _confirm(request, scope)
    if "cancel" in request.POST:
        waiting = import_views.forget_pending(request, SESSION_KEY)
        unit_id = waiting.get("unit")
        return redirect(f"{reverse('tree_import')}?unit={unit_id}" if unit_id else reverse("tree_import"))

    unit_id = request.POST.get("unit", "")
    if not unit_id.isdigit():
        messages.error(request, _("Choose the unit to import into."))
        return _form_page(request, units, status=400)
    unit = get_object_or_404(units, pk=unit_id)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose an .xlsx file to import."))
        return _form_page(request, units, selected=str(unit.pk), status=400)
    plan, token = import_views.preview_upload(request, SESSION_KEY, upload, TreeImporter(unit), unit=unit.pk)
    return _preview_page(request, unit, plan, file_name=upload.name, token=token)


def _confirm(request, scope):
    waiting = import_views.take_waiting(request, SESSION_KEY)
    if waiting is None:
        return redirect("tree_import")

    if import_views.runs_in_background(waiting):  # a large file: a job with a progress page
        unit = get_object_or_404(_import_units(scope), pk=waiting.get("unit"))
        job = import_jobs.start(kind=JOB_KIND, waiting=waiting, actor=request.user, unit_path=unit.path,
                                unit_id=unit.pk)
        return redirect("import_job", pk=job.pk)
    plan = import_views.confirm_waiting(waiting, lambda w: job_importer(w, scope), actor=request.user)
    unit = plan.unit
    if plan.errors:
        # The tree changed between preview and confirm: show what is wrong now.
        return _preview_page(request, unit or _unit_from(request, scope, waiting.get("unit")), plan,
                             file_name=waiting.get("file_name", ""))
    messages.success(request, _("Imported: %(created)s units created, %(updated)s updated, %(unchanged)s unchanged.")
                     % {"created": plan.created, "updated": plan.updated, "unchanged": plan.unchanged})
    return redirect(f"{reverse('tree_import')}?unit={unit.pk}")


def job_importer(waiting, scope):
    """The importer of the waiting file (registered in apps.py for the background job). The rights may
    have changed since the preview: the unit is looked up in the scope again (404 outside)."""
    return TreeImporter(get_object_or_404(_import_units(scope), pk=waiting.get("unit")))


def job_result_url(job):
    return f"{reverse('tree_import')}?unit={job.unit_id}"


def job_result_message(job):
    return (_("Imported: %(created)s units created, %(updated)s updated, %(unchanged)s unchanged.")
            % {"created": job.created, "updated": job.updated, "unchanged": job.unchanged})


def _xlsx_response(fileobj, filename: str) -> FileResponse:
    fileobj.seek(0)
    return FileResponse(fileobj, as_attachment=True, filename=filename, content_type=excel.XLSX_CONTENT_TYPE)


@login_required
def tree_export(request):
    """The grassroots unions, branches and service points of a unit, as a workbook the import reads
    back unchanged."""
    scope = get_scope(request)
    if not _allowed(scope):
        raise Http404
    unit = _unit_from(request, scope, request.GET.get("unit"))
    out = tempfile.TemporaryFile()
    excel.write_units_workbook(out, export_records(unit), commune_rows(unit))
    return _xlsx_response(out, f"cay-to-chuc-{unit.code}-{dt.date.today():%Y%m%d}.xlsx")


@login_required
def tree_import_template(request):
    """Header and example rows, the guide sheet, and the commune codes of the unit."""
    scope = get_scope(request)
    if not _allowed(scope):
        raise Http404
    unit = _unit_from(request, scope, request.GET.get("unit"))
    out = tempfile.TemporaryFile()
    excel.write_template(out, commune_rows(unit))
    return _xlsx_response(out, f"mau-nhap-cay-to-chuc-{unit.code}.xlsx")

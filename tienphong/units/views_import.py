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

from tienphong.core.imports import pages as import_pages
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


def _upload_unit(scope, unit_id):
    return get_object_or_404(_import_units(scope), pk=unit_id)


def _done(request, plan):
    messages.success(request, _("Imported: %(created)s units created, %(updated)s updated, %(unchanged)s unchanged.")
                     % {"created": plan.created, "updated": plan.updated, "unchanged": plan.unchanged})
    return redirect(f"{reverse('tree_import')}?unit={plan.unit.pk}")


@login_required
def tree_import(request):
    scope = get_scope(request)
    if not _allowed(scope):
        raise Http404
    return PAGE.handle(request, scope)


def job_importer(waiting, scope):
    """The importer of the waiting file (registered in apps.py for the background job). The rights may
    have changed since the preview: the unit is looked up in the scope again (404 outside)."""
    return TreeImporter(get_object_or_404(_import_units(scope), pk=waiting.get("unit")))


PAGE = import_pages.ImportPage(
    key=SESSION_KEY, url_name="tree_import", job_kind=JOB_KIND, units=_import_units, upload_unit=_upload_unit,
    importer=TreeImporter, waiting_importer=job_importer, form_page=_form_page, preview_page=_preview_page,
    done=_done)


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

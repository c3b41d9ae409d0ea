"""Excel import (upload → preview → confirm), export and the import template.

Upload, preview, confirm and cancel follow the import framework (tienphong/core/imports/views.py):
the uploaded file waits between preview and confirm in the private storage (never served, outside
MEDIA_ROOT), its uuid in the session with the unit: any worker can confirm it, and it is read again
from that storage on confirm. Confirm and cancel delete it; a day-old one is purged.
"""

import datetime as dt
import tempfile

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tienphong.core.imports import pages as import_pages
from tienphong.core.scope import get_scope
from tienphong.core.paths import subtree_q, subtrees_q
from tienphong.units.models import OrgUnit

from . import excel
from .importing import MemberImporter
from .selectors import member_list
from .views import filters_from_request

SESSION_KEY = "member_import"
JOB_KIND = "members"


def _import_units(scope):
    """Units the user may import into: where they manage members, and the unions below them."""
    kinds = [OrgUnit.Kind.PROVINCE, OrgUnit.Kind.COMMUNE, OrgUnit.Kind.GRASSROOTS]
    return OrgUnit.objects.filter(scope.q("path", perm="manage_members"), kind__in=kinds).order_by("path")


def _branch_rows(units_q: Q):
    """(code, name, grassroots union, commune) of every branch matched by `units_q`."""
    return list(
        OrgUnit.objects.filter(units_q, kind=OrgUnit.Kind.BRANCH)
        .order_by("path").values_list("code", "name", "parent__name", "commune__name")
    )


def _columns_doc():
    return [{"header": c.header, "meaning": c.meaning, "allowed": c.allowed, "required": c.required}
            for c in excel.COLUMNS]


def _form_page(request, units, selected=None, status=200):
    return render(request, "members/import.html", {
        "nav": "members", "units": units, "selected": selected, "columns": _columns_doc(),
        "skill_levels": excel.skill_levels(), "max_size": settings.MEMBER_IMPORT_MAX_BYTES,
        "max_rows": excel.MAX_ROWS,
    }, status=status)


def _preview_page(request, unit, plan, *, file_name, token=None):
    rows = []
    for planned in plan.preview:
        v = planned.values
        rows.append({
            "row": planned.row, "action": planned.action, "full_name": v["full_name"],
            "gender": excel.GENDER_LABELS.get(v["gender"], v["gender"]), "birth_date": v["birth_date"],
            "phone": v["phone"], "email": v["email"], "branch": v["branch"],
            "status": excel.STATUS_LABELS.get(v["status"], v["status"]), "is_core": v["is_core"],
            "digital_skill": v["digital_skill"], "changes": sorted(planned.changes),
        })
    return render(request, "members/import_preview.html", {
        "nav": "members", "unit": unit, "plan": plan, "rows": rows, "file_name": file_name, "token": token,
        "errors": plan.errors,
    })


def _upload_unit(scope, unit_id):
    unit = get_object_or_404(OrgUnit, pk=unit_id)
    scope.require(unit.path, "manage_members")
    return unit


def _done(request, plan):
    messages.success(request, _("Imported: %(created)s created, %(updated)s updated.")
                     % {"created": plan.created, "updated": plan.updated})
    return redirect(f"{reverse('member_list')}?unit={plan.unit.pk}")


@login_required
def member_import(request):
    scope = get_scope(request)
    if not (scope.is_superuser or scope.paths("manage_members")):
        raise Http404
    return PAGE.handle(request, scope)


def _job_unit(waiting, scope):
    """The unit the waiting file goes into, if the user may still manage its members (the rights may
    have changed since the preview); 404 otherwise."""
    unit = get_object_or_404(OrgUnit, pk=waiting.get("unit"))
    scope.require(unit.path, "manage_members")
    return unit


def job_importer(waiting, scope):
    """The background job's importer (registered in apps.py)."""
    return MemberImporter(_job_unit(waiting, scope))


PAGE = import_pages.ImportPage(
    key=SESSION_KEY, url_name="member_import", job_kind=JOB_KIND, units=_import_units, upload_unit=_upload_unit,
    importer=MemberImporter, waiting_importer=job_importer, form_page=_form_page, preview_page=_preview_page,
    done=_done)


def job_result_url(job):
    return f"{reverse('member_list')}?unit={job.unit_id}" if job.status == job.Status.DONE \
        else f"{reverse('member_import')}?unit={job.unit_id}"


def job_result_message(job):
    return _("Imported: %(created)s created, %(updated)s updated.") % {"created": job.created, "updated": job.updated}


def _xlsx_response(fileobj, filename: str) -> FileResponse:
    fileobj.seek(0)
    return FileResponse(fileobj, as_attachment=True, filename=filename, content_type=excel.XLSX_CONTENT_TYPE)


@login_required
def member_export(request):
    """The members the list page shows for the same filters, as a workbook the import reads back.
    Only for the register's keepers (`export_members`, docs/privacy.md); anyone else gets a 404."""
    scope = get_scope(request)
    if not scope.sees("member_export"):
        raise Http404
    _form, filters = filters_from_request(request)
    unit = filters["unit"]
    members = member_list(**filters).filter(scope.q("path", perm="export_members"))
    records = members.values(*[c.source for c in excel.COLUMNS]).iterator(chunk_size=2000)
    if unit is not None:
        branches = _branch_rows(subtree_q(unit.path))
    elif scope.is_superuser:
        branches = _branch_rows(Q())
    else:
        branches = _branch_rows(subtrees_q(scope.paths("view")))
    out = tempfile.TemporaryFile()  # write-only workbooks stream rows to disk, not to memory
    excel.write_members_workbook(out, records, branches)
    code = unit.code if unit is not None else "tat-ca"
    return _xlsx_response(out, f"doan-vien-{code}-{dt.date.today():%Y%m%d}.xlsx")


@login_required
def member_import_template(request):
    """Header and an example row, the guide sheet, and the branch codes of the user's unit."""
    scope = get_scope(request)
    unit_id = request.GET.get("unit", "")
    if unit_id.isdigit():
        unit = get_object_or_404(OrgUnit.objects.filter(scope.q("path", perm="manage_members")), pk=unit_id)
        branches = _branch_rows(subtree_q(unit.path))
    else:
        unit = None
        if scope.is_superuser:
            branches = _branch_rows(Q())
        else:
            paths = scope.paths("manage_members") or scope.paths("view")
            if not paths:
                raise Http404
            branches = _branch_rows(subtrees_q(paths))
    out = tempfile.TemporaryFile()
    excel.write_template(out, branches)
    suffix = f"-{unit.code}" if unit is not None else ""
    return _xlsx_response(out, f"mau-nhap-doan-vien{suffix}.xlsx")

"""The Excel import framework: an app declares its file, the framework reads, checks, previews and
writes it all or nothing.

    declaration.py  Column (key, Vietnamese header, parser, help texts, example, required),
                    Sheet (data sheet, columns, limits, the words that name a row), RowError,
                    ParsedRow, ParsedFile
    cells.py        CellError and the parsers of common cells (text, dates, yes/no)
    reading.py      hostile-file checks (size, .xls/encrypted, not a zip, zip bombs, declared sheet
                    size, row limit, formulas without values), the readers (python-calamine when the
                    sheet is plain, openpyxl streaming otherwise), header matching, the parse
    writing.py      the data sheet (export), the template (example row, guide, extra sheets)
    importer.py     Importer (plan → Plan with created/updated/unchanged and errors; apply in one
                    transaction), ImportRejected
    pending.py      the upload waiting between preview and confirm, in STORAGES["private"]
    views.py        upload → preview → confirm/cancel helpers for views
    jobs.py         a large confirmed file imported by a background task (django-tasks), its progress
                    and outcome in core.models.ImportJob; imports registered by name from AppConfig.ready

It knows no app: members (tienphong/members/excel.py, importing.py) declares itself on it.
"""

from .cells import CellError
from .declaration import Column, ParsedFile, ParsedRow, RowError, Sheet
from .importer import CREATE, UNCHANGED, UPDATE, Importer, ImportRejected, Plan, PlannedRow
from .writing import XLSX_CONTENT_TYPE, ExtraSheet, GuideSection

__all__ = [
    "CREATE", "UNCHANGED", "UPDATE", "XLSX_CONTENT_TYPE", "CellError", "Column", "ExtraSheet", "GuideSection",
    "ImportRejected", "Importer", "ParsedFile", "ParsedRow", "Plan", "PlannedRow", "RowError", "Sheet",
]

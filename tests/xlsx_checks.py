"""What a test asks of any workbook the platform writes: no formula it did not write itself."""

import io
import re
import zipfile

import openpyxl

# Text a member, a team or a unit may be named: each would run as a formula if written as it is.
HOSTILE = [
    '=HYPERLINK("http://x","Bấm vào")',
    "=1+1",
    "+1+1",
    "-2+3",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
]


def formula_cells(content: bytes) -> list[tuple[str, str, object]]:
    """(sheet, cell, value) of every formula cell, read two ways: openpyxl's cell types and the
    sheets' XML (any <f> element), so neither reader's habits can hide one."""
    found = []
    wb = openpyxl.load_workbook(io.BytesIO(content))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    found.append((ws.title, cell.coordinate, cell.value))
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = zf.read(name).decode()
                for match in re.finditer(r"<c [^>]*r=\"([A-Z]+\d+)\"[^>]*>(?:(?!</c>).)*<f[ >/]", xml, re.S):
                    found.append((name, match.group(1), "<f>"))
    return found


def text_cells(content: bytes) -> dict[str, tuple[str, bool]]:
    """Every text cell's value → (its data type, whether it is marked as quoted text)."""
    out = {}
    wb = openpyxl.load_workbook(io.BytesIO(content))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    out[cell.value] = (cell.data_type, bool(cell.quotePrefix))
    return out

"""Preview, then all or nothing: the protocol every import follows.

    importer = SomeImporter(...)                 # declares `sheet` (a Sheet) and the two steps
    plan = importer.import_file(source, dry_run=True)    # read + plan: the preview
    plan = importer.import_file(source, actor=user)      # read, plan again, apply in one transaction

`plan(rows) -> Plan` checks the parsed rows against the database and decides, row by row,
create / update / unchanged, adding `RowError`s (row, column header, message); it writes nothing.
`apply(plan, actor)` writes a plan without errors; `run()` calls both inside one transaction and
raises `ImportRejected` (nothing written) when the plan has an error. A file with any error,
in its cells or against the database, writes nothing and lists every error, sorted by row and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tienphong.core.errors import DomainError

from .declaration import ParsedRow, RowError, Sheet
from .reading import read_workbook

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
PREVIEW_ROWS = 20


class ImportRejected(DomainError):
    def __init__(self, errors: list[RowError]):
        super().__init__("import_rejected", _("The file has %(count)s errors; nothing was imported.")
                         % {"count": len(errors)})
        self.errors = errors


@dataclass
class PlannedRow:
    row: int
    action: str  # CREATE, UPDATE or UNCHANGED
    values: dict[str, Any]  # clean values, as the importer will write them
    target_id: Any = None  # the record an update or unchanged row matched
    changes: dict[str, list] = field(default_factory=dict)  # field → [before, after]


@dataclass
class Plan:
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    preview_rows: int = PREVIEW_ROWS

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def created(self) -> int:
        return self.count(CREATE)

    @property
    def updated(self) -> int:
        return self.count(UPDATE)

    @property
    def unchanged(self) -> int:
        return self.count(UNCHANGED)

    @property
    def preview(self) -> list[PlannedRow]:
        return self.rows[:self.preview_rows]


class Importer:
    """One kind of import: its file's declaration and its two steps against the database."""

    sheet: Sheet

    def new_plan(self, **kwargs) -> Plan:
        """An empty plan (an importer may return a Plan subclass carrying its context)."""
        return Plan(**kwargs)

    def plan(self, rows: list[ParsedRow]) -> Plan:  # pragma: no cover - every importer says it
        """Check `rows` against the database: a Plan with every row's action and every error. Writes nothing.

        Rows may miss values whose cells failed to parse: skip the checks that need them, so every
        other problem of the file is still reported."""
        raise NotImplementedError

    def apply(self, plan: Plan, actor) -> None:  # pragma: no cover - every importer says it
        """Write a plan without errors (called inside the transaction of `run`); may raise ImportRejected."""
        raise NotImplementedError

    def run(self, rows: list[ParsedRow], actor=None) -> Plan:
        """Plan and apply `rows` in one transaction, all or nothing; raises ImportRejected."""
        with transaction.atomic():
            plan = self.plan(rows)
            if plan.errors:
                raise ImportRejected(plan.errors)
            self.apply(plan, actor)
        return plan

    def read(self, source):
        return read_workbook(source, self.sheet)

    def import_file(self, source, *, actor=None, dry_run: bool = False, progress=None) -> Plan:
        """Read, plan and (unless `dry_run` or the file has errors) apply. Errors are in `plan.errors`.

        `progress(phase, done, total)`, if given, is called outside the transaction (so what it writes
        stays, whatever the import does): ("read", 0, rows) once the file is read, ("written", rows,
        rows) once they are written. Nothing is reported inside the transaction: all or nothing."""
        parsed = self.read(source)
        if progress is not None:
            progress("read", 0, len(parsed.rows))
        if parsed.errors or dry_run:
            plan = self.plan(parsed.rows)
            plan.errors[:] = self.sheet.sort_errors(parsed.errors + plan.errors)
            return plan
        try:
            plan = self.run(parsed.rows, actor)
        except ImportRejected as e:
            return self.new_plan(errors=e.errors)
        if progress is not None:
            progress("written", len(parsed.rows), len(parsed.rows))
        return plan

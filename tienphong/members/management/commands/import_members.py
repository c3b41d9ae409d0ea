"""manage.py import_members FILE.xlsx --unit CODE [--dry-run] [--user USERNAME]

Prints every error with its row and column and exits with status 1 (writing nothing) when the
file has any; otherwise prints how many members were created, updated and left unchanged.
"""

import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tienphong.members.importing import import_file
from tienphong.units.models import OrgUnit


class Command(BaseCommand):
    help = ("Import union members from an .xlsx file into a unit, all or nothing. "
            "Members of the unit with the same phone or email are updated, not added again.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx workbook (the columns of the template and of the export)")
        parser.add_argument("--unit", required=True, help="code of the unit to import into, e.g. 13285")
        parser.add_argument("--dry-run", action="store_true", help="check the file and report; write nothing")
        parser.add_argument("--user", help="username recorded as the actor in the audit trail")

    def handle(self, *args, file, unit, dry_run, user, **options):
        target = OrgUnit.objects.filter(code=unit).first()
        if target is None:
            raise CommandError(_("No unit has the code “%(code)s”.") % {"code": unit})
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(_("No user is called “%(username)s”.") % {"username": user})
        try:
            with open(file, "rb"):
                pass
        except OSError as e:
            raise CommandError(_("Cannot open %(file)s: %(reason)s.") % {"file": file, "reason": e.strerror}) from None

        started = time.perf_counter()
        plan = import_file(unit=target, source=file, actor=actor, dry_run=dry_run)
        seconds = time.perf_counter() - started

        if plan.errors:
            for error in plan.errors:
                if error.row is None:
                    where = _("File")
                elif error.column:
                    where = _("Row %(row)s, column %(column)s") % {"row": error.row, "column": error.column}
                else:
                    where = _("Row %(row)s") % {"row": error.row}
                self.stderr.write(f"{where}: {error.message}")
            raise CommandError(_("%(count)s error(s) in %(file)s; nothing was imported.")
                               % {"count": len(plan.errors), "file": file})
        counts = {"unit": f"{target.code} {target.name}", "created": plan.created, "updated": plan.updated,
                  "unchanged": plan.unchanged, "seconds": f"{seconds:.1f}"}
        if dry_run:
            self.stdout.write(_("%(unit)s: %(created)s to create, %(updated)s to update, %(unchanged)s unchanged "
                                "(dry run: nothing was written; checked in %(seconds)s s).") % counts)
        else:
            self.stdout.write(_("%(unit)s: imported, %(created)s created, %(updated)s updated, %(unchanged)s "
                                "unchanged (%(seconds)s s).") % counts)

"""manage.py purge_pending_imports [--hours 24]

Deletes workbooks uploaded for an import (members today; every import declared on core.imports) and never confirmed nor cancelled, once older than
a day (a member workbook holds names, phones and birth dates). Each new upload does this too; run it from cron
(e.g. hourly) so a quiet site keeps nothing either.
"""

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from tienphong.core.imports import pending


class Command(BaseCommand):
    help = "Delete pending member-import files older than a day (never confirmed nor cancelled)."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=float, default=pending.MAX_AGE.total_seconds() / 3600,
                            help="delete files older than this many hours (default 24)")

    def handle(self, *args, hours, **options):
        deleted = pending.purge(max_age=dt.timedelta(hours=hours))
        if options["verbosity"] > 0:
            self.stdout.write(_("Deleted %(count)s pending import files older than %(hours)s hours.")
                              % {"count": deleted, "hours": f"{hours:g}"})

"""manage.py backup <folder> [--keep-days 14]

Writes <folder>/tienphong-YYYYMMDD-HHMMSS.tar.gz holding the database (PostgreSQL: `pg_dump -Fc` with the
settings' connection; SQLite: the sqlite3 online backup API, safe while the site runs) and MEDIA_ROOT, then
deletes this command's archives in <folder> older than --keep-days. Run it from cron (docs/deploy.md);
`manage.py restore <archive>` puts one back. Pending import workbooks (PRIVATE_ROOT) are not kept: they
live a day at most.
"""

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

PREFIX = "tienphong-"
SUFFIX = ".tar.gz"
SQLITE_NAME = "database.sqlite3"
PG_NAME = "database.pgdump"


def pg_environment(settings_dict) -> tuple[list[str], dict]:
    """Connection arguments for pg_dump / pg_restore, and an environment carrying the password."""
    args = []
    if settings_dict.get("HOST"):
        args += ["-h", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["-p", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["-U", str(settings_dict["USER"])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env


class Command(BaseCommand):
    help = "Back up the database and MEDIA_ROOT into a dated archive; delete archives older than --keep-days."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="where the archives are kept")
        parser.add_argument("--keep-days", type=float, default=14,
                            help="delete this command's archives older than this many days (default 14)")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, folder, keep_days, database, **options):
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        connection = connections[database]
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        archive = folder / f"{PREFIX}{stamp}{SUFFIX}"
        with tempfile.TemporaryDirectory(dir=folder) as work:
            work = Path(work)
            if connection.vendor == "sqlite":
                db_file = work / SQLITE_NAME
                connection.ensure_connection()
                target = sqlite3.connect(db_file)
                try:
                    connection.connection.backup(target)
                finally:
                    target.close()
            elif connection.vendor == "postgresql":
                db_file = work / PG_NAME
                conn_args, env = pg_environment(connection.settings_dict)
                result = subprocess.run(
                    ["pg_dump", "-Fc", "--no-owner", "--no-privileges", *conn_args, "-f", str(db_file),
                     connection.settings_dict["NAME"]], env=env, capture_output=True, text=True)
                if result.returncode:
                    raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
            else:
                raise CommandError(f"No backup for the {connection.vendor} database.")
            manifest = {"vendor": connection.vendor, "database": db_file.name,
                        "created": timezone.now().isoformat()}
            (work / "manifest.json").write_text(json.dumps(manifest))
            partial = work / "archive.part"
            with tarfile.open(partial, "w:gz") as tar:
                tar.add(work / "manifest.json", arcname="manifest.json")
                tar.add(db_file, arcname=db_file.name)
                media = Path(settings.MEDIA_ROOT)
                if media.is_dir():
                    tar.add(media, arcname="media")
            shutil.move(partial, archive)
        deleted = self.prune(folder, keep_days, keep=archive)
        if options["verbosity"] > 0:
            self.stdout.write(f"Backup written: {archive} ({archive.stat().st_size} bytes); "
                              f"{deleted} archive(s) older than {keep_days:g} days deleted.")

    @staticmethod
    def prune(folder: Path, keep_days: float, keep: Path) -> int:
        cutoff = time.time() - dt.timedelta(days=keep_days).total_seconds()
        deleted = 0
        for path in folder.glob(f"{PREFIX}*{SUFFIX}"):
            if path != keep and path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                deleted += 1
        return deleted

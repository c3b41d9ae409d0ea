"""manage.py restore <archive>

Puts back an archive written by `manage.py backup`: the database into the configured one, only if that
database is empty (no tables: create a fresh database and restore BEFORE `migrate`), and the media files
into MEDIA_ROOT. Then run `manage.py migrate` (a no-op, or the newer code's migrations).
"""

import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from .backup import pg_environment


class Command(BaseCommand):
    help = "Restore an archive of `manage.py backup` into an empty database, and its media into MEDIA_ROOT."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, archive, database, **options):
        archive = Path(archive)
        if not archive.is_file():
            raise CommandError(f"No such archive: {archive}")
        connection = connections[database]
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
        if tables:
            raise CommandError(
                f"The database {connection.settings_dict['NAME']} is not empty ({len(tables)} tables): restore "
                "refuses to overwrite it. Create a new empty database, point DATABASE_URL at it and run "
                "restore before migrate.")
        with tempfile.TemporaryDirectory() as work, tarfile.open(archive, "r:gz") as tar:
            work = Path(work)
            tar.extractall(work, filter="data")
            manifest = json.loads((work / "manifest.json").read_text())
            if manifest["vendor"] != connection.vendor:
                raise CommandError(f"This archive holds a {manifest['vendor']} database; the configured "
                                   f"one is {connection.vendor}.")
            db_file = work / manifest["database"]
            if connection.vendor == "sqlite":
                connection.close()
                source = sqlite3.connect(db_file)
                target = sqlite3.connect(connection.settings_dict["NAME"])
                try:
                    source.backup(target)
                finally:
                    source.close()
                    target.close()
            else:
                connection.close()
                conn_args, env = pg_environment(connection.settings_dict)
                result = subprocess.run(
                    ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *conn_args,
                     "-d", connection.settings_dict["NAME"], str(db_file)], env=env, capture_output=True, text=True)
                if result.returncode:
                    raise CommandError(f"pg_restore failed: {result.stderr.strip()}")
            media = work / "media"
            restored = 0
            if media.is_dir():
                root = Path(settings.MEDIA_ROOT)
                for path in media.rglob("*"):
                    if path.is_file():
                        dest = root / path.relative_to(media)
                        dest.parent.mkdir(parents=True, exist_ok=True)
                        shutil.move(path, dest)
                        restored += 1
        if options["verbosity"] > 0:
            self.stdout.write(f"Restored the database and {restored} media file(s) from {archive}.")

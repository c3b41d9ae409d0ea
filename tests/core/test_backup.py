"""manage.py backup / restore (SQLite path): a backup restored into an empty database holds the same rows
of every model (rollups included) and the same media files; restore refuses a database that is not empty;
old archives are pruned."""

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from tests.personas import build_field_world
from tienphong.core.scope import Scope
from tienphong.support import services

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True),  # committed rows: the online backup waits on an open write
    pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"),
                       reason="the PostgreSQL path (pg_dump/pg_restore) is not covered by this test"),
]


def _restore(archive, db_path, media):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db_path}", "MEDIA_ROOT": str(media),
           "DJANGO_SETTINGS_MODULE": "tienphong.settings"}
    return subprocess.run([sys.executable, "manage.py", "restore", str(archive)], cwd=ROOT, env=env,
                          capture_output=True, text=True)


def test_backup_restores_into_an_empty_database_with_every_row_and_media_file(tmp_path):
    world = build_field_world()
    _, created = services.record_create(author=world.volunteer, scope=Scope.for_user(world.volunteer),
                                        data={"services": ["vneid"], "people": 3})
    assert created
    media = tmp_path / "media"
    (media / "photos").mkdir(parents=True)
    (media / "photos" / "a.jpg").write_bytes(b"\xff\xd8 photo")
    old = tmp_path / "backups" / "tienphong-20200101-000000.tar.gz"
    old.parent.mkdir()
    old.write_bytes(b"old")
    os.utime(old, (time.time() - 20 * 86400,) * 2)
    other = tmp_path / "backups" / "notes.txt"
    other.write_text("kept")
    os.utime(other, (time.time() - 20 * 86400,) * 2)

    with override_settings(MEDIA_ROOT=str(media)):
        call_command("backup", str(tmp_path / "backups"), verbosity=0)

    archives = sorted((tmp_path / "backups").glob("tienphong-*.tar.gz"))
    assert len(archives) == 1 and archives[0] != old  # the 20-day-old one pruned (default 14 days)
    assert other.exists()

    db_path, restored_media = tmp_path / "restored.sqlite3", tmp_path / "restored-media"
    result = _restore(archives[0], db_path, restored_media)
    assert result.returncode == 0, result.stderr
    assert (restored_media / "photos" / "a.jpg").read_bytes() == b"\xff\xd8 photo"

    restored = sqlite3.connect(db_path)
    try:
        tables = {m._meta.db_table for m in apps.get_models(include_auto_created=True) if m._meta.managed}
        with connection.cursor() as cursor:
            for table in sorted(tables):
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
                [expected] = cursor.fetchone()
                [got] = restored.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()
                assert got == expected, table
        rollup_tables = {m._meta.db_table for m in apps.get_app_config("rollups").get_models()}
        assert rollup_tables and any(
            restored.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in rollup_tables)
        assert restored.execute('SELECT COUNT(*) FROM "support_supportrecord"').fetchone()[0] >= 1
    finally:
        restored.close()

    again = _restore(archives[0], db_path, restored_media)
    assert again.returncode != 0
    assert "not empty" in again.stderr and "refuses" in again.stderr

"""manage.py backup / restore: a backup restored into an empty database holds the same rows of every model
(rollups row for row) and the same media files; restore refuses a database that is not empty; old archives
are pruned. On SQLite the archive holds an online backup of the file; on PostgreSQL a `pg_dump -Fc`, which
restore puts into a new, empty PostgreSQL database with `pg_restore` (each run of the suite tests the
database it runs on: CI runs it on both)."""

import os
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from tests.personas import build_field_world
from tienphong.core.scope import Scope
from tienphong.support import services

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=True)  # committed rows: the backup sees only those
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite path; this run is on "
                               "PostgreSQL, where the pg_dump test below runs")
on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="the pg_dump/pg_restore path; "
                                 "this run is on SQLite (CI runs the suite on PostgreSQL too)")


def _restore(archive, database_url, media):
    env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": str(media),
           "DJANGO_SETTINGS_MODULE": "tienphong.settings"}
    return subprocess.run([sys.executable, "manage.py", "restore", str(archive)], cwd=ROOT, env=env,
                          capture_output=True, text=True)


def _back_up_a_field_world(tmp_path):
    """The field world with a support record (so rollups hold rows) and a photo; one backup of it, with the
    old archive pruned and an unrelated file kept. Returns the archive and the media folder's path."""
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
    return archives[0]


def _assert_refuses_a_database_that_is_not_empty(archive, media):
    """A second restore is refused: the database (the test database here, in this process, instead of a
    second `manage.py restore` process on the restored one: the same command and check, a second less)
    holds tables, and nothing of it or of the media folder is touched."""
    before = sorted(p.relative_to(media) for p in media.rglob("*"))
    with override_settings(MEDIA_ROOT=str(media)), pytest.raises(CommandError) as refused:
        call_command("restore", str(archive), verbosity=0)
    assert "not empty" in str(refused.value) and "refuses" in str(refused.value)
    assert sorted(p.relative_to(media) for p in media.rglob("*")) == before
    assert apps.get_model("support", "SupportRecord").objects.count() >= 1


def _assert_same_rows(restored):
    """`restored` (a DB-API cursor on the restored database) holds as many rows as the test database in
    every table of every model, the same rollup rows, and the support record."""
    tables = {m._meta.db_table for m in apps.get_models(include_auto_created=True) if m._meta.managed}
    rollups = {m._meta.db_table for m in apps.get_app_config("rollups").get_models()}
    assert rollups <= tables
    with connection.cursor() as cursor:
        for table in sorted(tables):
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            [expected] = cursor.fetchone()
            restored.execute(f'SELECT COUNT(*) FROM "{table}"')
            [got] = restored.fetchone()
            assert got == expected, table
        filled = 0
        for table in sorted(rollups):
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')
            expected = [tuple(row) for row in cursor.fetchall()]
            restored.execute(f'SELECT * FROM "{table}" ORDER BY 1')
            assert [tuple(row) for row in restored.fetchall()] == expected, table
            filled += bool(expected)
    assert filled  # the support record reached the rollups: they are compared with rows in them
    restored.execute('SELECT COUNT(*) FROM "support_supportrecord"')
    assert restored.fetchone()[0] >= 1


@on_sqlite
def test_backup_restores_into_an_empty_database_with_every_row_and_media_file(tmp_path):
    archive = _back_up_a_field_world(tmp_path)

    db_path, restored_media = tmp_path / "restored.sqlite3", tmp_path / "restored-media"
    result = _restore(archive, f"sqlite:///{db_path}", restored_media)
    assert result.returncode == 0, result.stderr
    assert (restored_media / "photos" / "a.jpg").read_bytes() == b"\xff\xd8 photo"

    # Read as Django reads it (its converters turn date columns into dates), to compare rows with its own.
    restored = sqlite3.connect(db_path, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES)
    try:
        _assert_same_rows(restored.cursor())
    finally:
        restored.close()

    _assert_refuses_a_database_that_is_not_empty(archive, restored_media)


@pytest.fixture
def empty_postgres_database():
    """A new, empty PostgreSQL database on the test database's server (dropped afterwards): its URL and
    its connection settings."""
    import psycopg

    settings = connection.settings_dict
    name = f"{settings['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    params = {"host": settings.get("HOST") or None, "port": settings.get("PORT") or None,
              "user": settings.get("USER") or None, "password": settings.get("PASSWORD") or None}
    params = {k: v for k, v in params.items() if v}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    user = quote(settings.get("USER") or "", safe="")
    password = f":{quote(settings['PASSWORD'], safe='')}" if settings.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    url = f"postgres://{auth}{settings.get('HOST') or ''}:{settings.get('PORT') or 5432}/{name}"
    try:
        yield url, {**params, "dbname": name}
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@on_postgres
def test_backup_restores_a_pg_dump_into_an_empty_postgresql_database_with_every_row(
        tmp_path, empty_postgres_database):
    import psycopg

    url, params = empty_postgres_database
    archive = _back_up_a_field_world(tmp_path)

    restored_media = tmp_path / "restored-media"
    result = _restore(archive, url, restored_media)
    assert result.returncode == 0, result.stderr
    assert (restored_media / "photos" / "a.jpg").read_bytes() == b"\xff\xd8 photo"

    with psycopg.connect(**params) as restored, restored.cursor() as cursor:
        _assert_same_rows(cursor)
        # The sequences came back too: the next row gets a new id, not one a restored row holds.
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM support_supportrecord")
        [highest] = cursor.fetchone()
        cursor.execute("SELECT nextval(pg_get_serial_sequence('support_supportrecord', 'id'))")
        assert cursor.fetchone()[0] > highest

    _assert_refuses_a_database_that_is_not_empty(archive, restored_media)

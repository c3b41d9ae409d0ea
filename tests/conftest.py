import weakref

import pytest
from django.test import TransactionTestCase

from .personas import build_field_world, build_world

# A test with committed rows (transaction=True: the browser tests, the live server's) ends with Django's flush:
# every table emptied, then the post_migrate signal, whose only receivers here put back the content types and
# the permissions it has just deleted; that was most of each such test's teardown. The rows of those two
# tables are left in place instead, and every other table emptied as flush empties it: the next test finds the
# database as it found it before. Only while nothing else listens to post_migrate and no test has added or
# removed one of those rows (their counts are checked); otherwise, Django's own teardown.
_POST_MIGRATE_ONLY_RECREATES = {"django.contrib.contenttypes.management.create_contenttypes": "django_content_type",
                                "django.contrib.auth.management.create_permissions": "auth_permission"}
_django_fixture_teardown = TransactionTestCase._fixture_teardown
_kept_counts = {}


def _post_migrate_receivers():
    from django.db.models.signals import post_migrate

    names = set()
    for entry in post_migrate.receivers:
        receiver = entry[1]() if isinstance(entry[1], weakref.ReferenceType) else entry[1]
        names.add(f"{receiver.__module__}.{receiver.__qualname__}" if receiver is not None else "?")
    return names


def _kept_row_counts(connection):
    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(_POST_MIGRATE_ONLY_RECREATES.values()):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _flush_keeping_what_post_migrate_recreates(self):
    from django.core.management.color import no_style
    from django.db import connections, transaction

    if (self.available_apps is not None or self.serialized_rollback
            or _post_migrate_receivers() != set(_POST_MIGRATE_ONLY_RECREATES)):
        return _django_fixture_teardown(self)
    names = list(self._databases_names(include_mirrors=False))
    if any(_kept_counts.get(name) != _kept_row_counts(connections[name]) for name in names):
        # The first such teardown of the session, or a test changed those rows: Django's way, then remember.
        _django_fixture_teardown(self)
        _kept_counts.update({name: _kept_row_counts(connections[name]) for name in names})
        return None
    kept = set(_POST_MIGRATE_ONLY_RECREATES.values())
    for name in names:
        connection = connections[name]
        tables = [t for t in connection.introspection.django_table_names(only_existing=True, include_views=False)
                  if t not in kept]
        if connection.vendor == "postgresql":
            # TRUNCATE of ~90 tables costs PostgreSQL seconds (new files for each); DELETE of the few rows
            # a test leaves is quick. Django's foreign keys there are deferrable: the order does not matter.
            with transaction.atomic(using=name), connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                for table in tables:
                    cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
        else:
            connection.ops.execute_sql_flush(
                connection.ops.sql_flush(no_style(), tables, reset_sequences=False, allow_cascade=False))
    return None


TransactionTestCase._fixture_teardown = _flush_keeping_what_post_migrate_recreates


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def fworld(db):
    """The personas with a team in Phủ Lý (leader and volunteer as members) and a place in each ward."""
    return build_field_world()


@pytest.fixture
def client_for(client):
    """client_for(user) → a test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def _fresh_cache_and_media(settings, tmp_path):
    """Public pages are cached whole and uploads land in MEDIA_ROOT (pending imports in the private
    storage): none of it may leak between tests (SQLite reuses ids after a rollback, so a cached page
    could show another test's place), nor into var/ of the working copy."""
    from django.core.cache import cache

    from tienphong.core.pagecache import forget_local

    cache.clear()
    forget_local()
    settings.MEDIA_ROOT = str(tmp_path / "media")
    private = settings.STORAGES["private"]
    settings.STORAGES = {**settings.STORAGES, "private": {
        **private, "OPTIONS": {**private.get("OPTIONS", {}), "location": str(tmp_path / "private")}}}
    yield
    cache.clear()
    forget_local()


@pytest.fixture(autouse=True)
def _vietnamese_first():
    """Each test starts in the platform's default language. A request with the English cookie leaves
    English active in the thread it ran in (the test client runs requests in the test's own thread), and
    code called directly afterwards (an exporter, a PDF) would speak English in whatever test ran next on
    that worker."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def fresh_settings():
    """fresh_settings(VAR="value", …) → the platform's settings module (tienphong/settings.py) evaluated
    afresh in this process's environment with those variables set (None: unset), as a process started with
    that environment reads it, without starting one (each `python -c "django.setup()"` costs about a second).
    The environment is put back after each call and the running settings are left as they are; starting up
    for real is tested in tests/core/test_settings.py."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "tienphong" / "settings.py"

    def load(**env):
        with pytest.MonkeyPatch.context() as mp:
            for name, value in env.items():
                if value is None:
                    mp.delenv(name, raising=False)
                else:
                    mp.setenv(name, value)
            spec = importlib.util.spec_from_file_location("tienphong_settings_probe", path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
        return module

    return load

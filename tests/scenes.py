"""A test scene built once for a module instead of once per test.

`scene, _scene = once_per_module(build, "scene")` in a test module gives the fixture `scene`: `build()` runs
once, inside a transaction rolled back at the module's end; each test runs in a savepoint of that
transaction (pytest-django's `db`), so what a test writes the next does not see, and gets its own deep copy
of what `build()` returned, so what it changes on those objects stays its own too. For a scene that costs
far more to write than a test takes to read it (a world, the rollups, entries of two provinces).
"""

import copy

import pytest
from django.db import connection, transaction


def once_per_module(build, name):
    """(the test fixture `name`, the module fixture under it): assign both in the test module. One per module."""

    @pytest.fixture(scope="module", name="_scene_built_once")
    def built(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic():
            scene = build()
            # Check the scene's deferred foreign keys once, here. Left pending, PostgreSQL checked all of them
            # again at the end of every test (Django's teardown checks constraints inside the test's
            # savepoint, whose rollback puts them back in the queue): 0.8 s a test after the demo's load.
            connection.check_constraints()
            yield scene
            transaction.set_rollback(True)

    @pytest.fixture(name=name)
    def fresh(_scene_built_once, db):  # the module's transaction first, then the test's savepoint
        return copy.deepcopy(_scene_built_once)

    return fresh, built

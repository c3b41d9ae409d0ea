import pytest

from .personas import build_field_world, build_world


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

import pytest

from .personas import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def client_for(client):
    """client_for(user) → a test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login

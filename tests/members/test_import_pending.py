"""Pending imports: the uploaded workbook (names, phones, birth dates) waits in the private storage,
which no address serves, and is deleted on confirm, on cancel and after a day."""

import datetime as dt
import os
import time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tienphong.core.imports import pending
from tienphong.members.models import Member

from .test_import import row, upload, xlsx
from ..personas import build_world
from ..scenes import once_per_module

# The personas once for the module (tests/scenes.py): each test gets its own copy in its own savepoint.
world, _world = once_per_module(build_world, "world")


@pytest.fixture(autouse=True)
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def private(settings, tmp_path):
    """MEDIA_ROOT and the private storage in this test's folder (conftest moves MEDIA_ROOT already)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    private = settings.STORAGES["private"]
    settings.STORAGES = {**settings.STORAGES, "private": {
        **private, "OPTIONS": {**private["OPTIONS"], "location": str(tmp_path / "private")},
    }}
    return tmp_path / "private"


def files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def preview(client, world):
    response = upload(client, world.commune, xlsx([row(), row("Phạm Minh Đức", "Nam", phone="0987000001")]))
    assert response.status_code == 200 and "Confirm import" in response.content.decode()
    return response.context["token"]


def test_pending_upload_is_private_and_never_served(world, client_for, private, settings):
    secretary = client_for(world.secretary)
    token = preview(secretary, world)
    assert storages["private"].exists(f"imports/{token}.xlsx")
    assert (private / "imports" / f"{token}.xlsx").stat().st_mode & 0o077 == 0  # the server's other users cannot read it
    assert files_under(private) == [private / "imports" / f"{token}.xlsx"]
    assert files_under(Path(settings.MEDIA_ROOT)) == []  # nothing of it under MEDIA_ROOT
    url = f"/media/imports/{token}.xlsx"
    assert secretary.get(url).status_code == 404  # not even to the uploader
    assert Client().get(url).status_code == 404  # nor to anyone else
    # The confirmation reads it from the private storage, then deletes it.
    done = secretary.post(reverse("member_import"), {"confirm": "1", "token": token})
    assert done.status_code == 302 and Member.objects.count() == 2
    assert files_under(private) == []


def test_cancel_deletes_the_pending_upload(world, client_for, private):
    client = client_for(world.secretary)
    token = preview(client, world)
    assert pending.exists(token)
    response = client.post(reverse("member_import"), {"cancel": "1", "token": token})
    assert response.status_code == 302 and response["Location"].startswith(reverse("member_import"))
    assert files_under(private) == [] and "member_import" not in client.session
    # The confirmation after a cancel finds nothing to import.
    again = client.post(reverse("member_import"), {"confirm": "1", "token": token})
    assert again["Location"] == reverse("member_import") and Member.objects.count() == 0


def test_another_users_cancel_cannot_delete_an_upload(world, client_for, private):
    token = preview(client_for(world.secretary), world)
    other = client_for(world.province_admin)
    other.post(reverse("member_import"), {"cancel": "1", "token": token})
    assert pending.exists(token)  # only the session's own upload is deleted


def test_uploads_older_than_a_day_are_purged(world, client_for, private, settings):
    store = storages["private"]
    old = pending.save(ContentFile(b"PK old", name="x.xlsx"))
    fresh = pending.save(ContentFile(b"PK fresh", name="x.xlsx"))
    day_ago = time.time() - 25 * 3600
    os.utime(store.path(pending.name_for(old)), (day_ago, day_ago))
    # What an earlier version left where it could be downloaded goes too.
    legacy = Path(settings.MEDIA_ROOT) / "imports" / "0b1e1c1e-0000-4000-8000-000000000000.xlsx"
    legacy.parent.mkdir(parents=True)
    legacy.write_bytes(b"PK")
    call_command("purge_pending_imports", verbosity=0)
    assert not pending.exists(old) and pending.exists(fresh) and not legacy.exists()

    # Each new upload sweeps too.
    os.utime(store.path(pending.name_for(fresh)), (day_ago, day_ago))
    token = preview(client_for(world.secretary), world)
    assert [p.name for p in files_under(private)] == [f"{token}.xlsx"]


def test_media_serves_public_files_only(client_for, world, settings, private):
    media = Path(settings.MEDIA_ROOT)
    (media / "places").mkdir(parents=True)
    (media / "places" / "anh.jpg").write_bytes(b"\xff\xd8 a photo")
    photo = Client().get("/media/places/anh.jpg")
    assert photo.status_code == 200 and "public" in photo["Cache-Control"]
    pending_token = pending.save(ContentFile(b"PK SECRET-WORKBOOK", name="x.xlsx"))
    secret = f"imports/{pending_token}.xlsx"
    (media / "imports").mkdir()
    (media / "imports" / "left-over.xlsx").write_bytes(b"PK SECRET-WORKBOOK left over")  # an earlier version's file
    rel = os.path.relpath(private, media)  # "../private"
    for url in (
        f"/media/{secret}",
        "/media/imports/left-over.xlsx",
        f"/media/{rel}/{secret}",
        f"/media/%2e%2e/private/{secret}",
        "/media/../private/" + secret,
        "/media//etc/passwd",
        "/media/places/../../private/" + secret,
        "/media/places/",
    ):
        for c in (Client(), client_for(world.secretary)):
            response = c.get(url)
            assert response.status_code == 404, url
            assert b"SECRET-WORKBOOK" not in b"".join(response.streaming_content if response.streaming else [response.content])

"""A large import confirmed as a background job (core/imports/jobs.py): progress, outcome, all or
nothing, the job page's scope, and the database backend's queue run by `manage.py db_worker`."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from tienphong.core.imports import ImportRejected, RowError, pending
from tienphong.core.models import ImportJob
from tienphong.members.importing import MemberImporter
from tienphong.members.models import Member
from tienphong.units.models import OrgUnit

from ..factories import MemberFactory
from ..members.test_import import row, upload, xlsx


@pytest.fixture(autouse=True)
def background(settings, tmp_path):
    """Every confirmed import here runs as a job; pending uploads wait in tmp_path."""
    settings.IMPORT_BACKGROUND_ROWS = 1
    private = settings.STORAGES["private"]
    settings.STORAGES = {**settings.STORAGES, "private": {
        **private, "OPTIONS": {**private["OPTIONS"], "location": str(tmp_path / "private")},
    }}


def preview_and_confirm(client, world):
    MemberFactory(full_name="Nguyễn Thị Hà", phone="0912345678", branch=world.branch, status="moved")
    preview = upload(client, world.commune, xlsx([row(), row("Phạm Minh Đức", "Nam", phone="0987000001")]))
    token = preview.context["token"]
    return token, client.post(reverse("member_import"), {"confirm": "1", "token": token})


def test_members_import_through_the_job(world, client_for, settings):
    client = client_for(world.secretary)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    token, done = preview_and_confirm(client, world)
    job = ImportJob.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse("import_job", args=[job.pk])
    # The immediate backend (tests/settings.py) ran it inline: written, progress and counts recorded.
    assert Member.objects.count() == 2 and Member.objects.get(phone="0912345678").status == Member.Status.ACTIVE
    assert (job.kind, job.unit_path, job.unit_id, job.actor_id) == (
        "members", world.commune.path, world.commune.pk, world.secretary.pk)
    assert (job.status, job.phase, job.rows_done, job.rows_total) == ("done", "finished", 2, 2)
    assert (job.created, job.updated, job.unchanged, job.error) == (1, 1, 0, "")
    assert job.started_at and job.finished_at >= job.started_at
    assert not pending.exists(token) and "member_import" not in client.session
    page = client.get(done["Location"]).content.decode()
    assert "Imported: 1 created, 1 updated." in page
    assert f"{reverse('member_list')}?unit={world.commune.pk}" in page
    assert "hx-trigger" not in page  # finished: no more polling


def test_a_queued_job_polls_with_a_progress_bar(world, client_for):
    job = ImportJob.objects.create(kind="members", unit_path=world.commune.path, unit_id=world.commune.pk,
                                   actor=world.secretary, rows_total=25000, status="running", phase="writing")
    client = client_for(world.secretary)
    page = client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert "<progress" in page and 'hx-trigger="every 1s"' in page and "25.000" in page
    partial = client.get(reverse("import_job", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert partial.content.decode().lstrip().startswith("<div id=\"import-job\"")  # only the fragment


def test_a_failing_import_writes_nothing_and_the_job_says_so_in_vietnamese(world, client_for, monkeypatch):
    original = MemberImporter.apply

    def apply_then_fail(self, plan, actor):
        original(self, plan, actor)  # every row written inside the transaction…
        raise RuntimeError("disk full")  # …then it breaks: all of it is rolled back

    monkeypatch.setattr(MemberImporter, "apply", apply_then_fail)
    client = client_for(world.secretary)
    token, done = preview_and_confirm(client, world)
    job = ImportJob.objects.get()
    assert Member.objects.count() == 1 and Member.objects.get().status == "moved"
    assert (job.status, job.rows_done, job.rows_total, job.created) == ("failed", 0, 2, 0)
    assert not pending.exists(token)
    with translation.override("vi"):
        page = client.get(done["Location"]).content.decode()
    assert "không có gì được nhập" in job.error and job.error in page


def test_a_file_the_database_now_refuses_fails_the_job_with_its_rows(world, client_for, monkeypatch):
    def refuse(self, plan, actor):  # as when the members changed between preview and confirm
        raise ImportRejected([RowError(3, "Số điện thoại", "Số điện thoại “0987000001” đã có người dùng.")])

    monkeypatch.setattr(MemberImporter, "apply", refuse)
    client = client_for(world.secretary)
    _token, done = preview_and_confirm(client, world)
    job = ImportJob.objects.get()
    assert job.status == "failed" and Member.objects.count() == 1
    assert job.error.splitlines() == ["Tệp có 1 lỗi; chưa nhập gì cả.",
                                      "Dòng 3, Số điện thoại: Số điện thoại “0987000001” đã có người dùng."]
    page = client.get(done["Location"]).content.decode()
    assert "Dòng 3, Số điện thoại" in page and f"{reverse('member_import')}?unit={world.commune.pk}" in page


def test_the_union_tree_import_runs_through_the_job_too(world, client_for, settings):
    from ..units.test_tree_import import GOOD, xlsx as tree_xlsx

    client = client_for(world.province_admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    count = OrgUnit.objects.count()
    url = reverse("tree_import")
    preview = client.post(url, {"unit": world.province.pk, "file": tree_xlsx(GOOD)})
    done = client.post(url, {"confirm": "1", "token": preview.context["token"]})
    job = ImportJob.objects.get()
    assert done["Location"] == reverse("import_job", args=[job.pk]) and OrgUnit.objects.count() == count + 6
    assert (job.kind, job.status, job.created, job.rows_total) == ("tree", "done", 6, 6)
    page = client.get(done["Location"]).content.decode()
    assert "Imported: 6 units created, 0 updated, 0 unchanged." in page and f"{url}?unit={world.province.pk}" in page


def test_rights_lost_before_the_job_runs_fail_it(world, client_for):
    from tienphong.core.imports import jobs

    job = ImportJob.objects.create(kind="members", unit_path=world.commune.path, unit_id=world.commune.pk,
                                   actor=world.outsider)
    jobs.run_import.call(job_id=job.pk, kind="members", waiting={"token": "x", "unit": world.commune.pk},
                         actor_id=world.outsider.pk)
    job.refresh_from_db()
    assert job.status == "failed" and Member.objects.count() == 0


def test_the_job_page_is_for_its_actor_and_the_units_above_only(world, client_for):
    job = ImportJob.objects.create(kind="members", unit_path=world.commune.path, unit_id=world.commune.pk,
                                   actor=world.secretary, status="done", created=3)
    url = reverse("import_job", args=[job.pk])
    assert client_for(world.secretary).get(url).status_code == 200
    assert client_for(world.province_admin).get(url).status_code == 200
    assert client_for(world.outsider).get(url).status_code == 404
    assert client_for(world.volunteer).get(url).status_code in (404,)


# Committed rows: db_worker closes the connection between tasks (close_old_connections), which on
# PostgreSQL would end a test's wrapping transaction; a real worker runs outside any transaction too.
@pytest.mark.django_db(transaction=True)
def test_the_database_backend_queues_the_job_for_db_worker(world, client_for, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    client = client_for(world.secretary)
    _token, done = preview_and_confirm(client, world)
    job = ImportJob.objects.get()
    assert job.status == "queued" and Member.objects.count() == 1  # nothing runs in the request
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    page = client.get(done["Location"]).content.decode()
    assert "<progress" in page and "hx-trigger" in page
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    job.refresh_from_db()
    assert (job.status, job.created, job.updated) == ("done", 1, 1) and Member.objects.count() == 2

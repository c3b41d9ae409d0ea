"""A large members import confirmed in the browser: the job page's progress bar, refreshed by htmx until
the worker (`manage.py db_worker`, the database backend) has run it, then the result and its link."""

import re

import pytest
from django.core.management import call_command

expect = pytest.importorskip("playwright.sync_api", reason="needs the test extra: pip install -e .[test]").expect

from tienphong.core.models import ImportJob
from tienphong.members.models import Member

from .helpers import scroll_width
from .test_import import _rows, _workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]  # WhiteNoise, no collectstatic


def test_a_large_import_shows_its_progress_then_its_result(page, bworld, login, shot, tmp_path, settings):
    settings.IMPORT_BACKGROUND_ROWS = 3  # "large" here: the three rows below go through the job
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    good = _workbook(tmp_path / "doan-vien.xlsx", _rows(bworld.branch.code))
    before = Member.objects.count()

    login(bworld.secretary)
    page.goto("/members/import/")
    page.select_option("#id_unit", str(bworld.commune.pk))
    page.set_input_files("#id_file", str(good))
    page.click("form.panel button.btn")
    page.click("button[name=confirm]")
    expect(page).to_have_url(re.compile(r"/imports/jobs/\d+/$"))
    expect(page.locator("#import-job progress")).to_be_visible()
    expect(page.locator("#import-job")).to_contain_text("3 dòng")
    shot("1-waiting")
    assert scroll_width(page) <= 360
    assert Member.objects.count() == before  # queued: the worker has not run it yet

    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    assert ImportJob.objects.get().status == "done"
    # htmx polls every second: the page shows the result without a reload.
    expect(page.locator("#import-job .msg-success")).to_contain_text("3", timeout=4000)
    expect(page.locator("#import-job progress")).to_have_count(0)
    shot("2-done")
    assert Member.objects.count() == before + 3
    page.click("#import-job a.btn")
    expect(page).to_have_url(re.compile(rf"/members/\?unit={bworld.commune.pk}$"))

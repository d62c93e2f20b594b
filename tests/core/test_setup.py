"""``qiao setup``: migrations, cache table and static files in one idempotent step."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_setup_collects_static_files_and_can_run_again(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    call_command("setup", verbosity=0)
    assert (tmp_path / "static" / "qiao" / "qiao.css").is_file()
    call_command("setup", verbosity=0)
    assert (tmp_path / "static" / "qiao" / "qiao.css").is_file()

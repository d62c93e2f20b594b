"""The database the suite runs on: PostgreSQL when ./bin/test's second run asks for it."""

import pytest
from django.conf import settings
from django.db import connection

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_runs_on_a_postgresql_test_database():
    assert connection.vendor == "postgresql"
    # pytest-django created a throw-away test_<name> database: the suite never touches real data.
    assert connection.settings_dict["NAME"].startswith("test_")
    assert connection.pg_version >= 130000, "Qiao needs PostgreSQL 13 or newer"
    assert "postgresql" in settings.DATABASES["default"]["ENGINE"]


def test_postgresql_supports_what_the_models_rely_on():
    from qiao.accounts.models import User

    User.objects.create_user(phone="+12025550123", handle="reader", read_languages=["zh", "en"])
    # JSON containment works on PostgreSQL (SQLite has no such lookup).
    assert list(User.objects.filter(read_languages__contains=["zh"]).values_list("handle", flat=True)) == ["reader"]
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_encoding")
        assert cursor.fetchone()[0] == "UTF8"

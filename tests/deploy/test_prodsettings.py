"""The production settings block: what each environment turns into."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from qiao.core import prodsettings


def test_local_media_by_default():
    assert prodsettings.media_storage({}) == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }


def test_s3_media_settings():
    storage = prodsettings.media_storage(
        {
            "QIAO_MEDIA_STORAGE": "s3",
            "QIAO_S3_BUCKET": "qiao-photos",
            "QIAO_S3_ENDPOINT_URL": "https://minio.example.test",
            "QIAO_S3_REGION": "auto",
            "QIAO_S3_ACCESS_KEY_ID": "key",
            "QIAO_S3_SECRET_ACCESS_KEY": "secret",
            "QIAO_S3_CUSTOM_DOMAIN": "cdn.example.test",
            "QIAO_S3_PATH_STYLE": "1",
        }
    )
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "qiao-photos" and options["location"] == "media"
    assert (
        options["endpoint_url"] == "https://minio.example.test" and options["region_name"] == "auto"
    )
    assert (options["access_key"], options["secret_key"]) == ("key", "secret")
    assert options["custom_domain"] == "cdn.example.test" and options["addressing_style"] == "path"
    assert options["file_overwrite"] is False and options["querystring_auth"] is False
    assert "immutable" in options["object_parameters"]["CacheControl"]


def test_s3_without_keys_leaves_credentials_to_boto3():
    options = prodsettings.media_storage({"QIAO_MEDIA_STORAGE": "s3", "QIAO_S3_BUCKET": "b"})[
        "OPTIONS"
    ]
    assert "access_key" not in options and "endpoint_url" not in options


@pytest.mark.parametrize(
    "environ, message",
    [({"QIAO_MEDIA_STORAGE": "s3"}, "QIAO_S3_BUCKET"), ({"QIAO_MEDIA_STORAGE": "ftp"}, "local")],
)
def test_bad_media_settings_are_refused(environ, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        prodsettings.media_storage(environ)


def test_postgres_connections_time_out():
    options = prodsettings.database_options(
        "django.db.backends.postgresql", {"QIAO_DB_STATEMENT_TIMEOUT_MS": "5000"}
    )
    assert options["connect_timeout"] == 3 and options["keepalives"] == 1
    assert options["options"] == "-c statement_timeout=5000"
    assert "options" not in prodsettings.database_options("django.db.backends.postgresql", {})
    assert prodsettings.database_options("django.db.backends.sqlite3", {}) == {}
    with pytest.raises(ImproperlyConfigured):
        prodsettings.database_options(
            "django.db.backends.postgresql", {"QIAO_DB_CONNECT_TIMEOUT": "soon"}
        )


def test_log_format_must_be_known():
    assert prodsettings.logging_formatter({"QIAO_LOG_FORMAT": "JSON"}) == "json"
    with pytest.raises(ImproperlyConfigured):
        prodsettings.logging_formatter({"QIAO_LOG_FORMAT": "xml"})


def test_the_running_settings():
    assert settings.MIDDLEWARE[0] == "qiao.core.logging.RequestIdMiddleware"
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage")


def _settings_in_fresh_process(tmp_path, **environ) -> subprocess.CompletedProcess:
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'storage': s.STORAGES['default'], 'serve_media': s.QIAO_SERVE_MEDIA, "
        "'tasks': s.TASKS['default']['BACKEND'], 'queues': s.RQ_QUEUES if hasattr(s, 'RQ_QUEUES') else None, "
        "'rq': getattr(s, 'RQ', None), 'db': s.DATABASES['default'].get('OPTIONS', {})}))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("QIAO_")}
    env.update(DJANGO_SETTINGS_MODULE="qiao.settings", QIAO_DATA_DIR=str(tmp_path), **environ)
    return subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_settings_module_builds_s3_storage_and_stops_serving_media(tmp_path):
    done = _settings_in_fresh_process(tmp_path, QIAO_MEDIA_STORAGE="s3", QIAO_S3_BUCKET="photos")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert result["storage"]["OPTIONS"]["bucket_name"] == "photos"
    assert result["serve_media"] is False


def test_settings_module_at_scale(tmp_path):
    done = _settings_in_fresh_process(
        tmp_path,
        QIAO_DATABASE_URL="postgres://qiao@127.0.0.1:5432/qiao",
        QIAO_REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["tasks"] == "qiao.core.taskqueue.RQBackend"
    assert {q["QUEUE_CLASS"] for q in result["queues"].values()} == {
        "qiao.core.taskqueue.RetryingQueue"
    }
    assert result["rq"]["WORKER_CLASS"] == "qiao.core.taskqueue.Worker"
    assert result["db"]["connect_timeout"] == 3


def test_load_test_sms_cannot_be_switched_on_by_accident(tmp_path):
    done = _settings_in_fresh_process(
        tmp_path, QIAO_SMS_BACKEND="qiao.accounts.sms.LoadTestSmsBackend"
    )
    assert done.returncode != 0
    assert "QIAO_ALLOW_TEST_SMS=1" in done.stderr

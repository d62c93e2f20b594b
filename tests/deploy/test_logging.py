"""Structured logs: the JSON formatter and the request-id middleware."""

from __future__ import annotations

import json
import logging
import subprocess
import sys

import pytest

from qiao.core.logging import JsonFormatter, request_id_var


def _record(message: str, *args, exc_info=None, **extra) -> logging.LogRecord:
    record = logging.LogRecord("qiao.test", logging.WARNING, __file__, 1, message, args, exc_info)
    for key, value in extra.items():
        setattr(record, key, value)
    return record


def test_json_lines_carry_message_extras_and_request_id():
    token = request_id_var.set("abc123def456")
    try:
        line = JsonFormatter().format(_record("%d notes for %s", 3, "小红", path="/x", status=201))
    finally:
        request_id_var.reset(token)
    entry = json.loads(line)
    assert entry["message"] == "3 notes for 小红" and entry["level"] == "WARNING"
    assert entry["logger"] == "qiao.test" and entry["ts"].endswith("+00:00")
    assert entry["request_id"] == "abc123def456"
    assert entry["path"] == "/x" and entry["status"] == 201
    assert "\n" not in line


def test_exceptions_stay_on_one_line():
    try:
        raise RuntimeError("boom\nsecond line")
    except RuntimeError:
        line = JsonFormatter().format(_record("failed", exc_info=sys.exc_info()))
    assert "\n" not in line
    assert "RuntimeError: boom" in json.loads(line)["exc"]


def test_every_request_gets_an_id_and_one_log_line(client, caplog, db):
    with caplog.at_level(logging.INFO, logger="qiao.request"):
        response = client.get("/healthz")
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    [entry] = [r for r in caplog.records if r.name == "qiao.request"]
    assert (entry.method, entry.path, entry.status) == ("GET", "/healthz", 200)
    assert entry.duration_ms >= 0
    assert request_id_var.get() == ""  # nothing leaks into the next request


@pytest.mark.parametrize(
    "incoming, kept",
    [("proxy-id-0123456789", True), ("bad id\nforged: line", False), ("short", False)],
)
def test_a_sane_incoming_request_id_is_kept(client, db, incoming, kept):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=incoming)
    assert (response["X-Request-ID"] == incoming) is kept


def test_qiao_log_format_json_makes_json_lines(tmp_path):
    """The settings wire the formatter in when QIAO_LOG_FORMAT=json (checked in a fresh process)."""
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('qiao.probe').warning('hello %s', 'world', extra={'n': 1})"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": "qiao.settings",
        "QIAO_LOG_FORMAT": "json",
        "QIAO_DATA_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**_base_env(), **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    entry = json.loads(done.stderr.strip().splitlines()[-1])
    assert entry["message"] == "hello world" and entry["n"] == 1


def _base_env() -> dict[str, str]:
    import os

    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("QIAO_") and k != "DJANGO_SETTINGS_MODULE"
    }

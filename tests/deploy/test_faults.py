"""The fault test, small: a worker killed mid-job, Redis and PostgreSQL restarted under load.

Runs ``qiao faulttest`` for real (throwaway PostgreSQL and Redis servers,
gunicorn, RQ workers, locust) with a short surge and a dozen seed notes,
then checks its report: nothing acknowledged is lost, every job completed,
the killed worker's job was re-queued, and no request failed outside the
fault windows. Marked ``faults``; skipped where the servers, locust or the
small translation model are missing. A few minutes.
"""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from qiao.core.loadtest.faults import missing_binaries
from qiao.core.management.commands.faulttest import default_model

pytestmark = pytest.mark.faults


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _why_not() -> str | None:
    if missing := missing_binaries():
        return f"needs {', '.join(missing)} installed"
    if importlib.util.find_spec("locust") is None or importlib.util.find_spec("gunicorn") is None:
        return "needs locust and gunicorn (pip install -e '.[scale,bench]')"
    if default_model() is None:
        return "needs the small translation model (var/test-models/*.gguf, installed by the translation tests)"
    return None


@pytest.mark.skipif(_why_not() is not None, reason=_why_not() or "")
def test_nothing_is_lost_through_worker_redis_and_postgres_faults(tmp_path: Path):
    report = tmp_path / "report.json"
    output = StringIO()
    call_command(
        "faulttest",
        workdir=tmp_path / "run",
        pg_port=_free_port(),
        redis_port=_free_port(),
        bind=f"127.0.0.1:{_free_port()}",
        users=6,
        workers=2,
        web=2,
        surge_seconds=55,
        signup_seconds=6,
        ceiling_seconds=4,
        feeds_seconds=4,
        translate_notes=2,
        small_seed=True,
        jobs_timeout=900,
        report=report,
        stdout=output,
    )
    figures = json.loads(report.read_text())
    print(output.getvalue(), file=sys.stderr)  # shown when the test fails
    assert figures["acknowledged"], "the surge acknowledged no writes: nothing was tested"
    assert figures["missing"] == []
    assert figures["errors_outside_windows"] == 0
    assert [name for name, _start, _end in figures["windows"]] == [
        "redis restart",
        "postgres restart",
    ]
    jobs = figures["jobs"]
    assert jobs["queued"] == jobs["started"] == jobs["scheduled"] == jobs["deferred"] == 0
    assert jobs["failed"] == 0
    assert figures["restarts"]["worker-1"] >= 1
    killed = [event for event in figures["faults"] if event.startswith("killed worker-1")]
    assert killed
    if "in the middle of job" in killed[0]:
        job = killed[0].rsplit(" ", 1)[-1]
        assert job in figures["requeued_jobs"]
    assert os.path.exists(tmp_path / "run" / "server.log")

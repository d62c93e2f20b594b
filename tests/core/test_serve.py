"""``qiao serve``: address parsing, the worker supervisor, and a real server process."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.core.management.base import CommandError

from qiao.core.management.commands.serve import WorkerSupervisor, parse_address, uses_database_worker
from tests.e2e.server import ROOT, QiaoServer, qiao, server_env


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("127.0.0.1:8000", ("127.0.0.1", 8000)),
        ("8080", ("127.0.0.1", 8080)),
        ("0.0.0.0:80", ("0.0.0.0", 80)),
        ("localhost:9000", ("localhost", 9000)),
        ("[::1]:8000", ("::1", 8000)),
    ],
)
def test_parse_address(address, expected):
    assert parse_address(address) == expected


@pytest.mark.parametrize("address", ["", "host:", "127.0.0.1:99999", "127.0.0.1:0", "a b:80", "http://x:80"])
def test_parse_address_rejects_nonsense(address):
    with pytest.raises(CommandError, match="is not an address"):
        parse_address(address)


def test_worker_runs_only_for_the_database_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert uses_database_worker()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    assert not uses_database_worker()


def _wait_for(predicate, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_supervisor_restarts_a_dead_worker_and_stops_a_live_one():
    messages: list[str] = []
    supervisor = WorkerSupervisor([sys.executable, "-c", "import time; time.sleep(60)"], log=messages.append)
    supervisor.min_backoff = 0.1
    supervisor.start()
    try:
        first = supervisor.process
        first.kill()
        assert _wait_for(lambda: supervisor.process is not first and supervisor.process.poll() is None)
        assert supervisor.restarts == 1
    finally:
        supervisor.stop(timeout=5)
    assert supervisor.process.poll() is not None
    assert any("restarting" in message for message in messages)
    assert messages[-1] == "Task worker stopped."


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by its parent) counts as gone.
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _worker_pids(log: str) -> list[int]:
    return [int(pid) for pid in re.findall(r"Task worker started \(pid (\d+)\)", log)]


def test_serve_runs_the_site_and_a_worker_it_restarts_and_stops(tmp_path):
    server = QiaoServer(tmp_path / "site").start()
    try:
        with urllib.request.urlopen(f"{server.url}/static/qiao/qiao.css", timeout=5) as response:
            assert response.status == 200
        assert _wait_for(lambda: len(_worker_pids(server.log())) == 1)
        first = _worker_pids(server.log())[0]
        assert _alive(first)

        os.kill(first, signal.SIGKILL)
        assert _wait_for(lambda: len(_worker_pids(server.log())) == 2), server.log()
        second = _worker_pids(server.log())[1]
        assert _alive(second)
    finally:
        code = server.stop()
    assert code == 0, server.log()
    assert _wait_for(lambda: not _alive(second), timeout=5)
    assert "Task worker stopped." in server.log()


def test_serve_with_waitress_needs_collected_static_files_and_serves_them(tmp_path):
    server = QiaoServer(tmp_path / "site", "--server", "waitress", "--no-worker", QIAO_DEBUG="0")
    server.prepare()
    failed = subprocess.run(
        [sys.executable, "-m", "qiao", "serve", f"127.0.0.1:{server.port}"],
        env=server.env, cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert failed.returncode != 0
    assert "collectstatic" in failed.stderr

    qiao(server.env, "collectstatic", "--noinput", "-v0")
    server.start()
    try:
        with urllib.request.urlopen(f"{server.url}/static/qiao/qiao.css", timeout=5) as response:
            assert response.status == 200
        assert "Task worker started" not in server.log()
    finally:
        assert server.stop() == 0, server.log()


def test_serve_on_a_busy_port_fails_without_leaving_a_worker(tmp_path):
    env = server_env(tmp_path)
    qiao(env, "migrate", "--noinput", "-v0")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "qiao", "serve", f"127.0.0.1:{port}"],
            env=env, cwd=ROOT, capture_output=True, text=True, timeout=60,
        )
    assert result.returncode != 0
    assert "already in use" in result.stderr
    assert "Task worker started" not in result.stdout

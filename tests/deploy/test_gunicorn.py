"""gunicorn with Qiao's configuration, for real: connections spread over the processes, recycling loses none.

Each test starts ``gunicorn -c python:qiao.core.gunicorn_conf qiao.wsgi`` on a
free loopback port with two processes and asks ``/healthz``, which needs no
database.
"""

from __future__ import annotations

import http.client
import importlib.util
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.server import ROOT, free_port, server_env

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("gunicorn") is None or importlib.util.find_spec("psutil") is None,
    reason="needs gunicorn and psutil (pip install -e '.[scale,bench]')",
)


class Gunicorn:
    def __init__(self, tmp_path: Path, **env: str) -> None:
        self.port = free_port()
        self.log_path = tmp_path / "gunicorn.log"
        env = server_env(
            tmp_path, QIAO_BIND=f"127.0.0.1:{self.port}", QIAO_WEB_PROCESSES="2", QIAO_WEB_THREADS="2", **env
        )
        env.pop("QIAO_DEBUG")
        env["QIAO_ALLOWED_HOSTS"] = "127.0.0.1"
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "python:qiao.core.gunicorn_conf", "qiao.wsgi:application"],
                env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while len(self.workers()) < 2 or not self._answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"gunicorn did not start:\n{self.log()}")
            time.sleep(0.2)

    def _answers(self) -> bool:
        try:
            return self.get(http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)) == 200
        except OSError:
            return False

    @staticmethod
    def get(connection: http.client.HTTPConnection) -> int:
        connection.request("GET", "/healthz")
        response = connection.getresponse()
        response.read()
        return response.status

    def workers(self):
        import psutil

        return psutil.Process(self.process.pid).children()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def gunicorn(tmp_path: Path) -> Iterator:
    started: list[Gunicorn] = []

    def start(**env: str) -> Gunicorn:
        started.append(Gunicorn(tmp_path, **env))
        return started[-1]

    yield start
    for server in started:
        server.stop()


def test_keep_alive_connections_spread_over_the_processes(gunicorn):
    server = gunicorn()
    connections = [http.client.HTTPConnection("127.0.0.1", server.port, timeout=10) for _ in range(16)]
    try:
        assert [server.get(c) for c in connections] == [200] * 16
        held = {
            worker.pid: sum(1 for c in worker.net_connections("tcp") if c.laddr.port == server.port and c.raddr)
            for worker in server.workers()
        }
        assert sum(held.values()) == 16, server.log()
        # With one shared socket the first process to wake takes nearly all of them
        # (20 of 24 in the load test); the kernel's spreading leaves none idle.
        assert all(count > 0 for count in held.values()), held
    finally:
        for connection in connections:
            connection.close()


def test_stopping_processes_leave_no_connection_unanswered(gunicorn):
    """A process stopped (as on recycling) and a graceful reload under load: every new connection is answered.

    Each process listens on its own socket: one that kept it open while it
    finished its last requests would be handed new connections nobody accepts.
    """
    server = gunicorn()
    first = {w.pid for w in server.workers()}
    failures: list[str] = []
    answered = [0]
    running = threading.Event()
    running.set()

    def client(keep_alive: bool) -> None:
        connection = None
        while running.is_set():
            if connection is None or not keep_alive:
                connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
            try:
                status = server.get(connection)
                answered[0] += 1
                if status != 200:
                    failures.append(f"status {status}")
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as error:
                # A stopping process may close a kept-alive connection between two requests
                # (HTTP allows it; clients retry on a new connection). A new one must work.
                if not keep_alive:
                    failures.append(repr(error))
                connection.close()
                connection = None
            except OSError as error:  # refused, or timed out: a connection nobody accepted
                failures.append(repr(error))
                connection.close()
                connection = None
            if not keep_alive and connection is not None:
                connection.close()

    threads = [threading.Thread(target=client, args=(i % 2 == 0,)) for i in range(6)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(1)
        server.workers()[0].send_signal(signal.SIGTERM)  # what recycling after max_requests does
        time.sleep(2)
        server.process.send_signal(signal.SIGHUP)  # a graceful reload: new processes, old ones stop
        deadline = time.monotonic() + 30
        while first & {w.pid for w in server.workers()} and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1)
    finally:
        running.clear()
        for thread in threads:
            thread.join()
    assert not first & {w.pid for w in server.workers()}, f"the processes were not replaced\n{server.log()}"
    assert answered[0] > 100
    assert failures == [], f"{len(failures)} of {answered[0] + len(failures)} requests failed: {failures[:5]}"


def test_warm_up_loads_the_lazy_parts_without_connections_or_threads():
    """What gunicorn's master loads before forking: nothing the forked processes could share by accident.

    No ``django_db`` mark: a database query here fails the test.
    """
    from qiao.core.languages import _detector
    from qiao.core.warmup import warm_up
    from qiao.moderation.textmatch import base_dictionary
    from qiao.search.text import _jieba

    for loader in (_detector, base_dictionary, _jieba):
        loader.cache_clear()
    threads = threading.active_count()
    warm_up()
    assert threading.active_count() == threads
    assert _jieba.cache_info().currsize == 1
    assert base_dictionary.cache_info().currsize == 1
    assert _detector.cache_info().currsize == 1


def test_a_second_server_on_the_same_address_is_refused(gunicorn, tmp_path):
    """Own sockets must not mean a second stack silently shares the port with the first."""
    first = gunicorn()
    env = server_env(tmp_path, QIAO_BIND=f"127.0.0.1:{first.port}", QIAO_WEB_PROCESSES="1")
    second = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", "python:qiao.core.gunicorn_conf", "qiao.wsgi:application"],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert second.returncode != 0
    assert f"Cannot listen on 127.0.0.1:{first.port}" in second.stdout + second.stderr
    assert first.get(http.client.HTTPConnection("127.0.0.1", first.port, timeout=5)) == 200

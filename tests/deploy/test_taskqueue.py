"""RQ at scale: retries on every job, and the job of a killed worker re-queued and completed.

Uses a Redis server of its own (on a free port, removed afterwards), never a
shared one; skipped where redis-server is not installed.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytest.importorskip("django_rq")
from django_tasks_rq import Job as TaskJob
from redis import Redis
from rq import Queue
from rq.job import JobStatus

from qiao.core.loadtest.faults import ThrowawayRedis
from qiao.core.taskqueue import RetryingQueue, requeue_orphans

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(
    not shutil.which("redis-server"), reason="needs redis-server installed"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_server(tmp_path):
    server = ThrowawayRedis(tmp_path / "redis", _free_port())
    server.start()
    yield server
    server.remove()


def test_every_job_gets_retries_with_growing_delays(redis_server, settings):
    settings.QIAO_TASK_RETRIES = 3
    settings.QIAO_TASK_RETRY_DELAYS = [5, 30, 120]
    queue = RetryingQueue("default", connection=Redis.from_url(redis_server.url))
    job = queue.create_job("tests.deploy.tasks_for_tests.sleep_then_mark", args=["x", 0])
    assert job.retries_left == 3 and job.retry_intervals == [5, 30, 120]


def _worker(redis_url: str, name: str, tmp_path: Path, *extra: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QIAO_")}
    env.update(
        QIAO_REDIS_URL=redis_url,
        QIAO_DATA_DIR=str(tmp_path / "data"),
        DJANGO_SETTINGS_MODULE="qiao.settings",
    )
    command = [
        sys.executable, "-m", "qiao", "rqworker", "--worker-class", "qiao.core.taskqueue.Worker",
        "--job-class", "django_tasks_rq.Job", "--name", name, *extra, "default",
    ]  # fmt: skip
    return subprocess.Popen(command, cwd=REPO, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip


def _wait(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_the_job_of_a_killed_worker_is_requeued_and_completes(redis_server, tmp_path):
    connection = Redis.from_url(redis_server.url)
    queue = Queue("default", connection=connection, job_class=TaskJob)
    marker = tmp_path / "marker"
    from rq import Retry

    job = queue.create_job(
        "tests.deploy.tasks_for_tests.sleep_then_mark",
        args=[str(marker), 4],
        meta={"backend_name": "default"},
        retry=Retry(max=2),
    )
    queue.enqueue_job(job)
    name = f"test-{uuid.uuid4().hex[:8]}"
    worker = _worker(redis_server.url, name, tmp_path)
    try:
        assert _wait(lambda: job.get_status(refresh=True) == JobStatus.STARTED, 60), (
            "the worker never started the job"
        )
        os.killpg(worker.pid, signal.SIGKILL)  # the worker and its job die mid-run
        worker.wait()
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
    assert not marker.exists()
    assert requeue_orphans([name], connection, queue_names=["default"]) == [job.id]
    job.refresh()
    assert job.get_status() == JobStatus.QUEUED and job.retries_left == 1
    assert requeue_orphans([name], connection, queue_names=["default"]) == []  # nothing twice

    rescuer = _worker(redis_server.url, f"test-{uuid.uuid4().hex[:8]}", tmp_path, "--burst")
    assert rescuer.wait(90) == 0
    assert job.get_status(refresh=True) == JobStatus.FINISHED
    assert marker.read_text() == "done"

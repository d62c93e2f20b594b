"""Run Qiao's production processes on one machine and keep them running.

:class:`Supervisor` starts the web server (gunicorn, which looks after its own
worker processes) and ``workers`` RQ task workers, restarts any that dies
(with back-off), re-queues at once the jobs a dead task worker was running
(:func:`qiao.core.taskqueue.requeue_orphans`), and stops everything on
request: the web server first, then the workers, each given time to finish
its current request or job. ``qiao prod`` (and so ``bin/prod``) uses it, and
so do the load and fault tests.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO

from qiao.core.taskqueue import QUEUES


def web_command() -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "-c",
        "python:qiao.core.gunicorn_conf",
        "qiao.wsgi:application",
    ]


def worker_command(name: str) -> list[str]:
    """An RQ worker (Qiao's in-process worker class) on every queue, interactive first."""
    return [
        sys.executable, "-m", "qiao", "rqworker",
        "--worker-class", "qiao.core.taskqueue.Worker",
        "--job-class", "django_tasks_rq.Job",
        "--with-scheduler",
        # An idle worker waits for a job at most worker-ttl − 15 s; between waits it runs its
        # maintenance (restarting a scheduler lost in a Redis restart), so keep the wait short.
        "--worker-ttl",
        "35",
        "--name", name,
        *QUEUES,
    ]  # fmt: skip


@dataclass
class Slot:
    """One supervised process: how to build its command, and what it is running now."""

    name: str
    kind: str  # "web" or "worker"
    make_command: Callable[[], tuple[list[str], str]]  # (argv, the RQ worker name or "")
    process: subprocess.Popen | None = None
    rq_name: str = ""
    started_at: float = 0.0
    restarts: int = 0
    backoff: float = 1.0
    stopped: bool = False
    history: list[str] = field(default_factory=list)


class Supervisor:
    """Start, watch, restart and stop the web server and the task workers."""

    min_backoff = 1.0
    max_backoff = 30.0
    healthy_after = 30.0  # a process that ran this long before dying starts again at once

    def __init__(
        self,
        *,
        workers: int,
        web: bool = True,
        env: dict[str, str] | None = None,
        log: Callable[[str], None] = print,
        output: IO | None = None,
        redis_url: str | None = None,
    ) -> None:
        self.env = {**os.environ, **(env or {})}
        self.redis_url = redis_url  # the task queue's Redis; default: this process's settings
        self.log = log
        self.output = output
        self.slots: list[Slot] = []
        if web:
            self.slots.append(Slot("web", "web", lambda: (web_command(), "")))
        host = socket.gethostname().split(".")[0]
        for index in range(1, workers + 1):
            self.slots.append(Slot(f"worker-{index}", "worker", self._worker_maker(host, index)))
        self._orphans: set[str] = set()  # RQ names of dead workers whose jobs are not re-queued yet
        self.requeued: list[str] = []  # ids of the jobs re-queued so far
        self._requeue_failing = False
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="qiao-supervisor", daemon=True)

    @staticmethod
    def _worker_maker(host: str, index: int) -> Callable[[], tuple[list[str], str]]:
        def make() -> tuple[list[str], str]:
            # A new name per start: RQ keeps a dead worker's name registered for minutes.
            name = f"{host}.w{index}.{uuid.uuid4().hex[:8]}"
            return worker_command(name), name

        return make

    # --- lifecycle ---------------------------------------------------------------

    def start(self) -> None:
        for slot in self.slots:
            self._spawn(slot)
        self._thread.start()

    def _spawn(self, slot: Slot) -> None:
        with self._lock:
            if self._stopping.is_set():
                return
            command, rq_name = slot.make_command()
            # A session of its own: Ctrl-C reaches only the supervisor, which stops children in order.
            slot.process = subprocess.Popen(
                command,
                env=self.env,
                stdout=self.output,
                stderr=subprocess.STDOUT if self.output is not None else None,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
            slot.rq_name = rq_name
            slot.started_at = time.monotonic()
            self.log(
                f"{slot.name} started (pid {slot.process.pid}{f', {rq_name}' if rq_name else ''})"
            )

    def _watch(self) -> None:
        while not self._stopping.wait(0.5):
            for slot in self.slots:
                process = slot.process
                if process is None or process.poll() is None or self._stopping.is_set():
                    continue
                self._handle_exit(slot, process.returncode)
            self._requeue_orphans()

    def _handle_exit(self, slot: Slot, code: int) -> None:
        with self._lock:
            if self._stopping.is_set() or slot.process is None:
                return
            ran = time.monotonic() - slot.started_at
            if ran > self.healthy_after:
                slot.backoff = self.min_backoff
            how = f"signal {-code}" if code < 0 else f"code {code}"
            slot.history.append(f"exited with {how} after {ran:.0f}s")
            self.log(f"{slot.name} exited with {how}; restarting in {slot.backoff:.0f}s")
            if slot.rq_name:
                self._orphans.add(slot.rq_name)
            slot.process = None
            delay = slot.backoff
            slot.backoff = min(slot.backoff * 2, self.max_backoff)
            slot.restarts += 1
        timer = threading.Timer(delay, self._spawn, args=(slot,))
        timer.daemon = True
        timer.start()

    def _requeue_orphans(self) -> None:
        if not self._orphans:
            return
        from qiao.core.taskqueue import requeue_orphans

        names = set(self._orphans)
        try:
            jobs = requeue_orphans(names, self._redis())
        except Exception as error:  # Redis may be down too; try again on the next round
            if not self._requeue_failing:
                self.log(
                    f"cannot re-queue the jobs of {sorted(names)} yet ({error.__class__.__name__}); retrying"
                )
            self._requeue_failing = True
            return
        self._requeue_failing = False
        self._orphans -= names
        self.requeued += jobs
        if jobs:
            self.log(f"re-queued {len(jobs)} job(s) left by dead worker(s)")

    def _redis(self):
        if self.redis_url:
            from redis import Redis

            return Redis.from_url(self.redis_url, socket_timeout=5, socket_connect_timeout=2)
        import django_rq

        return django_rq.get_connection("default")

    def stop(self, timeout: float = 30.0) -> None:
        """Stop the web server, then the workers (warm shutdown: the current job finishes)."""
        self._stopping.set()
        for kind in ("web", "worker"):
            running = [
                s.process
                for s in self.slots
                if s.kind == kind and s.process and s.process.poll() is None
            ]
            for process in running:
                process.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + timeout
            for process in running:
                try:
                    process.wait(max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        self.log("all processes stopped")

    # --- for fault tests and status ----------------------------------------------

    def slot(self, name: str) -> Slot:
        return next(s for s in self.slots if s.name == name)

    def kill(self, name: str, sig: int = signal.SIGKILL) -> int | None:
        """Send ``sig`` to a slot's whole process group (a worker and anything it started)."""
        process = self.slot(name).process
        if process is None or process.poll() is not None:
            return None
        os.killpg(process.pid, sig)
        return process.pid

    def alive(self) -> dict[str, bool]:
        return {s.name: bool(s.process and s.process.poll() is None) for s in self.slots}

"""``qiao serve``: the web server and the background task worker in one command.

A small site should need one process to look after. This command starts the
django_tasks database worker as a child process (only when tasks go through
the database backend; with Redis, run ``rqworker`` yourself), restarts it if it
dies, and stops it when the web server stops. In debug mode the web server is
Django's ``runserver`` (no autoreload), otherwise waitress, a production WSGI
server; static files come from WhiteNoise either way.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.management.commands.runserver import Command as RunserverCommand
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

DEFAULT_ADDRESS = "127.0.0.1:8000"
ADDRESS_RE = re.compile(r"^(?:(?P<host>\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.\-]+):)?(?P<port>\d{1,5})$")


def parse_address(address: str) -> tuple[str, int]:
    """Split ``host:port`` (or a bare port, or ``[::1]:port``) into host and port."""
    match = ADDRESS_RE.match(address.strip())
    if not match or not 0 < int(match["port"]) < 65536:
        raise CommandError(f'"{address}" is not an address: use host:port, e.g. {DEFAULT_ADDRESS}.')
    host = (match["host"] or "127.0.0.1").strip("[]")
    return host, int(match["port"])


def uses_database_worker() -> bool:
    """True when background tasks are queued in the database and need our worker."""
    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    return backend.startswith("django_tasks_db.")


def worker_command() -> list[str]:
    """The db_worker command line: every queue, no autoreload, same interpreter and settings."""
    return [
        sys.executable,
        "-m",
        "qiao",
        "db_worker",
        "--queue-name",
        "*",
        "--no-reload",
        "--no-startup-delay",
    ]


class WorkerSupervisor:
    """Run a child process, restart it (with back-off) when it dies, stop it on request."""

    min_backoff = 1.0
    max_backoff = 30.0
    # A worker that ran this long before dying was healthy: start again without waiting long.
    healthy_after = 60.0

    def __init__(self, command: list[str], log: Callable[[str], None]) -> None:
        self.command = command
        self.log = log
        self.process: subprocess.Popen | None = None
        self.restarts = 0
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._supervise, name="qiao-worker-supervisor", daemon=True)

    def start(self) -> None:
        self._spawn()
        self._thread.start()

    def _spawn(self) -> None:
        with self._lock:
            if self._stopping.is_set():
                return
            # A session of its own: Ctrl-C in the terminal reaches only us, and we
            # stop the worker ourselves, so it is never restarted mid-shutdown.
            self.process = subprocess.Popen(self.command, start_new_session=True)
            self.log(f"Task worker started (pid {self.process.pid}).")

    def _supervise(self) -> None:
        backoff = self.min_backoff
        while not self._stopping.is_set():
            process = self.process
            if process is None:
                return
            started = time.monotonic()
            while process.poll() is None:
                if self._stopping.wait(0.5):
                    return
            if self._stopping.is_set():
                return
            if time.monotonic() - started > self.healthy_after:
                backoff = self.min_backoff
            self.log(f"Task worker exited with code {process.returncode}; restarting in {backoff:.0f} s.")
            if self._stopping.wait(backoff):
                return
            backoff = min(backoff * 2, self.max_backoff)
            self.restarts += 1
            self._spawn()

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the worker to finish its current task and exit; kill it if it does not."""
        with self._lock:
            self._stopping.set()
            process = self.process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        self.log("Task worker stopped.")


class _Runserver(RunserverCommand):
    """Django's development server, calling back once its socket is bound."""

    def __init__(self, on_bound: Callable[[], None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._on_bound = on_bound

    def on_bind(self, server_port: int) -> None:
        super().on_bind(server_port)
        self._on_bound()


def _raise_keyboard_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = "Serve Qiao: the web server plus the background task worker."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "address", nargs="?", default=DEFAULT_ADDRESS, help=f"host:port to listen on (default {DEFAULT_ADDRESS})"
        )
        parser.add_argument(
            "--server",
            choices=["auto", "runserver", "waitress"],
            default="auto",
            help="Web server: runserver in debug mode, waitress otherwise (default auto).",
        )
        parser.add_argument("--threads", type=int, default=8, help="waitress worker threads (default 8)")
        parser.add_argument("--no-worker", action="store_true", help="Do not start the task worker.")

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = parse_address(options["address"])
        server = options["server"]
        if server == "auto":
            server = "runserver" if settings.DEBUG else "waitress"
        if not settings.DEBUG:
            self._require_collected_static()
        if options["threads"] < 1:
            raise CommandError("--threads must be at least 1.")

        supervisor: WorkerSupervisor | None = None
        if uses_database_worker() and not options["no_worker"]:
            supervisor = WorkerSupervisor(worker_command(), log=self._log)

        def on_bound() -> None:
            # Start the worker only once the port is ours, so a busy port never leaves one behind.
            if supervisor is not None:
                supervisor.start()

        # Stop cleanly (worker included) on Ctrl-C, `kill` and a closed terminal; SIGINT
        # too, because a shell starts background jobs with it ignored.
        for name in ("SIGINT", "SIGTERM", "SIGHUP"):
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), _raise_keyboard_interrupt)
        try:
            if server == "runserver":
                addrport = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
                # runserver checks for unapplied migrations itself.
                call_command(_Runserver(on_bound), addrport, use_reloader=False, skip_checks=True)
            else:
                self._serve_waitress(host, port, options["threads"], on_bound)
        except KeyboardInterrupt:
            pass
        finally:
            if supervisor is not None:
                supervisor.stop()

    def _serve_waitress(self, host: str, port: int, threads: int, on_bound: Callable[[], None]) -> None:
        from django.core.wsgi import get_wsgi_application
        from waitress.server import create_server

        self.check_migrations()
        try:
            server = create_server(get_wsgi_application(), host=host, port=port, threads=threads)
        except OSError as error:
            raise CommandError(f"Cannot listen on {host}:{port}: {error.strerror or error}.") from error
        self._log(f"Qiao is serving on http://{host if ':' not in host else f'[{host}]'}:{port}/ (Ctrl-C to stop).")
        on_bound()
        try:
            server.run()
        finally:
            server.close()

    def _require_collected_static(self) -> None:
        """Without DEBUG, pages need the static manifest that collectstatic writes."""
        manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
        backend = settings.STORAGES.get("staticfiles", {}).get("BACKEND", "")
        if "Manifest" in backend and not manifest.exists():
            raise CommandError("Static files are not collected yet: run `qiao collectstatic --noinput` first.")

    def _log(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()

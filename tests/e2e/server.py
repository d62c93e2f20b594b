"""A real ``qiao serve`` in a child process, on a free port, with its own SQLite database.

Browser tests and the serve-command tests use it: the site under test is the
one a newcomer gets from ``./bin/run``, task worker included, not an in-process
stand-in.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a throw-away site: debug mode, SQLite and files under ``data_dir``."""
    # Not the test session's own Django settings, nor the browser fixture's DJANGO_ALLOW_ASYNC_UNSAFE.
    skip = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if not k.startswith("QIAO_") and k not in skip}
    env.update(
        QIAO_DATA_DIR=str(data_dir),
        QIAO_DEBUG="1",
        QIAO_SECRET_KEY="test-secret-key-for-the-e2e-server-only",
        PYTHONUNBUFFERED="1",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")])),
    )
    env.update(extra)
    return env


def qiao(env: dict[str, str], *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run one ``qiao`` management command; raise with its output if it fails."""
    result = subprocess.run(
        [sys.executable, "-m", "qiao", *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode:
        raise RuntimeError(f"qiao {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


class QiaoServer:
    """Start with :meth:`start`, stop with :meth:`stop`; the log is kept for failure messages."""

    def __init__(self, data_dir: Path, *serve_args: str, **env: str) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = server_env(data_dir, **env)
        self.serve_args = serve_args
        self.log_path = data_dir / "serve.log"
        self.process: subprocess.Popen | None = None

    def prepare(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        qiao(self.env, "migrate", "--noinput", "-v0")
        qiao(self.env, "createcachetable")

    def start(self, timeout: float = 60) -> "QiaoServer":
        self.prepare()
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "qiao", "serve", f"127.0.0.1:{self.port}", *self.serve_args],
            env=self.env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"qiao serve exited with {self.process.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"qiao serve did not answer within {timeout} s:\n{self.log()}")

    def stop(self, timeout: float = 20) -> int | None:
        """Stop the server as Ctrl-C would, and return its exit code."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

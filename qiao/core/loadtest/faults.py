"""Throwaway PostgreSQL and Redis servers that a fault test may stop and restart at will.

The machine's own PostgreSQL and Redis are shared with everything else on it
and are never touched: each fault run makes its own data directory, listens
on its own loopback port and is removed afterwards.

Redis runs with an append-only file fsynced on every write, as a production
task queue should: a restart then keeps every queued job (with ``--save ""``
and no AOF, as a cache-only Redis is often run, a restart loses them all).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path


class FaultEnvironmentError(Exception):
    """A throwaway server cannot be made here (missing binaries, port taken…)."""


def port_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def postgres_bindir() -> Path | None:
    """The newest installed PostgreSQL's bin directory (Debian layout), or the one on PATH."""
    if found := shutil.which("initdb"):
        return Path(found).resolve().parent
    root = Path("/usr/lib/postgresql")
    versions = sorted(
        (p for p in root.glob("*/bin") if (p / "initdb").exists()), key=lambda p: p.parent.name
    )
    return versions[-1] if versions else None


def missing_binaries() -> list[str]:
    missing = []
    if postgres_bindir() is None:
        missing.append("PostgreSQL server (initdb, pg_ctl)")
    if not shutil.which("redis-server"):
        missing.append("redis-server")
    return missing


def _wait_port(port: int, up: bool, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if port_free(port) != up:
            return True
        time.sleep(0.1)
    return False


class ThrowawayPostgres:
    """A PostgreSQL cluster in a temporary directory on 127.0.0.1:``port``, trust auth, user postgres."""

    def __init__(self, port: int) -> None:
        bindir = postgres_bindir()
        if bindir is None:
            raise FaultEnvironmentError("no PostgreSQL server binaries (initdb) on this machine")
        if not port_free(port):
            raise FaultEnvironmentError(f"port {port} is taken; choose another with --pg-port")
        self.bindir = bindir
        # A directory of its own under the system's temporary directory: the postgres user
        # (see run_as) must be able to reach it, which a private test directory may not allow.
        self.directory = Path(tempfile.mkdtemp(prefix="qiao-faults-pg-"))
        self.data = self.directory / "pgdata"
        self.port = port
        self.log = self.directory / "postgres.log"
        # PostgreSQL refuses to run as root: then it runs as the "postgres" system user.
        self.run_as = "postgres" if os.geteuid() == 0 else None

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/qiao_faults"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        done = subprocess.run(command, check=False, capture_output=True, text=True, timeout=120)
        if check and done.returncode:
            output = (done.stderr or done.stdout).strip()[-800:]
            raise FaultEnvironmentError(f"{args[0]} failed (exit {done.returncode}): {output}")
        return done

    def init(self) -> None:
        if self.run_as:
            shutil.chown(self.directory, self.run_as, self.run_as)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-sync",
        )
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{self.directory}'\n"
                "fsync = on\nmax_connections = 200\nshared_buffers = 64MB\n"
            )
        self.start()

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start")
        if not _wait_port(self.port, up=True, timeout=30):
            raise FaultEnvironmentError(f"PostgreSQL did not start; see {self.log}")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop", check=False)
        _wait_port(self.port, up=False, timeout=30)

    def remove(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.directory, ignore_errors=True)


class ThrowawayRedis:
    """A Redis server on 127.0.0.1:``port`` with its append-only file in ``directory``."""

    def __init__(self, directory: Path, port: int) -> None:
        if not shutil.which("redis-server"):
            raise FaultEnvironmentError("redis-server is not installed")
        if not port_free(port):
            raise FaultEnvironmentError(f"port {port} is taken; choose another with --redis-port")
        self.directory = directory
        self.port = port
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        command = [
            "redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--dir", str(self.directory),
            "--save", "", "--appendonly", "yes", "--appendfsync", "always",
            "--logfile", str(self.directory / "redis.log"), "--daemonize", "no",
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        if not _wait_port(self.port, up=True, timeout=15):
            raise FaultEnvironmentError("redis-server did not start")

    def shutdown(self) -> None:
        """``SHUTDOWN NOSAVE``: no snapshot, so only what the append-only file holds survives."""
        subprocess.run(
            ["redis-cli", "-p", str(self.port), "shutdown", "nosave"],
            capture_output=True,
            timeout=15,
            check=False,
        )
        if self.process is not None:
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.send_signal(signal.SIGKILL)
                self.process.wait()
        _wait_port(self.port, up=False, timeout=10)

    def remove(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.directory, ignore_errors=True)

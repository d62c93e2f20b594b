"""``qiao prod``: the production-like stack on one machine (what ``bin/prod`` runs).

Creates the PostgreSQL database if it is missing, migrates, collects static
files, then runs gunicorn (``--web`` processes × ``--threads`` threads) and
``--workers`` RQ task workers under :class:`qiao.core.stack.Supervisor`,
waits until ``/readyz`` answers 200 and stays in the foreground; Ctrl-C (or
SIGTERM) stops everything. docs/deploy.md describes the settings.
"""

from __future__ import annotations

import signal
import time
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from qiao.core.stack import Supervisor

from .serve import parse_address


def ensure_database() -> bool:
    """Create the configured PostgreSQL database when it does not exist; True if created."""
    db = settings.DATABASES["default"]
    if "postgresql" not in db["ENGINE"]:
        return False
    import psycopg
    from psycopg import sql

    params = {
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
        "dbname": "postgres",
        "connect_timeout": 5,
        "autocommit": True,
    }
    try:
        with psycopg.connect(**{k: v for k, v in params.items() if v is not None}) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]
            ).fetchone()
            if exists:
                return False
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))
            return True
    except psycopg.Error as error:
        raise CommandError(
            f"Cannot reach PostgreSQL at {db.get('HOST')}:{db.get('PORT')}: {error}"
        ) from error


def wait_ready(url: str, timeout: float) -> dict | None:
    """Poll ``url`` (a /readyz) until it answers 200; the last JSON body, or None on timeout."""
    import json

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=3) as response:
                return json.loads(response.read())
        except (urllib.error.URLError, OSError, ValueError):
            time.sleep(0.5)
    return None


def _raise_keyboard_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = "Run the production-like stack: gunicorn web processes and RQ task workers, supervised."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--bind",
            default="127.0.0.1:8000",
            help="host:port for gunicorn (default 127.0.0.1:8000)",
        )
        parser.add_argument(
            "--web", type=int, default=0, help="web processes (default: one per core, at least 2)"
        )
        parser.add_argument(
            "--threads", type=int, default=4, help="threads per web process (default 4)"
        )
        parser.add_argument("--workers", type=int, default=2, help="RQ task workers (default 2)")
        parser.add_argument(
            "--no-setup",
            action="store_true",
            help="Skip database creation, migrate and collectstatic.",
        )
        parser.add_argument("--demo", action="store_true", help="Also add the demo content.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.REDIS_URL:
            raise CommandError("qiao prod needs QIAO_REDIS_URL (the cache and the RQ task queue).")
        if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
            raise CommandError(
                "qiao prod needs QIAO_DATABASE_URL=postgres://… (several processes write at once)."
            )
        if settings.DEBUG:
            raise CommandError("qiao prod runs without debug mode: unset QIAO_DEBUG.")
        if options["workers"] < 0 or options["web"] < 0 or options["threads"] < 1:
            raise CommandError("--web, --workers must be 0 or more and --threads at least 1.")
        host, port = parse_address(options["bind"])
        if settings.QIAO_SMS_BACKEND.endswith(".LoadTestSmsBackend"):
            self.stderr.write(
                "WARNING: the load-test SMS backend is on: sign-in codes are written to disk."
            )
        if not options["no_setup"]:
            self._setup(options)

        env = {
            "QIAO_BIND": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
            "QIAO_WEB_THREADS": str(options["threads"]),
        }
        if options["web"]:
            env["QIAO_WEB_PROCESSES"] = str(options["web"])
        supervisor = Supervisor(workers=options["workers"], env=env, log=self._log)
        for name in ("SIGINT", "SIGTERM", "SIGHUP"):
            signal.signal(getattr(signal, name), _raise_keyboard_interrupt)
        supervisor.start()
        try:
            shown = f"[{host}]" if ":" in host else host
            ready = wait_ready(f"http://{shown}:{port}/readyz", timeout=60)
            if ready is None:
                self._log("the web server did not become ready within 60 s; see the log above")
            else:
                self._log(f"Qiao is ready on http://{shown}:{port}/ (Ctrl-C stops everything)")
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            self._log("stopping…")
        finally:
            supervisor.stop()

    def _setup(self, options: dict[str, Any]) -> None:
        if ensure_database():
            self._log(f"created database {settings.DATABASES['default']['NAME']}")
        quiet = {"verbosity": max(0, options["verbosity"] - 1)}
        call_command("migrate", interactive=False, **quiet)
        call_command("collectstatic", interactive=False, **quiet)
        if options["demo"]:
            call_command("demo", **quiet)

    def _log(self, message: str) -> None:
        self.stdout.write(f"[qiao prod] {message}")
        self.stdout.flush()

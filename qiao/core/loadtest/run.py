"""Plumbing shared by ``qiao loadtest`` and ``qiao faulttest``.

Neither command uses its own Django settings for the site under test: the
stack runs in child processes configured by :func:`server_env`, and the
checks afterwards talk to its PostgreSQL and Redis directly. So the commands
can run from any checkout, whatever ``QIAO_*`` the shell has.
"""

from __future__ import annotations

import ipaddress
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
NO_LIMIT = "1000000000/60"
LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


class LoadTestError(Exception):
    """The run cannot start or cannot be judged; the message says why."""


def require_loopback(url: str) -> str:
    """``url`` unchanged if its host is on this machine's loopback (127.0.0.0/8, ::1, localhost).

    Load and fault tests send traffic only to this machine: anything else is refused.
    """
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise LoadTestError(f"{url!r} is not an http(s) URL with a host.")
    host = parts.hostname.lower()
    if host not in LOOPBACK_NAMES:
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            raise LoadTestError(
                f"Refusing to load {host}: load and fault tests only target this machine "
                "(127.0.0.0/8, localhost or [::1])."
            )
    return url.rstrip("/")


def server_env(
    *,
    database_url: str,
    redis_url: str,
    data_dir: Path,
    sms_dir: Path,
    translate_inline: bool = False,
) -> dict[str, str]:
    """The environment of a site under load: production settings, test SMS, no per-person limits.

    Every visitor of a load test comes from 127.0.0.1, so the per-IP and
    per-person flood limits, right for real people, would turn the test into a
    test of the limits: they are lifted here, and only here.
    """
    env = dict(os.environ)  # the caller's QIAO_* (translation engine…) apply, except what follows
    for name in ("QIAO_DEBUG", "QIAO_TASKS_BACKEND", "QIAO_MEDIA_STORAGE"):
        env.pop(name, None)
    env.update(
        QIAO_DATABASE_URL=database_url,
        QIAO_REDIS_URL=redis_url,
        QIAO_DATA_DIR=str(data_dir),
        QIAO_DB_CONN_MAX_AGE="60",
        QIAO_LOG_FORMAT="json",
        QIAO_ACCESS_LOG_LEVEL="WARNING",  # 5xx lines only: one line per request would cost the server CPU
        QIAO_SMS_BACKEND="qiao.accounts.sms.LoadTestSmsBackend",
        QIAO_ALLOW_TEST_SMS="1",
        QIAO_TEST_SMS_DIR=str(sms_dir),
        QIAO_MODERATION_IP_FACTOR="100000",
        QIAO_MODERATION_PREFIX_FACTOR="100000",
        QIAO_LIMIT_NOTES="100000,100000,100000",
        QIAO_LIMIT_COMMENTS="100000,100000,100000",
        QIAO_LIMIT_FOLLOWS="100000,100000,100000",
        QIAO_LIMIT_LINKS="100000,100000,100000",
        QIAO_EMBEDDINGS_THREADS="1",  # background work gets one core at most per worker
        # On a CPU-only machine a translation takes seconds to a minute: translating every new
        # note and comment ahead of time would queue hours of work. Readers' own requests
        # (POST …/translate) stay in the mix.
        QIAO_TRANSLATION_PRETRANSLATE="0",
        QIAO_TRANSLATION_USER_QUOTA=NO_LIMIT,
        QIAO_TRANSLATION_GLOBAL_QUOTA=NO_LIMIT,
    )
    for scope in (
        "SMS_PER_NUMBER", "SMS_PER_NUMBER_DAY", "SMS_PER_IP", "SMS_PER_PREFIX", "OTP_VERIFY_PER_IP",
        "LOGIN_PASSWORD_PER_IP", "NOTE_CREATE", "COMMENT_CREATE", "FOLLOW", "LIKE", "SEARCH",
    ):  # fmt: skip
        env[f"QIAO_RATE_{scope}"] = NO_LIMIT
    if translate_inline:
        env["QIAO_TRANSLATE_INLINE"] = "1"
    return env


def create_database(database_url: str) -> bool:
    """Create the database named in ``database_url`` if missing; True when created."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return True


def run_qiao(args: list[str], env: dict[str, str], log_file: Path, timeout: float = 900) -> None:
    """Run ``qiao <args>`` with ``env``; its output goes to ``log_file``; raise if it fails."""
    with open(log_file, "ab") as output:
        done = subprocess.run(
            [sys.executable, "-m", "qiao", *args],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            timeout=timeout,
            check=False,
        )
    if done.returncode:
        raise LoadTestError(
            f"`qiao {' '.join(args)}` failed (exit {done.returncode}); see {log_file}"
        )


def write_seed(database_url: str, path: Path, *, translate_notes: int) -> dict:
    """The people and notes the simulated users act on, read from the site's database."""
    import psycopg

    with psycopg.connect(database_url, connect_timeout=5) as conn:
        handles = [
            row[0]
            for row in conn.execute(
                "SELECT handle FROM accounts_user WHERE is_active AND handle NOT LIKE 'lt%%' ORDER BY id LIMIT 60"
            )
        ]
        note_ids = [
            row[0]
            for row in conn.execute(
                "SELECT id FROM notes_note WHERE visibility = 'public' AND NOT is_hidden ORDER BY rank DESC LIMIT 200"
            )
        ]
    if not handles or not note_ids:
        raise LoadTestError(
            "The site has no people or notes to act on; run it with demo content (--demo)."
        )
    # Readers ask for translations of the top few notes only: each distinct (note, language) is
    # one queued job, and the run waits for all of them.
    seed = {
        "handles": handles,
        "note_ids": note_ids,
        "translate_note_ids": note_ids[:translate_notes],
    }
    path.write_text(json.dumps(seed))
    return seed


def wait_http(url: str, timeout: float) -> bool:
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=3) as response:
                if response.status == 200:
                    return True
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    return False


def locust_env(*, seed: Path, sms_dir: Path, records: Path, users: int, spawn_rate: float,
               phases: dict[str, float], max_requests: int) -> dict[str, str]:  # fmt: skip
    env = dict(os.environ)
    env.update(
        QIAO_LT_SEED=str(seed),
        QIAO_LT_SMS_DIR=str(sms_dir),
        QIAO_LT_RECORDS=str(records),
        QIAO_LT_USERS=str(users),
        QIAO_LT_SPAWN_RATE=str(spawn_rate),
        QIAO_LT_MAX_REQUESTS=str(max_requests),
        QIAO_LT_RUN_ID=uuid.uuid4().hex[:6],
        **{f"QIAO_LT_{name.upper()}_SECONDS": str(seconds) for name, seconds in phases.items()},
    )
    return env


def start_locust(
    host: str, env: dict[str, str], log_file: Path, run_seconds: float
) -> subprocess.Popen:
    """Locust, headless, against ``host`` (loopback only), stopping by itself after ``run_seconds``."""
    require_loopback(host)
    command = [
        sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--host", host,
        "--run-time", f"{int(run_seconds) + 1}s", "--stop-timeout", "10", "--only-summary",
        "--loglevel", "WARNING",
    ]  # fmt: skip
    output = open(log_file, "ab")  # noqa: SIM115 (closed when the process ends)
    return subprocess.Popen(
        command, env=env, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
    )


def verify_writes(database_url: str, records: list[dict]) -> tuple[dict[str, int], list[dict]]:
    """Check every acknowledged write (2xx) against the database: (acknowledged per kind, missing)."""
    import psycopg

    acks = [r["ack"] for r in records if r.get("ack")]
    counts: dict[str, int] = {}
    for ack in acks:
        counts[ack["kind"]] = counts.get(ack["kind"], 0) + 1
    missing: list[dict] = []
    with psycopg.connect(database_url, connect_timeout=10) as conn:

        def present(query: str, values: list) -> set:
            return (
                {tuple(row) if len(row) > 1 else row[0] for row in conn.execute(query, [values])}
                if values
                else set()
            )

        notes = present(
            "SELECT id FROM notes_note WHERE id = ANY(%s)",
            [a["id"] for a in acks if a["kind"] == "note"],
        )
        comments = present(
            "SELECT id FROM social_comment WHERE id = ANY(%s)",
            [a["id"] for a in acks if a["kind"] == "comment"],
        )
        users = present(
            "SELECT handle FROM accounts_user WHERE handle = ANY(%s)",
            [a["handle"] for a in acks if a["kind"] == "user"],
        )
        likes = present(
            "SELECT u.handle, l.note_id FROM social_like l JOIN accounts_user u ON u.id = l.user_id "
            "WHERE u.handle = ANY(%s)",
            list({a["handle"] for a in acks if a["kind"] == "like"}),
        )
    for ack in acks:
        found = {
            "note": lambda a: a["id"] in notes,
            "comment": lambda a: a["id"] in comments,
            "user": lambda a: a["handle"] in users,
            "like": lambda a: (a["handle"], a["note"]) in likes,
        }[ack["kind"]](ack)
        if not found:
            missing.append(ack)
    return counts, missing


def queue_counts(redis_url: str) -> dict[str, int]:
    """Jobs of Qiao's queues by state: queued, started, scheduled, deferred, failed, finished."""
    from redis import Redis
    from rq import Queue
    from rq.registry import (
        DeferredJobRegistry,
        FailedJobRegistry,
        FinishedJobRegistry,
        ScheduledJobRegistry,
        StartedJobRegistry,
    )

    from qiao.core.taskqueue import QUEUES

    connection = Redis.from_url(redis_url, socket_timeout=5)
    totals = {"queued": 0, "started": 0, "scheduled": 0, "deferred": 0, "failed": 0, "finished": 0}
    for name in QUEUES:
        queue = Queue(name, connection=connection)
        totals["queued"] += queue.count
        for state, registry in (
            ("started", StartedJobRegistry), ("scheduled", ScheduledJobRegistry),
            ("deferred", DeferredJobRegistry), ("failed", FailedJobRegistry), ("finished", FinishedJobRegistry),
        ):  # fmt: skip
            totals[state] += len(registry(queue=queue).get_job_ids(cleanup=False))
    return totals


def wait_for_jobs(redis_url: str, timeout: float, log: Callable[[str], None]) -> dict[str, int]:
    """Wait until no job is queued, running, scheduled or deferred (or ``timeout``); the last counts."""
    deadline = time.monotonic() + timeout
    last_report = 0.0
    while True:
        try:
            counts = queue_counts(redis_url)
        except Exception as error:  # Redis restarting: ask again
            counts = {"error": 1}
            log(f"queue state unavailable: {error.__class__.__name__}")
        pending = sum(
            counts.get(k, 0) for k in ("queued", "started", "scheduled", "deferred", "error")
        )
        if not pending or time.monotonic() > deadline:
            return counts
        if time.monotonic() - last_report > 15:
            log(f"waiting for background jobs: {counts}")
            last_report = time.monotonic()
        time.sleep(1)


class Site:
    """A Qiao stack under test: its settings, processes and files, and the surge run against it."""

    def __init__(self, *, workdir: Path, database_url: str, redis_url: str, bind: str, web: int, threads: int,
                 workers: int, log: Callable[[str], None], translate_inline: bool = False) -> None:  # fmt: skip
        self.workdir = workdir
        self.database_url = database_url
        self.redis_url = redis_url
        self.base_url = require_loopback(f"http://{bind}")
        self.log = log
        self.sms_dir = workdir / "sms"
        self.records = workdir / "requests.jsonl"
        self.server_log = workdir / "server.log"
        self.env = server_env(
            database_url=database_url, redis_url=redis_url, data_dir=workdir / "data",
            sms_dir=self.sms_dir, translate_inline=translate_inline,
        )  # fmt: skip
        self.env.update(QIAO_BIND=bind, QIAO_WEB_PROCESSES=str(web), QIAO_WEB_THREADS=str(threads))
        self.workers = workers
        self.supervisor = None

    def use_llama_model(self, path: Path) -> None:
        """Translate with this GGUF file in the task workers, one thread each (the web needs the rest)."""
        if not path.is_file():
            raise LoadTestError(f"No model file at {path}")
        self.env.update(
            QIAO_TRANSLATION_ENGINE="llamacpp",
            QIAO_LLAMA_MODEL_PATH=str(path.resolve()),
            QIAO_LLAMA_THREADS="1",
        )

    def prepare(self, *, fresh: bool = False, demo: bool = True) -> None:
        """Create (or re-create) the database, migrate, collect static files, add content to act on.

        ``demo``: the demo site (30 people, 115 notes; a few minutes the first time); otherwise
        a handful of people and notes, enough for a short run.
        """
        if fresh:
            drop_database(self.database_url)
        if create_database(self.database_url):
            self.log(f"created database {urlsplit(self.database_url).path.lstrip('/')}")
        self.log(
            "migrating, collecting static files and adding content"
            + (" (demo: a few minutes)" if demo else "")
        )
        # The seed content's background work (translations, embeddings) would only compete with
        # the measurement, so it is not queued.
        setup_env = {**self.env, "QIAO_TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend"}
        run_qiao(["setup", "--demo"] if demo else ["setup"], setup_env, self.server_log)
        if not demo:
            code = "from qiao.core.loadtest.run import seed_minimal_content; seed_minimal_content()"
            run_qiao(["shell", "-c", code], setup_env, self.server_log)

    def start(self) -> None:
        from qiao.core.stack import Supervisor

        output = open(self.server_log, "ab")  # noqa: SIM115 (kept for the processes' lifetime)
        self.supervisor = Supervisor(
            workers=self.workers, env=self.env, log=lambda m: self.log(f"stack: {m}"), output=output,
            redis_url=self.redis_url,
        )  # fmt: skip
        self.supervisor.start()
        if not wait_http(f"{self.base_url}/readyz", timeout=90):
            self.stop()
            raise LoadTestError(f"The stack did not become ready; see {self.server_log}")

    def stop(self) -> None:
        if self.supervisor is not None:
            self.supervisor.stop()
            self.supervisor = None

    def surge(self, *, users: int, spawn_rate: float, phases: dict[str, float], max_requests: int,
              translate_notes: int, during: Callable[[subprocess.Popen], None] | None = None) -> list[dict]:  # fmt: skip
        """Run the locust surge to its end (``during`` runs alongside, e.g. fault injection); the records."""
        from .report import load_records

        seed = self.workdir / "seed.json"
        write_seed(self.database_url, seed, translate_notes=translate_notes)
        env = locust_env(
            seed=seed, sms_dir=self.sms_dir, records=self.records, users=users, spawn_rate=spawn_rate,
            phases=phases, max_requests=max_requests,
        )  # fmt: skip
        total = sum(phases.values())
        self.log(
            f"surge: {users} users, phases {phases} ({total:.0f} s), at most {max_requests} requests"
        )
        locust = start_locust(self.base_url, env, self.workdir / "locust.log", total)
        try:
            if during is not None:
                during(locust)
            locust.wait(timeout=total + 60)
        except subprocess.TimeoutExpired:
            locust.kill()
            locust.wait()
        except BaseException:
            locust.kill()
            locust.wait()
            raise
        if not self.records.exists():
            raise LoadTestError(
                f"The load generator recorded nothing; see {self.workdir / 'locust.log'}"
            )
        return load_records(self.records)


def drop_database(database_url: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(database_url)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(parts.path.lstrip("/"))
            )
        )


def seed_minimal_content(people: int = 6, notes_each: int = 2) -> None:
    """A few people and public notes with a photo, made through the real services (run in the site's settings)."""
    import io

    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from qiao.notes import services as notes

    User = get_user_model()
    for index in range(people):
        handle = f"seed{index}"
        user = User.objects.filter(handle=handle).first() or User.objects.create_user(
            phone=f"+1202555{index:04d}", handle=handle, display_name=f"Seed {index}"
        )
        if user.notes.exists():
            continue
        for number in range(notes_each):
            buffer = io.BytesIO()
            Image.new("RGB", (320, 240), (40 * index % 255, 90, 160)).save(buffer, "JPEG")
            photo = SimpleUploadedFile("seed.jpg", buffer.getvalue(), content_type="image/jpeg")
            title = f"Seed note {index}-{number}" if index % 2 else f"种子笔记 {index}-{number}"
            notes.create_note(user, title=title, body="#surge first day", images=[photo])

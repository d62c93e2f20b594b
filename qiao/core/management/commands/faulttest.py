"""``qiao faulttest``: the surge with faults, on throwaway PostgreSQL and Redis servers.

Makes its own PostgreSQL cluster (``--pg-port``, default 5439) and Redis
server (``--redis-port``, default 6390) in a temporary directory, never the
machine's shared ones; starts the stack on them and runs the surge of
``qiao loadtest``. During the surge phase it

1. kills a task worker (SIGKILL, with whatever job it runs) while translation
   jobs are queued: the supervisor restarts it and re-queues its job;
2. restarts Redis (``SHUTDOWN NOSAVE``, then starts it again);
3. restarts PostgreSQL (fast shutdown, then start) under load.

Each outage is a *fault window* (from the fault until the service answers
again, plus ``--grace`` seconds for requests caught in it). Afterwards it
waits for every background job, then checks: every acknowledged write is in
the database, every queued job completed (none failed), and no request
failed outside the fault windows. It prints the figures and these checks.
"""

from __future__ import annotations

import os
import signal
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from qiao.core.loadtest.faults import FaultEnvironmentError, ThrowawayPostgres, ThrowawayRedis
from qiao.core.loadtest.run import LoadTestError, Site

from .loadtest import add_surge_arguments, finish, phases


def default_model() -> Path | None:
    """The small test model (tests/translation fixtures install it), if this checkout has it."""
    directory = Path(os.environ.get("QIAO_TEST_MODEL_DIR") or Path.cwd() / "var" / "test-models")
    return next(iter(sorted(directory.glob("*.gguf"))), None) if directory.is_dir() else None


class FaultPlan:
    """Inject the three faults at set times into the surge phase, recording the windows."""

    def __init__(self, site: Site, pg: ThrowawayPostgres, redis: ThrowawayRedis, *, surge_start: float,
                 grace: float, down_seconds: float, log) -> None:  # fmt: skip
        self.site = site
        self.pg = pg
        self.redis = redis
        self.surge_start = surge_start
        self.grace = grace
        self.down_seconds = down_seconds
        self.log = log
        self.windows: list[tuple[str, float, float]] = []
        self.events: list[str] = []
        self.failure: BaseException | None = None
        self.killed_job: str | None = None

    def _at(self, offset: float, locust) -> bool:
        """Sleep until ``offset`` seconds into the surge; False if the load generator is gone."""
        while time.time() < self.surge_start + offset:
            if locust.poll() is not None:
                return False
            time.sleep(0.2)
        return True

    def run(self, locust) -> None:
        try:
            if self._at(6, locust):
                self.kill_worker()
            if self._at(14, locust):
                self.restart_redis()
            if self._at(14 + self.down_seconds + self.grace + 6, locust):
                self.restart_postgres()
        except BaseException as error:  # reported after the run; the servers are cleaned up anyway
            self.failure = error
            self.log(f"fault injection failed: {error!r}")

    def kill_worker(self) -> None:
        """SIGKILL worker-1, preferably while it runs a job (waits up to 20 s for one)."""
        from redis import Redis
        from rq.worker import Worker

        supervisor = self.site.supervisor
        slot = supervisor.slot("worker-1")
        connection = Redis.from_url(self.redis.url, socket_timeout=5)
        job_id = None
        deadline = time.time() + 20
        while time.time() < deadline and job_id is None:
            worker = Worker.find_by_key(
                Worker.redis_worker_namespace_prefix + slot.rq_name, connection=connection
            )
            job_id = worker.get_current_job_id() if worker is not None else None
            if job_id is None:
                time.sleep(0.2)
        pid = supervisor.kill("worker-1", signal.SIGKILL)
        doing = f"in the middle of job {job_id}" if job_id else "while idle (no job came in 20 s)"
        self.events.append(f"killed worker-1 (pid {pid}) with SIGKILL {doing}")
        self.killed_job = job_id
        self.log(self.events[-1])

    def restart_redis(self) -> None:
        start = time.time()
        self.redis.shutdown()
        self.log("Redis shut down (SHUTDOWN NOSAVE)")
        time.sleep(self.down_seconds)
        self.redis.start()
        up = time.time()
        self.windows.append(("redis restart", start - 1, up + self.grace))
        self.events.append(f"Redis down for {up - start:.1f}s")
        self.log(f"Redis back after {up - start:.1f}s")

    def restart_postgres(self) -> None:
        start = time.time()
        self.pg.stop("fast")
        self.log("PostgreSQL stopped (fast shutdown)")
        time.sleep(self.down_seconds)
        self.pg.start()
        up = time.time()
        self.windows.append(("postgres restart", start - 1, up + self.grace))
        self.events.append(f"PostgreSQL down for {up - start:.1f}s")
        self.log(f"PostgreSQL back after {up - start:.1f}s")


class Command(BaseCommand):
    help = "Surge with faults (worker killed mid-job, Redis and PostgreSQL restarted) on throwaway servers."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--pg-port",
            type=int,
            default=5439,
            help="port of the throwaway PostgreSQL (default 5439)",
        )
        parser.add_argument(
            "--redis-port",
            type=int,
            default=6390,
            help="port of the throwaway Redis (default 6390)",
        )
        parser.add_argument(
            "--down-seconds",
            type=float,
            default=3,
            help="how long each server stays down (default 3)",
        )
        parser.add_argument(
            "--grace",
            type=float,
            default=10,
            help="seconds after recovery still in the fault window",
        )
        add_surge_arguments(parser, users=16, surge_seconds=60, translate_notes=3)
        parser.set_defaults(signup_seconds=8, ceiling_seconds=8, feeds_seconds=8)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["surge_seconds"] < 2 * (options["down_seconds"] + options["grace"]) + 25:
            raise CommandError(
                "--surge-seconds is too short for the three faults and their recovery."
            )
        model = options["llama_model"] or default_model()
        if model is None and options["translate_notes"]:
            raise CommandError(
                "The fault test kills a worker during translation jobs, so the workers need a model: "
                "pass --llama-model FILE.gguf (the 0.5B test model is enough)."
            )
        base = options["workdir"] or Path(tempfile.mkdtemp(prefix="qiao-faulttest-"))
        base.mkdir(parents=True, exist_ok=True)
        pg = redis = site = None
        try:
            pg = ThrowawayPostgres(options["pg_port"])
            redis = ThrowawayRedis(base / "redis", options["redis_port"])
            pg.init()
            redis.start()
            self._log(
                f"throwaway PostgreSQL on :{pg.port}, Redis on :{redis.port} (append-only file on)"
            )
            site = Site(
                workdir=base, database_url=pg.url, redis_url=redis.url, bind=options["bind"], web=options["web"],
                threads=options["threads"], workers=options["workers"], log=self._log,
            )  # fmt: skip
            if model is not None:
                site.use_llama_model(model)
            site.prepare(demo=not options["small_seed"])
            site.start()
            self._run(site, pg, redis, options)
        except (FaultEnvironmentError, LoadTestError) as error:
            raise CommandError(str(error)) from error
        finally:
            if site is not None:
                site.stop()
            for server in (redis, pg):
                if server is not None:
                    server.remove()

    def _run(
        self, site: Site, pg: ThrowawayPostgres, redis: ThrowawayRedis, options: dict[str, Any]
    ) -> None:
        plan_holder: dict[str, FaultPlan] = {}
        spans = phases(options)

        def during(locust) -> None:
            surge_start = self._surge_start(site.records, locust, sum(spans.values()))
            plan = FaultPlan(
                site, pg, redis, surge_start=surge_start, grace=options["grace"],
                down_seconds=options["down_seconds"], log=self._log,
            )  # fmt: skip
            plan_holder["plan"] = plan
            thread = threading.Thread(
                target=plan.run, args=(locust,), name="qiao-faults", daemon=True
            )
            thread.start()
            locust.wait()
            thread.join(timeout=120)

        records = site.surge(
            users=options["users"], spawn_rate=options["spawn_rate"], phases=spans,
            max_requests=options["max_requests"], translate_notes=options["translate_notes"], during=during,
        )  # fmt: skip
        plan = plan_holder["plan"]
        if plan.failure is not None:
            raise CommandError(f"Fault injection failed: {plan.failure!r}")
        requeued = site.supervisor.requeued if site.supervisor else []
        restarts = {s.name: s.restarts for s in site.supervisor.slots} if site.supervisor else {}
        lines = [
            "faults: " + "; ".join(plan.events),
            f"job running on the killed worker: {plan.killed_job or 'none'}"
            + (
                f" (re-queued: {'yes' if plan.killed_job in requeued else 'NO'})"
                if plan.killed_job
                else ""
            ),
            f"jobs re-queued from dead workers: {len(requeued)}; process restarts: {restarts}",
        ]
        finish(
            self, site=site, records=records, windows=plan.windows, options=options,
            extra={"lines": lines, "strict_jobs": True, "faults": plan.events, "requeued_jobs": requeued,
                   "restarts": restarts},
        )  # fmt: skip

    @staticmethod
    def _surge_start(records: Path, locust, timeout: float) -> float:
        """When the load generator entered the surge phase (its phase marker in the records)."""
        deadline = time.monotonic() + timeout
        offset = 0
        while time.monotonic() < deadline and locust.poll() is None:
            if records.exists():
                with open(records, "rb") as lines:
                    lines.seek(offset)
                    for line in lines:
                        if not line.endswith(b"\n"):
                            break  # half-written: read it again next time
                        offset += len(line)
                        if b'"method":"PHASE"' in line and b'"name":"surge"' in line:
                            return time.time()
            time.sleep(0.5)
        return time.time()

    def _log(self, message: str) -> None:
        self.stdout.write(f"[faulttest] {message}")
        self.stdout.flush()

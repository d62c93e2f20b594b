"""``qiao loadtest``: the surge against a production-like stack on this machine, and its figures.

Starts the stack (gunicorn + RQ workers, as ``qiao prod``) on PostgreSQL and
Redis with load-test settings (test SMS backend, flood limits lifted), runs
locust headless on loopback through four phases (sign-up burst, ``/healthz``
ceiling, feed scrolling, the mixed surge), waits for the background jobs,
checks every acknowledged write against the database and prints throughput,
p50/p95/p99 and errors per phase and endpoint group, with the targets.
docs/deploy.md explains how to read it.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from qiao.core.loadtest import report
from qiao.core.loadtest.run import LoadTestError, Site, queue_counts, verify_writes, wait_for_jobs

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/qiao_loadtest"
DEFAULT_REDIS = "redis://127.0.0.1:6379/2"


def add_surge_arguments(parser, *, users: int, surge_seconds: int, translate_notes: int) -> None:
    """Options shared with ``qiao faulttest``."""
    parser.add_argument(
        "--bind", default="127.0.0.1:8100", help="where the stack listens (loopback only)"
    )
    parser.add_argument("--web", type=int, default=2, help="gunicorn processes (default 2)")
    parser.add_argument(
        "--threads", type=int, default=4, help="threads per gunicorn process (default 4)"
    )
    parser.add_argument("--workers", type=int, default=2, help="RQ task workers (default 2)")
    parser.add_argument(
        "--users",
        type=int,
        default=users,
        help=f"simulated people (default {users}; +50%% join in the surge)",
    )
    parser.add_argument(
        "--spawn-rate", type=float, default=50, help="new people per second (default 50)"
    )
    parser.add_argument("--signup-seconds", type=float, default=10)
    parser.add_argument("--ceiling-seconds", type=float, default=15)
    parser.add_argument("--feeds-seconds", type=float, default=15)
    parser.add_argument("--surge-seconds", type=float, default=surge_seconds)
    parser.add_argument(
        "--max-requests", type=int, default=200_000, help="stop after this many requests"
    )
    parser.add_argument(
        "--translate-notes",
        type=int,
        default=translate_notes,
        help=f"readers ask for translations of this many top notes (default {translate_notes}; 0: none)",
    )
    parser.add_argument(
        "--jobs-timeout", type=float, default=300, help="seconds to wait for background jobs"
    )
    parser.add_argument("--report", type=Path, help="also write the figures to this JSON file")
    parser.add_argument(
        "--small-seed",
        action="store_true",
        help="seed a dozen notes instead of the demo site (quicker set-up)",
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument(
        "--workdir", type=Path, help="keep logs and records here (default: a temporary directory)"
    )
    parser.add_argument(
        "--llama-model",
        type=Path,
        help="GGUF model for the task workers' translations (default: the site's setting)",
    )


def phases(options: dict[str, Any]) -> dict[str, float]:
    return {name: options[f"{name}_seconds"] for name in ("signup", "ceiling", "feeds", "surge")}


def finish(command: BaseCommand, *, site: Site, records: list[dict], windows: list, options: dict[str, Any],
           extra: dict[str, Any] | None = None) -> None:  # fmt: skip
    """Wait for the jobs, check the writes, print the figures and targets (shared with faulttest)."""
    write = command.stdout.write
    jobs = wait_for_jobs(site.redis_url, options["jobs_timeout"], write)
    unfinished = sum(
        jobs.get(k, 0) for k in ("queued", "started", "scheduled", "deferred", "error")
    )
    acknowledged, missing = verify_writes(site.database_url, records)
    summary = report.summarize(records, windows)
    verdicts = report.targets(
        summary,
        len(missing),
        unfinished,
        jobs.get("failed", 0) if (extra or {}).get("strict_jobs") else None,
    )

    write("")
    write(report.format_summary(summary))
    write("")
    write(report.format_endpoints(summary))
    write("")
    write(f"ceiling (/healthz) {summary.group('ceiling', 'trivial').rps:.1f} req/s; "
          f"feeds {summary.group('feeds', 'feed').rps:.1f} req/s; ratio {summary.feed_to_trivial:.2f}")  # fmt: skip
    write(f"acknowledged writes: {acknowledged or {}}; missing from the database: {len(missing)}")
    write(f"background jobs after the run: {jobs}")
    if windows:
        write(
            f"errors inside fault windows: {summary.errors_inside_windows}; outside: {summary.errors_outside_windows}"
        )
    for line in (extra or {}).get("lines", []):
        write(line)
    write("targets:")
    write(report.format_targets(verdicts))
    write(f"records and logs: {site.workdir}")
    if options.get("report"):
        phase_figures = {
            phase: {group: {**asdict(s), "p99_to_p50": s.tail_ratio} for group, s in groups.items()}
            for phase, groups in summary.phases.items()
        }
        endpoint_figures = {
            phase: {name: {**asdict(s), "p99_to_p50": s.tail_ratio} for name, s in names.items()}
            for phase, names in summary.endpoints.items()
        }
        payload = {
            "phases": phase_figures,
            "endpoints": endpoint_figures,
            "feed_to_trivial": summary.feed_to_trivial,
            "acknowledged": acknowledged,
            "missing": missing,
            "jobs": jobs,
            "windows": windows,
            "errors_inside_windows": summary.errors_inside_windows,
            "errors_outside_windows": summary.errors_outside_windows,
            "targets": [asdict(v) for v in verdicts],
            **{k: v for k, v in (extra or {}).items() if k not in {"lines", "strict_jobs"}},
        }
        options["report"].write_text(json.dumps(payload, indent=2))
    if options.get("strict") and not all(v.passed for v in verdicts):
        raise CommandError("Some targets were missed (see above).")


class Command(BaseCommand):
    help = "Replay the surge (sign-ups, feeds, note views with translation, posts, likes, comments) on loopback."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--database-url",
            default=DEFAULT_DATABASE,
            help=f"default {DEFAULT_DATABASE} (created if missing)",
        )
        parser.add_argument("--redis-url", default=DEFAULT_REDIS, help=f"default {DEFAULT_REDIS}")
        parser.add_argument(
            "--fresh", action="store_true", help="drop and re-create the database first"
        )
        add_surge_arguments(parser, users=24, surge_seconds=30, translate_notes=10)

    def handle(self, *args: Any, **options: Any) -> None:
        workdir = options["workdir"] or Path(tempfile.mkdtemp(prefix="qiao-loadtest-"))
        workdir.mkdir(parents=True, exist_ok=True)
        try:
            site = Site(
                workdir=workdir, database_url=options["database_url"], redis_url=options["redis_url"],
                bind=options["bind"], web=options["web"], threads=options["threads"], workers=options["workers"],
                log=self._log,
            )  # fmt: skip
            if options["llama_model"]:
                site.use_llama_model(options["llama_model"])
            site.prepare(fresh=options["fresh"], demo=not options["small_seed"])
            queue_counts(site.redis_url)  # Redis answers, or stop here
            site.start()
        except LoadTestError as error:
            raise CommandError(str(error)) from error
        except Exception as error:
            raise CommandError(f"Cannot set up the site under test: {error}") from error
        try:
            records = site.surge(
                users=options["users"], spawn_rate=options["spawn_rate"], phases=phases(options),
                max_requests=options["max_requests"], translate_notes=options["translate_notes"],
            )  # fmt: skip
            finish(self, site=site, records=records, windows=[], options=options)
        except LoadTestError as error:
            raise CommandError(str(error)) from error
        finally:
            site.stop()

    def _log(self, message: str) -> None:
        self.stdout.write(f"[loadtest] {message}")
        self.stdout.flush()

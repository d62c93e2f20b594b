"""``qiao search_benchmark``: recall@10 / MRR on the Tatoeba cmn–eng pairs and query latency at scale.

See qiao.search.benchmark for the method. Latency runs build throwaway
databases (a temporary SQLite file; with --database-url, a temporary database
on that PostgreSQL server, dropped afterwards) in child processes, so the
site's own database is never touched.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.core.management.base import BaseCommand, CommandError

from qiao.search import benchmark


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("k", "000")) for part in text.split(",") if part.strip()]
    except ValueError as exc:
        raise CommandError(f'--sizes takes numbers such as "10k,100k", not "{text}".') from exc
    if any(size < 1 for size in sizes):
        raise CommandError("--sizes must be positive.")
    return sizes


class Command(BaseCommand):
    help = "Measure cross-language retrieval (recall@10, MRR) and search latency at 10k and 100k notes."

    def add_arguments(self, parser):
        parser.add_argument(
            "--data", help="The shared data folder (default: ../shared/data beside the repository)."
        )
        parser.add_argument(
            "--pairs", type=int, default=None, help="Use only the first N Tatoeba pairs."
        )
        parser.add_argument(
            "--sizes",
            default="10k,100k",
            help='Note counts for the latency runs (default "10k,100k").',
        )
        parser.add_argument(
            "--database-url", help="A PostgreSQL server (postgres://…) to also measure on."
        )
        parser.add_argument(
            "--no-sqlite", action="store_true", help="Measure latency on PostgreSQL only."
        )
        parser.add_argument("--skip-retrieval", action="store_true")
        parser.add_argument("--skip-latency", action="store_true")
        parser.add_argument(
            "--queries", type=int, default=60, help="Queries per latency run (default 60)."
        )
        parser.add_argument(
            "--embed-limit",
            type=int,
            default=1000,
            help="Notes embedded for real per run (default 1000).",
        )
        parser.add_argument("--json", action="store_true", help="Print the results as JSON too.")
        # Internal: one latency run in this (child) process.
        parser.add_argument("--latency-worker", type=int, help="(internal)")

    def log(self, message: str) -> None:
        self.stderr.write(message) if self._worker else self.stdout.write(message)

    def handle(self, *args, **options):
        self._worker = options["latency_worker"] is not None
        data = Path(options["data"]).resolve() if options["data"] else benchmark.default_data_dir()
        if self._worker:
            result = benchmark.worker_main(
                options["latency_worker"],
                data,
                options["queries"],
                options["embed_limit"],
                self.log,
            )
            self.stdout.write("RESULT " + json.dumps(result))
            return
        if not data.exists():
            self.stdout.write(f"Benchmark skipped: no data folder at {data} (pass --data).")
            return
        results: dict = {}
        if not options["skip_retrieval"]:
            try:
                results["retrieval"] = self.run_retrieval(data, options["pairs"])
            except benchmark.DataMissing as error:
                self.stdout.write(f"Retrieval benchmark skipped: {error}.")
        if not options["skip_latency"]:
            try:
                benchmark.load_pool(data, 1)
            except benchmark.DataMissing as error:
                self.stdout.write(f"Latency benchmark skipped: {error}.")
            else:
                results["latency"] = self.run_latency(data, options)
        if options["json"]:
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))

    # --- retrieval --------------------------------------------------------------------------------

    def run_retrieval(self, data: Path, pairs: int | None) -> dict:
        self.stdout.write(
            "Cross-language retrieval, Tatoeba cmn–eng (the translation is the one right answer):"
        )
        result = benchmark.retrieval_benchmark(data, pairs, self.log)
        self.stdout.write(f"  model {result['model']}; indexed {result['indexed']}")
        self.stdout.write(
            f"  embedding throughput {result['passages_per_second']} passages/s, "
            f"{result['single_query_ms']} ms per single query"
        )
        for row in result["results"]:
            self.stdout.write(
                f"  {row['direction']}: {row['pairs']} queries, recall@10 {row['recall_at_10']:.3f}, "
                f"MRR@10 {row['mrr_at_10']:.3f} (exact search recall@10 {row['exact_recall_at_10']:.3f}); "
                f"true-pair similarity median {row['true_pair_median']:.3f} vs best distractor "
                f"{row['best_distractor_median']:.3f}; {100 * row['above_min_score']:.0f}% above the minimum score"
            )
        return result

    # --- latency ----------------------------------------------------------------------------------

    def run_latency(self, data: Path, options) -> list[dict]:
        from django.conf import settings

        from qiao.search.dictionary import ensure_built

        # Real passage vectors are reused between runs (they depend only on the texts and the model).
        self.cache_dir = Path(settings.QIAO_SEARCH_DIR) / "benchmark-cache"
        self.dictionary = ensure_built()  # built once, as `qiao search_reindex` would
        runs = []
        sizes = _sizes(options["sizes"])
        backends = [] if options["no_sqlite"] else ["sqlite"]
        if options["database_url"]:
            backends.append("postgresql")
        if not backends:
            raise CommandError("Nothing to measure: --no-sqlite needs --database-url.")
        for backend in backends:
            for size in sizes:
                self.stdout.write(
                    f"Latency on {backend} with {size} notes (building a throwaway database)…"
                )
                result = self.latency_run(backend, size, data, options)
                runs.append(result)
                self.stdout.write(self.describe(result))
        return runs

    def describe(self, r: dict) -> str:
        def pair(key):
            return f"p50 {r[key]['p50_ms']} ms / p95 {r[key]['p95_ms']} ms"

        lines = [
            (
                f"  {r['backend']}, {r['notes']} notes ({r['real_embeddings']} embedded for real, "
                f"{r['synthetic_embeddings']} synthetic vectors), {r['queries']} queries:"
            ),
            f"    whole search, query embedded:      {pair('search_query_embedded')}",
            f"    whole search, query vector cached: {pair('search_query_vector_cached')}",
            f"    whole search, sorted newest:       {pair('search_sorted_newest')}",
            f"    keyword lists only:                {pair('keyword_only')}",
            f"    semantic (ANN + checks) only:      {pair('semantic_ann_only')}",
            f"    query embedding only:              {pair('query_embedding_only')}",
            f"    build times (s): {r['build_seconds']}",
        ]
        return "\n".join(lines)

    def latency_run(self, backend: str, size: int, data: Path, options) -> dict:
        with tempfile.TemporaryDirectory(prefix="qiao-search-bench-") as tmp:
            tmp_path = Path(tmp)
            if backend == "sqlite":
                return self.child(
                    f"sqlite:///{tmp_path / 'bench.sqlite3'}", size, data, tmp_path, options
                )
            url, drop = self.temporary_postgres(options["database_url"])
            try:
                return self.child(url, size, data, tmp_path, options)
            finally:
                drop()

    def child(self, database_url: str, size: int, data: Path, tmp: Path, options) -> dict:
        command = [
            sys.executable, "-m", "qiao", "search_benchmark", "--latency-worker", str(size),
            "--data", str(data), "--queries", str(options["queries"]), "--embed-limit", str(options["embed_limit"]),
        ]  # fmt: skip
        started = time.perf_counter()
        process = subprocess.run(
            command,
            env=benchmark.child_environment(database_url, tmp, self.cache_dir, self.dictionary),
            capture_output=True,
            text=True,
            check=False,
        )
        for line in process.stderr.splitlines():
            if line.startswith("  "):
                self.stdout.write(line)
        result_lines = [line for line in process.stdout.splitlines() if line.startswith("RESULT ")]
        if process.returncode != 0 or not result_lines:
            raise CommandError(f"The latency run failed:\n{process.stderr[-3000:]}")
        result = json.loads(result_lines[-1][len("RESULT ") :])
        result["run_seconds"] = round(time.perf_counter() - started, 1)
        return result

    def temporary_postgres(self, url: str):
        """A new, empty database on the server of ``url``; returns its URL and a function that drops it."""
        try:
            import psycopg
        except ImportError as exc:
            raise CommandError("PostgreSQL needs psycopg: pip install 'qiao[scale]'.") from exc
        parts = urlsplit(url)
        if parts.scheme not in {"postgres", "postgresql"}:
            raise CommandError("--database-url must be a postgres:// URL.")
        name = f"qiao_search_bench_{os.getpid()}"
        admin = urlunsplit(parts._replace(path="/postgres"))
        try:
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f'CREATE DATABASE "{name}"')
        except psycopg.Error as exc:
            raise CommandError(
                f"Could not create a benchmark database on {parts.hostname}: {exc}"
            ) from exc

        def drop() -> None:
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        return urlunsplit(parts._replace(path=f"/{name}")), drop

"""Figures from the request records of a load or fault run, and the targets they are held to.

A record is one request (see ``locustfile.py``): time, phase, group
(``trivial``, ``feed``, ``note``, ``translate``, ``write``, ``signup``,
``follow``), status (0 when no answer came) and milliseconds. Throughput is
per phase, over the phase's length; latency percentiles are nearest-rank,
over answered requests outside fault windows.
An *error* is no answer or a 5xx; 4xx answers are counted apart (a 429 or a
400 is the server saying no, not failing).
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

# Targets of issue "Scale-out deployment…": feeds at half the trivial endpoint's throughput or
# better, p99 within 10× p50 under load, nothing lost, no 5xx outside fault windows.
MIN_FEED_TO_TRIVIAL = 0.5
MAX_P99_TO_P50 = 10.0


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an already sorted list (0 for an empty one)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(q / 100 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def load_records(path: Path) -> list[dict]:
    records = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            line = line.strip()
            if line:
                try:
                    records.append(json.loads(line))
                except ValueError:  # a line cut short by a killed load generator
                    continue
    return records


def is_error(record: dict) -> bool:
    return record["status"] == 0 or record["status"] >= 500


@dataclass
class GroupStats:
    count: int = 0
    rps: float = 0.0
    p50: float = 0.0
    p95: float = 0.0
    p99: float = 0.0
    errors: int = 0
    rejected: int = 0  # 4xx

    @property
    def tail_ratio(self) -> float:
        return self.p99 / self.p50 if self.p50 else 0.0


@dataclass
class Summary:
    phases: dict[str, dict[str, GroupStats]] = field(default_factory=dict)
    # The same per endpoint (locust's request name, e.g. "/api/v1/feeds/explore").
    endpoints: dict[str, dict[str, GroupStats]] = field(default_factory=dict)
    durations: dict[str, float] = field(default_factory=dict)
    errors_outside_windows: int = 0
    errors_inside_windows: int = 0
    windows: list[tuple[str, float, float]] = field(default_factory=list)

    def group(self, phase: str, group: str) -> GroupStats:
        return self.phases.get(phase, {}).get(group, GroupStats())

    @property
    def feed_to_trivial(self) -> float:
        trivial = self.group("ceiling", "trivial").rps
        return self.group("feeds", "feed").rps / trivial if trivial else 0.0


def phase_spans(records: list[dict]) -> dict[str, tuple[float, float]]:
    """Start and end time of each phase, from the phase markers and the last request."""
    marks = sorted((r["t"], r["name"]) for r in records if r.get("group") == "phase")
    last = max((r["t"] for r in records), default=0.0)
    spans: dict[str, tuple[float, float]] = {}
    for index, (start, name) in enumerate(marks):
        end = marks[index + 1][0] if index + 1 < len(marks) else last
        spans[name] = (start, max(end, start + 1e-6))
    return spans


def in_window(t: float, windows: Iterable[tuple[str, float, float]]) -> bool:
    return any(start <= t <= end for _name, start, end in windows)


def summarize(
    records: list[dict], windows: list[tuple[str, float, float]] | None = None
) -> Summary:
    """Per phase and group (and per endpoint): throughput, p50/p95/p99 and errors; errors in and
    outside fault windows.

    A request is inside a window when it *finished* inside it (record time);
    windows are widened by the caller to cover requests started just before.
    """
    windows = windows or []
    summary = Summary(windows=windows)
    spans = phase_spans(records)
    summary.durations = {name: end - start for name, (start, end) in spans.items()}
    requests = [record for record in records if record.get("group") != "phase"]
    for record in requests:
        if is_error(record):
            if in_window(record["t"], windows):
                summary.errors_inside_windows += 1
            else:
                summary.errors_outside_windows += 1
    summary.phases = _stats(requests, "group", summary.durations, windows)
    summary.endpoints = _stats(requests, "name", summary.durations, windows)
    return summary


def _stats(
    records: list[dict], field_name: str, durations: dict[str, float], windows
) -> dict[str, dict[str, GroupStats]]:
    """Stats per phase and value of ``field_name`` (the group, or the endpoint's name)."""
    latencies: dict[tuple[str, str], list[float]] = defaultdict(list)
    stats: dict[tuple[str, str], GroupStats] = defaultdict(GroupStats)
    for record in records:
        key = (record.get("phase", "?"), record.get(field_name, "?"))
        stat = stats[key]
        stat.count += 1
        if is_error(record):
            stat.errors += 1
        elif record["status"] >= 400:
            stat.rejected += 1
        if record["status"] and not in_window(record["t"], windows):
            latencies[key].append(float(record["ms"]))  # latency under load, not under a fault
    found: dict[str, dict[str, GroupStats]] = {}
    for (phase, name), stat in stats.items():
        values = sorted(latencies[(phase, name)])
        stat.p50, stat.p95, stat.p99 = (percentile(values, q) for q in (50, 95, 99))
        duration = durations.get(phase, 0.0)
        stat.rps = stat.count / duration if duration else 0.0
        found.setdefault(phase, {})[name] = stat
    return found


def format_summary(summary: Summary) -> str:
    return _table(summary.phases, "group", 10)


def format_endpoints(summary: Summary, phases: Iterable[str] = ("ceiling", "feeds")) -> str:
    """The capacity phases per endpoint: which feed endpoint costs what."""
    return _table(
        {p: summary.endpoints[p] for p in phases if p in summary.endpoints}, "endpoint", 28
    )


def _table(phases: dict[str, dict[str, GroupStats]], label: str, width: int) -> str:
    header = (
        f"{'phase':<8} {label:<{width}} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p99 ms':>8} {'p99/p50':>7} {'errors':>6} {'4xx':>5}"
    )
    lines = [header]
    order = ["signup", "ceiling", "feeds", "surge"]
    for phase in sorted(phases, key=lambda p: order.index(p) if p in order else 99):
        for name, s in sorted(phases[phase].items()):
            lines.append(
                f"{phase:<8} {name[:width]:<{width}} {s.count:>8} {s.rps:>8.1f} {s.p50:>8.1f} "
                f"{s.p95:>8.1f} {s.p99:>8.1f} {s.tail_ratio:>7.1f} {s.errors:>6} {s.rejected:>5}"
            )
    return "\n".join(lines)


@dataclass
class Verdict:
    name: str
    value: str
    passed: bool


def targets(
    summary: Summary,
    lost_writes: int,
    unfinished_jobs: int | None = None,
    failed_jobs: int | None = None,
) -> list[Verdict]:
    """The issue's targets, each with its measured value."""
    verdicts = [
        Verdict(
            f"feed throughput / trivial throughput >= {MIN_FEED_TO_TRIVIAL}",
            f"{summary.feed_to_trivial:.2f}",
            summary.feed_to_trivial >= MIN_FEED_TO_TRIVIAL,
        )
    ]
    surge = summary.phases.get("surge", {})
    worst = max(surge.items(), key=lambda item: item[1].tail_ratio, default=None)
    if worst is not None:
        ratio = worst[1].tail_ratio
        verdicts.append(
            Verdict(
                f"p99/p50 <= {MAX_P99_TO_P50:g} under load (worst surge group: {worst[0]})",
                f"{ratio:.1f}",
                ratio <= MAX_P99_TO_P50,
            )
        )
    verdicts.append(
        Verdict("acknowledged writes missing from the database", str(lost_writes), lost_writes == 0)
    )
    verdicts.append(
        Verdict(
            "5xx or no answer outside fault windows",
            str(summary.errors_outside_windows),
            summary.errors_outside_windows == 0,
        )
    )
    if unfinished_jobs is not None:
        verdicts.append(
            Verdict(
                "queued jobs still waiting or running", str(unfinished_jobs), unfinished_jobs == 0
            )
        )
    if failed_jobs is not None:
        verdicts.append(Verdict("jobs failed for good", str(failed_jobs), failed_jobs == 0))
    return verdicts


def format_targets(verdicts: list[Verdict]) -> str:
    return "\n".join(f"  [{'PASS' if v.passed else 'FAIL'}] {v.name}: {v.value}" for v in verdicts)

"""The load test's guard rails and arithmetic: loopback only, percentiles, windows, targets."""

from __future__ import annotations

import pytest

from qiao.core.loadtest import report
from qiao.core.loadtest.run import LoadTestError, require_loopback


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8100", "http://127.3.4.5:80/", "http://localhost:8000", "http://[::1]:8000"]
)
def test_loopback_targets_are_accepted(url):
    assert require_loopback(url) == url.rstrip("/")


@pytest.mark.parametrize(
    "url",
    ["http://10.0.0.5:8000", "http://192.168.1.2", "http://0.0.0.0:8000", "https://qiao.example.org", "ftp://127.0.0.1"],
)
def test_anything_else_is_refused(url):
    with pytest.raises(LoadTestError):
        require_loopback(url)


def test_nearest_rank_percentiles():
    values = sorted(float(v) for v in range(1, 101))
    assert report.percentile(values, 50) == 50 and report.percentile(values, 99) == 99
    assert report.percentile([7.0], 99) == 7.0 and report.percentile([], 50) == 0.0


def _records():
    records = [{"t": 0.0, "group": "phase", "name": "ceiling", "method": "PHASE", "status": 0, "ms": 0}]
    records += [{"t": 0.1 * i, "phase": "ceiling", "group": "trivial", "status": 200, "ms": 2.0} for i in range(1, 101)]
    records.append({"t": 10.0, "group": "phase", "name": "feeds", "method": "PHASE", "status": 0, "ms": 0})
    records += [{"t": 10 + 0.2 * i, "phase": "feeds", "group": "feed", "status": 200, "ms": 20.0} for i in range(1, 51)]
    records.append({"t": 20.0, "group": "phase", "name": "surge", "method": "PHASE", "status": 0, "ms": 0})
    records += [{"t": 21.0, "phase": "surge", "group": "write", "status": 503, "ms": 5.0}]  # in the window
    records += [{"t": 25.0, "phase": "surge", "group": "write", "status": 0, "ms": 30000.0}]  # outside
    records += [{"t": 26.0, "phase": "surge", "group": "write", "status": 429, "ms": 3.0}]
    records += [{"t": 30.0, "phase": "surge", "group": "feed", "status": 200, "ms": 10.0}]
    return records


def test_summary_throughput_errors_and_windows():
    summary = report.summarize(_records(), windows=[("redis restart", 20.5, 22.0)])
    assert summary.group("ceiling", "trivial").rps == pytest.approx(10.0)
    assert summary.group("feeds", "feed").rps == pytest.approx(5.0)
    assert summary.feed_to_trivial == pytest.approx(0.5)
    write = summary.group("surge", "write")
    assert (write.count, write.errors, write.rejected) == (3, 2, 1)
    assert (summary.errors_inside_windows, summary.errors_outside_windows) == (1, 1)
    verdicts = {v.name.split(" ")[0]: v.passed for v in report.targets(summary, lost_writes=0)}
    assert verdicts["feed"] is True and verdicts["5xx"] is False


def test_capacity_phases_per_endpoint():
    records = [{"t": 0.0, "group": "phase", "name": "feeds", "status": 0, "ms": 0}]
    for i in range(1, 41):
        name = "/api/v1/feeds/explore" if i % 4 else "/ (explore page)"
        records.append(
            {"t": 0.25 * i, "phase": "feeds", "group": "feed", "name": name, "status": 200, "ms": i}
        )
    summary = report.summarize(records)
    explore = summary.endpoints["feeds"]["/api/v1/feeds/explore"]
    page = summary.endpoints["feeds"]["/ (explore page)"]
    assert (explore.count, page.count) == (30, 10)
    assert explore.rps == pytest.approx(3.0) and page.rps == pytest.approx(1.0)
    assert page.p50 == 20.0 and page.p99 == 40.0  # 4, 8, … 40: nearest rank
    assert summary.group("feeds", "feed").count == 40
    table = report.format_endpoints(summary).splitlines()
    assert table[0].split()[:2] == ["phase", "endpoint"] and len(table) == 3
    assert any(line.startswith("feeds    /api/v1/feeds/explore") for line in table)

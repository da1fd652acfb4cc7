"""The benchmark code runs and writes its report and plot (`bench.run --smoke`: toy sizes,
every variant of a figure at once; no timing is asserted: figures live in bench/RESULTS.md)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests import processes, services


@pytest.mark.e2e
@pytest.mark.bench
def test_the_bench_suite_runs_and_writes_its_report(tmp_path: Path):
    if shutil.which("wrk") is None:
        pytest.skip("wrk is not installed (make test installs it when run as root)")
    services.require_service("PostgreSQL", services.PG_HOST, services.PG_PORT)
    services.require_service("Redis", "127.0.0.1", 6379)
    output = tmp_path / "RESULTS.md"
    result = subprocess.run(
        [sys.executable, "-m", "bench.run", "--smoke", "--output", str(output)],
        cwd=processes.ROOT,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = output.read_text()
    for heading in (
        "## Goals",
        "at -c1",
        "List 20 of",
        "against the bare list app",
        "ingestEvents",
        "What metering and observability cost",
        "## Usage of one key, 2 days by hour",
    ):
        assert heading in report
    for row in (
        "| default Strawberry |",
        "| cached Strawberry |",
        "| bare list app |",
        "2 workers |",
        "| service, activity stubbed out, a key without limits |",
        "| service, a key with a rate limit and credits |",
        "| service, metrics stubbed out (text logs, no access log) |",
        "| service, METRICS_TOKEN set, LOG_FORMAT=json |",
    ):
        assert row in report
    for pair in (  # the cost figures' pairs, each ratio with its CPU-time twin
        "| pair (numerator / denominator) | req/s ratio | rounds at the goal (CPU time) | by server CPU time |",
        "| #19 rate limit + credits + activity on / all off |",
        "| #21 metrics + JSON logs on / both off |",
        "| rate limit + credits (metered key / key without limits) |",
    ):
        assert pair in report
    for goal in (
        "rate limit + credits + activity on / all off",
        "metrics + JSON logs on / both off",
        "usage of one key, 2 days by hour",
    ):
        assert goal in report
    assert "Revocation across `serve --workers 2`" in report and "due rotations" in report
    assert "## Profile: the top lines" in report
    assert "every figure at once" in report and "cores busy" in report
    assert (tmp_path / "throughput.png").read_bytes().startswith(b"\x89PNG")

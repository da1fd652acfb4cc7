"""The benchmark code runs and writes its table (tiny sizes; no timing is asserted)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests import processes


@pytest.mark.e2e
@pytest.mark.bench
def test_the_bench_suite_runs_and_writes_its_table(tmp_path: Path):
    if shutil.which("wrk") is None:
        pytest.skip("wrk is not installed (make test installs it when run as root)")
    env = {**os.environ, "BENCH_SECONDS": "1", "BENCH_SCALE_KEYS": "50", "BENCH_ROTATIONS": "5"}
    output = tmp_path / "RESULTS.md"
    result = subprocess.run(
        [sys.executable, "-m", "bench.run", "--output", str(output)],
        cwd=processes.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    table = output.read_text()
    for heading in (
        "Authentication overhead",
        "Verification alone",
        "Scale",
        "Ingestion",
        "Revocation",
    ):
        assert heading in table
    assert "| this service, PostgreSQL + Redis |" in table and "x |" in table

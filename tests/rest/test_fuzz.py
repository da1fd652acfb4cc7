"""Schemathesis against /api/v1/openapi.json on a real server: no 5xx, and every answer as
the document says (its status, content type, headers and schema).

A short, seeded run on SQLite and one on PostgreSQL (which refuses what SQLite stores) are
part of the suite; `make fuzz` runs long ones with fresh seeds (FUZZ_SECONDS, FUZZ_SEED),
like tests/test_fuzz.py for GraphQL. The coverage phase is left out: its requests without
a key spend the address's guess limit, and the rest of the run would meet 429.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest

from tests import processes
from tests.test_fuzz import EXAMPLES, SECONDS, SEED

CHECKS = (
    "not_a_server_error,status_code_conformance,content_type_conformance,"
    "response_headers_conformance,response_schema_conformance"
)


def _fuzz(base: str, token: str, workdir: Path) -> subprocess.CompletedProcess[str]:
    command = [
        str(Path(sys.executable).with_name("st")),
        "run",
        f"{base}/api/v1/openapi.json",
        "--url",
        f"{base}/api/v1",
        "--header",
        f"Authorization: Bearer {token}",
        "--checks",
        CHECKS,
        "--phases",
        "examples,fuzzing",
        "--max-time",
        str(SECONDS),
    ]
    if SEED:  # the suite's run: the same cases on every machine, however fast
        command += ["--seed", SEED, "--max-examples", EXAMPLES, "--generation-database", "none"]
    return subprocess.run(
        command, cwd=workdir, capture_output=True, text=True, timeout=SECONDS * 4 + 60, check=False
    )


@pytest.mark.e2e
@pytest.mark.fuzz
@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
async def test_fuzzing_the_rest_api_finds_no_server_error_and_no_undocumented_answer(
    tmp_path: Path, backend: str
):
    async with processes.environment(backend, tmp_path) as env:
        key = processes.bootstrap(env, "Fuzz", "f@fuzz.test")["api_key"]
        log = tmp_path / "serve.log"
        with processes.serving(env, log, "--access-log") as base:
            result = await asyncio.to_thread(_fuzz, base, key, tmp_path)
        served = log.read_text()
    assert result.returncode == 0, result.stdout[-6000:]
    assert "unexpected" not in served and '"status":500' not in served, served[-4000:]

"""Schemathesis in GraphQL mode against a real server: no 5xx, every answer GraphQL-shaped.

A short, seeded run per key (full access, read only) on SQLite, and one of the
writes on PostgreSQL (which refuses what SQLite stores: NUL, overlong values), are
part of the suite; `make fuzz` runs long ones with fresh seeds (FUZZ_SECONDS, FUZZ_SEED).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests import processes

READ_ALL = (
    'mutation { createApiKey(input: {name: "read only", permissions: ['
    + ", ".join(
        f"{{object: {o}, access: READ}}"
        for o in ("API_KEY", "AUDIT_EVENT", "MEMBER", "ORGANIZATION")
    )
    + "]}) { secret } }"
)
SECONDS = int(os.environ.get("FUZZ_SECONDS", "20"))
SEED = os.environ.get("FUZZ_SEED", "1")
EXAMPLES = os.environ.get("FUZZ_EXAMPLES", "25")


WRITES = r"^Mutation\.(create|update|ingest)"  # every operation that stores what it is sent


def _fuzz(
    base: str, token: str, workdir: Path, only: str | None = None
) -> subprocess.CompletedProcess[str]:
    command = [
        str(Path(sys.executable).with_name("st")),
        "run",
        f"{base}/graphql",
        "--header",
        f"Authorization: Bearer {token}",
        "--checks",
        "coded_graphql_answer",
        "--exclude-name",
        "Mutation.login",  # wrong passwords would rate-limit the fuzzer's own address
        "--max-time",
        str(SECONDS),
    ]
    if only:
        command += ["--include-name-regex", only]
    if SEED:  # the suite's run: the same cases on every machine, however fast
        command += ["--seed", SEED, "--max-examples", EXAMPLES, "--generation-database", "none"]
        command += ["--phases", "fuzzing"]
    env = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": "tests.fuzz_checks",
        "PYTHONPATH": str(processes.ROOT),
    }
    return subprocess.run(
        command,
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=SECONDS * 4,
        check=False,
    )


@pytest.mark.e2e
@pytest.mark.fuzz
async def test_fuzzing_with_a_full_and_a_read_only_key_finds_no_server_error(tmp_path: Path):
    async with processes.environment("sqlite", tmp_path) as env:
        admin_key = processes.bootstrap(env, "Fuzz", "f@fuzz.test")["api_key"]
        log = tmp_path / "serve.log"
        with processes.serving(env, log) as base:
            async with httpx.AsyncClient(base_url=base) as client:
                created = await client.post(
                    "/graphql",
                    json={"query": READ_ALL},
                    headers={"Authorization": f"Bearer {admin_key}"},
                )
            reader = created.json()["data"]["createApiKey"]["secret"]
            for token in (admin_key, reader):
                result = await asyncio.to_thread(_fuzz, base, token, tmp_path)
                assert result.returncode == 0, result.stdout[-4000:]
        served = log.read_text()
    assert "unexpected" not in served and '" 500' not in served, served[-4000:]


@pytest.mark.e2e
@pytest.mark.fuzz
async def test_fuzzing_the_writes_on_postgresql_finds_no_server_error(tmp_path: Path):
    async with processes.environment("postgres", tmp_path) as env:
        admin_key = processes.bootstrap(env, "Fuzz", "f@fuzz.test")["api_key"]
        log = tmp_path / "serve.log"
        with processes.serving(env, log) as base:
            result = await asyncio.to_thread(_fuzz, base, admin_key, tmp_path, WRITES)
            assert result.returncode == 0, result.stdout[-4000:]
        served = log.read_text()
    assert "unexpected" not in served and '" 500' not in served, served[-4000:]

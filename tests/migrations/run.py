"""Runs a migration test's script (`tests.migrations.upgrade_NNNN <database url>`) in a
process of its own, on a fresh SQLite file or PostgreSQL database, and returns the JSON
it printed last: what it saw before and after upgrading."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

from tests import services as backing

ROOT = Path(__file__).resolve().parents[2]
BACKENDS = os.environ.get("APIKEYS_TEST_BACKENDS", "sqlite,postgres").split(",")


async def upgraded(script: str, backend: str, tmp_path: Path) -> dict[str, Any]:
    if backend == "sqlite":
        return await _run(script, f"sqlite://{tmp_path / 'old.sqlite3'}")
    name = await backing.create_postgres_database()
    try:
        return await _run(script, backing.postgres_url(name))
    finally:
        await backing.drop_postgres_database(name)


async def _run(script: str, url: str) -> dict[str, Any]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        script,
        url,
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 0, err.decode()[-3000:]
    result: dict[str, Any] = json.loads(out.decode().strip().splitlines()[-1])
    return result

"""Migration 0011: a key rotated before the rotation policy existed counts its age from its
newest secret; one never rotated from its creation (rotated_at stays null)."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests import services as backing

ROOT = Path(__file__).resolve().parents[2]
BACKENDS = os.environ.get("APIKEYS_TEST_BACKENDS", "sqlite,postgres").split(",")


async def _upgrade(url: str) -> dict:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.migrations.upgrade_0011",
        url,
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 0, err.decode()[-3000:]
    result: dict = json.loads(out.decode().strip().splitlines()[-1])
    return result


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_key_rotated_before_the_migration_counts_from_its_newest_secret(
    backend, tmp_path
):
    if backend == "sqlite":
        seen = await _upgrade(f"sqlite://{tmp_path / 'old.sqlite3'}")
    else:
        name = await backing.create_postgres_database()
        try:
            seen = await _upgrade(backing.postgres_url(name))
        finally:
            await backing.drop_postgres_database(name)
    never = seen["55555555-5555-5555-5555-555555555555"]
    rotated = seen["66666666-6666-6666-6666-666666666666"]
    assert never is None
    assert datetime.fromisoformat(rotated) == datetime(2026, 3, 1, 12, tzinfo=UTC)

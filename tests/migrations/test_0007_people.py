"""Migration 0007: today's members become users with memberships, keeping every password,
and every live session its member, organization and role."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

import pytest

from tests import services as backing

ROOT = Path(__file__).resolve().parents[2]
BACKENDS = os.environ.get("APIKEYS_TEST_BACKENDS", "sqlite,postgres").split(",")


async def _upgrade(url: str) -> dict:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.migrations.upgrade_0007",
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
async def test_members_keep_their_password_and_sessions_across_the_migration(backend, tmp_path):
    if backend == "sqlite":
        seen = await _upgrade(f"sqlite://{tmp_path / 'old.sqlite3'}")
    else:
        name = await backing.create_postgres_database()
        try:
            seen = await _upgrade(backing.postgres_url(name))
        finally:
            await backing.drop_postgres_database(name)
    expected = {
        "organizationId": "11111111-1111-1111-1111-111111111111",
        "member": {
            "id": "22222222-2222-2222-2222-222222222222",
            "email": "pat@acme.test",
            "name": "Pat",
            "role": "ADMIN",
        },
        "memberships": [{"role": "ADMIN"}],
    }
    assert seen["old"] == {"data": {"viewer": expected}}, seen
    assert seen["login"]["data"]["login"]["token"].startswith("lk_session_"), seen
    assert seen["new"] == {"data": {"viewer": expected}}, seen
    assert seen["wrong"]["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    # The trail still names who acted.
    assert seen["audit"] == ["22222222-2222-2222-2222-222222222222"]

"""`server.py serve` as deployed: whom it trusts, what it refuses to start, its files' modes."""

from __future__ import annotations

import stat
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from tests import processes
from tests.waits import wait_until

CREATE = 'mutation { createApiKey(input: {name: "office", allowedIps: ["10.0.0.0/8"]}) { secret } }'
VIEWER = {"query": "{ viewer { fullAccess } }"}


@pytest.fixture
async def environment(tmp_path: Path) -> AsyncIterator[dict[str, str]]:
    async with processes.environment("sqlite", tmp_path) as env:
        yield env


async def _post(base: str, token: str, query: dict[str, str], **headers: str) -> httpx.Response:
    async with httpx.AsyncClient(base_url=base) as client:
        auth = {"Authorization": f"Bearer {token}", **headers}
        return await client.post("/graphql", json=query, headers=auth)


@pytest.mark.e2e
async def test_x_forwarded_for_is_believed_only_from_trusted_proxies(environment, tmp_path):
    """uvicorn itself believes 127.0.0.1 by default; only TRUSTED_PROXIES may."""
    admin_key = processes.bootstrap(environment)["api_key"]
    for trusted, status in (("", 401), ("127.0.0.1/32", 200)):
        env = {**environment, "TRUSTED_PROXIES": trusted}
        with processes.serving(env, tmp_path / "serve.log") as base:
            created = await _post(base, admin_key, {"query": CREATE})
            office_key = created.json()["data"]["createApiKey"]["secret"]
            from_office = await _post(base, office_key, VIEWER, **{"X-Forwarded-For": "10.1.2.3"})
        assert from_office.status_code == status, (trusted, from_office.text)


@pytest.mark.e2e
def test_several_workers_without_redis_are_refused_with_one_line(environment):
    port = str(processes.free_port())
    command = [sys.executable, "server.py", "serve", "--workers", "2", "--port", port]
    process = subprocess.Popen(
        command, cwd=processes.ROOT, env=environment, stderr=subprocess.PIPE, text=True
    )
    try:
        _, stderr = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.terminate()  # uvicorn's supervisor stops its workers on SIGTERM
        process.communicate(timeout=20)
        pytest.fail("serve --workers 2 started without REDIS_URL")
    assert process.returncode == 2
    assert stderr.strip().count("\n") == 0 and "REDIS_URL" in stderr


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.e2e
async def test_the_database_and_the_mail_are_readable_by_their_owner_only(environment, tmp_path):
    """Mail is written by the in-process runner (no Redis, no SMTP server)."""
    admin_key = processes.bootstrap(environment)["api_key"]
    database = Path(environment["DATABASE_URL"].removeprefix("sqlite://"))
    mail_dir = Path(environment["MAIL_DIR"])
    with processes.serving(environment, tmp_path / "serve.log") as base:
        await _post(base, admin_key, {"query": CREATE})
        await wait_until(lambda: any(mail_dir.glob("*.eml")), timeout=10, what="an e-mail")
        files = sorted(database.parent.glob(database.name + "*"))  # with its journals
        assert database in files
        assert {f.name: _mode(f) for f in files} == {f.name: 0o600 for f in files}
    messages = list(mail_dir.glob("*.eml"))
    assert messages, "no e-mail was written to MAIL_DIR"
    assert {_mode(m) for m in messages} == {0o600}
    assert _mode(mail_dir) == 0o700

"""A new user's path against a real uvicorn process: bootstrap, serve, log in, query."""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from tests import services

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery"
LOGIN = 'mutation($p: String!) { login(email: "a@acme.test", password: $p) { token } }'


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(params=["sqlite", "postgres"])
async def environment(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[dict[str, str]]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("APIKEYS_", "DATABASE_", "REDIS_"))
    }
    env["MAIL_DIR"] = str(tmp_path / "mail")
    if request.param == "sqlite":
        env["DATABASE_URL"] = f"sqlite://{tmp_path}/apikeys.sqlite3"
        yield env
        return
    name = await services.create_postgres_database()
    env["DATABASE_URL"] = services.postgres_url(name)
    env["APIKEYS_PEPPER"] = "e2e-pepper-" + "x" * 32
    env["APIKEYS_SEALING_KEYS"] = "e2e:" + base64.b64encode(b"s" * 32).decode()
    try:
        yield env
    finally:
        await services.drop_postgres_database(name)


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "server.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def server(environment: dict[str, str]) -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "server.py", "serve", "--port", str(port)],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)
        assert process.stderr is not None
        process.stderr.close()


@pytest.mark.e2e
async def test_bootstrap_serve_login_and_query(environment, server):
    created = _cli(
        environment,
        "bootstrap",
        "--org",
        "Acme",
        "--admin-email",
        "a@acme.test",
        "--admin-password",
        PASSWORD,
    )
    assert created.returncode == 0, created.stderr
    printed = json.loads(created.stdout)
    assert set(printed) == {"organization_id", "member_id", "api_key_id", "api_key"}

    async with httpx.AsyncClient(base_url=server) as client:
        key_query = {"query": "{ viewer { organizationId } apiKeys { totalCount } }"}
        by_key = await client.post(
            "/graphql", json=key_query, headers={"Authorization": f"Bearer {printed['api_key']}"}
        )
        assert by_key.json()["data"] == {
            "viewer": {"organizationId": printed["organization_id"]},
            "apiKeys": {"totalCount": 1},
        }
        login = await client.post(
            "/graphql",
            json={
                "query": LOGIN,
                "variables": {"p": PASSWORD},
            },
        )
        token = login.json()["data"]["login"]["token"]
        by_session = await client.post(
            "/graphql",
            json={"query": "{ viewer { member { email role } } }"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert by_session.json()["data"]["viewer"]["member"] == {
            "email": "a@acme.test",
            "role": "ADMIN",
        }
        assert (await client.get("/readyz")).status_code == 200
        assert "graphiql" in (await client.get("/graphql")).text.lower()


@pytest.mark.e2e
def test_bootstrap_refuses_a_taken_email(environment):
    args = (
        "bootstrap",
        "--org",
        "Acme",
        "--admin-email",
        "a@acme.test",
        "--admin-password",
        PASSWORD,
    )
    assert _cli(environment, *args).returncode == 0
    again = _cli(environment, *args)
    assert again.returncode == 1 and "a@acme.test" in again.stderr and again.stdout == ""


@pytest.mark.e2e
def test_a_malformed_setting_stops_the_start_with_one_line(environment):
    result = _cli({**environment, "TRUSTED_PROXIES": "nonsense"}, "serve")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "TRUSTED_PROXIES" in result.stderr

"""A new user's path against a real uvicorn process: bootstrap, serve, log in, query."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from tests import processes
from tests.waits import wait_until

PASSWORD = "correct horse battery"
LOGIN = 'mutation($p: String!) { login(email: "a@acme.test", password: $p) { token } }'


@pytest.fixture(params=["sqlite", "postgres"])
async def environment(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[dict[str, str]]:
    async with processes.environment(request.param, tmp_path) as env:
        yield env


@pytest.fixture
def server(environment: dict[str, str], tmp_path: Path) -> Iterator[str]:
    with processes.serving(environment, tmp_path / "serve.log") as base:
        yield base


@pytest.mark.e2e
async def test_bootstrap_serve_login_and_query(environment, server):
    created = processes.run_cli(
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

        create = {"query": 'mutation { createApiKey(input: {name: "e2e"}) { secret } }'}
        await client.post("/graphql", json=create, headers={"Authorization": f"Bearer {token}"})
        mail_dir = Path(environment["MAIL_DIR"])
        # No Redis, no SMTP: the in-process runner writes .eml files.
        await wait_until(
            lambda: any('"e2e"' in p.read_text() for p in mail_dir.glob("*.eml")),
            timeout=10,
            what="an e-mail in MAIL_DIR",
        )


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
    assert processes.run_cli(environment, *args).returncode == 0
    again = processes.run_cli(environment, *args)
    assert again.returncode == 1 and "a@acme.test" in again.stderr and again.stdout == ""


@pytest.mark.e2e
def test_a_malformed_setting_stops_the_start_with_one_line(environment):
    result = processes.run_cli({**environment, "TRUSTED_PROXIES": "nonsense"}, "serve")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "TRUSTED_PROXIES" in result.stderr

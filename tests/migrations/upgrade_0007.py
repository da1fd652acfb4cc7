"""Run as a process by test_0007_people.py (migrating swaps Tortoise's global state, which
the suite's own connections share): a database at 0005 holding an organization, a member
with a password and a live session, migrated to the latest; what a client then sees, as JSON.

argv: database URL."""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

import httpx
from argon2 import PasswordHasher
from tortoise import Tortoise

from auth.keyring import Keyring
from server import create_app
from settings import Settings
from tests.migrations.upgrade import settings_for, upgraded_from

PASSWORD = "correct horse battery"
ORG = "11111111-1111-1111-1111-111111111111"
MEMBER = "22222222-2222-2222-2222-222222222222"
SESSION = "33333333-3333-3333-3333-333333333333"
AUDIT = "44444444-4444-4444-4444-444444444444"


async def main(url: str) -> dict[str, Any]:
    settings = settings_for(url)
    keyring = Keyring(settings)
    session = keyring.new_secret("session")
    hashed = PasswordHasher().hash(PASSWORD)
    rows = (
        f"INSERT INTO organization (id, name, reveal_policy, created_at) "
        f"VALUES ('{ORG}', 'Acme', 'REVEALABLE', '2026-01-01 00:00:00+00:00')",
        f"INSERT INTO member (id, organization_id, email, name, role, password_hash, created_at) "
        f"VALUES ('{MEMBER}', '{ORG}', 'pat@acme.test', 'Pat', 'ADMIN', '{hashed}', "
        f"'2026-01-01 00:00:00+00:00')",
        f"INSERT INTO session (id, member_id, token_digest, created_at, expires_at) "
        f"VALUES ('{SESSION}', '{MEMBER}', '{session.digest}', '2026-01-01 00:00:00+00:00', "
        f"'2099-01-01 00:00:00+00:00')",
        f"INSERT INTO audit_event (id, organization_id, created_at, actor_member_id, action) "
        f"VALUES ('{AUDIT}', '{ORG}', '2026-01-01 00:00:00+00:00', '{MEMBER}', 'created')",
    )
    async with upgraded_from(settings, "0005_subscription_external_id", rows):
        audit = await Tortoise.get_connection("default").execute_query_dict(
            f"SELECT actor_member_id FROM audit_event WHERE id = '{AUDIT}'"
        )
        return {
            **await _seen(settings, session.token),
            "audit": [str(r["actor_member_id"]) for r in audit],
        }


async def _seen(settings: Settings, session_token: str) -> dict[str, Any]:
    app = create_app(settings, manage_database=False)
    transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:

        async def ask(query: str, token: str | None, **variables: Any) -> Any:
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            body = {"query": query, "variables": variables}
            return (await client.post("/graphql", json=body, headers=headers)).json()

        viewer = "{ viewer { organizationId member { id email name role } memberships { role } } }"
        old_session = await ask(viewer, session_token)
        login = await ask(
            "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }",
            None,
            e="Pat@Acme.test",
            p=PASSWORD,
        )
        new_session = await ask(viewer, login.get("data", {}) and login["data"]["login"]["token"])
        wrong = await ask(
            'mutation { login(email: "pat@acme.test", password: "wrong password!") { token } }',
            None,
        )
    return {"old": old_session, "login": login, "new": new_session, "wrong": wrong}


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(sys.argv[1]))))

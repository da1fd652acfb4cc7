"""Sudo mode: a session's riskiest operations need the password typed within 10 minutes
(login counts; confirmPassword renews it); API keys are never asked. The app's clock
(services.clock) is moved instead of waiting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from models import Session
from tests.factories import PASSWORD, data, error, login, make_member
from tests.resolvers.api_keys.documents import DESTROY, REVEAL, ROTATE, SHOW_ONCE, create

CONFIRM = "mutation($p: String!) { confirmPassword(password: $p) }"
ADD_MEMBER = (
    'mutation { createMember(input: {email: "bea@acme.test", role: MEMBER, '
    'password: "another horse battery"}) { id } }'
)
ROLE = "mutation($id: ID!) { updateMemberRole(id: $id, role: ADMIN) { role } }"
REMOVE = "mutation($id: ID!) { removeMember(id: $id) { id } }"


def later(services, minutes: float) -> datetime:
    moved = datetime.now(UTC) + timedelta(minutes=minutes)
    services.clock = lambda: moved
    return moved


async def code(client, query: str, token: str, **variables) -> str:
    refused = await error(client, query, token, **variables)
    return refused["extensions"]["code"]


async def test_login_opens_sudo_mode_for_ten_minutes(client, org, services):
    admin = await login(client, org.admin_email)
    key = await create(client, org.key)
    later(services, 9)
    assert (await data(client, REVEAL, admin, id=key["apiKey"]["id"]))["revealApiKey"]["secret"]
    later(services, 10.5)
    refused = await error(client, REVEAL, admin, id=key["apiKey"]["id"])
    assert refused["extensions"] == {"code": "SUDO_REQUIRED", "sudoWindowSeconds": 600}
    assert "confirm your password" in refused["message"]


async def test_every_sensitive_operation_asks_once_the_window_has_passed(client, org, services):
    admin = await login(client, org.admin_email)
    key_id = (await create(client, org.key))["apiKey"]["id"]
    member = await make_member(org.id)
    later(services, 11)
    asked = [
        await code(client, REVEAL, admin, id=key_id),
        await code(client, ROTATE, admin, i={"id": key_id, "schedule": "NOW"}),
        await code(client, DESTROY, admin, id=key_id),
        await code(client, SHOW_ONCE, admin),
        await code(client, ADD_MEMBER, admin),
        await code(client, ROLE, admin, id=str(member.id)),
        await code(client, REMOVE, admin, id=str(member.id)),
    ]
    assert asked == ["SUDO_REQUIRED"] * 7
    # A grace-period rotation ends no secret: no password asked.
    rotated = await data(client, ROTATE, admin, i={"id": key_id, "schedule": "IN_24_HOURS"})
    assert rotated["rotateApiKey"]["secret"]
    # Nothing happened: the key is active, the member still there and a member.
    still = await data(client, "{ members { edges { node { id role } } } }", admin)
    roles = {edge["node"]["id"]: edge["node"]["role"] for edge in still["members"]["edges"]}
    assert roles[str(member.id)] == "MEMBER"


async def test_confirm_password_renews_the_window_and_a_wrong_one_does_not(client, org, services):
    admin = await login(client, org.admin_email)
    key_id = (await create(client, org.key))["apiKey"]["id"]
    moved = later(services, 30)
    wrong = await error(client, CONFIRM, admin, p="not the password")
    assert wrong["extensions"] == {"code": "BAD_USER_INPUT", "field": "password"}
    assert await code(client, DESTROY, admin, id=key_id) == "SUDO_REQUIRED"
    until = await data(client, CONFIRM, admin, p=PASSWORD)
    assert datetime.fromisoformat(until["confirmPassword"]) == moved + timedelta(minutes=10)
    assert (await data(client, DESTROY, admin, id=key_id))["destroyApiKey"]["status"] == "REVOKED"
    later(services, 41)
    assert await code(client, SHOW_ONCE, admin) == "SUDO_REQUIRED"


async def test_api_keys_are_never_asked(client, org, services):
    key_id = (await create(client, org.key))["apiKey"]["id"]
    later(services, 60 * 24)
    rotated = await data(client, ROTATE, org.key, i={"id": key_id, "schedule": "NOW"})
    assert rotated["rotateApiKey"]["secret"]
    assert (await data(client, DESTROY, org.key, id=key_id))["destroyApiKey"]["status"] == "REVOKED"


async def test_only_a_session_confirms_a_password(client, org):
    refused = await error(client, CONFIRM, org.key, p=PASSWORD)
    assert refused["extensions"]["code"] == "FORBIDDEN"


async def test_a_session_from_before_sudo_mode_is_asked(client, org):
    admin = await login(client, org.admin_email)
    key_id = (await create(client, org.key))["apiKey"]["id"]
    await Session.all().update(sudo_at=None)  # as the migration leaves older sessions
    assert await code(client, REVEAL, admin, id=key_id) == "SUDO_REQUIRED"
    await data(client, CONFIRM, admin, p=PASSWORD)
    assert (await data(client, REVEAL, admin, id=key_id))["revealApiKey"]["secret"]

"""Every key action lands in the audit trail, with actor, address, before and after."""

from __future__ import annotations

import json

from tests.factories import data, login
from tests.resolvers.audit.documents import TRAIL


async def test_every_action_is_recorded_with_its_actor_and_address(client, org):
    admin = await login(client, org.admin_email)
    created = (
        await data(
            client,
            'mutation { createApiKey(input: {name: "a"}) { apiKey { id } secret } }',
            org.key,
        )
    )["createApiKey"]
    key_id = created["apiKey"]["id"]
    secrets = [created["secret"], org.key, admin]
    await data(
        client,
        'mutation($id: ID!) { updateApiKey(input: {id: $id, name: "b"}) { id } }',
        org.key,
        id=key_id,
    )
    await data(
        client,
        "mutation($id: ID!) { updatePermissions(input: {id: $id, permissions: []}) { id } }",
        admin,
        id=key_id,
    )
    secrets.append(
        (
            await data(
                client, "mutation($id: ID!) { revealApiKey(id: $id) { secret } }", admin, id=key_id
            )
        )["revealApiKey"]["secret"]
    )
    for schedule in ("IN_1_HOUR", "NOW"):
        rotated = await data(
            client,
            "mutation($id: ID!, $s: RotationSchedule!) { rotateApiKey(input: {id: $id, schedule: $s}) { secret } }",
            admin,
            id=key_id,
            s=schedule,
        )
        secrets.append(rotated["rotateApiKey"]["secret"])
    await data(client, "mutation($id: ID!) { destroyApiKey(id: $id) { id } }", admin, id=key_id)

    events = [
        e["node"] for e in (await data(client, TRAIL, org.key, k=key_id))["auditEvents"]["edges"]
    ]
    assert [e["action"] for e in reversed(events)] == [
        "created",
        "updated",
        "permissions_updated",
        "revealed",
        "rotation_scheduled",
        "rotated",
        "destroyed",
    ]
    by_action = {e["action"]: e for e in events}
    assert (
        by_action["created"]["actorApiKeyId"] == org.key_id
        and by_action["created"]["actorMemberId"] is None
    )
    assert by_action["destroyed"]["actorMemberId"] == org.admin_id
    assert {e["clientAddress"] for e in events} == {"203.0.113.7"}
    assert (by_action["updated"]["before"]["name"], by_action["updated"]["after"]["name"]) == (
        "a",
        "b",
    )
    assert by_action["permissions_updated"]["after"]["fullAccess"] is False
    dumped = json.dumps(events)
    assert not any(secret in dumped for secret in secrets)

"""updateApiKey: name, description and allowedIps change; the secret does not."""

from __future__ import annotations

from models import AuditEvent
from tests.factories import data, error
from tests.resolvers.api_keys.documents import GET, UPDATE, create, works


async def test_update_changes_the_key_not_its_secret(client, org):
    created = await create(client, org.key, name="a", description="d")
    key_id = created["apiKey"]["id"]
    updated = (
        await data(
            client, UPDATE, org.key, i={"id": key_id, "name": "b", "allowedIps": ["203.0.113.0/24"]}
        )
    )["updateApiKey"]
    assert (updated["name"], updated["description"], updated["allowedIps"]) == (
        "b",
        "d",
        ["203.0.113.0/24"],
    )
    assert updated["lastCharacters"] == created["apiKey"]["lastCharacters"]
    assert await works(client, created["secret"]), "the test client connects from 203.0.113.7"
    cleared = (await data(client, UPDATE, org.key, i={"id": key_id, "description": None}))[
        "updateApiKey"
    ]
    assert cleared["description"] is None and cleared["name"] == "b"


# Keys limited to chosen customers: updateApiKey changes the limit, within the caller's own.
_CUSTOMER = "mutation($e: String!) { createCustomer(input: {externalId: $e}) { id } }"
_CUSTOMERS = "{ customers(first: 100) { edges { node { id } } } }"


async def _customers(client, org, *names: str) -> list[str]:
    return [
        (await data(client, _CUSTOMER, org.key, e=name))["createCustomer"]["id"] for name in names
    ]


def _seen(answer) -> set[str]:
    return {edge["node"]["id"] for edge in answer["customers"]["edges"]}


async def test_the_customer_limit_is_changed_and_applies_at_once(client, org):
    a, b = await _customers(client, org, "cus_a", "cus_b")
    made = await create(client, org.key, name="limited", customerIds=[a])
    key_id, secret = made["apiKey"]["id"], made["secret"]
    assert _seen(await data(client, _CUSTOMERS, secret)) == {a}  # cached now
    updated = await data(client, UPDATE, org.key, i={"id": key_id, "customerIds": [b]})
    assert updated["updateApiKey"]["customerIds"] == [b]
    assert _seen(await data(client, _CUSTOMERS, secret)) == {b}
    lifted = await data(client, UPDATE, org.key, i={"id": key_id, "customerIds": None})
    assert lifted["updateApiKey"]["customerIds"] is None
    assert _seen(await data(client, _CUSTOMERS, secret)) == {a, b}
    audit = await AuditEvent.filter(api_key_id=key_id, action="updated").order_by("created_at")
    assert [(e.before["customerIds"], e.after["customerIds"]) for e in audit] == [
        ([a], [b]),
        ([b], None),
    ]


async def test_omitting_customer_ids_leaves_the_limit(client, org):
    (a,) = await _customers(client, org, "cus_a")
    made = await create(client, org.key, name="limited", customerIds=[a])
    updated = await data(client, UPDATE, org.key, i={"id": made["apiKey"]["id"], "name": "n"})
    assert updated["updateApiKey"]["customerIds"] == [a]


async def test_a_limited_caller_cannot_lift_or_widen_a_limit(client, org):
    a, b = await _customers(client, org, "cus_a", "cus_b")
    caller = await create(
        client,
        org.key,
        name="caller",
        customerIds=[a],
        permissions=[{"object": "API_KEY", "access": "READ_WRITE"}],
    )
    target = await create(client, caller["secret"], name="target", customerIds=[a], permissions=[])
    target_id = target["apiKey"]["id"]
    for limit in (None, [a, b], [b]):
        found = await error(
            client, UPDATE, caller["secret"], i={"id": target_id, "customerIds": limit}
        )
        assert found["extensions"]["code"] == "FORBIDDEN", (limit, found)
    kept = await data(client, GET, org.key, id=target_id)
    assert kept["apiKey"]["customerIds"] == [a]
    narrowed = await data(client, UPDATE, caller["secret"], i={"id": target_id, "customerIds": [a]})
    assert narrowed["updateApiKey"]["customerIds"] == [a]


async def test_an_unknown_or_malformed_customer_is_bad_user_input(client, org, other_org):
    made = await create(client, org.key, name="k")
    (theirs,) = [(await data(client, _CUSTOMER, other_org.key, e="cus_x"))["createCustomer"]["id"]]
    for ids in ([theirs], ["not-a-uuid"]):
        found = await error(
            client, UPDATE, org.key, i={"id": made["apiKey"]["id"], "customerIds": ids}
        )
        assert found["extensions"] == {"code": "BAD_USER_INPUT", "field": "customerIds"}, found

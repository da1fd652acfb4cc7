"""The API-key verbs through real GraphQL requests, one test per condition."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from models import ApiKey, ApiKeySecret
from tests.factories import data, error, gql, login, make_member

FIELDS = "id name description prefix lastCharacters status fullAccess allowedIps revealable "
FIELDS += "expiresAt rotationScheduledAt permissions { object access }"
CREATE = (
    "mutation($i: CreateApiKeyInput!) "
    f"{{ createApiKey(input: $i) {{ apiKey {{ {FIELDS} }} secret }} }}"
)
UPDATE = f"mutation($i: UpdateApiKeyInput!) {{ updateApiKey(input: $i) {{ {FIELDS} }} }}"
PERMS = f"mutation($i: UpdatePermissionsInput!) {{ updatePermissions(input: $i) {{ {FIELDS} }} }}"
ROTATE = (
    "mutation($i: RotateApiKeyInput!) "
    f"{{ rotateApiKey(input: $i) {{ apiKey {{ {FIELDS} }} secret }} }}"
)
REVEAL = "mutation($id: ID!) { revealApiKey(id: $id) { secret apiKey { id } } }"
DESTROY = "mutation($id: ID!) { destroyApiKey(id: $id) { id status } }"
GET = f"query($id: ID!) {{ apiKey(id: $id) {{ {FIELDS} }} }}"
LIST = (
    "query($f: Int, $a: String, $s: [ApiKeyStatus!]) { apiKeys(first: $f, after: $a, status: $s) "
)
LIST += (
    "{ totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name status } } } }"
)
VIEWER = "{ viewer { fullAccess } }"
SHOW_ONCE = "mutation { updateOrganization(input: {revealPolicy: SHOW_ONCE}) { revealPolicy } }"


async def create(client, token, **fields):
    result = await data(client, CREATE, token, i=fields)
    return result["createApiKey"]


async def works(client, token) -> bool:
    response = await gql(client, VIEWER, token)
    return response.status_code == 200


async def test_create_returns_a_secret_that_works_at_once(client, org):
    created = await create(client, org.key, name="sync", description="nightly")
    key = created["apiKey"]
    assert key["status"] == "ACTIVE" and key["fullAccess"] is True and key["permissions"] == []
    assert created["secret"].startswith(key["prefix"]) and created["secret"].endswith(
        key["lastCharacters"]
    )
    assert await works(client, created["secret"])


async def test_create_with_grants_ips_and_expiry_normalises_them(client, org):
    expires = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    created = await create(
        client,
        org.key,
        permissions=[
            {"object": "CUSTOMER", "access": "READ"},
            {"object": "EVENT", "access": "WRITE"},
        ],
        allowedIps=["10.1.2.3/8", "2001:db8::1/32"],
        expiresAt=expires,
    )
    key = created["apiKey"]
    assert key["fullAccess"] is False
    assert key["permissions"] == [
        {"object": "CUSTOMER", "access": "READ"},
        {"object": "EVENT", "access": "WRITE"},
    ]
    assert key["allowedIps"] == ["10.0.0.0/8", "2001:db8::/32"]
    assert datetime.fromisoformat(key["expiresAt"]) == datetime.fromisoformat(expires)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "x" * 256}, "name"),
        ({"description": "x" * 1001}, "description"),
        ({"allowedIps": ["10.0.0.0/8", "not-a-cidr"]}, "allowedIps"),
        ({"allowedIps": ["300.1.1.1/8"]}, "allowedIps"),
        ({"expiresAt": "2020-01-01T00:00:00+00:00"}, "expiresAt"),
        (
            {
                "permissions": [
                    {"object": "PLAN", "access": "READ"},
                    {"object": "PLAN", "access": "WRITE"},
                ]
            },
            "permissions",
        ),
    ],
)
async def test_create_refuses_bad_input_naming_the_field(client, org, fields, field):
    failure = await error(client, CREATE, org.key, i=fields)
    assert failure["extensions"] == {"code": "BAD_USER_INPUT", "field": field}
    assert await ApiKey.filter(organization_id=org.id).count() == 1


async def test_list_is_newest_first_paged_by_cursor_and_never_shows_a_secret(client, org):
    secrets = [(await create(client, org.key, name=f"k{i}"))["secret"] for i in range(5)]
    seen, after = [], None
    while True:
        page = (await data(client, LIST, org.key, f=2, a=after))["apiKeys"]
        assert page["totalCount"] == 6
        seen += [edge["node"]["name"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == ["k4", "k3", "k2", "k1", "k0", "first"]
    listed = (await gql(client, LIST, org.key, f=100)).text
    assert not any(secret in listed for secret in [*secrets, org.key])


@pytest.mark.parametrize(("first", "after"), [(101, None), (-1, None), (5, "garbage!")])
async def test_list_refuses_a_bad_page(client, org, first, after):
    failure = await error(client, LIST, org.key, f=first, a=after)
    assert failure["extensions"]["code"] == "BAD_USER_INPUT"
    assert failure["extensions"]["field"] == ("first" if after is None else "after")


async def test_status_is_the_same_in_lists_and_single_reads(client, org, services):
    expired = await create(client, org.key, name="old")
    revoked = await create(client, org.key, name="gone")
    await ApiKey.filter(id=expired["apiKey"]["id"]).update(
        expires_at=datetime.now(UTC) - timedelta(seconds=1)
    )
    await data(client, DESTROY, org.key, id=revoked["apiKey"]["id"])
    services.cache.clear()
    for status, key in (("EXPIRED", expired), ("REVOKED", revoked)):
        assert (await data(client, GET, org.key, id=key["apiKey"]["id"]))["apiKey"][
            "status"
        ] == status
        listed = (await data(client, LIST, org.key, s=[status]))["apiKeys"]
        assert [e["node"]["id"] for e in listed["edges"]] == [key["apiKey"]["id"]]
    active = (await data(client, LIST, org.key, s=["ACTIVE"]))["apiKeys"]
    assert [e["node"]["name"] for e in active["edges"]] == ["first"]
    assert (await gql(client, VIEWER, expired["secret"])).status_code == 401


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


async def test_narrowed_permissions_apply_on_the_very_next_request(client, org):
    created = await create(
        client, org.key, permissions=[{"object": "API_KEY", "access": "READ_WRITE"}]
    )
    assert (await data(client, LIST, created["secret"]))["apiKeys"]["totalCount"] == 2
    await data(
        client,
        PERMS,
        org.key,
        i={
            "id": created["apiKey"]["id"],
            "permissions": [{"object": "CUSTOMER", "access": "READ"}],
        },
    )
    refused = await error(client, LIST, created["secret"])
    assert refused["extensions"] == {"code": "FORBIDDEN", "object": "API_KEY", "access": "READ"}
    widened = await data(
        client, PERMS, org.key, i={"id": created["apiKey"]["id"], "permissions": None}
    )
    assert widened["updatePermissions"]["fullAccess"] is True
    assert (await data(client, LIST, created["secret"]))["apiKeys"]["totalCount"] == 2


async def test_reveal_returns_the_current_secret_to_an_admin_session_only(client, org):
    created = await create(client, org.key)
    key_id = created["apiKey"]["id"]
    admin = await login(client, org.admin_email)
    assert (await data(client, REVEAL, admin, id=key_id))["revealApiKey"]["secret"] == created[
        "secret"
    ]
    member = await make_member(org.id)
    for token in (org.key, await login(client, member.email)):
        refused = await error(client, REVEAL, token, id=key_id)
        assert refused["extensions"]["code"] == "FORBIDDEN"


async def test_reveal_is_a_conflict_once_show_once_or_revoked(client, org):
    created = await create(client, org.key)
    doomed = await create(client, org.key)
    admin = await login(client, org.admin_email)
    await data(client, DESTROY, admin, id=doomed["apiKey"]["id"])
    assert (await error(client, REVEAL, admin, id=doomed["apiKey"]["id"]))["extensions"][
        "code"
    ] == "CONFLICT"
    await data(client, SHOW_ONCE, admin)
    assert await ApiKeySecret.filter(sealed__isnull=False).count() == 0
    assert (await error(client, REVEAL, admin, id=created["apiKey"]["id"]))["extensions"][
        "code"
    ] == "CONFLICT"
    later = await create(client, org.key)
    assert later["apiKey"]["revealable"] is False


async def test_rotate_now_keeps_everything_but_the_secret(client, org):
    created = await create(
        client,
        org.key,
        name="n",
        description="d",
        allowedIps=["203.0.113.0/24"],
        permissions=[{"object": "PLAN", "access": "READ"}],
    )
    rotated = (await data(client, ROTATE, org.key, i={"id": created["apiKey"]["id"]}))[
        "rotateApiKey"
    ]
    before, after = dict(created["apiKey"]), dict(rotated["apiKey"])
    for changed in ("prefix", "lastCharacters"):
        before.pop(changed), after.pop(changed)
    assert before == after and after["rotationScheduledAt"] is None
    assert await works(client, rotated["secret"]) and not await works(client, created["secret"])


async def test_scheduled_rotation_keeps_the_previous_secret_until_then(client, org):
    created = await create(client, org.key)
    key_id = created["apiKey"]["id"]
    rotated = (await data(client, ROTATE, org.key, i={"id": key_id, "schedule": "IN_1_HOUR"}))[
        "rotateApiKey"
    ]
    scheduled = datetime.fromisoformat(rotated["apiKey"]["rotationScheduledAt"])
    assert timedelta(minutes=59) < scheduled - datetime.now(UTC) <= timedelta(hours=1)
    assert await works(client, created["secret"]) and await works(client, rotated["secret"])
    valid = [
        s for s in await ApiKeySecret.filter(api_key_id=key_id) if s.valid_at(datetime.now(UTC))
    ]
    assert len(valid) == 2


async def test_rotating_never_revives_an_expired_secret(client, org, services):
    created = await create(client, org.key)
    key_id = created["apiKey"]["id"]
    first = (await data(client, ROTATE, org.key, i={"id": key_id, "schedule": "IN_1_HOUR"}))[
        "rotateApiKey"
    ]
    an_hour_later = datetime.now(UTC) - timedelta(seconds=1)
    await ApiKeySecret.filter(api_key_id=key_id, expires_at__isnull=False).update(
        expires_at=an_hour_later
    )
    await ApiKey.filter(id=key_id).update(rotation_ends_at=an_hour_later)
    services.cache.clear()
    await data(client, ROTATE, org.key, i={"id": key_id, "schedule": "IN_7_DAYS"})
    assert not await works(client, created["secret"])
    assert await works(client, first["secret"])


async def test_a_key_cannot_rotate_or_destroy_itself(client, org):
    for query, variables in ((ROTATE, {"i": {"id": org.key_id}}), (DESTROY, {"id": org.key_id})):
        assert (await error(client, query, org.key, **variables))["extensions"][
            "code"
        ] == "CONFLICT"
    assert await works(client, org.key)


async def test_destroy_revokes_at_once_and_keeps_the_row(client, org):
    created = await create(client, org.key)
    assert await works(client, created["secret"])
    destroyed = (await data(client, DESTROY, org.key, id=created["apiKey"]["id"]))["destroyApiKey"]
    assert destroyed["status"] == "REVOKED"
    assert (await gql(client, VIEWER, created["secret"])).status_code == 401
    assert await ApiKeySecret.filter(api_key_id=created["apiKey"]["id"]).count() == 0


async def test_the_last_active_key_cannot_be_destroyed(client, org):
    admin = await login(client, org.admin_email)
    failure = await error(client, DESTROY, admin, id=org.key_id)
    assert failure["extensions"]["code"] == "CONFLICT" and "last" in failure["message"]


async def test_concurrent_destroys_of_the_last_two_keys_leave_one(client, org, postgres_only):
    other = await create(client, org.key)
    admin = await login(client, org.admin_email)
    results = await asyncio.gather(
        gql(client, DESTROY, admin, id=org.key_id),
        gql(client, DESTROY, admin, id=other["apiKey"]["id"]),
    )
    codes = sorted("errors" in r.json() for r in results)
    assert codes == [False, True]
    assert await ApiKey.filter(organization_id=org.id, revoked_at__isnull=True).count() == 1


async def test_concurrent_scheduled_rotations_let_one_through_and_keep_its_promise(
    client, org, postgres_only
):
    created = await create(client, org.key)
    key_id = created["apiKey"]["id"]
    results = await asyncio.gather(
        *(
            gql(client, ROTATE, org.key, i={"id": key_id, "schedule": "IN_1_HOUR"})
            for _ in range(20)
        )
    )
    codes = sorted(
        r.json()["errors"][0]["extensions"]["code"] for r in results if "errors" in r.json()
    )
    assert codes == ["CONFLICT"] * 19
    assert await works(client, created["secret"])
    now = datetime.now(UTC)
    secrets = await ApiKeySecret.filter(api_key_id=key_id)
    assert sum(s.expires_at is None for s in secrets) == 1
    assert sum(s.expires_at is not None and s.valid_at(now) for s in secrets) == 1

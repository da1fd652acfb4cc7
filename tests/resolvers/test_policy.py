"""The attacks of the least-privilege issue, through real GraphQL requests: no caller
ends up with more than it was given (resolvers/policy.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from auth.grants import Access, PermissionObject
from models import ApiKey, ApiKeySecret, Member, Notification
from tests.factories import data, error, gql, make_key, make_member, make_session

Obj = PermissionObject
KEY_FIELDS = "id fullAccess permissions { object access } allowedIps expiresAt status"
CREATE = (
    "mutation($i: CreateApiKeyInput!) "
    f"{{ createApiKey(input: $i) {{ apiKey {{ {KEY_FIELDS} }} secret }} }}"
)
UPDATE = f"mutation($i: UpdateApiKeyInput!) {{ updateApiKey(input: $i) {{ {KEY_FIELDS} }} }}"
PERMS = (
    f"mutation($i: UpdatePermissionsInput!) {{ updatePermissions(input: $i) {{ {KEY_FIELDS} }} }}"
)
ROTATE = (
    "mutation($i: RotateApiKeyInput!) "
    "{ rotateApiKey(input: $i) { apiKey { rotationScheduledAt } secret } }"
)
DESTROY = "mutation($id: ID!) { destroyApiKey(id: $id) { id status } }"
REVEAL = "mutation($id: ID!) { revealApiKey(id: $id) { secret } }"
API_KEY_WRITE = [(Obj.API_KEY, Access.WRITE)]


def refusal(failure: dict) -> dict:
    return failure["extensions"]


async def admin_session(org, services) -> str:
    return await make_session(services, await Member.get(id=org.admin_id))


async def works(client, token) -> bool:
    return (await gql(client, "{ viewer { fullAccess } }", token)).status_code == 200


# ---------------------------------------------------------------- the grant ceiling


async def test_a_key_with_api_key_write_cannot_mint_a_full_access_key(client, org, services):
    _, scoped = await make_key(org, services, API_KEY_WRITE)
    failure = await error(client, CREATE, scoped, i={"name": "escalated"})
    assert refusal(failure) == {"code": "FORBIDDEN", "fullAccess": True}
    assert await ApiKey.filter(organization_id=org.id, name="escalated").count() == 0


async def test_a_key_grants_nothing_it_does_not_hold(client, org, services):
    _, scoped = await make_key(org, services, [*API_KEY_WRITE, (Obj.CUSTOMER, Access.READ)])
    wider = [{"object": "CUSTOMER", "access": "READ_WRITE"}]
    failure = await error(client, CREATE, scoped, i={"permissions": wider})
    assert refusal(failure) == {"code": "FORBIDDEN", "object": "CUSTOMER", "access": "WRITE"}
    within = [{"object": "CUSTOMER", "access": "READ"}, {"object": "API_KEY", "access": "WRITE"}]
    made = (await data(client, CREATE, scoped, i={"permissions": within}))["createApiKey"]
    assert made["apiKey"]["fullAccess"] is False and await works(client, made["secret"])


async def test_full_access_is_granted_by_full_access_only(client, org, services):
    admin = await admin_session(org, services)
    for token in (org.key, admin):
        made = (await data(client, CREATE, token, i={}))["createApiKey"]["apiKey"]
        assert made["fullAccess"] is True


async def test_a_key_cannot_widen_another_key_beyond_itself(client, org, services):
    _, scoped = await make_key(org, services, [*API_KEY_WRITE, (Obj.PLAN, Access.READ)])
    target_id, _ = await make_key(org, services, [(Obj.PLAN, Access.READ)])
    to_full = await error(client, PERMS, scoped, i={"id": target_id, "permissions": None})
    assert refusal(to_full) == {"code": "FORBIDDEN", "fullAccess": True}
    wider = [{"object": "INVOICE", "access": "READ"}]
    to_wider = await error(client, PERMS, scoped, i={"id": target_id, "permissions": wider})
    assert refusal(to_wider) == {"code": "FORBIDDEN", "object": "INVOICE", "access": "READ"}
    key = await ApiKey.get(id=target_id)
    assert key.full_access is False and key.permissions == [{"object": "PLAN", "access": "READ"}]


@pytest.mark.parametrize("verb", ["update", "rotate", "destroy", "permissions"])
async def test_a_key_cannot_touch_a_stronger_key(client, org, services, verb):
    _, scoped = await make_key(org, services, API_KEY_WRITE)
    document, variables = {
        "update": (UPDATE, {"i": {"id": org.key_id, "allowedIps": ["192.0.2.0/24"]}}),
        "rotate": (ROTATE, {"i": {"id": org.key_id, "schedule": "IN_7_DAYS"}}),
        "destroy": (DESTROY, {"id": org.key_id}),
        "permissions": (PERMS, {"i": {"id": org.key_id, "permissions": []}}),
    }[verb]
    response = await gql(client, document, scoped, **variables)
    body = response.json()
    assert refusal(body["errors"][0]) == {"code": "FORBIDDEN", "fullAccess": True}
    assert body["data"] is None, "no secret, no key"
    assert await ApiKeySecret.filter(api_key_id=org.key_id).count() == 1
    assert await works(client, org.key)
    key = await ApiKey.get(id=org.key_id)
    assert key.allowed_ips == [] and key.revoked_at is None and key.full_access


# ---------------------------------------------------------------- a key never changes itself


@pytest.mark.parametrize(
    ("document", "variables"),
    [
        (PERMS, {"permissions": None}),
        (UPDATE, {"expiresAt": None, "allowedIps": []}),
        (ROTATE, {"schedule": "NOW"}),
    ],
)
async def test_a_key_cannot_change_itself(client, org, services, document, variables):
    expires = datetime.now(UTC) + timedelta(days=1)
    key_id, scoped = await make_key(
        org,
        services,
        [(Obj.API_KEY, Access.READ_WRITE)],
        allowed_ips=["203.0.113.0/24"],
        expires_at=expires,
    )
    failure = await error(client, document, scoped, i={"id": key_id, **variables})
    assert refusal(failure)["code"] == "CONFLICT" and "itself" in failure["message"]
    key = await ApiKey.get(id=key_id)
    assert (key.full_access, key.allowed_ips, key.expires_at) == (
        False,
        ["203.0.113.0/24"],
        expires,
    )


async def test_a_key_cannot_destroy_itself(client, org, services):
    key_id, scoped = await make_key(org, services, [(Obj.API_KEY, Access.READ_WRITE)])
    assert refusal(await error(client, DESTROY, scoped, id=key_id))["code"] == "CONFLICT"
    assert await works(client, scoped)


# ---------------------------------------------------------------- session-only operations


async def test_member_management_needs_an_admin_session_and_says_so(client, org, services):
    member = await make_member(org.id)
    operations = [
        (
            'mutation { createMember(input: {email: "n@x.test", password: "long enough pw"}) { id } }',
            {},
        ),
        (
            "mutation($id: ID!) { updateMemberRole(id: $id, role: ADMIN) { id } }",
            {"id": str(member.id)},
        ),
        ("mutation($id: ID!) { removeMember(id: $id) { id } }", {"id": str(member.id)}),
        (REVEAL, {"id": org.key_id}),
        ("mutation { updateOrganization(input: {revealPolicy: SHOW_ONCE}) { revealPolicy } }", {}),
    ]
    for document, variables in operations:
        failure = await error(client, document, org.key, **variables)
        assert refusal(failure) == {"code": "FORBIDDEN", "requires": "ADMIN_SESSION"}, document
    admin = await admin_session(org, services)
    for document, variables in operations:
        await data(client, document, admin, **variables)


async def test_a_full_access_key_may_rename_the_organization(client, org):
    renamed = await data(
        client, 'mutation { updateOrganization(input: {name: "Acme 2"}) { name } }', org.key
    )
    assert renamed["updateOrganization"]["name"] == "Acme 2"


async def test_the_schema_shows_which_operations_need_an_admin_session(client):
    sdl = (await client.get("/graphql/schema.graphql")).text
    for field in ("revealApiKey(", "createMember(", "updateMemberRole(", "removeMember("):
        line = next(line for line in sdl.splitlines() if line.strip().startswith(field))
        assert line.endswith("@requiresAdminSession"), line
    assert "revealPolicy: RevealPolicy @requiresAdminSession" in sdl


@pytest.mark.parametrize(
    "grant",
    [
        {"object": "MEMBER", "access": "WRITE"},
        {"object": "MEMBER", "access": "READ_WRITE"},
        {"object": "AUDIT_EVENT", "access": "WRITE"},
    ],
)
async def test_a_grant_no_key_can_use_is_refused_when_granted(client, org, grant):
    failure = await error(client, CREATE, org.key, i={"permissions": [grant]})
    assert refusal(failure) == {"code": "BAD_USER_INPUT", "field": "permissions"}
    key_id = (await data(client, CREATE, org.key, i={"permissions": []}))["createApiKey"]["apiKey"][
        "id"
    ]
    failure = await error(client, PERMS, org.key, i={"id": key_id, "permissions": [grant]})
    assert refusal(failure) == {"code": "BAD_USER_INPUT", "field": "permissions"}


# ---------------------------------------------------------------- rotation keeps its promise


async def test_a_pending_scheduled_rotation_is_not_cut_short(client, org, services):
    key_id, first = await make_key(org, services, [(Obj.PLAN, Access.READ)])
    rotated = await data(client, ROTATE, org.key, i={"id": key_id, "schedule": "IN_7_DAYS"})
    pending = rotated["rotateApiKey"]["apiKey"]["rotationScheduledAt"]
    failure = await error(client, ROTATE, org.key, i={"id": key_id, "schedule": "IN_1_HOUR"})
    assert refusal(failure) == {"code": "CONFLICT", "rotationScheduledAt": pending}
    assert await works(client, first), "the e-mail promised it until then"
    assert await works(client, rotated["rotateApiKey"]["secret"])


async def test_rotating_now_during_a_pending_rotation_ends_every_older_secret(
    client, org, services
):
    key_id, first = await make_key(org, services, [(Obj.PLAN, Access.READ)])
    second = await data(client, ROTATE, org.key, i={"id": key_id, "schedule": "IN_24_HOURS"})
    third = await data(client, ROTATE, org.key, i={"id": key_id, "schedule": "NOW"})
    assert third["rotateApiKey"]["apiKey"]["rotationScheduledAt"] is None
    assert not await works(client, first)
    assert not await works(client, second["rotateApiKey"]["secret"])
    assert await works(client, third["rotateApiKey"]["secret"])
    mail = await Notification.filter(api_key_id=key_id, kind="key_rotated").first()
    assert (
        mail is not None
        and "Every previous secret of this key stopped working at once" in mail.body
    )


# ---------------------------------------------------------------- no resurrection


@pytest.mark.parametrize("state", ["EXPIRED", "REVOKED"])
async def test_an_expired_or_revoked_key_cannot_be_brought_back(client, org, services, state):
    key_id, secret = await make_key(org, services, [(Obj.PLAN, Access.READ)])
    if state == "EXPIRED":
        await ApiKey.filter(id=key_id).update(expires_at=datetime.now(UTC) - timedelta(minutes=1))
    else:
        await data(client, DESTROY, org.key, id=key_id)
    later = (datetime.now(UTC) + timedelta(days=30)).isoformat()
    for document, variables in (
        (UPDATE, {"expiresAt": later}),
        (UPDATE, {"expiresAt": None}),
        (PERMS, {"permissions": [{"object": "PLAN", "access": "READ"}]}),
        (ROTATE, {"schedule": "NOW"}),
    ):
        failure = await error(client, document, org.key, i={"id": key_id, **variables})
        assert refusal(failure) == {"code": "CONFLICT", "status": state}
    assert not await works(client, secret)

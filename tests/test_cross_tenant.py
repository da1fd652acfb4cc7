"""Organization A on organization B's keys and members: NOT_FOUND for every operation."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from models import Invitation, WebhookDelivery, WebhookEndpoint
from tests.factories import data, error, login, make_member

OPERATIONS = {
    "updateApiKey": (
        'mutation($id: ID!) { updateApiKey(input: {id: $id, name: "x"}) { id } }',
        "key",
    ),
    "updatePermissions": (
        "mutation($id: ID!) { updatePermissions(input: {id: $id}) { id } }",
        "key",
    ),
    "rotateApiKey": ("mutation($id: ID!) { rotateApiKey(input: {id: $id}) { secret } }", "key"),
    "revealApiKey": ("mutation($id: ID!) { revealApiKey(id: $id) { secret } }", "key"),
    "destroyApiKey": ("mutation($id: ID!) { destroyApiKey(id: $id) { id } }", "key"),
    "updateMemberRole": (
        "mutation($id: ID!) { updateMemberRole(id: $id, role: ADMIN) { id } }",
        "member",
    ),
    "removeMember": ("mutation($id: ID!) { removeMember(id: $id) { id } }", "member"),
    # People (issue 18)
    "revokeInvitation": ("mutation($id: ID!) { revokeInvitation(id: $id) { id } }", "invitation"),
    # Webhooks on key events
    "deleteWebhookEndpoint": (
        "mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { id } }",
        "webhook_endpoint",
    ),
    "rotateWebhookSecret": (
        "mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }",
        "webhook_endpoint",
    ),
    "webhookDeliveries": (
        "query($id: ID!) { webhookDeliveries(endpointId: $id) { edges { node { id } } } }",
        "webhook_endpoint",
    ),
    "redeliverWebhook": (
        "mutation($id: ID!) { redeliverWebhook(id: $id) { id } }",
        "webhook_delivery",
    ),
}


async def _target(kind: str, other_org) -> str:
    if kind == "key":
        return str(other_org.key_id)
    if kind == "invitation":
        invitation = await Invitation.create(
            organization_id=other_org.id,
            email="theirs@example.test",
            token_digest=uuid.uuid4().hex,
            expires_at=datetime.now(UTC) + timedelta(days=1),
        )
        return str(invitation.id)
    if kind.startswith("webhook_"):
        return await _webhook_target(kind, other_org)
    return str((await make_member(other_org.id)).id)


async def _webhook_target(kind: str, other_org) -> str:
    endpoint = await WebhookEndpoint.create(
        organization_id=other_org.id,
        url="https://hooks.other.example/x",
        events=["created"],
        sealed_secret="t1.sealed",
    )
    if kind == "webhook_endpoint":
        return str(endpoint.id)
    delivery = await WebhookDelivery.create(
        organization_id=other_org.id,
        endpoint=endpoint,
        message_id="msg_theirs",
        event="created",
        payload="{}",
        status="FAILED",
    )
    return str(delivery.id)


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
async def test_another_organizations_object_is_not_found(client, org, other_org, operation):
    query, kind = OPERATIONS[operation]
    target = await _target(kind, other_org)
    admin = await login(client, org.admin_email)
    failure = await error(client, query, admin, id=target)
    assert failure["extensions"]["code"] == "NOT_FOUND"
    assert (await data(client, "{ viewer { organizationId } }", other_org.key))["viewer"][
        "organizationId"
    ] == other_org.id


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
async def test_an_id_that_is_not_a_uuid_is_not_found(client, org, operation):
    query, _ = OPERATIONS[operation]
    admin = await login(client, org.admin_email)
    assert (await error(client, query, admin, id="1 OR 1=1"))["extensions"]["code"] == "NOT_FOUND"


async def test_reads_never_show_another_organization(client, org, other_org):
    assert (
        await data(
            client, "query($id: ID!) { apiKey(id: $id) { id } }", org.key, id=other_org.key_id
        )
    ) == {"apiKey": None}
    lists = "{ apiKeys(first: 100) { edges { node { id } } } members(first: 100) { edges { node { id } } } auditEvents(first: 100) { edges { node { apiKeyId } } } }"
    dumped = str(await data(client, lists, org.key))
    assert other_org.key_id not in dumped and other_org.admin_id not in dumped
    assert org.key_id in dumped


async def test_webhook_endpoints_list_only_the_organizations_own(client, org, other_org):
    theirs = await _webhook_target("webhook_endpoint", other_org)
    admin = await login(client, org.admin_email)
    listed = await data(client, "{ webhookEndpoints { edges { node { id } } } }", admin)
    assert listed == {"webhookEndpoints": {"edges": []}}
    assert await WebhookEndpoint.filter(id=theirs).exists()

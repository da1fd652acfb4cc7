"""auditEvents: the organization's trail, filtered by key, with AUDIT_EVENT READ."""

from __future__ import annotations

from tests.factories import data, error
from tests.resolvers.audit.documents import TRAIL


async def test_the_trail_filters_by_key_and_needs_audit_read(client, org):
    scoped = (
        await data(
            client,
            "mutation { createApiKey(input: {permissions: [{object: API_KEY, access: READ}]}) { apiKey { id } secret } }",
            org.key,
        )
    )["createApiKey"]
    everything = (await data(client, TRAIL, org.key))["auditEvents"]["totalCount"]
    only_first = (await data(client, TRAIL, org.key, k=org.key_id))["auditEvents"]
    assert only_first["totalCount"] == 1 < everything
    refused = await error(client, TRAIL, scoped["secret"])
    assert refused["extensions"] == {"code": "FORBIDDEN", "object": "AUDIT_EVENT", "access": "READ"}


async def test_another_organizations_trail_is_not_shown(client, org, other_org):
    mine = (await data(client, TRAIL, org.key))["auditEvents"]
    theirs = (await data(client, TRAIL, other_org.key))["auditEvents"]
    assert mine["totalCount"] == theirs["totalCount"] == 1
    assert {e["node"]["apiKeyId"] for e in mine["edges"]} == {org.key_id}
    assert {e["node"]["apiKeyId"] for e in theirs["edges"]} == {other_org.key_id}

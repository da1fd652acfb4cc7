"""The API-key documents the verbs' tests share, and two steps they all take."""

from __future__ import annotations

from typing import Any

import httpx

from tests.factories import data, gql

FIELDS = "id name description prefix lastCharacters status fullAccess allowedIps revealable "
FIELDS += "expiresAt rotationScheduledAt permissions { object access } customerIds"
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


async def create(client: httpx.AsyncClient, token: str, **fields: Any) -> Any:
    """createApiKey's answer: {"apiKey": {...FIELDS}, "secret": ...}."""
    result = await data(client, CREATE, token, i=fields)
    return result["createApiKey"]


async def works(client: httpx.AsyncClient, token: str) -> bool:
    """Whether `token` authenticates a request."""
    response = await gql(client, VIEWER, token)
    return response.status_code == 200

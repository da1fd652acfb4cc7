"""What the webhook verbs' tests share: an endpoint on the test's receiver, and a key event."""

from __future__ import annotations

from typing import Any

from tests.factories import data
from tests.webhook_receiver import CREATE_ENDPOINT, admin_session


async def endpoint(client, org, services, url: str, events: list[str]) -> tuple[str, str, str]:
    """(endpoint id, its secret, the admin session that made it)."""
    session = await admin_session(services, org.admin_id)
    made = (await data(client, CREATE_ENDPOINT, session, url=url, events=events))[
        "createWebhookEndpoint"
    ]
    return made["endpoint"]["id"], made["secret"], session


async def key_created(client, org) -> Any:
    query = 'mutation { createApiKey(input: {name: "hooked"}) { apiKey { id } } }'
    return (await data(client, query, org.key))["createApiKey"]["apiKey"]["id"]

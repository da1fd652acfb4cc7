"""Webhook deliveries, one per subscribed endpoint, written inside the transaction of the
key event (as the e-mails are, jobs/outbox.py). The body is fixed when the row is written:
what is signed and sent, and what a redelivery sends again."""

from __future__ import annotations

import base64
import secrets
import uuid
from datetime import UTC, datetime
from typing import Any

import orjson

from auth.sealing import Sealer
from models import ApiKey, WebhookDelivery, WebhookEndpoint, WebhookEvent

SECRET_PREFIX = "whsec_"  # noqa: S105 - the specification's prefix, not a secret


def new_signing_secret() -> str:
    """A Standard Webhooks secret: `whsec_` and 32 random bytes in base64."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def seal_secret(sealer: Sealer, secret: str, endpoint_id: str) -> str:
    return sealer.seal(secret, f"webhook:{endpoint_id}")


def open_secret(sealer: Sealer, sealed: str, endpoint_id: str) -> str:
    return sealer.open(sealed, f"webhook:{endpoint_id}")


def payload(event: WebhookEvent, key: ApiKey, when: datetime, extra: dict[str, Any]) -> str:
    """The JSON body: the specification's `type`, `timestamp` and `data`. Never a secret:
    the key's id, name, prefix (its public first characters) and status."""
    body = {
        "type": f"api_key.{event.value}",
        "timestamp": when.astimezone(UTC).isoformat(timespec="seconds"),
        "data": {
            "organizationId": str(key.organization_id),
            "apiKey": {
                "id": str(key.id),
                "name": key.name,
                "prefix": key.prefix,
                "status": key.status_at(when).value,
            },
            **extra,
        },
    }
    return orjson.dumps(body).decode()


async def key_event(
    event: WebhookEvent, key: ApiKey, extra: dict[str, Any] | None = None
) -> list[str]:
    """One PENDING delivery per endpoint of the key's organization subscribed to `event`;
    their ids, for the dispatcher after commit."""
    endpoints = await WebhookEndpoint.filter(organization_id=key.organization_id)
    subscribed = [e for e in endpoints if event.value in e.events]
    if not subscribed:
        return []
    now = datetime.now(UTC)
    body = payload(event, key, now, extra or {})
    message_id = f"msg_{uuid.uuid4().hex}"
    rows = [
        WebhookDelivery(
            organization_id=key.organization_id,
            endpoint_id=endpoint.id,
            api_key_id=key.id,
            message_id=message_id,
            event=event.value,
            payload=body,
            next_attempt_at=now,
        )
        for endpoint in subscribed
    ]
    await WebhookDelivery.bulk_create(rows)
    return [str(row.id) for row in rows]

"""rotateWebhookSecret: a new `whsec_` secret, shown once, signs every delivery from now on
(checked by the reference library); the previous one no longer verifies. Needs sudo mode."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from standardwebhooks.webhooks import WebhookVerificationError

from jobs.webhook_delivery import deliver
from models import AuditEvent, Session, WebhookDelivery
from tests.factories import data, error
from tests.resolvers.webhooks.helpers import endpoint, key_created

ROTATE = "mutation($id: ID!) { rotateWebhookSecret(id: $id) { endpoint { id } secret } }"


async def test_the_new_secret_signs_and_the_old_one_no_longer_verifies(
    client, org, local_webhooks, receiver
):
    endpoint_id, old, session = await endpoint(
        client, org, local_webhooks, receiver.url, ["CREATED"]
    )
    new = (await data(client, ROTATE, session, id=endpoint_id))["rotateWebhookSecret"]["secret"]
    assert new.startswith("whsec_") and new != old
    await key_created(client, org)
    row = await WebhookDelivery.get(endpoint_id=endpoint_id)
    assert await deliver(str(row.id), local_webhooks.settings)
    (received,) = receiver.received
    assert received.verified(new)["type"] == "api_key.created"
    with pytest.raises(WebhookVerificationError):
        received.verified(old)
    audit = await AuditEvent.get(action="webhook_secret_rotated")
    assert new not in str(audit.after) and old not in str(audit.after)


async def test_a_session_out_of_sudo_mode_must_confirm_its_password(client, org, services):
    endpoint_id, _, session = await endpoint(
        client, org, services, "https://hooks.example.com/x", ["CREATED"]
    )
    await Session.all().update(sudo_at=datetime.now(UTC) - timedelta(hours=1))
    assert (await error(client, ROTATE, session, id=endpoint_id))["extensions"][
        "code"
    ] == "SUDO_REQUIRED"

"""createWebhookEndpoint: an admin session registers an https URL (http and loopback only
with WEBHOOK_ALLOW_LOCAL) for chosen key events, and sees its `whsec_` secret once; the
secret is stored sealed, never in clear."""

from __future__ import annotations

import base64

import pytest

from jobs.webhook_outbox import open_secret
from models import AuditEvent, MemberRole, WebhookEndpoint
from tests.factories import data, error, make_member, make_session
from tests.webhook_receiver import CREATE_ENDPOINT, admin_session

HTTPS = "https://hooks.example.com/apikeys"


async def test_an_admin_session_registers_an_endpoint_and_sees_its_secret_once(
    client, org, services
):
    session = await admin_session(services, org.admin_id)
    made = (
        await data(client, CREATE_ENDPOINT, session, url=HTTPS, events=["DISABLED", "CREATED"])
    )["createWebhookEndpoint"]
    assert made["endpoint"]["url"] == HTTPS
    assert made["endpoint"]["events"] == ["CREATED", "DISABLED"]
    secret = made["secret"]
    assert secret.startswith("whsec_") and len(base64.b64decode(secret[6:])) == 32
    row = await WebhookEndpoint.get(id=made["endpoint"]["id"])
    assert secret not in row.sealed_secret and secret[6:] not in row.sealed_secret
    assert open_secret(services.keyring.sealer, row.sealed_secret, str(row.id)) == secret
    listed = await data(client, "{ webhookEndpoints { edges { node { id } } } }", session)
    assert "secret" not in str(listed)
    audit = await AuditEvent.get(action="webhook_endpoint_created")
    assert audit.after == {"id": str(row.id), "url": HTTPS, "events": ["created", "disabled"]}
    assert secret not in str(audit.after)


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://hooks.example.com/x", "https only"),
        ("http://127.0.0.1:9/x", "https only"),
        ("https://127.0.0.1/x", "loopback"),
        ("https://localhost/x", "loopback"),
        ("https://10.1.2.3/x", "private"),
        ("https://169.254.169.254/latest/meta-data", "link-local"),
        ("https://[::1]/x", "loopback"),
        ("https://[::ffff:127.0.0.1]/x", "loopback"),
        ("https://user:pw@hooks.example.com/x", "user name"),
        ("ftp://hooks.example.com/x", "https://"),
        ("not a url", "https://"),
        ("https://" + "a" * 2100 + ".com/", "2048"),
    ],
)
async def test_an_unsafe_url_is_bad_user_input_naming_url(client, org, services, url, why):
    session = await admin_session(services, org.admin_id)
    found = await error(client, CREATE_ENDPOINT, session, url=url, events=["CREATED"])
    assert found["extensions"]["code"] == "BAD_USER_INPUT", found
    assert found["extensions"]["field"] == "url"
    assert why in found["message"]
    assert await WebhookEndpoint.all().count() == 0


async def test_http_to_localhost_is_allowed_only_with_webhook_allow_local(
    client, org, local_webhooks, receiver
):
    session = await admin_session(local_webhooks, org.admin_id)
    made = await data(client, CREATE_ENDPOINT, session, url=receiver.url, events=["CREATED"])
    assert made["createWebhookEndpoint"]["endpoint"]["url"] == receiver.url


async def test_no_event_is_bad_user_input(client, org, services):
    session = await admin_session(services, org.admin_id)
    found = await error(client, CREATE_ENDPOINT, session, url=HTTPS, events=[])
    assert found["extensions"]["code"] == "BAD_USER_INPUT"
    assert found["extensions"]["field"] == "events"


async def test_a_key_or_a_member_cannot_register_one(client, org, services):
    member = await make_member(org.id, MemberRole.MEMBER)
    for token in (org.key, await make_session(services, member)):
        found = await error(client, CREATE_ENDPOINT, token, url=HTTPS, events=["CREATED"])
        assert found["extensions"]["code"] == "FORBIDDEN"
        assert found["extensions"]["requires"] == "ADMIN_SESSION"
    assert await WebhookEndpoint.all().count() == 0

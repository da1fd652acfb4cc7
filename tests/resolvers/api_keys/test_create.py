"""createApiKey: a secret that works at once, normalised input, refusals naming the field."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from models import ApiKey
from tests.factories import error
from tests.resolvers.api_keys.documents import CREATE, create, works


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

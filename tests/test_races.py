"""Concurrency on PostgreSQL: many writers at once keep every rule."""

from __future__ import annotations

import asyncio

from models import ApiKeySecret
from tests.factories import data, gql

CREATE = "mutation($n: String) { createApiKey(input: {name: $n}) { apiKey { id } secret } }"


async def test_200_concurrent_creations_give_200_working_distinct_keys(client, org, postgres_only):
    results = await asyncio.gather(*(data(client, CREATE, org.key, n=f"k{i}") for i in range(200)))
    secrets = {r["createApiKey"]["secret"] for r in results}
    ids = {r["createApiKey"]["apiKey"]["id"] for r in results}
    assert len(secrets) == 200 and len(ids) == 200
    assert await ApiKeySecret.filter(api_key_id__in=list(ids)).count() == 200
    statuses = await asyncio.gather(
        *(gql(client, "{ viewer { fullAccess } }", secret) for secret in secrets)
    )
    assert {response.status_code for response in statuses} == {200}

"""A page of `apiKeys` whose nodes select only columns is read as rows (schema/key_rows.py):
it answers exactly what the page of whole models answers, and reads no more of a row."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest

from models import ApiKey
from schema import key_rows
from tests.factories import data, make_key

NODE = "id name description prefix lastCharacters status fullAccess createdAt expiresAt lastUsedAt"
AS_ROWS = [
    f"{{ apiKeys(first: 100) {{ edges {{ node {{ {NODE} }} }} }} }}",
    "{ apiKeys(first: 2) { totalCount edges { cursor node { id __typename status } } "
    "pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }",
    "{ apiKeys(last: 2) { edges { n: node { i: id createdAt } } pageInfo { hasPreviousPage } } }",
    "{ apiKeys(status: [REVOKED, EXPIRED, DISABLED]) { edges { node { name status } } } }",
    "{ apiKeys { pageInfo { endCursor } } }",
]
AS_MODELS = [
    "{ apiKeys { edges { node { id permissions { object access } } } } }",  # not a column
    "{ apiKeys { edges { node { ...Named } } } } fragment Named on ApiKey { name }",
    "{ apiKeys { edges { node { id name @include(if: true) } } } }",
    "{ apiKeys { edges { node { rotationDueAt } } } }",  # a resolver
]


@contextmanager
def _selects() -> Iterator[list[str]]:
    """The SELECT statements on api_key that Tortoise sends meanwhile."""
    records: list[str] = []

    class _Records(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            message = record.getMessage()
            if 'FROM "api_key"' in message and "COUNT(" not in message.upper():
                records.append(message)

    logger, handler = logging.getLogger("tortoise.db_client"), _Records(logging.DEBUG)
    level = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    try:
        yield records
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


async def _keys_of_every_status(org, services) -> None:
    now = datetime.now(UTC)
    await make_key(org, services, None, name="plain", description="d")
    await make_key(org, services, None, name="expiring", expires_at=now + timedelta(days=1))
    revoked, _ = await make_key(org, services, None, name="revoked")
    disabled, _ = await make_key(org, services, None, name="disabled")
    expired, _ = await make_key(org, services, None, name="expired")
    await ApiKey.filter(id=revoked).update(revoked_at=now)
    await ApiKey.filter(id=disabled).update(disabled_at=now, last_used_at=now)
    await ApiKey.filter(id=expired).update(expires_at=now - timedelta(seconds=1))


@pytest.mark.parametrize("query", AS_ROWS)
async def test_a_page_of_rows_answers_as_a_page_of_models(
    client, org, services, query, monkeypatch
):
    await _keys_of_every_status(org, services)
    with _selects() as statements:
        as_rows = await data(client, query, org.key)
    assert statements and all('"permissions"' not in s for s in statements)
    monkeypatch.setattr("schema.query.selected", lambda info: None)
    with _selects() as statements:
        as_models = await data(client, query, org.key)
    assert statements and all('"permissions"' in s for s in statements)
    assert as_rows == as_models


@pytest.mark.parametrize("query", AS_MODELS)
async def test_other_selections_read_whole_models(client, org, services, query):
    await _keys_of_every_status(org, services)
    with _selects() as statements:
        await data(client, query, org.key)
    assert statements and all('"permissions"' in s for s in statements)


def test_every_field_read_from_columns_is_a_plain_field_of_the_node():
    """Only fields without a resolver or a guard: the guard of each is the connection's."""
    from schema import schema

    node = schema._schema.type_map["ApiKey"]
    for name in key_rows._FIELDS:
        field = node.fields[name]  # type: ignore[attr-defined]
        assert getattr(field.resolve, "_is_default", False), name
        assert not field.ast_node or not field.ast_node.directives, name

"""What a connection reads: the COUNT behind `totalCount` runs only when the query selects
it (written, or in a fragment), and a list answers the same either way."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.factories import data, make_key

# (query, the count it answers): the org has two keys, one member and no customer.
COUNTED = [
    ("{ apiKeys { totalCount edges { node { id } } } }", 2),
    (
        "{ apiKeys { ...Counted edges { node { id } } } }"
        " fragment Counted on ApiKeyConnection { totalCount }",
        2,
    ),
    ("{ apiKeys { ... on ApiKeyConnection { totalCount } edges { node { id } } } }", 2),
    ("{ customers { totalCount } }", 0),
    ("{ members { n: totalCount } }", 1),
]
NOT_COUNTED = [
    "{ apiKeys { edges { node { id } } } }",
    "{ apiKeys(first: 1) { pageInfo { hasNextPage } edges { cursor } } }",
    "{ customers { edges { node { id } } } }",
    "{ auditEvents { edges { node { id } } } }",
]


class _Statements(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.sql: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.sql.append(record.getMessage())


@contextmanager
def _counts() -> Iterator[list[str]]:
    """The COUNT statements that Tortoise sends meanwhile."""
    logger, statements = logging.getLogger("tortoise.db_client"), _Statements()
    level = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(statements)
    try:
        counts: list[str] = []
        yield counts
    finally:
        logger.removeHandler(statements)
        logger.setLevel(level)
        counts += [s for s in statements.sql if "COUNT(" in s.upper()]


@pytest.mark.parametrize(("query", "total"), COUNTED)
async def test_a_selected_total_count_is_counted(client, org, services, query, total):
    await make_key(org, services, None, name="second")
    with _counts() as counts:
        answer = await data(client, query, org.key)
    assert len(counts) == 1
    (connection,) = answer.values()
    assert connection.get("totalCount", connection.get("n")) == total


@pytest.mark.parametrize("query", NOT_COUNTED)
async def test_a_list_without_total_count_runs_no_count(client, org, query):
    with _counts() as counts:
        await data(client, query, org.key)
    assert counts == []


async def test_the_page_is_the_same_with_or_without_the_count(client, org, services):
    for n in range(3):
        await make_key(org, services, None, name=f"k{n}")
    page = "edges { cursor node { id name } } pageInfo { hasNextPage endCursor }"
    counted = await data(client, f"{{ apiKeys(first: 2) {{ totalCount {page} }} }}", org.key)
    plain = await data(client, f"{{ apiKeys(first: 2) {{ {page} }} }}", org.key)
    assert counted["apiKeys"].pop("totalCount") == 4
    assert counted == plain

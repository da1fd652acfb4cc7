"""Ingestion's statements: on PostgreSQL a new batch is one INSERT, and only the events
stored before are read back; what it answers is the same on every backend."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from models import Event
from resolvers.events.fields import EventFields
from resolvers.events.ingest import ingest_events


class _Statements(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.sql: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().lstrip()
        if message.split(" ", 1)[0].upper() in {"SELECT", "INSERT", "UPDATE", "DELETE"}:
            self.sql.append(message)


@contextmanager
def _statements() -> Iterator[list[str]]:
    logger, statements = logging.getLogger("tortoise.db_client"), _Statements()
    level = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(statements)
    try:
        yield statements.sql
    finally:
        logger.removeHandler(statements)
        logger.setLevel(level)


def _batch(*transaction_ids: str, code: str = "calls") -> list[EventFields]:
    return [
        EventFields(
            transaction_id=tid,
            external_customer_id="c-1",
            code=code,
            timestamp=datetime(2026, 1, 1, tzinfo=UTC),
            properties={"tid": tid},
        )
        for tid in transaction_ids
    ]


async def test_a_new_batch_is_one_insert_on_postgres(org, backend):
    with _statements() as sql:
        stored = await ingest_events(org.admin, _batch(*(f"t{n}" for n in range(100))))
    assert [event.transaction_id for event in stored] == [f"t{n}" for n in range(100)]
    if backend == "postgres":
        assert [s.split(" ", 1)[0] for s in sql] == ["INSERT"], sql
    again = await Event.filter(organization_id=org.id).order_by("transaction_id")
    assert {e.transaction_id: e.properties for e in again} == {
        f"t{n}": {"tid": f"t{n}"} for n in range(100)
    }


async def test_events_stored_before_are_read_back_unchanged(org, backend):
    (first,) = await ingest_events(org.admin, _batch("old"))
    with _statements() as sql:
        answered = await ingest_events(org.admin, [*_batch("new"), *_batch("old", code="x")])
    assert [e.transaction_id for e in answered] == ["new", "old"]
    assert answered[1].id == first.id and answered[1].code == "calls", "a repeat writes nothing"
    if backend == "postgres":
        assert [s.split(" ", 1)[0] for s in sql] == ["INSERT", "SELECT"], sql


async def test_a_batch_repeating_an_id_stores_it_once(org):
    answered = await ingest_events(org.admin, [*_batch("a"), *_batch("b"), *_batch("a")])
    assert answered[0].id == answered[2].id and answered[0].id != answered[1].id
    assert await Event.filter(organization_id=org.id).count() == 2


async def test_the_same_batch_sent_at_once_is_stored_once(org):
    batch = _batch(*(f"c{n}" for n in range(20)))
    first, second = await asyncio.gather(
        ingest_events(org.admin, batch), ingest_events(org.admin, batch)
    )
    assert [e.id for e in first] == [e.id for e in second]
    assert await Event.filter(organization_id=org.id).count() == 20


async def test_a_batch_lists_newest_first_in_reverse_input_order(org):
    await ingest_events(org.admin, _batch("first", "second", "third"))
    listed = await Event.filter(organization_id=org.id).order_by("-created_at", "-id")
    assert [e.transaction_id for e in listed] == ["third", "second", "first"]

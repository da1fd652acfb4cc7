"""The one-pass reading of plain selections answers exactly what graphql-core answers:
the same data, and for a value that is an error, the same error at the same path."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import Enum
from typing import Any

import pytest
import strawberry
from graphql import Undefined

from schema import execution
from schema.execution import PlainFieldsExecution

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@strawberry.enum
class Color(Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.interface
class Named:
    name: str


@strawberry.type
class Part:
    label: str | None


@strawberry.type
class Item(Named):
    id: strawberry.ID
    name: str
    note: str | None
    color: Color
    at: datetime
    count: int
    parts: list[Part]
    tags: list[str | None]

    @strawberry.field
    def shout(self) -> str:
        return self.name.upper()


def _item(n: int, **changes: Any) -> Item:
    values: dict[str, Any] = {
        "id": strawberry.ID(f"i{n}"),
        "name": f"item {n}",
        "note": None if n % 2 else "even",
        "color": Color.RED if n % 2 else Color.BLUE,
        "at": NOW,
        "count": n,
        "parts": [Part(label=f"p{n}"), Part(label=None)],
        "tags": ["a", None],
    }
    values.update(changes)
    return Item(**values)


@strawberry.type
class Bucket:
    """Only scalars and enums: a list of them completes column by column."""

    start: datetime
    color: Color
    count: int
    note: str | None
    ok: bool


def _bucket(n: int, **changes: Any) -> Bucket:
    values: dict[str, Any] = {
        "start": NOW,
        "color": Color.RED if n % 3 else Color.BLUE,
        "count": n * 1000,
        "note": None,
        "ok": n % 2 == 0,
    }
    values.update(changes)
    return Bucket(**values)


@strawberry.type
class Query:
    @strawberry.field
    def items(self) -> list[Item]:
        return [_item(n) for n in range(3)]

    @strawberry.field
    def broken(self) -> list[Item]:
        return [_item(0), _item(1, name=None), _item(2, count="many")]

    @strawberry.field
    def buckets(self) -> list[Bucket]:
        return [_bucket(n) for n in range(50)]

    @strawberry.field
    def some_notes(self) -> list[Bucket]:
        return [_bucket(n, note=f"n{n}" if n % 2 else None) for n in range(4)]

    @strawberry.field
    def broken_buckets(self) -> list[Bucket]:
        return [_bucket(0), _bucket(1, color=None), _bucket(2, count=2**31), _bucket(3, ok="no")]

    @strawberry.field
    def undefined_buckets(self) -> list[Bucket]:
        return [_bucket(0, note="x"), _bucket(1, note=Undefined, count=Undefined)]

    @strawberry.field
    def maybe_buckets(self) -> list[Bucket | None]:
        return [_bucket(0), None, _bucket(2)]


class _Counting(PlainFieldsExecution):
    """Counts graphql-core's own field executions."""

    executed = 0
    objects = 0  # objects completed by graphql-core, one at a time

    def execute_field(self, *args: Any, **kwargs: Any) -> Any:
        type(self).executed += 1
        return super().execute_field(*args, **kwargs)

    def complete_object_value(self, *args: Any, **kwargs: Any) -> Any:
        type(self).objects += 1
        return super().complete_object_value(*args, **kwargs)


PLAIN = strawberry.Schema(query=Query)
FAST = strawberry.Schema(query=Query, execution_context_class=_Counting)

QUERIES = [  # (query, whether graphql-core answers errors)
    ("{ items { id name note color at count parts { label } tags __typename } }", False),
    ("{ items { ...F } } fragment F on Item { n: name count color }", False),
    ("{ items { name shout parts { label } } }", False),
    ("{ items { ... on Named { name } } }", False),
    ("{ items { name @include(if: false) note @skip(if: false) } }", False),
    ("{ broken { id name } }", True),
    ("{ broken { count } }", True),
    ("{ broken { id note } }", False),
    ("{ buckets { start color count note ok __typename c: count } }", False),
    ("{ someNotes { note count } }", False),
    ("{ brokenBuckets { start count } }", True),  # 2**31 is no GraphQL Int
    ("{ brokenBuckets { color } }", True),  # a null in a non-null field
    ("{ brokenBuckets { ok } }", True),  # "no" is no Boolean
    ("{ brokenBuckets { start note } }", False),
    ("{ maybeBuckets { count color } }", False),
    ("{ buckets { count @include(if: false) } }", False),  # empty objects, one per item
    ("{ undefinedBuckets { note } }", False),  # Undefined is null
    ("{ undefinedBuckets { count } }", True),
]


@pytest.mark.parametrize(("query", "errors"), QUERIES)
async def test_the_answer_is_graphql_cores(query, errors):
    expected, fast = await PLAIN.execute(query), await FAST.execute(query)
    assert bool(expected.errors) == errors
    assert fast.data == expected.data
    assert [(e.message, e.path) for e in fast.errors or ()] == [
        (e.message, e.path) for e in expected.errors or ()
    ]


async def test_a_list_of_plain_objects_is_read_without_field_executions():
    _Counting.executed = 0
    result = await FAST.execute("{ items { id name color at parts { label } } }")
    assert result.errors is None and result.data is not None and len(result.data["items"]) == 3
    assert _Counting.executed == 1, "only `items`, which has a resolver"


async def test_the_list_a_resolver_answers_is_completed_in_one_pass():
    _Counting.objects = 0
    result = await FAST.execute("{ items { id name color at parts { label } } }")
    assert (
        result.data == (await PLAIN.execute("{ items { id name color at parts { label } } }")).data
    )
    assert _Counting.objects == 0, "no item completed by graphql-core"
    _Counting.objects = 0
    await FAST.execute("{ broken { id name } }")  # an error: graphql-core completes, reports
    assert _Counting.objects > 0


async def test_a_list_of_flat_objects_is_completed_column_by_column(monkeypatch):
    """Each field's values of the whole list at once: no value completed one at a time."""
    one_by_one = []
    one = execution._Leaf.one

    def counted(self: Any, value: Any) -> Any:
        one_by_one.append(value)
        return one(self, value)

    monkeypatch.setattr(execution._Leaf, "one", counted)
    query = "{ buckets { start color count ok } }"
    result = await FAST.execute(query)
    assert result.data is not None and result.data == (await PLAIN.execute(query)).data
    assert len(result.data["buckets"]) == 50
    assert one_by_one == []
    await FAST.execute("{ someNotes { note } }")  # nulls among the values: one at a time
    assert one_by_one == [None, "n1", None, "n3"]

"""`Schema.execute` runs a ready document (parsed, valid, one query or mutation) straight on
graphql-core's execution: the answer is exactly Strawberry's own, errors included, and
any other document goes Strawberry's way."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import strawberry
from strawberry.extensions import SchemaExtension

from schema import schema
from schema.context import Context

DEEP = "{ viewer { organization { " * 6 + "id" + " } }" * 6
DIRECT = [
    ("{ viewer { fullAccess } }", None, None),
    ("{ apiKeys(first: 2) { totalCount edges { cursor node { id name status } } } }", None, None),
    ("query A { viewer { fullAccess } } query B { __typename }", None, "B"),
    ('{ apiKey(id: "00000000-0000-0000-0000-000000000000") { id } }', None, None),
    ('{ apiKeys(after: "not a cursor") { totalCount } }', None, None),  # BAD_USER_INPUT
    ("query($n: Int) { apiKeys(first: $n) { totalCount } }", {"n": "x"}, None),  # bad variable
    ("query($n: Int) { apiKeys(first: $n) { totalCount } }", {"n": 1000}, None),
    ('mutation { destroyApiKey(id: "00000000-0000-0000-0000-000000000000") { id } }', None, None),
]
STRAWBERRYS = [
    ("{ viewer { nope } }", None, None),  # invalid
    ("{ viewer { fullAccess }", None, None),  # syntax
    ("{ " + "a: __typename " * 3000 + "}", None, None),  # over the token limit
    ("query A { __typename } query B { __typename }", None, None),  # which one?
    ("{ __typename }", None, "Missing"),
    ('{ apiKeys(first: "x") { totalCount } }', None, None),  # bad value inline
    (DEEP, None, None),  # over the depth limit
    ("", None, None),
]


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the calls of Strawberry's own `execute`."""
    calls: list[int] = []
    strawberrys = strawberry.Schema.execute

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return strawberrys(*args, **kwargs)

    monkeypatch.setattr(strawberry.Schema, "execute", counted)
    return calls


def _answer(result: Any) -> Any:
    errors = [(e.message, e.path, e.extensions) for e in result.errors or ()]
    return result.data, errors, result.extensions


async def _both(services, org, query, variables, name) -> tuple[Any, Any]:
    context = Context(services, org.admin, None)
    direct = await schema.execute(query, variables, context, operation_name=name)
    context = Context(services, org.admin, None)
    strawberrys = await strawberry.Schema.execute(
        schema, query, variables, context, operation_name=name
    )
    return _answer(direct), _answer(strawberrys)


@pytest.mark.parametrize(("query", "variables", "name"), DIRECT)
async def test_a_ready_document_answers_as_strawberry_does(
    services, org, query, variables, name, monkeypatch
):
    calls = _counting(monkeypatch)
    direct, expected = await _both(services, org, query, variables, name)
    assert direct == expected
    assert len(calls) == 1, "the direct way took it, and the comparison Strawberry's"


@pytest.mark.parametrize(("query", "variables", "name"), STRAWBERRYS)
async def test_any_other_document_goes_strawberrys_way(
    services, org, query, variables, name, monkeypatch
):
    calls = _counting(monkeypatch)
    try:
        direct, expected = await _both(services, org, query, variables, name)
    except Exception as raised:  # noqa: BLE001 - Strawberry raises for some; so must we
        assert len(calls) == 1, raised
        return
    assert direct == expected
    assert len(calls) == 2, "Strawberry's way, both times"


async def test_another_extension_turns_the_direct_way_off(services, org, monkeypatch):
    """An extension added to the schema sees every request: none goes around it."""
    seen: list[str] = []

    class Watching(SchemaExtension):
        def on_execute(self) -> Iterator[None]:
            seen.append(self.execution_context.query or "")
            yield

    calls = _counting(monkeypatch)
    monkeypatch.setattr(schema, "extensions", (*schema.extensions, Watching))
    result = await schema.execute(DIRECT[0][0], context_value=Context(services, org.admin, None))
    assert result.errors is None and calls == [1] and seen == [DIRECT[0][0]]

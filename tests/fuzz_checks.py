"""The schemathesis check of our fuzz runs, and its scalars (loaded through SCHEMATHESIS_HOOKS).

Coded GraphQL errors (NOT_FOUND, FORBIDDEN, BAD_USER_INPUT, ...) are the API
working as specified; a 5xx, a body that is not GraphQL-shaped, or an error
without a code or masked as INTERNAL_SERVER_ERROR is a failure.

The scalars lean on what once answered 500: instants UTC cannot hold or that
carry no offset, and JSON that is too deep, holds NUL or integers beyond 64 bits.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import graphql
import schemathesis
from hypothesis import strategies as st

from resolvers.text import MAX_JSON_DEPTH


@schemathesis.check
def coded_graphql_answer(ctx: Any, response: Any, case: Any) -> bool | None:
    if response.status_code >= 500:
        raise AssertionError(f"HTTP {response.status_code}")
    body = json.loads(response.content)
    if not isinstance(body, dict) or not ({"data", "errors"} & set(body)):
        raise AssertionError("not a GraphQL response")
    for error in body.get("errors") or ():
        code = (error.get("extensions") or {}).get("code")
        if not code or code == "INTERNAL_SERVER_ERROR":
            raise AssertionError(f"uncoded or internal error: {error.get('message')}")
    return None


_OFFSETS = st.integers(-14 * 60, 14 * 60).map(lambda minutes: timezone(timedelta(minutes=minutes)))
_INSTANTS = st.one_of(
    st.sampled_from(["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"]),
    st.datetimes(datetime.min, datetime.max, timezones=st.one_of(st.none(), _OFFSETS)).map(
        datetime.isoformat
    ),
)
schemathesis.graphql.scalar("DateTime", _INSTANTS.map(schemathesis.graphql.nodes.String))


def _node(value: Any) -> graphql.ValueNode:
    """A JSON value as the GraphQL literal the fuzzer prints."""
    if isinstance(value, dict):
        fields = [
            graphql.ObjectFieldNode(name=graphql.NameNode(value=k), value=_node(v))
            for k, v in value.items()
        ]
        return graphql.ObjectValueNode(fields=tuple(fields))
    if isinstance(value, list):
        return graphql.ListValueNode(values=tuple(_node(v) for v in value))
    if isinstance(value, bool):
        return graphql.BooleanValueNode(value=value)
    if isinstance(value, int):
        return graphql.IntValueNode(value=str(value))
    if value is None:
        return graphql.NullValueNode()
    return graphql.StringValueNode(value=str(value))


def _nested(depth: int) -> Any:
    value: Any = "leaf"
    for _ in range(depth):
        value = {"a": value}
    return value


_NAMES = st.from_regex(r"[a-z][a-z0-9_]{0,7}", fullmatch=True)
_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.text(st.sampled_from("\x00\r\n\t") | st.characters(codec="utf-8"), max_size=8),
)
_JSON = st.one_of(
    st.recursive(
        _LEAVES,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_NAMES, inner, max_size=3),
        max_leaves=8,
    ),
    st.integers(MAX_JSON_DEPTH - 2, MAX_JSON_DEPTH + 30).map(_nested),
)
schemathesis.graphql.scalar("JSON", st.dictionaries(_NAMES, _JSON, max_size=3).map(_node))

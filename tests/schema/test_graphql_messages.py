"""graphql-core and Strawberry still say what schema/graphql_messages.py reads.

Each case makes the libraries produce the error for real, on a small schema with the
app's limiters; a release that rewords one fails here, not in a client's hands.
"""

from __future__ import annotations

from typing import Any

import pytest
import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
)

from schema.graphql_messages import request_error_code


@strawberry.input
class Point:
    timestamp: int


@strawberry.type
class Node:
    name: str = "n"

    @strawberry.field
    def child(self) -> Node:
        return Node()


@strawberry.type
class Query:
    @strawberry.field
    def node(self) -> Node:
        return Node()

    @strawberry.field
    def count(self, points: list[Point]) -> int:
        return len(points)


RULES = [
    *QueryDepthLimiter(max_depth=3).validation_rules,
    *MaxAliasesLimiter(max_alias_count=2).validation_rules,
]
SCHEMA = strawberry.Schema(
    Query,
    extensions=[lambda: MaxTokensLimiter(max_token_count=40), lambda: AddValidationRules(RULES)],
)
COUNT = "query ($p: [Point!]!) { count(points: $p) }"
CASES: list[tuple[str, dict[str, Any] | None, str, dict[str, str]]] = [
    ("{ node { name }", None, "GRAPHQL_PARSE_FAILED", {}),
    ("{ " + "node { name } " * 10 + "}", None, "QUERY_TOO_LARGE", {}),
    (COUNT, {"p": [{"timestamp": "soon"}]}, "BAD_USER_INPUT", {"field": "timestamp"}),
    # A missing input field is named, as a wrong one is.
    (COUNT, {"p": [{}]}, "BAD_USER_INPUT", {"field": "timestamp"}),
    (COUNT, {"p": ["x"]}, "BAD_USER_INPUT", {"field": "p"}),
    (COUNT, None, "BAD_USER_INPUT", {"field": "p"}),
    (
        "query ($p: [Point!]! = [{timestamp: 1}]) { count(points: $p) }",
        {"p": [{"timestamp": 1.5}]},
        "BAD_USER_INPUT",
        {"field": "timestamp"},
    ),
    ("{ node { child { child { child { name } } } } }", None, "QUERY_TOO_DEEP", {}),
    ("{ a: node { name } b: node { name } c: node { name } }", None, "TOO_MANY_ALIASES", {}),
    ("{ nothing }", None, "GRAPHQL_VALIDATION_FAILED", {}),
]


def _only_error(document: str, variables: dict[str, Any] | None) -> GraphQLError:
    result = SCHEMA.execute_sync(document, variable_values=variables)
    assert result.errors and len(result.errors) == 1, result.errors
    return result.errors[0]


@pytest.mark.parametrize(("document", "variables", "code", "extensions"), CASES)
def test_each_library_message_gets_its_code(document, variables, code, extensions):
    error = _only_error(document, variables)
    # schema/errors.py sends only these to request_error_code.
    assert error.original_error is None or isinstance(error.original_error, GraphQLError)
    assert request_error_code(error.message) == (code, extensions), error.message

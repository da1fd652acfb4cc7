"""Parsing a GraphQL document once per distinct text, for the endpoint (which looks at
the top-level fields before authenticating) and for execution alike; validating it once
per document."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from graphql import (
    ASTValidationRule,
    DocumentNode,
    FieldNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    parse,
)
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

MAX_TOKENS = 5000
# Bounded: the texts come from anyone.
parse_document = lru_cache(maxsize=256)(parse)
Rules = tuple[type[ASTValidationRule], ...]


@lru_cache(maxsize=256)
def _validation(schema: GraphQLSchema, query: str, rules: Rules) -> list[GraphQLError]:
    """The errors of `query`'s document by `rules` (raises the parse's error). Keyed on the
    text, whose hash is one pass of C, not on the document: graphql-core hashes a node
    from all of its children, in Python, on every lookup."""
    return validate_document(schema, parse_document(query, max_tokens=MAX_TOKENS), rules)


class CheckedDocuments(SchemaExtension):
    """Strawberry's parse and validation steps, each answered from a cache: the parse
    (at most MAX_TOKENS tokens) from `parse_document`'s, shared with the endpoint; the
    validation, by `rules(Strawberry's rules)`, from one keyed on the schema, the document
    and the rules. One extension where there were five (the token limit, the two caches,
    the added rules, the swapped rule): each costs every request its hooks."""

    def __init__(self, rules: Callable[[Rules], Rules]) -> None:
        super().__init__()
        self._rules = rules

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        context.parse_options["max_tokens"] = MAX_TOKENS
        context.graphql_document = parse_document(context.query, max_tokens=MAX_TOKENS)
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        assert context.graphql_document is not None
        context.validation_rules = self._rules(context.validation_rules)
        assert context.query is not None
        context.pre_execution_errors = _validation(
            context.schema._schema, context.query, context.validation_rules
        )
        yield


def ready_document(schema: GraphQLSchema, query: str, rules: Rules) -> DocumentNode | None:
    """The document of `query` when it parses and is valid by `rules`, from the caches that
    CheckedDocuments fills; None otherwise."""
    try:
        errors = _validation(schema, query, rules)
    except Exception:  # noqa: BLE001 - Strawberry's way reports it
        return None
    return None if errors else parse_document(query, max_tokens=MAX_TOKENS)


@dataclass(frozen=True)
class TopLevel:
    """The fields selected at the top of the operation a request runs; none when the
    document does not parse or names no single operation (execution will say why)."""

    fields: frozenset[str]
    selections: tuple[FieldNode, ...] = ()  # as parsed, for what reads their arguments

    @classmethod
    def of(cls, query: str, operation_name: str | None) -> TopLevel:
        return _top_level(query, operation_name)

    def only(self, names: frozenset[str]) -> bool:
        return bool(self.fields) and self.fields <= names


@lru_cache(maxsize=256)
def _top_level(query: str, operation_name: str | None) -> TopLevel:
    try:
        document = parse_document(query, max_tokens=MAX_TOKENS)
    except GraphQLError:
        return TopLevel(frozenset())
    selections = _top_selections(document, operation_name)
    return TopLevel(frozenset(s.name.value for s in selections), selections)


def _top_selections(document: DocumentNode, operation_name: str | None) -> tuple[FieldNode, ...]:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        operations = [o for o in operations if o.name and o.name.value == operation_name]
    if len(operations) != 1:
        return ()
    selections = operations[0].selection_set.selections
    if not all(isinstance(s, FieldNode) for s in selections):
        return ()  # fragments at the top: treated as anything
    return tuple(s for s in selections if isinstance(s, FieldNode))

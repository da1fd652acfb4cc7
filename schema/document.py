"""Parsing a GraphQL document once per distinct text, for the endpoint (which looks at
the top-level fields before authenticating) and for execution alike; validating it once
per document."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from graphql import (
    ASTValidationRule,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
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

    def __init__(self, rules: Rules) -> None:
        super().__init__()
        self._rules = rules

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        context.graphql_document = parse_document(context.query, max_tokens=MAX_TOKENS)
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        assert context.graphql_document is not None
        context.validation_rules = self._rules
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

    # Their names when the top holds fields only; with a fragment there, none (the
    # decisions made by name, such as a request that needs no token, take it as anything).
    fields: frozenset[str]
    # Every top-level field as parsed, those inside fragments too: what reads their
    # arguments (the credits an ingestion spends) misses none.
    selections: tuple[FieldNode, ...] = ()
    # `fields` sorted and joined by commas: the operation a key's activity counts
    # (auth/activity.py), made once per query text rather than once per request.
    names: str = field(init=False, default="")
    # Whether ingestEvents is selected (fragments included): its events cost credits.
    ingests: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "names", ",".join(sorted(self.fields)))
        object.__setattr__(self, "ingests", self.selects("ingestEvents"))

    @classmethod
    def of(cls, query: str, operation_name: str | None) -> TopLevel:
        return _top_level(query, operation_name)

    def only(self, names: frozenset[str]) -> bool:
        return bool(self.fields) and self.fields <= names

    def selects(self, name: str) -> bool:
        return any(selection.name.value == name for selection in self.selections)


@lru_cache(maxsize=256)
def _top_level(query: str, operation_name: str | None) -> TopLevel:
    try:
        document = parse_document(query, max_tokens=MAX_TOKENS)
    except GraphQLError:
        return TopLevel(frozenset())
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        operations = [o for o in operations if o.name and o.name.value == operation_name]
    if len(operations) != 1:
        return TopLevel(frozenset())
    top = operations[0].selection_set
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    selections = tuple(_fields_of(top, fragments, frozenset()))
    plain = all(isinstance(s, FieldNode) for s in top.selections)
    return TopLevel(
        frozenset(s.name.value for s in selections) if plain else frozenset(), selections
    )


def _fields_of(
    selection_set: SelectionSetNode,
    fragments: dict[str, FragmentDefinitionNode],
    spread: frozenset[str],
) -> Iterator[FieldNode]:
    """The fields of a selection set, through its inline fragments and fragment spreads
    (a fragment spread inside itself, which validation refuses, is followed once)."""
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            yield selection
        elif isinstance(selection, InlineFragmentNode):
            yield from _fields_of(selection.selection_set, fragments, spread)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in fragments and name not in spread:
                yield from _fields_of(fragments[name].selection_set, fragments, spread | {name})

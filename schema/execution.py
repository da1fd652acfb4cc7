"""Execution without graphql-core's per-field work for plain values.

A selection made only of plain fields (no resolver, no argument, no guard: they read an
attribute) whose values are scalars, enums, objects or lists of them, with selections of
the same kind, is read in one pass, each value serialized as graphql-core serializes it.
A connection's `edges { cursor node { id name status } }` is such a selection: a page of
100 rows skips some 700 resolve-info objects and completions. A list that a resolver
answers (a key's usage: 1,440 buckets) is completed the same way, in one pass, when its
items' selection is plain. Anything else takes
graphql-core's own path, and so does any value that would be an error (a null in a
non-null field, a value its scalar refuses): graphql-core reads the selection again (plain
attributes, no side effect) and reports the error at its path, as before.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLList,
    GraphQLObjectType,
    GraphQLOutputType,
    Undefined,
    get_nullable_type,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
    is_object_type,
)
from graphql.execution.collect_fields import FieldDetailsList, GroupedFieldSet
from graphql.pyutils import AwaitableOrValue, Path
from graphql.type import GraphQLResolveInfo
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

_REFUSED = object()  # a value that graphql-core must complete (and report)
Complete = Callable[[Any], Any]
# (response name, attribute, the resolver that reads it, how its value completes);
# `__typename` reads nothing, and completes to the type's name.
_Read = tuple[str, str, Callable[[Any, str], Any] | None, Any]


class PlainFieldsExecution(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context, reading all-plain selections in one pass."""

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: GroupedFieldSet,
        position_context: Any,
    ) -> AwaitableOrValue[dict[str, Any]]:
        reads = self._plain_reads(parent_type, grouped_field_set)
        if reads is not None:
            values = _read(reads, source_value)
            if values is not _REFUSED:
                return values  # type: ignore[no-any-return]
        return super().execute_fields(
            parent_type, source_value, path, grouped_field_set, position_context
        )

    def complete_list_value(
        self,
        return_type: GraphQLList[GraphQLOutputType],
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo[Any],
        path: Path,
        result: Any,
        position_context: Any,
    ) -> AwaitableOrValue[list[Any]]:
        if isinstance(result, list | tuple):
            complete = self._list_completion(return_type, field_details_list)
            if complete is not None:
                values = complete(result)
                if values is not _REFUSED:
                    return values  # type: ignore[no-any-return]
        return super().complete_list_value(
            return_type, field_details_list, info, path, result, position_context
        )

    def _list_completion(
        self, kind: GraphQLList[GraphQLOutputType], details: FieldDetailsList
    ) -> Complete | None:
        """Planned once per list field of a request."""
        return self._planned(details, lambda: self._completion(kind, details))  # type: ignore[no-any-return]

    def _plain_reads(
        self, parent_type: GraphQLObjectType, grouped: GroupedFieldSet
    ) -> tuple[_Read, ...] | None:
        """Planned once per selection set of a request (graphql-core collects each once for
        every item of a list)."""
        return self._planned(grouped, lambda: self._plan(parent_type, grouped))  # type: ignore[no-any-return]

    def _planned(self, key: object, make: Callable[[], Any]) -> Any:
        """`make()`, once per request for `key`, kept with `key` so that its id stays its
        own; None (not plain) while it is made, for a selection inside itself."""
        plans: dict[int, tuple[object, Any]] = self.__dict__.setdefault("_plans", {})
        planned = plans.get(id(key))
        if planned is None:
            plans[id(key)] = (key, None)
            planned = plans[id(key)] = (key, make())
        return planned[1]

    def _plan(self, parent_type: GraphQLObjectType, grouped: GroupedFieldSet) -> Any:
        if getattr(self.middleware_manager, "middlewares", None):
            return None  # an extension wraps every resolver
        reads: list[_Read] = []
        for name, details in grouped.items():
            field_name = details[0].node.name.value
            if field_name == "__typename":
                reads.append((name, "", None, parent_type.name))
                continue
            field = parent_type.fields.get(field_name)
            if field is None or field.args or details[0].node.arguments:
                return None
            definition = field.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
            if not isinstance(definition, StrawberryField) or not definition.is_basic_field:
                return None
            complete = self._completion(field.type, details)
            if complete is None or not getattr(field.resolve, "_is_default", False):
                return None
            reads.append((name, definition.python_name, definition.default_resolver, complete))
        return tuple(reads)

    def _completion(self, kind: GraphQLOutputType, details: FieldDetailsList) -> Complete | None:
        """How a value of `kind` completes, or None when graphql-core must do it."""
        inner_kind = get_nullable_type(kind)
        inner: Complete | None = None
        if is_leaf_type(inner_kind):
            serialize: Callable[[Any], Any] = inner_kind.serialize
            if isinstance(inner_kind, GraphQLEnumType):
                serialize = _per_member(serialize)
            inner = _leaf(serialize, self.is_awaitable)
        elif is_list_type(inner_kind):
            item = self._completion(inner_kind.of_type, details)
            inner = _list(item) if item is not None else None
        elif is_object_type(inner_kind):
            assert isinstance(inner_kind, GraphQLObjectType)
            grouped, deferred, _ = self.collect_subfields(inner_kind, details)
            reads = None if deferred else self._plain_reads(inner_kind, grouped)
            inner = _object(inner_kind, reads) if reads is not None else None
        if inner is None:
            return None  # an interface, a union, or a selection that is not plain
        return _required(inner) if is_non_null_type(kind) else _nullable(inner)


def _read(reads: tuple[_Read, ...], source: Any) -> Any:
    values: dict[str, Any] = {}
    for name, attribute, resolve, complete in reads:
        if resolve is None:
            values[name] = complete  # __typename
            continue
        try:
            value = complete(resolve(source, attribute))
        except Exception:  # noqa: BLE001 - graphql-core raises it at its path
            return _REFUSED
        if value is _REFUSED:
            return _REFUSED
        values[name] = value
    return values


def _leaf(serialize: Callable[[Any], Any], is_awaitable: Callable[[Any], bool]) -> Complete:
    def complete(value: Any) -> Any:
        if isinstance(value, Exception) or is_awaitable(value):
            return _REFUSED
        try:
            serialized = serialize(value)
        except Exception:  # noqa: BLE001 - graphql-core raises it at its path
            return _REFUSED
        return _REFUSED if serialized is None or serialized is Undefined else serialized

    return complete


def _per_member(serialize: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """An enum's serialization, made once per member for the request: Strawberry's compares
    the value with each member's in turn on every call (a key's 1,440 usage buckets, one
    outcome each)."""
    made: dict[Enum, Any] = {}

    def serialized(value: Any) -> Any:
        if not isinstance(value, Enum):
            return serialize(value)
        found = made.get(value)
        if found is None:
            found = made[value] = serialize(value)
        return found

    return serialized


def _list(item: Complete) -> Complete:
    def complete(value: Any) -> Any:
        if not isinstance(value, list | tuple):
            return _REFUSED
        items = [item(each) for each in value]
        return _REFUSED if any(each is _REFUSED for each in items) else items

    return complete


def _object(kind: GraphQLObjectType, reads: tuple[_Read, ...]) -> Complete:
    is_type_of = kind.is_type_of

    def complete(value: Any) -> Any:
        if isinstance(value, Exception):
            return _REFUSED
        # Strawberry's is_type_of reads no resolve info.
        if is_type_of is not None and is_type_of(value, None) is not True:  # type: ignore[arg-type]
            return _REFUSED
        return _read(reads, value)

    return complete


def _required(inner: Complete) -> Complete:
    def complete(value: Any) -> Any:
        return _REFUSED if value is None or value is Undefined else inner(value)

    return complete


def _nullable(inner: Complete) -> Complete:
    def complete(value: Any) -> Any:
        return None if value is None or value is Undefined else inner(value)

    return complete

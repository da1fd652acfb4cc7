"""Execution without graphql-core's per-field work for plain values.

A selection made only of plain fields (no resolver, no argument, no guard: they read an
attribute) whose values are scalars, enums, objects or lists of them, with selections of
the same kind, is read in one pass, each value serialized as graphql-core serializes it.
A connection's `edges { cursor node { id name status } }` is such a selection: a page of
100 rows skips some 700 resolve-info objects and completions. A list that a resolver
answers (a key's usage: 1,440 buckets) is completed the same way, in one pass, when its
items' selection is plain; when its items are objects whose fields are all scalars and
enums, column by column: each field's values read and serialized by C loops (map,
attrgetter), the types of the values checked once per column, not once per value.
Anything else takes graphql-core's own path, and so does any value that would be an error
(a null in a non-null field, a value its scalar refuses): graphql-core reads the selection
again (plain attributes, no side effect) and reports the error at its path, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import Enum
from itertools import repeat
from operator import attrgetter
from types import GeneratorType, NoneType
from typing import Any

from graphql import (
    GRAPHQL_MAX_INT,
    GRAPHQL_MIN_INT,
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLID,
    GraphQLInt,
    GraphQLList,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLString,
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
Column = Callable[[list[Any]], Any]  # a list's values of one field, completed at once
# (response name, attribute, the resolver that reads it, how its value completes, how a
# column of its values completes: scalars and enums only); `__typename` reads nothing, and
# completes to the type's name.
_Read = tuple[str, str, Callable[[Any, str], Any] | None, Any, Column | None]


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
                reads.append((name, "", None, parent_type.name, None))
                continue
            field = parent_type.fields.get(field_name)
            if field is None or field.args or details[0].node.arguments:
                return None
            definition = field.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
            if not isinstance(definition, StrawberryField) or not definition.is_basic_field:
                return None
            leaf = self._leaf(field.type)
            complete = leaf.one if leaf else self._completion(field.type, details)
            if complete is None or not getattr(field.resolve, "_is_default", False):
                return None
            column = leaf.column if leaf else None
            reads.append(
                (name, definition.python_name, definition.default_resolver, complete, column)
            )
        return tuple(reads)

    def _leaf(self, kind: GraphQLOutputType) -> _Leaf | None:
        inner_kind = get_nullable_type(kind)
        if not is_leaf_type(inner_kind):
            return None
        assert isinstance(inner_kind, GraphQLScalarType | GraphQLEnumType)
        return _Leaf(inner_kind, self.is_awaitable, required=is_non_null_type(kind))

    def _completion(self, kind: GraphQLOutputType, details: FieldDetailsList) -> Complete | None:
        """How a value of `kind` completes, or None when graphql-core must do it."""
        leaf = self._leaf(kind)
        if leaf is not None:
            return leaf.one
        inner_kind = get_nullable_type(kind)
        inner: Complete | None = None
        if is_list_type(inner_kind):
            item = self._completion(inner_kind.of_type, details)
            rows = self._rows(inner_kind.of_type, details)
            inner = _list(item, rows) if item is not None else None
        elif is_object_type(inner_kind):
            assert isinstance(inner_kind, GraphQLObjectType)
            reads = self._object_reads(inner_kind, details)
            inner = _object(inner_kind, reads) if reads is not None else None
        if inner is None:
            return None  # an interface, a union, or a selection that is not plain
        return _required(inner) if is_non_null_type(kind) else _nullable(inner)

    def _object_reads(
        self, kind: GraphQLObjectType, details: FieldDetailsList
    ) -> tuple[_Read, ...] | None:
        grouped, deferred, _ = self.collect_subfields(kind, details)
        return None if deferred else self._plain_reads(kind, grouped)

    def _rows(self, kind: GraphQLOutputType, details: FieldDetailsList) -> Complete | None:
        """A list's items completed column by column, or None: objects, never null, of no
        interface, whose selection reads only scalars and enums."""
        if not is_non_null_type(kind) or not is_object_type(object_kind := get_nullable_type(kind)):
            return None
        assert isinstance(object_kind, GraphQLObjectType)
        reads = self._object_reads(object_kind, details)
        if object_kind.is_type_of is not None or not reads:
            return None  # no reads: every field skipped, an empty object per item
        if any(resolve is not None and column is None for _, _, resolve, _, column in reads):
            return None
        return _columns(reads, self.is_awaitable)


def _read(reads: tuple[_Read, ...], source: Any) -> Any:
    values: dict[str, Any] = {}
    for name, attribute, resolve, complete, _ in reads:
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


_UNDEFINED = type(Undefined)  # graphql-core's other null
# The scalars that serialize a value of this Python type as it is (Int: within 32 bits).
_AS_IS = ((GraphQLString, str), (GraphQLID, str), (GraphQLBoolean, bool), (GraphQLInt, int))


class _Leaf:
    """How a scalar's or an enum's values complete, as graphql-core completes them: one
    at a time (`one`), or a list's column of them at once (`column`)."""

    def __init__(
        self,
        kind: GraphQLScalarType | GraphQLEnumType,
        is_awaitable: Callable[[Any], bool],
        *,
        required: bool,
    ) -> None:
        self.serialize = kind.serialize
        self.is_awaitable = is_awaitable
        self.required = required
        self.as_is = next((python for scalar, python in _AS_IS if scalar is kind), None)
        # An enum's serialization, made once per member for the request: Strawberry's
        # compares the value with each member's in turn on every call.
        self.members: dict[Enum, Any] | None = {} if isinstance(kind, GraphQLEnumType) else None
        self.settled: set[type] = set()  # see _settled

    def one(self, value: Any) -> Any:
        if value is None or value is Undefined:
            return _REFUSED if self.required else None
        kind = type(value)
        if kind is self.as_is and (kind is not int or GRAPHQL_MIN_INT <= value <= GRAPHQL_MAX_INT):
            return value
        if kind not in self.settled and not _settled(
            {kind}, [value], self.settled, self.is_awaitable
        ):
            return _REFUSED
        try:
            serialized = self._serialized(value)
        except Exception:  # noqa: BLE001 - graphql-core raises it at its path
            return _REFUSED
        return _REFUSED if serialized is None or serialized is Undefined else serialized

    def column(self, values: list[Any]) -> Any:
        kinds = set(map(type, values))
        if NoneType in kinds or _UNDEFINED in kinds or not kinds:
            done = [self.one(value) for value in values]  # nulls: rare, and errors if required
            return _REFUSED if any(value is _REFUSED for value in done) else done
        if not _settled(kinds, values, self.settled, self.is_awaitable):
            return _REFUSED
        if kinds == {self.as_is} and (
            self.as_is is not int
            or GRAPHQL_MIN_INT <= min(values) <= max(values) <= GRAPHQL_MAX_INT
        ):
            return values
        try:
            if self.members is not None:
                made = {value: self._serialized(value) for value in set(values)}
                done = list(map(made.__getitem__, values))
                checked: Any = made.values()
            else:
                done = checked = list(map(self.serialize, values))
        except Exception:  # noqa: BLE001 - graphql-core raises it at its path
            return _REFUSED
        return _REFUSED if any(v is None or v is Undefined for v in checked) else done

    def _serialized(self, value: Any) -> Any:
        members = self.members
        if members is None or not isinstance(value, Enum):
            return self.serialize(value)
        found = members.get(value)
        if found is None:
            found = members[value] = self.serialize(value)
        return found


def _settled(
    kinds: set[type], values: Sequence[Any], settled: set[type], is_awaitable: Callable[[Any], bool]
) -> bool:
    """Whether none of `values` (of the types `kinds`) is an error or an awaitable, checked
    with one value of each type not in `settled`, which then is: a type's values are alike
    in this, but for generators (their awaitability is their own), which are refused."""
    for kind in kinds - settled:
        value = next(value for value in values if type(value) is kind)
        if kind is GeneratorType or isinstance(value, Exception) or is_awaitable(value):
            return False
        settled.add(kind)
    return True


def _columns(reads: tuple[_Read, ...], is_awaitable: Callable[[Any], bool]) -> Complete:
    names = tuple(name for name, *_ in reads)
    settled: set[type] = set()  # the items' types: neither errors nor awaitables

    def complete(items: Any) -> Any:
        if not isinstance(items, list | tuple) or not items:
            return _REFUSED
        kinds = set(map(type, items))
        if NoneType in kinds or not _settled(kinds, items, settled, is_awaitable):
            return _REFUSED
        columns: list[list[Any]] = []
        for _, attribute, resolve, typename, column in reads:
            if resolve is None:
                columns.append([typename] * len(items))
                continue
            done = _column(items, attribute, resolve, column)  # type: ignore[arg-type]
            if done is _REFUSED:
                return _REFUSED
            columns.append(done)
        return list(map(dict, map(zip, repeat(names), zip(*columns, strict=True))))

    return complete


def _column(
    items: list[Any], attribute: str, resolve: Callable[[Any, str], Any], column: Column
) -> Any:
    try:
        if resolve is getattr:
            values = list(map(attrgetter(attribute), items))
        else:
            values = [resolve(item, attribute) for item in items]
    except Exception:  # noqa: BLE001 - graphql-core raises it at its path
        return _REFUSED
    return column(values)


def _list(item: Complete, rows: Complete | None) -> Complete:
    def complete(value: Any) -> Any:
        if not isinstance(value, list | tuple):
            return _REFUSED
        if rows is not None:
            done = rows(value)
            if done is not _REFUSED:
                return done
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

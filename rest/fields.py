"""What a body may hold and what an answer holds, declared once: the door reads bodies
with these declarations, the answers are written with them, and the OpenAPI document
(rest/openapi.py) is made of them.

The adapter checks JSON types only (a string where a string goes), as GraphQL's type system
does; every rule about values (required, lengths, formats, uniqueness) is the use case's,
and its refusal names the body's field (`names`).
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from auth.principal import Principal
from resolvers import owned
from rest.errors import Refusal, invalid

Schema = dict[str, Any]  # a JSON Schema (OpenAPI 3.1)


@dataclasses.dataclass(frozen=True)
class Kind:
    """A JSON type: its schema, and how a body's value becomes the use case's (ValueError
    with the reason when the value is of another type)."""

    schema: Schema
    read: Callable[[Any], Any]


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("must be a string")
    return value


def _integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("must be an integer")
    return value


def _object(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError("must be an object")
    return value


def _instant(value: Any) -> datetime:
    try:
        return datetime.fromisoformat(_text(value))
    except ValueError:
        raise ValueError("must be an ISO 8601 date-time, such as 2030-01-01T00:00:00Z") from None


def _unix_or_instant(value: Any) -> datetime:
    """Lago's event time: Unix seconds (a number, or a string of one, with decimals for
    milliseconds), or an ISO 8601 date-time."""
    seconds = value
    if isinstance(value, str):
        try:
            seconds = float(value)
        except ValueError:
            return _instant(value)
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        raise ValueError("must be Unix seconds or an ISO 8601 date-time")
    try:
        if not math.isfinite(seconds):
            raise ValueError
        return datetime.fromtimestamp(seconds, UTC)
    except (ValueError, OverflowError, OSError):
        raise ValueError("must be Unix seconds between the years 1970 and 9999") from None


TEXT = Kind({"type": "string"}, _text)
INTEGER = Kind({"type": "integer"}, _integer)
OBJECT = Kind({"type": "object"}, _object)
INSTANT = Kind({"type": "string", "format": "date-time"}, _instant)
UNIX_OR_INSTANT = Kind(
    {"anyOf": [{"type": "number"}, {"type": "string"}], "examples": ["1651240791.123"]},
    _unix_or_instant,
)


def choice(values: Mapping[str, Enum]) -> Kind:
    """One of `values`' names (Lago's `monthly`), as the use case's enum value."""

    def read(value: Any) -> Enum:
        if not isinstance(value, str) or value not in values:
            raise ValueError(f"must be one of {', '.join(values)}")
        return values[value]

    return Kind({"type": "string", "enum": list(values)}, read)


def lowered(enum: type[Enum]) -> dict[str, Enum]:
    """An enum's values as Lago writes them: `MONTHLY` is `monthly`."""
    return {str(member.value).lower(): member for member in enum}


def reference(column: str) -> Kind:
    """Another object named by its unique `column` (a customer's external_id)."""
    return Kind({"type": "string"}, lambda value: owned.By(column, _text(value)))


@dataclasses.dataclass(frozen=True)
class In:
    """A field of a body: its name there, its type, and the use case's field it fills."""

    name: str
    kind: Kind
    attr: str
    nullable: bool = False
    description: str = ""

    @property
    def schema(self) -> Schema:
        schema = dict(self.kind.schema)
        if self.nullable:
            schema = {"anyOf": [schema, {"type": "null"}]}
        return schema | ({"description": self.description} if self.description else {})


@dataclasses.dataclass(frozen=True)
class Input:
    """A body `{root: {...}}`, and the use case's input (`make`) it becomes. Fields the
    service does not have (Lago's others) are left out of the answer and ignored here."""

    root: str
    title: str
    make: type
    fields: tuple[In, ...]
    many: int = 0  # a list of at most `many` items under `root`, not one

    @functools.cached_property
    def required(self) -> frozenset[str]:
        """The body's names of the fields the use case requires: its input's REQUIRED, or
        the dataclass fields without a default."""
        wanted = getattr(self.make, "REQUIRED", None)
        if wanted is None:
            wanted = self._without_default
        return frozenset(field.name for field in self.fields if field.attr in wanted)

    @property
    def names(self) -> dict[str, str]:
        """Each field by the name a use case's refusal gives it (`amountCents`)."""
        return {_camel(field.attr): field.name for field in self.fields}

    def values(self, item: Any, where: str) -> dict[str, Any]:
        """The use case's values of one item (a JSON object); 422 names each mistyped field."""
        if not isinstance(item, dict):
            raise invalid({where: ["must be an object"]})
        values, mistyped = {}, {}
        for field in self.fields:
            if field.name not in item:
                continue
            value = item[field.name]
            try:
                values[field.attr] = None if value is None else field.kind.read(value)
            except ValueError as reason:
                mistyped[field.name] = [str(reason)]
        if mistyped:
            raise invalid(mistyped)
        # Left out where the use case's input has no default: null, which it refuses by name.
        return dict.fromkeys(self._without_default) | values

    @functools.cached_property
    def _without_default(self) -> frozenset[str]:
        return frozenset(
            field.name
            for field in dataclasses.fields(self.make)
            if field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING
        )

    def read(self, body: Any) -> Any:
        """The use case's input of a body `{root: {...}}` (or `{root: [{...}, ...]}`)."""
        if not isinstance(body, dict) or self.root not in body:
            raise Refusal(400, f"{self.root}_missing")
        given = body[self.root]
        if not self.many:
            return self.make(**self.values(given, self.root))
        if not isinstance(given, list):
            raise invalid({self.root: ["must be a list"]})
        return [self.make(**self.values(item, self.root)) for item in given]

    def item_schema(self) -> Schema:
        item: Schema = {
            "type": "object",
            "properties": {field.name: field.schema for field in self.fields},
        }
        if self.required:
            item["required"] = sorted(self.required)
        return item

    def schema(self, item: Schema) -> Schema:
        """The body's schema, its item being `item` (the item's schema or a reference)."""
        inner = {"type": "array", "items": item, "maxItems": self.many} if self.many else item
        return {"type": "object", "required": [self.root], "properties": {self.root: inner}}


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


@dataclasses.dataclass(frozen=True)
class Out:
    """A field of an answer: its name, its schema, and how it is read off the object."""

    name: str
    schema: Schema
    get: Callable[[Any], Any]


def column(name: str, schema: Schema, source: str | None = None, *, null: bool = False) -> Out:
    """A field that is one of the object's columns (`source`, by default the same name)."""
    typed = {"type": [schema["type"], "null"]} | {k: v for k, v in schema.items() if k != "type"}
    attribute = source or name
    return Out(name, typed if null else schema, lambda row: getattr(row, attribute))


def enum_column(name: str, values: Mapping[str, Enum], source: str | None = None) -> Out:
    """An enum column as Lago writes it (`monthly`)."""
    names = {member: text for text, member in values.items()}
    attribute = source or name
    return Out(
        name, {"type": "string", "enum": list(values)}, lambda row: names[getattr(row, attribute)]
    )


def lago_id() -> Out:
    return Out("lago_id", UUID, lambda row: str(row.id))


UUID: Schema = {"type": "string", "format": "uuid"}
STRING: Schema = {"type": "string"}
INSTANT_OUT: Schema = {"type": "string", "format": "date-time"}


@dataclasses.dataclass(frozen=True)
class Shape:
    """An object as Lago's API answers it: `{name: {...}}`, and a list as `{plural: [...],
    meta}`."""

    name: str
    plural: str
    title: str
    fields: tuple[Out, ...]
    # What the fields read, made of the rows in one go (a subscription's customer and plan).
    prepare: Callable[[Principal, list[Any]], Awaitable[list[Any]]] | None = None

    def dump(self, row: Any) -> dict[str, Any]:
        return {field.name: field.get(row) for field in self.fields}

    async def dump_all(self, principal: Principal, rows: list[Any]) -> list[dict[str, Any]]:
        if self.prepare is not None:
            rows = await self.prepare(principal, rows)
        return [self.dump(row) for row in rows]

    def schema(self) -> Schema:
        return {
            "type": "object",
            "required": [field.name for field in self.fields],
            "properties": {field.name: field.schema for field in self.fields},
        }
